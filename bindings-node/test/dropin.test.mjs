// workos-dsync as a drop-in for the official SDK: tests/compat/dropin_official.mjs,
// a program written against @workos-inc/node, with only its import specifier
// changed to 'workos-dsync', runs against the mock and prints what the
// official SDK prints (tests/compat/official_node.test.mjs runs it unchanged
// and expects the same lines, from tests/compat/dropin_official_node.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Mock, REPO } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const OFFICIAL = "from '@workos-inc/node'";
const OURS = "from 'workos-dsync'";

let mock;
before(async () => {
  mock = await Mock.start();
});
after(() => mock.stop());

/** The program with its import specifier swapped, after checking that nothing else differs. */
function ported() {
  const original = readFileSync(path.join(REPO, 'tests', 'compat', 'dropin_official.mjs'), 'utf8');
  assert.equal(original.split(OFFICIAL).length, 2, `the program imports ${OFFICIAL} exactly once`);
  const ours = original.replace(OFFICIAL, OURS);
  const [a, b] = [original.split('\n'), ours.split('\n')];
  assert.equal(a.length, b.length);
  const changed = a.map((line, i) => [line, b[i]]).filter(([x, y]) => x !== y);
  assert.equal(changed.length, 1, 'one line changes');
  const [[from, to]] = changed;
  assert.match(from, /^import \{ [\w, ]+ \} from '@workos-inc\/node';$/);
  assert.equal(to, from.replace("'@workos-inc/node'", "'workos-dsync'"));
  return ours;
}

test('the official SDK program runs unchanged but for its import, with the same output', async () => {
  const code = ported();
  const expected = JSON.parse(readFileSync(path.join(REPO, 'tests', 'compat', 'dropin_official_node.json'), 'utf8'));
  await mock.admin('POST', 'reset', { count: 0 });
  await mock.admin('POST', 'directories', expected.directories);
  await mock.clearLog();

  // Beside the tests, so that 'workos-dsync' resolves to the installed package.
  const file = path.join(here, `dropin-ours-${process.pid}.mjs`);
  writeFileSync(file, code);
  const { hostname, port } = new URL(mock.url);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WORKOS_')));
  let out;
  try {
    out = await promisify(execFile)(process.execPath, [file], {
      env: { ...env, WORKOS_API_KEY: mock.apiKey, MOCK_HOST: hostname, MOCK_PORT: port },
      timeout: 60000,
    });
  } finally {
    rmSync(file, { force: true });
  }
  assert.equal(out.stderr, '');
  assert.deepEqual(out.stdout.split('\n'), [...expected.stdout, '']);

  // It was this package that sent them: the get, a page of 4, the walk (the
  // first page at the API's default of 10, then the rest, after its last
  // directory, at 100 a page, as the core walks), the delete, the 404. The
  // official SDK sends the same but for the walk's `after`: it starts over
  // (tests/compat/official_node.test.mjs).
  const log = await mock.requests();
  assert.deepEqual(
    log.map((r) => [r.method, r.path, r.query_params.limit ?? null, r.query_params.after ?? null, r.status]),
    [
      ['GET', '/directories/directory_dropin_03', null, null, 200],
      ['GET', '/directories', '4', null, 200],
      ['GET', '/directories', null, null, 200],
      ['GET', '/directories', '100', 'directory_dropin_10', 200],
      ['DELETE', '/directories/directory_dropin_03', null, null, 202],
      ['GET', '/directories/directory_dropin_03', null, null, 404],
    ],
  );
  for (const r of log) {
    assert.ok(r.authorized, JSON.stringify(r));
    assert.match(r.user_agent, /^workos-dsync\/.* node\//);
  }
});
