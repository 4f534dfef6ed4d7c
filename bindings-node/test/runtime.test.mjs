// The package under real use: concurrency, worker threads, process exit,
// CommonJS and ESM, errors, secrets. Against the mock over HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as esm from 'workos-dsync';
import { API_KEY, Mock } from './helpers.mjs';

const require = createRequire(import.meta.url);
const cjs = require('workos-dsync');
const { WorkOS } = esm;

let mock;
before(async () => {
  mock = await Mock.start();
});
after(() => mock.stop());

const client = (options = {}) => new WorkOS(mock.apiKey, { baseUrl: mock.url, ...options });

test('CommonJS and ESM entry points are the same objects', () => {
  for (const name of Object.keys(cjs)) assert.equal(esm[name], cjs[name], name);
  // index.mjs re-exports what Node finds statically in index.js: exactly its exports, no more.
  assert.deepEqual(Object.keys(esm).filter((name) => name !== 'default').sort(), Object.keys(cjs).sort());
  assert.equal(esm.default, cjs);
  assert.ok(require.resolve('workos-dsync').includes('node_modules'), 'tests use the installed package');
});

test('1,000 concurrent getDirectory promises complete', async () => {
  await mock.reset(20);
  const ids = (await mock.directories()).map((d) => d.id);
  const w = client();
  const results = await Promise.all(
    Array.from({ length: 1000 }, (_, i) => w.directorySync.getDirectory(ids[i % ids.length])),
  );
  assert.deepEqual(results.map((d) => d.id), Array.from({ length: 1000 }, (_, i) => ids[i % ids.length]));
});

test('the event loop keeps running while requests wait', async () => {
  // The server is JavaScript on this very event loop, so it can answer only
  // while the loop runs: a call that blocked the loop would wait out its
  // timeout instead, however fast or slow the machine.
  const directory = {
    object: 'directory',
    id: 'directory_loop',
    organization_id: 'org_loop',
    external_key: 'loop',
    type: 'okta scim v2.0',
    state: 'linked',
    name: 'Loop',
    created_at: '2024-01-01T00:00:00.000Z',
    updated_at: '2024-01-01T00:00:00.000Z',
  };
  let served = 0;
  const server = createServer((req, res) => {
    served++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(directory));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const w = new WorkOS('sk_test_loop', {
      baseUrl: `http://127.0.0.1:${server.address().port}`,
      maxRetries: 0,
      timeout: 30_000,
    });
    assert.equal((await w.directorySync.getDirectory('directory_loop')).id, 'directory_loop');
    assert.equal(served, 1);
  } finally {
    server.close();
  }
});

// The wire's JSON with every object key camelCase.
function camelKeys(value) {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), camelKeys(v)]),
    );
  }
  return value;
}

test('a directory and a page are the API\'s JSON, key for key, with camelCase keys', async () => {
  await mock.reset(3, 4);
  const wire = async (route) =>
    (await fetch(`${mock.url}/${route}`, { headers: { authorization: `Bearer ${API_KEY}` } })).json();
  const w = client();
  const [first] = (await wire('directories?limit=1')).data;
  const got = await w.directorySync.getDirectory(first.id);
  const want = camelKeys(await wire(`directories/${first.id}`));
  assert.deepEqual(got, want);
  const page = await w.directorySync.listDirectories({ limit: 2, order: 'asc' });
  const wantPage = camelKeys(await wire('directories?limit=2&order=asc'));
  assert.deepEqual({ object: page.object, data: page.data, listMetadata: page.listMetadata }, wantPage);
});

test('models are camelCase with wire values; lists paginate lazily', async () => {
  await mock.reset(35);
  const w = client();
  const list = await w.directorySync.listDirectories({ limit: 10, order: 'asc' });
  assert.equal(list.object, 'list');
  assert.equal(list.data.length, 10);
  assert.equal(list.listMetadata.before, null);
  assert.equal(list.listMetadata.after, list.data[9].id);
  const d = list.data[0];
  for (const k of ['organizationId', 'externalKey', 'createdAt', 'updatedAt', 'type', 'state']) {
    assert.equal(typeof d[k], 'string', k);
  }
  assert.equal(d.organization_id, undefined);
  await mock.clearLog();
  const seen = [];
  for await (const dir of list) {
    seen.push(dir.id);
    if (seen.length === 15) break;
  }
  assert.equal((await mock.requests()).length, 1, '15 items: the first page is in hand, one more fetched');
  assert.equal((await list.autoPagination()).length, 35);
});

test('errors are classes with every field; the key never shows', async () => {
  const secret = 'sk_test_node_secret_value';
  const w = new WorkOS(secret, { baseUrl: mock.url });
  const err = await w.directorySync.getDirectory('directory_x').catch((e) => e);
  assert.ok(err instanceof esm.UnauthorizedException);
  assert.ok(err instanceof esm.WorkOSError && err instanceof Error);
  assert.equal(err.kind, 'authentication');
  assert.equal(err.status, 401);
  assert.match(err.requestID, /^req_/);
  for (const text of [inspect(w, { depth: 5, showHidden: true }), inspect(err), String(err), err.stack]) {
    assert.ok(!text.includes(secret), text);
  }
  const bad = await client().directorySync.listDirectories({ limit: 1.5 }).catch((e) => e);
  assert.ok(bad instanceof esm.InvalidArgumentException);
  const notString = await client().directorySync.getDirectory(42).catch((e) => e);
  assert.ok(notString instanceof TypeError, String(notString));
  const config = await new WorkOS('k', { baseUrl: 'http://api.example.com' }).directorySync
    .listDirectories()
    .catch((e) => e);
  assert.ok(config instanceof esm.ConfigurationException);
});

test('the facade has a class for every kind the native addon reports, and only those', () => {
  // The addon's loader sits beside the installed entry point; the package's
  // `exports` map hides it from bare specifiers, not from a path.
  const native = require(path.join(path.dirname(require.resolve('workos-dsync')), 'native.js'));
  const kinds = native.errorKinds();
  assert.ok(kinds.length > 0 && kinds.includes('not_found'), String(kinds));
  assert.deepEqual(Object.keys(esm.ERROR_CLASSES_BY_KIND).sort(), [...kinds].sort());
  const classes = new Set(Object.values(esm.ERROR_CLASSES_BY_KIND));
  for (const kind of kinds) {
    const cls = esm.ERROR_CLASSES_BY_KIND[kind];
    assert.equal(typeof cls, 'function', kind);
    assert.equal(esm[cls.name], cls, `${cls.name} (${kind}) is exported by name`);
    const e = new cls('m', { kind });
    assert.ok(e instanceof esm.WorkOSError && e instanceof Error, kind);
    assert.equal(e.kind, kind);
    assert.equal(e.name, cls.name);
  }
  // Every exported error class is some kind's class: none is left over from a removed kind.
  const exported = Object.values(esm).filter((v) => typeof v === 'function' && v.prototype instanceof esm.WorkOSError);
  assert.deepEqual(exported.filter((c) => !classes.has(c)).map((c) => c.name), []);
});

test('the official SDK options address the mock', async () => {
  await mock.reset(2);
  const { hostname, port } = new URL(mock.url);
  const w = new WorkOS(mock.apiKey, { apiHostname: hostname, port: Number(port), https: false });
  assert.equal(w.baseUrl, mock.url);
  assert.equal((await w.directorySync.listDirectories()).data.length, 2);
});

test('4 worker threads load the addon, use it and exit without a crash', async () => {
  await mock.reset(3);
  const script = `
    const { Worker } = require('node:worker_threads');
    const code = \`
      const { parentPort, workerData } = require('node:worker_threads');
      const { WorkOS } = require('workos-dsync');
      new WorkOS(workerData.key, { baseUrl: workerData.url }).directorySync.listDirectories()
        .then((l) => parentPort.postMessage(l.data.length));
    \`;
    let done = 0;
    for (let i = 0; i < 4; i++) {
      const w = new Worker(code, { eval: true, workerData: { key: ${JSON.stringify(mock.apiKey)}, url: ${JSON.stringify(mock.url)} } });
      w.on('message', (n) => { if (n !== 3) process.exit(2); });
      w.on('error', (e) => { console.error(e); process.exit(3); });
      w.on('exit', (code) => { if (code !== 0) process.exit(4); if (++done === 4) console.log('ok'); });
    }
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000, cwd: process.cwd() });
  assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'ok');
  // And in this process too, alongside the main thread's client.
  const worker = new Worker(
    `require('workos-dsync'); require('node:worker_threads').parentPort.postMessage('loaded');`,
    { eval: true },
  );
  const message = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  assert.equal(message, 'loaded');
  assert.equal(await new Promise((resolve) => worker.once('exit', resolve)), 0);
  assert.equal((await client().directorySync.listDirectories()).data.length, 3);
});

test('worker threads that end with calls in flight leave the process working', async () => {
  await mock.reset(3);
  // Each worker starts calls and exits before they finish: their results
  // come back after the worker's env is gone and must be dropped quietly.
  const script = `
    const { Worker } = require('node:worker_threads');
    const { WorkOS } = require('workos-dsync');
    const data = { key: ${JSON.stringify(mock.apiKey)}, url: ${JSON.stringify(mock.url)} };
    const code = \`
      const { workerData } = require('node:worker_threads');
      const { WorkOS } = require('workos-dsync');
      const w = new WorkOS(workerData.key, { baseUrl: workerData.url });
      for (let i = 0; i < 50; i++) w.directorySync.listDirectories().catch(() => {});
      process.exit(0);
    \`;
    (async () => {
      for (let round = 0; round < 3; round++) {
        await Promise.all([0, 1, 2, 3].map(() => new Promise((resolve, reject) => {
          const w = new Worker(code, { eval: true, workerData: data });
          w.on('error', reject);
          w.on('exit', resolve);
        })));
      }
      const main = new WorkOS(data.key, { baseUrl: data.url });
      const lists = await Promise.all(Array.from({ length: 20 }, () => main.directorySync.listDirectories()));
      console.log(lists.every((l) => l.data.length === 3) ? 'ok' : 'wrong data');
    })().catch((e) => { console.error(e); process.exit(3); });
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000, cwd: process.cwd() });
  assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'ok');
});

test('a script that used the client exits by itself', async () => {
  await mock.reset(5);
  const script = `
    const { WorkOS } = require('workos-dsync');
    const w = new WorkOS(${JSON.stringify(mock.apiKey)}, { baseUrl: ${JSON.stringify(mock.url)} });
    (async () => {
      const list = await w.directorySync.listDirectories({ limit: 2 });
      const all = await list.autoPagination();
      await w.directorySync.getDirectory(all[0].id);
      console.log(all.length);
    })();
  `;
  // A handle left open would keep the child alive for ever; a minute is far
  // beyond what its four requests take, loaded machine or not.
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 60_000 });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const [code, signal] = await new Promise((resolve) => child.on('exit', (...args) => resolve(args)));
  assert.equal(signal, null, 'the script was still running after a minute: something kept it alive');
  assert.equal(code, 0);
  assert.equal(out.trim(), '5');
});

test('arguments of the wrong type are TypeError, before any request', async () => {
  await mock.reset(1);
  await mock.clearLog();
  const wrongType = (name) => (e) => {
    assert.ok(e instanceof TypeError, `${name}: ${e?.constructor?.name}: ${e?.message}`);
    assert.ok(!(e instanceof esm.WorkOSError), `${name}: a WorkOSError`);
    assert.ok(e.message.includes(name), e.message);
    return true;
  };
  for (const maxRetries of ['3', true, 3n, {}]) {
    assert.throws(() => client({ maxRetries }), wrongType('maxRetries'), `maxRetries ${typeof maxRetries}`);
  }
  for (const timeout of ['5000', false, 5000n]) {
    assert.throws(() => client({ timeout }), wrongType('timeout'), `timeout ${typeof timeout}`);
  }
  assert.throws(() => client({ baseUrl: 8765 }), wrongType('baseUrl'));
  assert.throws(() => new WorkOS(42, { baseUrl: mock.url }), wrongType('apiKey'));
  const w = client();
  for (const limit of ['5', true, 5n]) {
    await assert.rejects(w.directorySync.listDirectories({ limit }), wrongType('limit'), `limit ${typeof limit}`);
  }
  for (const name of ['organizationId', 'search', 'domain', 'before', 'after', 'order']) {
    await assert.rejects(w.directorySync.listDirectories({ [name]: 5 }), wrongType(name), name);
  }
  await assert.rejects(w.directorySync.listDirectories('limit=5'), wrongType('list parameters'));
  await assert.rejects(w.directorySync.getDirectory(42), wrongType('id'));
  await assert.rejects(w.directorySync.deleteDirectory(undefined), wrongType('id'));
  // null and undefined are "not given".
  assert.ok(client({ maxRetries: null, timeout: null, apiHostname: null }).baseUrl);
  assert.equal((await w.directorySync.listDirectories({ limit: null, order: undefined, search: null })).data.length, 1);
  assert.equal((await mock.requests()).length, 1);
});

test('numbers out of range are InvalidArgumentException, before any request', async () => {
  await mock.reset(1);
  await mock.clearLog();
  const invalid = (name) => (e) => {
    assert.ok(e instanceof esm.InvalidArgumentException, `${name}: ${e?.constructor?.name}: ${e?.message}`);
    assert.ok(!(e instanceof TypeError) && !(e instanceof RangeError), `${name}: a ${e.constructor.name}`);
    assert.equal(e.kind, 'invalid_argument');
    assert.ok(e.message.includes(name), e.message);
    return true;
  };
  for (const maxRetries of [-1, 1e20, 1.5, NaN, Infinity, -Infinity, 2 ** 32]) {
    assert.throws(() => client({ maxRetries }), invalid('maxRetries'), `maxRetries ${String(maxRetries)}`);
  }
  for (const timeout of [-1, -0.5, NaN, Infinity, -Infinity, 1e300]) {
    assert.throws(() => client({ timeout }), invalid('timeout'), `timeout ${String(timeout)}`);
  }
  const w = client();
  for (const limit of [1e20, -1e20, -1, 0, 101, 1.5, NaN, Infinity, -Infinity, 2 ** 63]) {
    await assert.rejects(w.directorySync.listDirectories({ limit }), invalid('limit'), `limit ${String(limit)}`);
  }
  assert.deepEqual(await mock.requests(), []);

  // The ends of each range are accepted.
  assert.ok(client({ maxRetries: 2 ** 32 - 1 }).baseUrl);
  const edges = client({ maxRetries: 0, timeout: 1e12 });
  assert.equal((await edges.directorySync.listDirectories({ limit: 1 })).data.length, 1);
  assert.equal((await edges.directorySync.listDirectories({ limit: 100 })).data.length, 1);
  // Zero is a timeout, but one that no call can meet: the core's configuration error.
  const zero = await client({ timeout: 0 }).directorySync.listDirectories().catch((e) => e);
  assert.ok(zero instanceof esm.ConfigurationException, String(zero));
});
