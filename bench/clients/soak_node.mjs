// The soak workload through our Node client, as bench/soak_harness.py runs it:
//   node --expose-gc soak_node.mjs CONFIG_JSON
// CONFIG_JSON as for soak_python.py. One auto-paginated walk over every
// directory, then `requests` getDirectory calls from `concurrency` async
// workers; prints one JSON line: failures (with a few samples), the walk's
// outcome, RSS at every tenth of the gets, wall and CPU.
import { readFileSync } from 'node:fs';
import { WorkOS } from 'workos-dsync';

const cfg = JSON.parse(process.argv[2]);
const N = cfg.requests;
const C = cfg.concurrency;
const IDS = JSON.parse(readFileSync(cfg.ids, 'utf8'));

const marks = new Set(Array.from({ length: 10 }, (_, k) => Math.floor((N * (k + 1)) / 10)));
const tally = { done: 0, failures: 0, samples: [], rss: {} };

function completed(error) {
  tally.done++;
  if (error !== null) {
    tally.failures++;
    if (tally.samples.length < 5) tally.samples.push(error);
  }
  if (marks.has(tally.done)) {
    // Collected first, so growth means memory still referenced, not garbage
    // V8 has yet to visit.
    globalThis.gc?.();
    tally.rss[tally.done] = process.memoryUsage.rss();
  }
}

const describe = (e) => `${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`.slice(0, 300);

// The ids one worker asks for: request numbers worker, worker + C ... Each
// worker owns IDS[worker::C], so no id is ever requested twice at the same
// time: the mock's cap on consecutive faults is per request target.
function assignments(worker) {
  const mine = IDS.filter((_, i) => i % C === worker);
  const out = [];
  for (let i = worker, k = 0; i < N; i += C, k++) out.push(mine[k % mine.length]);
  return out;
}

const workos = new WorkOS(cfg.key, { baseUrl: cfg.url, maxRetries: cfg.max_retries, timeout: cfg.timeout * 1000 });
const api = workos.directorySync;

async function worker(w) {
  for (const want of assignments(w)) {
    try {
      const got = (await api.getDirectory(want)).id;
      completed(got === want ? null : `asked for ${want}, got ${got}`);
    } catch (e) {
      completed(describe(e));
    }
  }
}

const wall0 = performance.now();
const cpu0 = process.cpuUsage();
// The walk comes first: V8 sizes its heap up for a walk's 5,000 objects and
// keeps the space, which in the middle of the gets would look like a leak
// (+9 MB of RSS with heapUsed flat, when tried).
const seen = [];
let error = null;
try {
  for await (const d of await api.listDirectories({ limit: 100 })) seen.push(d.id);
} catch (e) {
  error = describe(e);
}
const unique = new Set(seen).size;
const known = new Set(IDS);
const ok = error === null && seen.length === cfg.directories && unique === seen.length && seen.every((id) => known.has(id));
const walk = { count: seen.length, unique, ok, error };
seen.length = 0;
await Promise.all(Array.from({ length: C }, (_, w) => worker(w)));
const cpu = process.cpuUsage(cpu0);

console.log(JSON.stringify({
  gets: tally.done,
  failures: tally.failures + (walk.ok ? 0 : 1),
  failure_samples: walk.ok ? tally.samples : [...tally.samples, `walk: ${JSON.stringify(walk)}`],
  walk,
  rss: tally.rss,
  wall: (performance.now() - wall0) / 1000,
  cpu: (cpu.user + cpu.system) / 1e6,
}));
