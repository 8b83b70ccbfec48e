/**
 * The native kernels on AArch64 without arm64 hardware: Debian's cross compiler (g++-aarch64-linux-gnu) builds
 * native/test/kernels_check.cc with the portable kernels and the NEON GEMM (the addon's flags), and qemu-user runs it:
 * every GEMM kernel (scalar and NEON, directly and through the dispatching gemm() on 1 and 3 threads), the
 * convolutions on the NEON kernel, the vectorised activations and Adam, against double-precision references. The
 * addon's other portable sources (N-API glue included) are compiled too — with Clang for AArch64 as well, where it is
 * installed (macOS builds with Clang) — to catch x86-only builtins, flags or GNU-only attributes.
 * Skips with a message where the cross compiler or qemu is absent (.ci/run installs them).
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const src = join(root, 'native/src');
const which = (cmd: string): string => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
const gxx = which('aarch64-linux-gnu-g++');
const qemu = which('qemu-aarch64');
const clang = which('clang++');
const sysroot = '/usr/aarch64-linux-gnu';

// binding.gyp's flags for the addon's C++ (no ISA flags: ASIMD is baseline on AArch64)
const flags = ['-std=c++17', '-O3', '-fno-math-errno', '-fno-trapping-math', '-Wall', '-Werror', `-I${src}`];
// the sources kernels_check.cc links (everything but the N-API glue and its users)
const checked = ['cpu', 'threadpool', 'gemm', 'gemm_scalar', 'gemm_neon', 'gemv', 'elementwise', 'fastmath', 'conv',
  'conv_winograd', 'conv_winograd3', 'optim'].map((f) => join(src, `${f}.cc`));
// every portable source of native/src (the AVX files are built for x86-64 only)
const portable = readdirSync(src).filter((f) => f.endsWith('.cc') && !f.startsWith('gemm_avx')).map((f) => join(src, f));

/** N-API headers for addon.cc: Node's own (beside its binary) and node-addon-api's; null where Node ships none. */
function napiIncludes(): string[] | null {
  const node = join(dirname(process.execPath), '../include/node');
  if (!existsSync(join(node, 'node_api.h'))) return null;
  const addonApi = (createRequire(join(root, 'package.json'))('node-addon-api') as { include_dir: string }).include_dir;
  return [`-I${node}`, `-I${join(root, addonApi)}`, '-DNAPI_DISABLE_CPP_EXCEPTIONS', '-DNAPI_VERSION=8'];
}

/** Compiles each source to an object in `out` (two at a time: CI has two cores); returns the objects. */
async function compileAll(cxx: string, extra: string[], sources: string[], out: string): Promise<string[]> {
  const objects: string[] = [];
  const queue = [...sources];
  const worker = async (): Promise<void> => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      const obj = join(out, `${basename(s, '.cc')}.o`);
      try {
        await run(cxx, [...extra, ...flags, '-c', s, '-o', obj], { maxBuffer: 1 << 24 });
      } catch (e) {
        const err = e as { stderr?: string; message: string };
        assert.fail(`${basename(cxx)} ${basename(s)} failed for AArch64:\n${err.stderr ?? err.message}`);
      }
      objects.push(obj);
    }
  };
  await Promise.all([worker(), worker()]);
  return objects;
}

const missing = !gxx ? 'the AArch64 cross compiler (g++-aarch64-linux-gnu) is not installed'
  : !qemu ? 'qemu-user (qemu-aarch64) is not installed' : false;

test('the kernels built for AArch64 (NEON GEMM) agree with the references under qemu', { skip: missing }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'hrl-arm64-'));
  try {
    const objects = await compileAll(gxx, [], [...checked, join(root, 'native/test/kernels_check.cc')], out);
    const exe = join(out, 'kernels_check');
    await run(gxx, ['-pthread', ...objects, '-o', exe]);
    const { stdout } = await run(qemu, ['-L', sysroot, exe], { timeout: 300_000 });
    console.log(stdout.trimEnd());
    // the NEON micro-kernel itself ran (and was what the dispatcher chose), not only the portable one
    assert.match(stdout, /^neon: \d+ gemm cases .* ok in [\d.]+ s, 6 conv geometries/m);
    assert.match(stdout, /^ok isas=scalar,neon detected=neon$/m);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('every portable source of the addon compiles for AArch64 with GCC, and with Clang where installed', { skip: gxx ? false : 'the AArch64 cross compiler (g++-aarch64-linux-gnu) is not installed' }, async () => {
  const napi = napiIncludes();
  const sources = napi ? portable : portable.filter((f) => basename(f) !== 'addon.cc');
  const out = mkdtempSync(join(tmpdir(), 'hrl-arm64-'));
  try {
    // syntax and instantiation only for GCC (the first test compiles most of these to code already)
    for (const s of sources) {
      const r = spawnSync(gxx, [...(napi ?? []), ...flags, '-fsyntax-only', s], { encoding: 'utf8' });
      assert.equal(r.status, 0, `aarch64-linux-gnu-g++ ${basename(s)}:\n${r.stderr}`);
    }
    if (clang) await compileAll(clang, ['--target=aarch64-linux-gnu', ...(napi ?? [])], sources, out);
    console.log(`arm64: ${sources.length} sources compile for AArch64 with GCC${clang ? ' and Clang' : ' (Clang not installed)'}` +
      (napi ? '' : ' (addon.cc left out: no Node headers beside node)'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
