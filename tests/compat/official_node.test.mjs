// The official WorkOS Node SDK (npm @workos-inc/node, pinned in scripts/test-all),
// unchanged, against our mock server: the mock must be a drop-in test server.
//
// Run by `make test-compat`, which installs the SDK into target/compat-node,
// starts the mock and passes its URL in COMPAT_MOCK_URL. Every test resets the
// mock through its admin API (mock/README.md) and checks concrete values: ids,
// counts, error classes, status codes, and what the mock received. The tests of
// one file run one after the other, so they can share the one mock.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  WorkOS,
  NotFoundException,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@workos-inc/node';

const KEY = 'sk_test_mock';
const URL_ = process.env.COMPAT_MOCK_URL;
if (!URL_) throw new Error('COMPAT_MOCK_URL is not set: run `make test-compat`, which starts the mock');
const { hostname, port } = new URL(URL_);

async function admin(method, path, body) {
  const res = await fetch(`${URL_}/__mock/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `admin ${method} ${path}: ${res.status}`);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

// An empty mock, then `directories` (admin body), and an empty request log.
async function reset(directories) {
  await admin('POST', 'reset', { count: 0 });
  const created = directories === undefined ? [] : await admin('POST', 'directories', directories);
  await admin('DELETE', 'requests');
  return created;
}

async function apiRequests() {
  return (await admin('GET', 'requests')).filter((r) => !r.path.startsWith('/__mock'));
}

function client(key = KEY) {
  return new WorkOS(key, { apiHostname: hostname, port: Number(port), https: false, maxRetries: 0 });
}

// Ten matches for org_A + "acme", in creation order, among directories that
// each miss one of the two filters.
function filterFixture() {
  const dirs = [];
  for (let i = 0; i < 10; i++) {
    const n = String(i).padStart(2, '0');
    dirs.push({ id: `directory_match_${n}`, organization_id: 'org_A', name: `ACME Widgets ${n}`, domain: 'acme.test' });
    dirs.push({ id: `directory_other_org_${n}`, organization_id: 'org_B', name: `Acme ${n}`, domain: 'acme.test' });
    dirs.push({ id: `directory_other_name_${n}`, organization_id: 'org_A', name: `Globex ${n}`, domain: 'acme.test' });
  }
  return dirs;
}

// Asserts that `promise` rejects with a `cls` whose fields are as `fields`
// says: a RegExp must match the field, any other value equal it.
function rejectsWith(promise, cls, fields) {
  return assert.rejects(promise, (e) => {
    assert.ok(e instanceof cls, `${e?.name}: ${e?.message}`);
    for (const [name, want] of Object.entries(fields)) {
      if (want instanceof RegExp) assert.match(e[name], want, name);
      else assert.equal(e[name], want, name);
    }
    return true;
  });
}

test('the SDK is the pinned release', () => {
  const require = createRequire(import.meta.url);
  assert.equal(require('@workos-inc/node/package.json').version, '11.0.0');
});

test('getDirectory', async () => {
  await reset([
    {
      id: 'directory_01COMPATGET',
      organization_id: 'org_01COMPAT',
      external_key: 'ext_compat',
      type: 'gsuite directory',
      state: 'linked',
      name: 'Compat Corp',
      domain: 'compat.test',
      created_at: '2024-03-01T12:00:00.000Z',
      updated_at: '2024-03-02T12:00:00.000Z',
    },
  ]);
  const d = await client().directorySync.getDirectory('directory_01COMPATGET');
  assert.deepEqual(d, {
    object: 'directory',
    id: 'directory_01COMPATGET',
    domain: 'compat.test',
    externalKey: 'ext_compat',
    name: 'Compat Corp',
    organizationId: 'org_01COMPAT',
    state: 'active', // the SDK's own name for "linked"
    type: 'gsuite directory',
    createdAt: '2024-03-01T12:00:00.000Z',
    updatedAt: '2024-03-02T12:00:00.000Z',
  });
  const reqs = await apiRequests();
  assert.deepEqual(
    reqs.map((r) => [r.method, r.path, r.authorized, r.status]),
    [['GET', '/directories/directory_01COMPATGET', true, 200]],
  );
  assert.match(reqs[0].user_agent, /^workos-node\/11\.0\.0/);
});

// ListDirectoriesOptions in 11.0.0 has organizationId, search, limit, before,
// after and order; it has no `domain` (its serializer would drop one).
test('listDirectories with every parameter', async () => {
  await reset(filterFixture());
  const page = await client().directorySync.listDirectories({
    organizationId: 'org_A',
    search: 'acme',
    limit: 3,
    after: 'directory_match_01',
    before: 'directory_match_08',
    order: 'asc',
  });
  assert.deepEqual(
    page.data.map((d) => d.id),
    ['directory_match_02', 'directory_match_03', 'directory_match_04'],
  );
  const reqs = await apiRequests();
  assert.equal(reqs.length, 1);
  assert.equal(reqs[0].path, '/directories');
  assert.deepEqual(reqs[0].query_params, {
    organization_id: 'org_A',
    search: 'acme',
    limit: '3',
    after: 'directory_match_01',
    before: 'directory_match_08',
    order: 'asc',
  });
});

// Pages of filterFixture(): what the test is named for, the parameters, and
// the ids and list metadata of the page they select.
const FILTERED_PAGES = [
  [
    'filters, after, and list metadata',
    { organizationId: 'org_A', search: 'acme', limit: 4, after: 'directory_match_05', order: 'asc' },
    ['directory_match_06', 'directory_match_07', 'directory_match_08', 'directory_match_09'],
    { before: 'directory_match_06', after: null },
  ],
  [
    'before, newest first',
    { organizationId: 'org_A', search: 'ACME', limit: 2, before: 'directory_match_04', order: 'desc' },
    ['directory_match_06', 'directory_match_05'],
    { before: 'directory_match_06', after: 'directory_match_05' },
  ],
];

for (const [name, params, ids, listMetadata] of FILTERED_PAGES) {
  test(`listDirectories ${name}`, async () => {
    await reset(filterFixture());
    const page = await client().directorySync.listDirectories(params);
    assert.deepEqual(page.data.map((d) => d.id), ids);
    assert.deepEqual(page.listMetadata, listMetadata);
  });
}

test('listDirectories with no options: ten, newest first', async () => {
  const created = await reset({ generate: 25, seed: 3 });
  const page = await client().directorySync.listDirectories();
  assert.deepEqual(
    page.data.map((d) => d.id),
    created.map((d) => d.id).reverse().slice(0, 10),
  );
  assert.equal(page.listMetadata.after, created[created.length - 10].id);
  assert.deepEqual((await apiRequests())[0].query_params, { order: 'desc' });
});

test('autoPagination over 300 directories', async () => {
  const created = await reset({ generate: 300, seed: 7 });
  assert.equal(created.length, 300);
  const list = await client().directorySync.listDirectories({ order: 'asc' });
  const all = await list.autoPagination();
  assert.equal(all.length, 300);
  assert.deepEqual(all.map((d) => d.id), created.map((d) => d.id));
  // The first page (the API's default size), then the SDK's walk from the start, 100 a page.
  const reqs = await apiRequests();
  assert.deepEqual(
    reqs.map((r) => [r.query_params.limit, r.query_params.after, r.query_params.order]),
    [
      [undefined, undefined, 'asc'],
      ['100', undefined, 'asc'],
      ['100', created[99].id, 'asc'],
      ['100', created[199].id, 'asc'],
    ],
  );
});

test('deleteDirectory, then getDirectory: NotFoundException', async () => {
  const created = await reset({ generate: 3, seed: 5 });
  const victim = created[1].id;
  const workos = client();
  assert.equal(await workos.directorySync.deleteDirectory(victim), undefined);
  assert.deepEqual(
    (await admin('GET', 'directories')).map((d) => d.id),
    [created[0].id, created[2].id],
  );
  await rejectsWith(workos.directorySync.getDirectory(victim), NotFoundException, {
    name: 'NotFoundException',
    status: 404,
    code: 'entity_not_found',
    message: 'Directory not found',
    requestID: /^req_/,
  });
  assert.deepEqual(
    (await apiRequests()).map((r) => [r.method, r.status]),
    [
      ['DELETE', 202],
      ['GET', 404],
    ],
  );
});

test('getDirectory of a missing id: 404 NotFoundException', async () => {
  await reset({ generate: 2, seed: 5 });
  await rejectsWith(client().directorySync.getDirectory('directory_missing'), NotFoundException, {
    status: 404,
    code: 'entity_not_found',
  });
  assert.deepEqual((await apiRequests()).map((r) => r.path), ['/directories/directory_missing']);
});

test('deleteDirectory of a missing id: 404 NotFoundException', async () => {
  await reset({ generate: 2, seed: 5 });
  await rejectsWith(client().directorySync.deleteDirectory('directory_missing'), NotFoundException, {
    status: 404,
    code: 'entity_not_found',
  });
  assert.equal((await admin('GET', 'directories')).length, 2);
});

test('a wrong key: 401 UnauthorizedException', async () => {
  const created = await reset({ generate: 2, seed: 5 });
  const bad = client('sk_test_wrong');
  const is401 = { name: 'UnauthorizedException', status: 401, requestID: /^req_/ };
  await rejectsWith(bad.directorySync.getDirectory(created[0].id), UnauthorizedException, is401);
  await rejectsWith(bad.directorySync.listDirectories(), UnauthorizedException, is401);
  await rejectsWith(bad.directorySync.deleteDirectory(created[0].id), UnauthorizedException, is401);
  assert.equal((await admin('GET', 'directories')).length, 2);
  assert.deepEqual(
    (await apiRequests()).map((r) => [r.method, r.authorized, r.status]),
    [
      ['GET', false, 401],
      ['GET', false, 401],
      ['DELETE', false, 401],
    ],
  );
});

test('limit 0: 422 UnprocessableEntityException', async () => {
  await reset({ generate: 2, seed: 5 });
  // The SDK does not check limit itself: the request goes out and the API refuses it.
  await rejectsWith(client().directorySync.listDirectories({ limit: 0 }), UnprocessableEntityException, {
    status: 422,
    code: 'invalid_request_parameters',
    message: 'The following requirement must be met:\n\tinvalid_limit\n',
  });
  assert.deepEqual((await apiRequests()).map((r) => r.query_params.limit), ['0']);
});

test('limit 101: 422 UnprocessableEntityException', async () => {
  await reset();
  await rejectsWith(client().directorySync.listDirectories({ limit: 101 }), UnprocessableEntityException, {
    status: 422,
    message: /\tinvalid_limit\n/,
  });
});

test('an unknown order: 422 UnprocessableEntityException', async () => {
  await reset();
  await rejectsWith(client().directorySync.listDirectories({ order: 'sideways' }), UnprocessableEntityException, {
    status: 422,
    message: 'The following requirement must be met:\n\tinvalid_order\n',
  });
});

// The README's example, as written, but for the port: it points at a mock on
// 8765, this test at the suite's mock on a free port. WORKOS_DSYNC_REPO is the
// repository (the test runs from a copy in target/compat-node).
test('the README example', async () => {
  const repo = process.env.WORKOS_DSYNC_REPO;
  assert.ok(repo, 'WORKOS_DSYNC_REPO is not set');
  const marker = '<!-- compat-node -->';
  const block = (name) => {
    const readme = readFileSync(join(repo, name), 'utf8');
    assert.ok(readme.includes(marker), `${name} has no ${marker}`);
    const after = readme.split(marker)[1];
    assert.ok(after.includes('```js\n'), `${name} has no js block after ${marker}`);
    return after.split('```js\n')[1].split('\n```')[0] + '\n';
  };
  let code = block('README.md');
  // mock/README.md may show the same example: then it must be this one.
  if (readFileSync(join(repo, 'mock', 'README.md'), 'utf8').includes(marker)) {
    assert.equal(block(join('mock', 'README.md')), code);
  }
  assert.equal(code.split('port: 8765').length, 2);
  code = code.replace('port: 8765', `port: ${port}`);
  const file = join(dirname(fileURLToPath(import.meta.url)), 'readme-example.mjs');
  writeFileSync(file, code);
  await reset(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf'].map((name) => ({ name })));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WORKOS_')));
  const out = spawnSync(process.execPath, [file], { env, encoding: 'utf8', timeout: 60000 });
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout, "[ 'Golf', 'Foxtrot', 'Echo', 'Delta', 'Charlie' ]\n");
  assert.deepEqual(
    (await apiRequests()).map((r) => [r.method, r.query_params]),
    [['GET', { limit: '5', order: 'desc' }]],
  );
});

// The drop-in program (tests/compat/dropin_official.mjs), unchanged, with this
// SDK: it must print the lines of dropin_official_node.json, which
// bindings-node/test/dropin.test.mjs expects from workos-dsync running the same
// program with only its import changed. So the two SDKs print the same.
test('the drop-in program prints what workos-dsync prints', async () => {
  const repo = process.env.WORKOS_DSYNC_REPO;
  assert.ok(repo, 'WORKOS_DSYNC_REPO is not set');
  const code = readFileSync(join(repo, 'tests', 'compat', 'dropin_official.mjs'), 'utf8');
  const expected = JSON.parse(readFileSync(join(repo, 'tests', 'compat', 'dropin_official_node.json'), 'utf8'));
  // Beside this file, so that '@workos-inc/node' resolves to the installed SDK.
  const file = join(dirname(fileURLToPath(import.meta.url)), 'dropin-official.mjs');
  writeFileSync(file, code);
  await reset(expected.directories);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WORKOS_')));
  const out = spawnSync(process.execPath, [file], {
    env: { ...env, WORKOS_API_KEY: KEY, MOCK_HOST: hostname, MOCK_PORT: port },
    encoding: 'utf8',
    timeout: 60000,
  });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(out.stdout.split('\n'), [...expected.stdout, '']);
  // This SDK's requests: its autoPagination() fetches the first page again, 100
  // a page, with no `after`, where workos-dsync goes on after the first page.
  const reqs = await apiRequests();
  assert.deepEqual(
    reqs.map((r) => [r.method, r.path, r.query_params.limit ?? null, r.query_params.after ?? null, r.status]),
    [
      ['GET', '/directories/directory_dropin_03', null, null, 200],
      ['GET', '/directories', '4', null, 200],
      ['GET', '/directories', null, null, 200],
      ['GET', '/directories', '100', null, 200],
      ['DELETE', '/directories/directory_dropin_03', null, null, 202],
      ['GET', '/directories/directory_dropin_03', null, null, 404],
    ],
  );
  for (const r of reqs) assert.match(r.user_agent, /^workos-node\/11\.0\.0/);
});
