// Shared by the test files: the mock server binary over real HTTP on 127.0.0.1.
// Tests run from a fresh directory where the packed package is installed
// (see scripts/test-all), so `workos-dsync` resolves to the installed copy.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = process.env.WORKOS_DSYNC_REPO ?? path.resolve(here, '../..');
export const MOCK_BIN =
  process.env.WORKOS_DSYNC_MOCK_BIN ?? path.join(REPO, 'target', 'debug', 'workos-dsync-mock');
export const API_KEY = 'sk_test_mock';

export class Mock {
  constructor(proc, url) {
    this.proc = proc;
    this.url = url;
    this.apiKey = API_KEY;
  }

  static async start(...args) {
    const proc = spawn(MOCK_BIN, ['--port', '0', '--api-key', API_KEY, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: proc.stdout });
    const first = await new Promise((resolve, reject) => {
      lines.once('line', resolve);
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`mock exited with ${code}`)));
    });
    if (!first.startsWith('listening on ')) throw new Error(`mock did not start: ${first}`);
    return new Mock(proc, first.slice('listening on '.length));
  }

  async admin(method, route, body) {
    const res = await fetch(`${this.url}/__mock/${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`admin ${method} ${route}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  reset(count = 0, seed = 1) {
    return this.admin('POST', 'reset', { count, seed });
  }
  fault(f) {
    return this.admin('POST', 'faults', f);
  }
  requests() {
    return this.admin('GET', 'requests');
  }
  clearLog() {
    return this.admin('DELETE', 'requests');
  }
  directories() {
    return this.admin('GET', 'directories');
  }

  stop() {
    this.proc.kill();
  }
}
