// Every scenario of tests/conformance/ through the Node package against the
// mock server over HTTP. Format: tests/README.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { WorkOS, WorkOSError } from 'workos-dsync';
import { Mock, REPO } from './helpers.mjs';

const dir = path.join(REPO, 'tests', 'conformance');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
assert.ok(files.length >= 40, `expected the conformance scenarios in ${dir}`);

// The keys a scenario may use, one list per part of it, shared by every
// language's runner. Any other key fails the scenario: a runner that skipped an
// expectation it cannot read would hold a test that cannot fail.
const keysFile = path.join(REPO, 'tests', 'conformance-keys.json');
const SECTIONS = ['scenario', 'setup', 'client', 'call', 'options', 'params', 'expect', 'error', 'request'];

function loadKeys() {
  let data;
  try {
    data = JSON.parse(readFileSync(keysFile, 'utf8'));
  } catch (e) {
    throw new Error(`cannot load the allowed keys from ${keysFile}: ${e.message}`);
  }
  const keys = {};
  for (const section of SECTIONS) {
    const names = data?.[section];
    if (!Array.isArray(names) || !names.every((k) => typeof k === 'string')) {
      throw new Error(`${keysFile} has no section ${section} (an array of key names)`);
    }
    keys[section] = names;
  }
  return keys;
}

const KEYS = loadKeys();

function known(obj, what) {
  for (const k of Object.keys(obj ?? {})) {
    assert.ok(KEYS[what].includes(k), `unknown key ${k} in ${what}`);
  }
}

const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const snake = (s) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// Node models are camelCase; the scenarios speak the wire's snake_case.
function wire(value) {
  if (Array.isArray(value)) return value.map(wire);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[snake(k)] = wire(v);
    }
    return out;
  }
  return value;
}

let mock;
before(async () => {
  mock = await Mock.start();
});
after(() => mock.stop());

// `call.options` as the per-call options object (`timeout_ms` is `timeout`,
// in milliseconds as the client's); undefined when the scenario has none.
function requestOptions(o) {
  if (o === undefined || o === null) return undefined;
  known(o, 'options');
  const names = { timeout_ms: 'timeout' };
  const options = {};
  for (const [k, v] of Object.entries(o)) options[names[k] ?? camel(k)] = v;
  return options;
}

async function perform(client, call) {
  known(call, 'call');
  known(call.params, 'params');
  const params = {};
  for (const [k, v] of Object.entries(call.params ?? {})) params[camel(k)] = v;
  const options = requestOptions(call.options);
  const api = client.directorySync;
  const items = [];
  try {
    switch (call.op) {
      case 'get':
        return { result: wire(await api.getDirectory(call.id, options)) };
      case 'delete':
        return { result: (await api.deleteDirectory(call.id, options)) ?? null };
      case 'list': {
        const list = await api.listDirectories(params, options);
        return { result: wire({ object: list.object, data: list.data, listMetadata: list.listMetadata }) };
      }
      case 'list_all': {
        // The first page (100 unless the scenario sets a limit, as the core's
        // auto-paging does), then `for await` over it: every page with the call's options.
        const list = await api.listDirectories({ limit: 100, ...params }, options);
        for await (const d of list) items.push(wire(d));
        return { result: items, items: items.length };
      }
      default:
        throw new Error(`unknown op ${call.op}`);
    }
  } catch (error) {
    if (!(error instanceof WorkOSError)) throw error;
    return { error, items: items.length };
  }
}

function checkError(want, err) {
  known(want, 'error');
  assert.ok(err instanceof Error && err instanceof WorkOSError);
  assert.equal(err.kind, want.kind, String(err));
  if ('status' in want) assert.equal(err.status, want.status, String(err));
  if ('code' in want) assert.equal(err.code, want.code);
  if ('message_contains' in want) assert.ok(err.message.includes(want.message_contains), err.message);
  if ('request_id' in want) assert.equal(Boolean(err.requestID), want.request_id);
  if ('errors' in want) {
    assert.equal(err.errors.length, want.errors.length);
    want.errors.forEach((w, i) => {
      for (const [k, v] of Object.entries(w)) assert.equal(err.errors[i][k], v);
    });
  }
  if ('retry_after' in want) assert.equal(Math.trunc(err.retryAfter), want.retry_after);
}

function checkResult(expect, result) {
  if ('result' in expect) assert.deepEqual(result, expect.result);
  const dirs = Array.isArray(result) ? result : (result?.data ?? []);
  if ('result_ids' in expect) assert.deepEqual(dirs.map((d) => d.id), expect.result_ids);
  if ('result_count' in expect) assert.equal(dirs.length, expect.result_count);
  if ('result_sorted' in expect) {
    assert.equal(new Set(dirs.map((d) => d.id)).size, dirs.length, 'an id repeats');
    const key = (d) => `${d.created_at}\u0000${d.id}`;
    for (let i = 1; i < dirs.length; i++) {
      const ok = expect.result_sorted === 'asc' ? key(dirs[i - 1]) < key(dirs[i]) : key(dirs[i - 1]) > key(dirs[i]);
      assert.ok(ok, `not sorted ${expect.result_sorted} at ${i}`);
    }
  }
}

function checkRequest(i, want, got) {
  known(want, 'request');
  assert.equal(got.method, want.method, `request ${i}`);
  assert.equal(got.path, want.path, `request ${i}`);
  if ('query' in want) {
    const actual = got.query_params ?? {};
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(want.query).sort(), `request ${i} query`);
    for (const [k, v] of Object.entries(want.query)) if (v !== '*') assert.equal(actual[k], v);
  }
  if ('user_agent_prefix' in want) {
    assert.ok(got.user_agent.startsWith(want.user_agent_prefix));
    assert.ok(got.user_agent.includes(' node/'), got.user_agent);
  }
  // The log has every header but Authorization, names in lower case; names
  // compare case-insensitively, and null means the header must be absent.
  if ('headers' in want) {
    assert.ok(want.headers && typeof want.headers === 'object', 'requests[].headers must be an object');
    assert.ok(got.headers && typeof got.headers === 'object', `request ${i}: the mock logged no headers`);
    for (const [name, value] of Object.entries(want.headers)) {
      assert.equal(got.headers[name.toLowerCase()] ?? null, value, `request ${i}: header ${name}; logged ${JSON.stringify(got.headers)}`);
    }
  }
}

for (const file of files) {
  test(file.replace(/\.json$/, ''), async () => {
    const scenario = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    known(scenario, 'scenario');
    assert.equal(scenario.name, file.replace(/\.json$/, ''));
    const setup = scenario.setup ?? {};
    known(setup, 'setup');
    await mock.admin('POST', 'reset', setup.reset ?? { count: 0 });
    if (setup.directories) await mock.admin('POST', 'directories', setup.directories);
    if (setup.faults) await mock.admin('POST', 'faults', setup.faults);
    await mock.clearLog();
    const opts = setup.client ?? {};
    known(opts, 'client');
    const client = new WorkOS(opts.api_key ?? mock.apiKey, {
      baseUrl: opts.base_url ?? mock.url,
      maxRetries: opts.max_retries,
      timeout: opts.timeout_ms,
    });

    const outcome = await perform(client, scenario.call);
    const expect = scenario.expect;
    known(expect, 'expect');
    if ('error' in expect) {
      assert.ok(outcome.error, `expected error ${JSON.stringify(expect.error)}, got ${JSON.stringify(outcome.result)}`);
      checkError(expect.error, outcome.error);
    } else {
      assert.equal(outcome.error, undefined, String(outcome.error));
      checkResult(expect, outcome.result);
    }
    if ('items_before_error' in expect) assert.equal(outcome.items, expect.items_before_error);
    const log = await mock.requests();
    const count = expect.request_count ?? expect.requests?.length;
    if (count !== undefined) assert.equal(log.length, count, JSON.stringify(log, null, 1));
    (expect.requests ?? []).forEach((want, i) => checkRequest(i, want, log[i]));
    if ('mock_directory_count' in expect) {
      assert.equal((await mock.directories()).length, expect.mock_directory_count);
    }
  });
}
