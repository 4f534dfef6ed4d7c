// Node's floors, for bench/harness.py to measure the Node addon against: what
// Node itself costs per get, before any client work.
//   node loop_floor.mjs exchange|turn|decode WORKLOAD BASE_URL API_KEY N ID
// get-seq and first-call only.
//
// exchange: the least a get costs when Node's event loop does the I/O itself.
// One keep-alive HTTP/1.1 connection on `net.Socket` (no `http` module, whose
// parser would add its own cost), each request one `socket.write` of a
// prebuilt Buffer, the response framed by Content-Length and its body decoded
// by `JSON.parse`. No client, no model, no retries, no timeouts: what remains
// is Node's own cost of one request and one response. Anything but a 200 with
// a Content-Length stops the run.
//
// turn: each "get" is one promise resolved from the next turn of the event
// loop (setImmediate), nothing else. Any client whose I/O completes outside
// the JS call that started it pays at least this per get; a real get's
// wake-up comes from a file descriptor and costs more, so this is a lower
// bound. decode: the same turn, then `JSON.parse` of a directory's body (one
// real response, fetched first): the least a client pays to wait for a get
// and hand out its object. Both are measured after at least 20,000 untimed
// rounds, so that the JIT has compiled them and its background threads are
// done: the lowest figure (after 2,000, a turn measured 6.8-11.8 µs; after
// 20,000, 3.5-5.2 µs).
//
// Prints the same JSON line as node_client.mjs.
import net from 'node:net';
import { readFileSync } from 'node:fs';

const [mode, workload, baseUrl, apiKey, nText, id] = process.argv.slice(2);
const n = Number(nText);
if (!['exchange', 'turn', 'decode'].includes(mode)) {
  throw new Error(`loop_floor.mjs: exchange, turn or decode, not ${mode}`);
}
if (workload !== 'get-seq' && workload !== 'first-call') {
  throw new Error(`loop_floor.mjs runs get-seq and first-call only, not ${workload}`);
}
const WARM_UP = 20000;

function report(wall0, cpu0) {
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - wall0) / 1000;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  console.log(JSON.stringify({
    wall, cpu: (cpu.user + cpu.system) / 1e6, count: n, rss_mb: hwm ? Number(hwm[1]) / 1024 : undefined,
  }));
}

function check(directory) {
  if (directory.id !== id) throw new Error(`asked for ${id}, got ${directory.id}`);
}

/** One keep-alive connection; `get()` is the body text of the next response. */
async function connect() {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:') throw new Error(`loop_floor.mjs speaks plain http:// only, not ${baseUrl}`);
  const request = Buffer.from(
    `GET ${url.pathname.replace(/\/$/, '')}/directories/${id} HTTP/1.1\r\nHost: ${url.host}\r\n` +
      `Authorization: Bearer ${apiKey}\r\nUser-Agent: loop-floor\r\nAccept: */*\r\n\r\n`,
  );
  const socket = net.connect(Number(url.port), url.hostname);
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buf = Buffer.alloc(0);
  let waiter = null;
  socket.on('data', (data) => {
    buf = buf.length ? Buffer.concat([buf, data]) : data;
    const headEnd = buf.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = buf.latin1Slice(0, headEnd).toLowerCase();
    if (!head.startsWith('http/1.1 200 ')) throw new Error(`unexpected response ${head}`);
    const at = head.indexOf('\r\ncontent-length:');
    if (at < 0) throw new Error('response without Content-Length');
    const end = head.indexOf('\r\n', at + 2);
    const bodyEnd = headEnd + 4 + Number(head.slice(at + 17, end < 0 ? undefined : end));
    if (buf.length < bodyEnd) return;
    const body = buf.utf8Slice(headEnd + 4, bodyEnd);
    buf = buf.subarray(bodyEnd);
    const resolve = waiter;
    waiter = null;
    resolve(body);
  });
  socket.on('close', () => {
    if (waiter) throw new Error('the server closed the connection');
  });
  const get = () => new Promise((resolve) => {
    waiter = resolve;
    socket.write(request);
  });
  return { get, close: () => socket.destroy() };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

if (mode === 'exchange') {
  const connection = await connect();
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) check(JSON.parse(await connection.get()));
  report(wall0, cpu0);
  connection.close();
} else {
  let round = turn;
  if (mode === 'decode') {
    const connection = await connect();
    const body = await connection.get();
    connection.close();
    round = async () => {
      await turn();
      check(JSON.parse(body));
    };
  }
  for (let i = 0; i < Math.max(n, WARM_UP); i++) await round();
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await round();
  report(wall0, cpu0);
}
