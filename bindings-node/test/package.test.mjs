// The packages as users get them: the main package plus the one platform
// package npm picks (napi-rs's layout, bindings-node/scripts/pack), the addon
// loaded from that platform package, the Linux addon's glibc floor (2.17),
// and what `npm pack` puts in each tarball.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO } from './helpers.mjs';

const require = createRequire(import.meta.url);
const SOURCE = path.join(REPO, 'bindings-node');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

// Every target package.json's napi.targets builds, and its platform package
// (npm/<platform>/), with the os, cpu and libc npm matches on.
const PLATFORMS = {
  'x86_64-unknown-linux-gnu': { dir: 'linux-x64-gnu', os: 'linux', cpu: 'x64', libc: 'glibc' },
  'x86_64-unknown-linux-musl': { dir: 'linux-x64-musl', os: 'linux', cpu: 'x64', libc: 'musl' },
  'aarch64-unknown-linux-gnu': { dir: 'linux-arm64-gnu', os: 'linux', cpu: 'arm64', libc: 'glibc' },
  'aarch64-unknown-linux-musl': { dir: 'linux-arm64-musl', os: 'linux', cpu: 'arm64', libc: 'musl' },
  'x86_64-apple-darwin': { dir: 'darwin-x64', os: 'darwin', cpu: 'x64' },
  'aarch64-apple-darwin': { dir: 'darwin-arm64', os: 'darwin', cpu: 'arm64' },
  'x86_64-pc-windows-msvc': { dir: 'win32-x64-msvc', os: 'win32', cpu: 'x64' },
};

const glibc = process.platform === 'linux' && Boolean(process.report?.getReport()?.header?.glibcVersionRuntime);
/** This machine's platform package, e.g. linux-x64-gnu (native.js picks the same). */
const HOST = {
  linux: `linux-${process.arch}-${glibc ? 'gnu' : 'musl'}`,
  darwin: `darwin-${process.arch}`,
  win32: `win32-${process.arch}-msvc`,
}[process.platform];

/** The file list of `npm pack --dry-run` in a package folder. */
function packList(dir) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' });
  return JSON.parse(out)[0].files.map((f) => f.path).sort();
}

test('the addon is loaded from the platform package, and the main package has none', () => {
  require('workos-dsync');
  const addons = Object.keys(require.cache).filter((f) => f.endsWith('.node'));
  const expected = path.join('node_modules', `workos-dsync-${HOST}`, `workos-dsync.${HOST}.node`);
  assert.equal(addons.length, 1, addons.join('\n'));
  assert.ok(addons[0].endsWith(expected), `${addons[0]} is not ${expected}`);
  const main = path.dirname(require.resolve('workos-dsync/package.json'));
  assert.deepEqual(readdirSync(main).filter((f) => f.endsWith('.node')), []);
});

test('the installed main package has every platform package as an optional dependency', () => {
  const pkg = require('workos-dsync/package.json');
  const expected = Object.fromEntries(
    Object.values(PLATFORMS).map((p) => [`workos-dsync-${p.dir}`, pkg.version]).sort(),
  );
  assert.deepEqual(pkg.optionalDependencies, expected);
});

test('the Linux glibc addon needs no glibc newer than 2.17 (objdump -T)', (t) => {
  if (!glibc) return t.skip('not a glibc Linux');
  const addon = require.resolve(`workos-dsync-${HOST}`);
  let out;
  try {
    out = execFileSync('objdump', ['-T', addon], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (e) {
    assert.fail(`objdump -T ${addon} failed (binutils installed?): ${e.message}`);
  }
  const versions = [...new Set(out.match(/GLIBC_\d+(\.\d+)+/g))].map((v) => v.slice(6).split('.').map(Number));
  assert.ok(versions.length > 0, `no GLIBC_ symbol versions in objdump -T ${addon}`);
  const newer = (a, b) => a[0] - b[0] || (a[1] ?? 0) - (b[1] ?? 0) || (a[2] ?? 0) - (b[2] ?? 0);
  const max = versions.sort(newer).at(-1);
  t.diagnostic(`highest GLIBC_ version needed: ${max.join('.')}`);
  assert.ok(newer(max, [2, 17]) <= 0, `${addon} needs GLIBC_${max.join('.')}, more than 2.17`);
});

test('npm pack --dry-run: the main package has the JavaScript, types and loader, no addon or sources', () => {
  const files = packList(SOURCE);
  for (const f of ['LICENSE', 'README.md', 'package.json', 'index.js', 'index.mjs', 'index.d.ts', 'errors.js', 'native.js', 'native.d.ts']) {
    assert.ok(files.includes(f), `${f} missing from the main package: ${files}`);
  }
  const unwanted = files.filter((f) =>
    /^(src|target|test|npm|scripts|node_modules)\/|\.node$|\.tgz$|^Cargo\.toml$|^build\.rs$|^package-lock\.json$/.test(f));
  assert.deepEqual(unwanted, []);
});

test('npm pack --dry-run: this platform package has its addon, licence and README only', () => {
  const dir = path.join(SOURCE, 'npm', HOST);
  assert.ok(existsSync(path.join(dir, `workos-dsync.${HOST}.node`)), `no addon in ${dir}: scripts/pack copies it there`);
  assert.deepEqual(packList(dir), ['LICENSE', 'README.md', 'package.json', `workos-dsync.${HOST}.node`]);
});

test('package metadata: repository, keywords, engines; platform packages os, cpu, libc', () => {
  const main = readJson(path.join(SOURCE, 'package.json'));
  assert.equal(main.license, 'MIT');
  assert.match(main.repository.url, /github\.com\/workos-dsync\/workos-dsync/);
  assert.ok(main.keywords.length > 0 && main.homepage && main.bugs.url && main.engines.node);
  assert.ok(!main.files.some((f) => f.includes('.node')), 'the addons belong in the platform packages');
  assert.deepEqual([...main.napi.targets].sort(), Object.keys(PLATFORMS).sort());
  assert.deepEqual(readdirSync(path.join(SOURCE, 'npm')).sort(), Object.values(PLATFORMS).map((p) => p.dir).sort());
  for (const p of Object.values(PLATFORMS)) {
    const pkg = readJson(path.join(SOURCE, 'npm', p.dir, 'package.json'));
    const addon = `workos-dsync.${p.dir}.node`;
    assert.equal(pkg.name, `workos-dsync-${p.dir}`);
    assert.equal(pkg.version, main.version, `${pkg.name} version`);
    assert.deepEqual([pkg.main, pkg.files, pkg.os, pkg.cpu], [addon, [addon], [p.os], [p.cpu]], pkg.name);
    assert.deepEqual(pkg.libc, p.libc && [p.libc], `${pkg.name} libc`);
    assert.equal(pkg.license, main.license);
    assert.deepEqual([pkg.engines, pkg.repository], [main.engines, main.repository], pkg.name);
  }
});
