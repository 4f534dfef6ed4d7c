// The public TypeScript declarations type-check a file that uses every public API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { WorkOS } from 'workos-dsync';
import { Mock } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** `tsc --strict --noEmit` on one file, against the installed package's declarations. */
function tsc(file) {
  return spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '--strict', '--noEmit', '--module', 'nodenext',
      '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', path.join(here, file)],
    { encoding: 'utf8' },
  );
}

test('tsc --strict --noEmit accepts a program using every public API', () => {
  const r = tsc('types-check.ts');
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('tsc rejects misuse, so the check above can fail', () => {
  const r = tsc('types-misuse.ts');
  assert.notEqual(r.status, 0);
  for (const line of ['types-misuse.ts(6', 'types-misuse.ts(7', 'types-misuse.ts(8', 'types-misuse.ts(9']) {
    assert.ok(r.stdout.includes(line), r.stdout);
  }
});

// The addon derives the model objects from the core's serde shape, while
// index.d.ts declares them by hand: a directory with every field, as the
// addon hands it out, must be exactly a `Required<Directory>` (no key missing,
// none extra, the declared types), so a field added to the core fails here
// until index.d.ts has it.
test('a directory from the addon is exactly the declared Directory type', async () => {
  const mock = await Mock.start();
  let d;
  try {
    const [stored] = await mock.admin('POST', 'directories', [{
      domain: 'example.com',
      metadata: { users: { active: 3, inactive: 1 }, groups: 2 },
    }]);
    d = await new WorkOS(mock.apiKey, { baseUrl: mock.url }).directorySync.getDirectory(stored.id);
  } finally {
    mock.stop();
  }
  assert.ok(d.domain !== undefined && d.metadata !== undefined, JSON.stringify(d));
  const file = path.join(here, `types-live-${process.pid}.ts`);
  writeFileSync(file, [
    "import type { Directory } from 'workos-dsync';",
    // An object literal: tsc refuses a key the type lacks, at any depth.
    `export const live = ${JSON.stringify(d, null, 2)} satisfies Required<Directory>;`,
    '',
  ].join('\n'));
  try {
    const r = tsc(path.basename(file));
    assert.equal(r.status, 0, r.stdout + r.stderr);
  } finally {
    rmSync(file, { force: true });
  }
});
