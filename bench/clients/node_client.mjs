// One benchmark workload through one Node client, as bench/harness.py runs it:
//   node node_client.mjs CLIENT WORKLOAD BASE_URL API_KEY N ID
// CLIENT is ours (workos-dsync) or peer (@workos-inc/node). Prints one JSON
// line: wall and CPU seconds (user + system, every thread) around the
// workload, the number of items and the process's peak RSS. `first-call`
// also times the import.
import { readFileSync } from 'node:fs';

const startedWall = performance.now();
const startedCpu = process.cpuUsage();
const [client, workload, baseUrl, apiKey, nText, id] = process.argv.slice(2);
const n = Number(nText);

async function make() {
  const url = new URL(baseUrl);
  if (client === 'ours') {
    const { WorkOS } = await import('workos-dsync');
    return new WorkOS(apiKey, { baseUrl, maxRetries: 0 });
  }
  if (client === 'peer') {
    const { WorkOS } = await import('@workos-inc/node');
    return new WorkOS(apiKey, { apiHostname: url.hostname, port: Number(url.port), https: false, clientId: 'client_bench' });
  }
  throw new Error(`unknown client ${client}`);
}

async function run(workos) {
  const api = workos.directorySync;
  switch (workload) {
    case 'get-seq':
    case 'first-call':
      for (let i = 0; i < n; i++) await api.getDirectory(id);
      return n;
    case 'get-concurrent':
      return (await Promise.all(Array.from({ length: n }, () => api.getDirectory(id)))).length;
    case 'paginate':
    case 'paginate-mem': {
      // Each client's own way to walk every page.
      if (client === 'ours') {
        const list = await api.listDirectories({ limit: 100 });
        let count = 0;
        for await (const _ of list) count++;
        return count;
      }
      // The official autoPagination() returns only the first page when a limit
      // was given, pages by 100 on its own, and waits 350 ms between pages.
      return (await (await api.listDirectories()).autoPagination()).length;
    }
    default:
      throw new Error(`unknown workload ${workload}`);
  }
}

const workos = await make();
let wall0 = startedWall;
let cpu0 = startedCpu;
if (workload !== 'first-call') {
  wall0 = performance.now();
  cpu0 = process.cpuUsage();
}
const count = await run(workos);
const cpu = process.cpuUsage(cpu0);
// Peak RSS of this process since exec (VmHWM): wait4's figure in the harness
// starts from the harness's own RSS, inherited at exec.
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({
  wall: (performance.now() - wall0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, count,
  rss_mb: hwm ? Number(hwm[1]) / 1024 : undefined,
}));
