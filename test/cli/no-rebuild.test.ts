/**
 * Running the CLI never builds the addon (issue 19): `npx hrl` installs the project into the npx cache, which runs the
 * package's `install` hook in the project itself; the hook must skip the build there and still build on npm install.
 * Build tools are replaced by stubs on PATH that leave a marker file when run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAddon } from '../../src/util/addon.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const BUILD_TOOLS = ['node-gyp', 'make', 'g++', 'gcc', 'c++', 'cc'];

/** A folder of stub build tools: each appends "NAME ARGS" to `marker` and exits with `status`. */
function stubTools(dir: string, marker: string, status = 0): string {
  mkdirSync(dir, { recursive: true });
  for (const tool of BUILD_TOOLS) {
    const p = join(dir, tool);
    writeFileSync(p, `#!/bin/sh\necho "${tool} $*" >> "${marker}"\nexit ${status}\n`);
    chmodSync(p, 0o755);
  }
  return dir;
}

/** The environment of a shell: without the npm_* variables of the `npm test` that may have started these tests. */
function shellEnv(pathFirst: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith('npm_')) env[k] = v;
  env['PATH'] = `${pathFirst}${delimiter}${process.env['PATH'] ?? ''}`;
  return env;
}

/** A copy of the project's package metadata and install hook, with a stub CLI as its bin and stub build tools. */
function fakeProject(): { dir: string; marker: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-npx-'));
  const marker = join(dir, 'built.txt');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; type: string; bin: Record<string, string>; scripts: Record<string, string> };
  const { name, version, type, bin, scripts } = pkg;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version, type, bin, scripts }, null, 2));
  copyFileSync(join(root, 'binding.gyp'), join(dir, 'binding.gyp')); // without an install hook npm would run node-gyp for it
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(root, 'scripts', 'install-addon.mjs'), join(dir, 'scripts', 'install-addon.mjs'));
  const binFile = join(dir, bin['hrl']!);
  mkdirSync(dirname(binFile), { recursive: true });
  writeFileSync(binFile, '#!/usr/bin/env node\nconsole.log("stub hrl " + process.argv.slice(2).join(" "));\n');
  chmodSync(binFile, 0o755);
  // npm puts the project's node_modules/.bin first on PATH for lifecycle scripts, ahead of its bundled node-gyp
  stubTools(join(dir, 'node_modules', '.bin'), marker);
  return { dir, marker };
}

const hasNpx = spawnSync('npx', ['--version'], { encoding: 'utf8' }).status === 0;

test('npx hrl --help in a fresh clone runs the CLI without building the addon', { skip: hasNpx ? false : 'npx is not on PATH' }, () => {
  const { dir, marker } = fakeProject();
  const r = spawnSync('npx', ['--offline', '--yes', '--cache', join(dir, '.npm-cache'), 'hrl', '--help'], {
    cwd: dir, encoding: 'utf8', env: shellEnv(join(dir, 'node_modules', '.bin')), timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /stub hrl --help/);
  assert.equal(existsSync(marker) ? readFileSync(marker, 'utf8') : '', '', 'npx ran a build tool');
});

test('the install hook builds on npm install, skips under npm exec, and survives a failed build', () => {
  const { dir, marker } = fakeProject();
  const hook = (command: string, tools: string): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [join('scripts', 'install-addon.mjs')], {
    cwd: dir, encoding: 'utf8', env: { ...shellEnv(tools), npm_command: command },
  });
  const exec = hook('exec', join(dir, 'node_modules', '.bin'));
  assert.equal(exec.status, 0);
  assert.match(String(exec.stdout), /not building the native addon for npx/);
  assert.equal(existsSync(marker), false);
  for (const command of ['install', 'ci', 'rebuild']) {
    assert.equal(hook(command, join(dir, 'node_modules', '.bin')).status, 0);
    assert.equal(readFileSync(marker, 'utf8'), 'node-gyp rebuild\n', command);
    writeFileSync(marker, '');
  }
  const failing = hook('install', stubTools(join(dir, 'failing'), marker, 1));
  assert.equal(failing.status, 0, 'a failed build leaves the install successful');
  assert.match(String(failing.stderr), /native addon build failed \(exit status 1\); using the TypeScript backend/);
});

test('the hrl CLI never runs a build tool, whatever the command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-tools-'));
  const marker = join(dir, 'built.txt');
  const tools = stubTools(join(dir, 'bin'), marker);
  for (const args of [['--help'], ['info'], ['train', '--help']]) {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...shellEnv(tools), HRL_QUIET: '1' } });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  assert.equal(existsSync(marker) ? readFileSync(marker, 'utf8') : '', '');
});

test('a missing or broken addon is described with how to build it, not built', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-addon-'));
  const missing = openAddon(null, dir);
  assert.equal(missing.addon, null);
  assert.equal(missing.error, `${join(dir, 'build', 'Release', 'hrl_native.node')} not found: build it with \`npm install\` (or \`npm rebuild\`) in ${dir}; it needs g++ and Python for node-gyp`);
  const junk = join(dir, 'hrl_native.node');
  writeFileSync(junk, 'not a shared object');
  const broken = openAddon(junk, dir);
  assert.equal(broken.addon, null);
  assert.ok(broken.error.startsWith(`${junk} failed to load: `), broken.error);
  assert.match(broken.error, /rebuild it with `npm rebuild` in the package folder/);
});
