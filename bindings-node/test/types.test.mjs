// The public TypeScript declarations type-check a file that uses every public API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

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
  for (const line of ['types-misuse.ts(6', 'types-misuse.ts(7', 'types-misuse.ts(8']) {
    assert.ok(r.stdout.includes(line), r.stdout);
  }
});
