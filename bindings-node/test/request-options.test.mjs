// Per-call options, the last argument of every directorySync method: what
// they override, for how long, and what the facade and the core refuse.
// Against the mock over HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  WorkOS, WorkOSError, InvalidArgumentException, ConfigurationException, TimeoutException,
  GenericServerException,
} from 'workos-dsync';
import { Mock } from './helpers.mjs';

let mock;
before(async () => {
  mock = await Mock.start();
});
after(() => mock.stop());

const client = (options = {}) => new WorkOS(mock.apiKey, { baseUrl: mock.url, ...options });

// Two directories, one fault list, an empty log; returns the ids.
async function fresh(count = 2) {
  await mock.reset(count);
  const ids = (await mock.directories()).map((d) => d.id);
  await mock.clearLog();
  return ids;
}

// Every way to call with `options`, each a promise.
function everyMethod(w, id, options) {
  return {
    getDirectory: () => w.directorySync.getDirectory(id, options),
    listDirectories: () => w.directorySync.listDirectories(undefined, options),
    deleteDirectory: () => w.directorySync.deleteDirectory(id, options),
  };
}

// Each case, `[what, options, text]`, with every method: a rejection that
// `check(what the call was, text)` accepts, and not one request sent.
async function refusedByEveryMethod(cases, check) {
  const [id] = await fresh();
  const w = client();
  for (const [what, options, text] of cases) {
    for (const [method, call] of Object.entries(everyMethod(w, id, options))) {
      await assert.rejects(call(), check(`${method}, ${what}`, text));
    }
  }
  assert.deepEqual(await mock.requests(), []);
  assert.equal((await mock.directories()).length, 2);
}

test('options of the wrong type, or unknown keys, are TypeError from every method, before any request', async () => {
  const wrongType = (what, text) => (e) => {
    assert.ok(e instanceof TypeError, `${what}: ${e?.constructor?.name}: ${e?.message}`);
    assert.ok(!(e instanceof WorkOSError), `${what}: a WorkOSError`);
    assert.ok(e.message.includes(text), `${what}: ${e.message}`);
    return true;
  };
  const cases = [
    ['options a string', 'timeout=5', '`options`'],
    ['options a number', 5000, '`options`'],
    ['options true', true, '`options`'],
    ['options an array', [['timeout', 5]], 'an array'],
    ['an unknown key', { timeoutMs: 5 }, 'unknown option `timeoutMs`'],
    ['a snake_case key', { max_retries: 1 }, 'unknown option `max_retries`'],
    ['a client option', { apiKey: 'sk_other' }, 'unknown option `apiKey`'],
    ['timeout a string', { timeout: '5000' }, '`timeout`'],
    ['timeout a bigint', { timeout: 5000n }, '`timeout`'],
    ['maxRetries a string', { maxRetries: '1' }, '`maxRetries`'],
    ['maxRetries a boolean', { maxRetries: true }, '`maxRetries`'],
    ['idempotencyKey a number', { idempotencyKey: 7 }, '`idempotencyKey`'],
    ['baseUrl a URL object', { baseUrl: new URL(mock.url) }, '`baseUrl`'],
    ['extraHeaders a string', { extraHeaders: 'X-A: 1' }, '`extraHeaders`'],
    ['extraHeaders an array', { extraHeaders: [['X-A', '1']] }, 'an array'],
    ['extraHeaders a Map', { extraHeaders: new Map([['X-A', '1']]) }, 'a Map'],
    ['extraHeaders a Headers', { extraHeaders: new Headers({ 'X-A': '1' }) }, 'a Headers'],
    ['a header value a number', { extraHeaders: { 'X-A': 1 } }, 'extraHeaders["X-A"]'],
    ['a header value null', { extraHeaders: { 'X-A': null } }, 'extraHeaders["X-A"]'],
    ['a header value undefined', { extraHeaders: { 'X-A': undefined } }, 'extraHeaders["X-A"]'],
  ];
  await refusedByEveryMethod(cases, wrongType);
});

test('numbers out of range and refused headers are InvalidArgumentException, before any request', async () => {
  const invalid = (what, text) => (e) => {
    assert.ok(e instanceof InvalidArgumentException, `${what}: ${e?.constructor?.name}: ${e?.message}`);
    assert.equal(e.kind, 'invalid_argument');
    assert.ok(e.message.includes(text), `${what}: ${e.message}`);
    return true;
  };
  const cases = [
    ...[-1, 1.5, NaN, Infinity, 2 ** 32].map((n) => [`maxRetries ${n}`, { maxRetries: n }, '`maxRetries`']),
    ...[-1, NaN, Infinity, 1e300].map((n) => [`timeout ${n}`, { timeout: n }, '`timeout`']),
    // Unlike the client's, a per-call timeout of 0 is refused at once.
    ['timeout 0', { timeout: 0 }, 'timeout'],
    ...['Authorization', 'user-agent', 'Content-Type', 'HOST', 'Content-Length', 'Transfer-Encoding',
      'Connection'].map((name) => [`the ${name} header`, { extraHeaders: { [name]: 'x' } }, name]),
    ['the Idempotency-Key header', { extraHeaders: { 'Idempotency-Key': 'k' } }, 'idempotency'],
    ['a header value with a line break', { extraHeaders: { 'X-Trace-Id': 'a\r\nX-Injected: 1' } }, 'X-Trace-Id'],
    ['a header name with a space', { extraHeaders: { 'X Trace': 'a' } }, 'X Trace'],
    ['an empty header name', { extraHeaders: { '': 'a' } }, 'header name'],
    ['an idempotency key with a line break', { idempotencyKey: 'k\n' }, 'Idempotency-Key'],
  ];
  await refusedByEveryMethod(cases, invalid);
});

test('null and undefined are "not given", for the options and for each one', async () => {
  const [id] = await fresh();
  const w = client();
  const none = { timeout: null, maxRetries: undefined, extraHeaders: null, idempotencyKey: null, baseUrl: undefined };
  for (const options of [undefined, null, {}, none]) {
    assert.equal((await w.directorySync.getDirectory(id, options)).id, id);
    assert.equal((await w.directorySync.listDirectories(null, options)).data.length, 2);
  }
  assert.equal((await mock.requests()).length, 8);
});

test('headers and the idempotency key go out with that call only', async () => {
  const [id, other] = await fresh();
  const w = client();
  await w.directorySync.deleteDirectory(id, {
    extraHeaders: { 'X-Trace-Id': 'trace-7', 'X-Team': ' directory sync ' },
    idempotencyKey: 'delete-7f3a',
  });
  await w.directorySync.getDirectory(other, { extraHeaders: {} });
  await w.directorySync.getDirectory(other);
  const [deleted, ...gets] = await mock.requests();
  assert.equal(deleted.method, 'DELETE');
  assert.equal(deleted.headers['x-trace-id'], 'trace-7');
  assert.equal(deleted.headers['x-team'], 'directory sync', 'the value is sent trimmed');
  assert.equal(deleted.headers['idempotency-key'], 'delete-7f3a');
  assert.match(deleted.user_agent, /^workos-dsync\/.* node\//, 'the client\'s own headers stay');
  assert.equal(deleted.authorized, true);
  for (const g of gets) {
    assert.equal(g.method, 'GET');
    for (const name of ['x-trace-id', 'x-team', 'idempotency-key']) assert.equal(g.headers[name], undefined, name);
  }
});

test('maxRetries overrides the client both ways, for that call only', async () => {
  const [id] = await fresh(1);
  const busy = (times) => mock.fault({
    method: 'GET', path: `/directories/${id}`, status: 503, headers: { 'Retry-After': '0' }, times,
  });
  // The client never retries; this call retries twice, the next one not at all.
  const never = client({ maxRetries: 0 });
  await busy(2);
  assert.equal((await never.directorySync.getDirectory(id, { maxRetries: 2 })).id, id);
  assert.equal((await mock.requests()).length, 3);
  await mock.clearLog();
  await busy(1);
  await assert.rejects(never.directorySync.getDirectory(id), GenericServerException);
  assert.equal((await mock.requests()).length, 1);

  // The client retries three times; this call not at all.
  await mock.admin('DELETE', 'faults');
  await mock.clearLog();
  await busy(1);
  await assert.rejects(client({ maxRetries: 3 }).directorySync.getDirectory(id, { maxRetries: 0 }), (e) => {
    assert.ok(e instanceof GenericServerException);
    assert.equal(e.status, 503);
    return true;
  });
  assert.equal((await mock.requests()).length, 1);
});

test('timeout overrides the client both ways, in milliseconds', async () => {
  const [id] = await fresh(1);
  const slow = (ms) => mock.fault({ method: 'GET', path: `/directories/${id}`, delay_ms: ms });
  // A client that waits a minute; this call 200 ms.
  await slow(3000);
  const started = Date.now();
  await assert.rejects(client().directorySync.getDirectory(id, { timeout: 200, maxRetries: 0 }), TimeoutException);
  assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
  // A client that waits 100 ms; this call 10 s, so the 400 ms answer arrives.
  await mock.admin('DELETE', 'faults');
  await slow(400);
  const impatient = client({ timeout: 100, maxRetries: 0 });
  assert.equal((await impatient.directorySync.getDirectory(id, { timeout: 10000 })).id, id);
  await slow(400);
  await assert.rejects(impatient.directorySync.getDirectory(id), TimeoutException);
});

test('a list sends its options with every page: for await and autoPagination()', async () => {
  await fresh(5);
  const w = client();
  const options = { extraHeaders: { 'X-Trace-Id': 'walk-1' }, maxRetries: 0 };
  const list = await w.directorySync.listDirectories({ limit: 2, order: 'asc' }, options);
  const seen = [];
  for await (const d of list) seen.push(d.id);
  assert.equal(seen.length, 5);
  assert.deepEqual(await list.autoPagination().then((all) => all.map((d) => d.id)), seen);
  const log = await mock.requests();
  // The first page, then two more for `for await` and two more for autoPagination().
  assert.equal(log.length, 5);
  for (const r of log) assert.equal(r.headers['x-trace-id'], 'walk-1', JSON.stringify(r));
  assert.deepEqual(log.map((r) => r.query_params.after !== undefined), [false, true, true, true, true]);

  // The page's options are the list's, not those of a later call.
  await mock.clearLog();
  await w.directorySync.getDirectory(seen[0], { extraHeaders: { 'X-Trace-Id': 'other' } });
  await list.autoPagination();
  assert.deepEqual((await mock.requests()).map((r) => r.headers['x-trace-id']), ['other', 'walk-1', 'walk-1']);

  // A walk's later page retries as its options say: not at all here.
  await mock.clearLog();
  await mock.fault({ method: 'GET', path: '/directories', status: 503, headers: { 'Retry-After': '0' } });
  const items = [];
  await assert.rejects(async () => {
    for await (const d of list) items.push(d);
  }, GenericServerException);
  assert.equal(items.length, 2, 'the page in hand, then the failed fetch');
  assert.equal((await mock.requests()).length, 1);
});

test('baseUrl sends that call elsewhere, under the client\'s rules', async () => {
  const [id] = await fresh(1);
  const elsewhere = await Mock.start();
  try {
    await elsewhere.reset(3);
    const [there] = await elsewhere.admin('POST', 'directories', [{ name: 'Elsewhere' }]);
    await elsewhere.clearLog();
    const w = client();
    const got = await w.directorySync.getDirectory(there.id, { baseUrl: elsewhere.url });
    assert.equal(got.name, 'Elsewhere');
    const list = await w.directorySync.listDirectories({ limit: 1 }, { baseUrl: elsewhere.url });
    assert.equal((await list.autoPagination()).length, 4);
    assert.equal((await elsewhere.requests()).length, 1 + 4, 'the get, then a page of one for each directory');
    assert.deepEqual(await mock.requests(), [], 'the client\'s own server saw nothing');
    // The next call without options goes to the client's server again.
    assert.equal((await w.directorySync.getDirectory(id)).id, id);
    assert.equal((await mock.requests()).length, 1);
    await mock.clearLog();

    // Plain http only to a loopback host, as for the client.
    await assert.rejects(
      client().directorySync.getDirectory(id, { baseUrl: 'http://api.workos.com' }),
      (e) => e instanceof ConfigurationException && e.message.includes('loopback'),
    );
    assert.deepEqual(await mock.requests(), []);
  } finally {
    elsewhere.stop();
  }
});
