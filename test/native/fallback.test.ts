/** Backend selection: HRL_BACKEND=ts forces the reference (and it works); native is chosen by default when built. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { native } from './helpers.js';

const indexUrl = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '../../src/tensor/index.js')).href;

function child(env: Record<string, string>, body: string): string {
  const script = `const T = await import(${JSON.stringify(indexUrl)});\n${body}`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

const trainTiny = `
const x = T.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
const w = T.tensor([0.1, -0.2, 0.3, 0.4, 0.5, -0.6], [2, 3], true);
const y = T.relu(T.linear(x, w, null)).sum();
y.backward();
console.log(T.backend().name + ' ' + y.item().toFixed(4) + ' ' + Array.from(w.grad.data).join(','));`;

test('HRL_BACKEND=ts forces the reference backend in a child process, and the engine works on it', () => {
  const out = child({ HRL_BACKEND: 'ts' }, trainTiny);
  assert.equal(out, 'ts 2.3000 5,7,9,4,5,6');
});

test('default selection picks native when the addon is built (same numbers as ts)', { skip: native === null ? 'native addon not built' : false }, () => {
  const env = { ...process.env } as Record<string, string>;
  delete env['HRL_BACKEND'];
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const T = await import(${JSON.stringify(indexUrl)});\n${trainTiny}`], { env, encoding: 'utf8' }).trim();
  assert.equal(out, 'native 2.3000 5,7,9,4,5,6');
});

test('HRL_ISA with an unknown name fails clearly', () => {
  assert.throws(() => child({ HRL_BACKEND: 'native', HRL_ISA: 'avx3' }, 'T.backend();'), /HRL_ISA=avx3 is not an instruction set/);
});

test('HRL_BACKEND with an unknown name fails clearly', () => {
  assert.throws(() => child({ HRL_BACKEND: 'cuda' }, 'T.backend();'), /HRL_BACKEND=cuda is not a backend/);
});

test('HRL_THREADS sizes the pool and hrl-style describe() reports ISA, CPU, threads and Winograd convolutions', { skip: native === null ? 'native addon not built' : false }, () => {
  const out = child({ HRL_BACKEND: 'native', HRL_THREADS: '1', HRL_ISA: 'avx2' }, 'console.log(T.backend().describe());');
  assert.match(out, /^native \(C\+\+ addon; instruction set (avx2|neon|scalar)( \(forced; cpu supports \w+\))?; CPU .+; 1 thread; Winograd convolutions (on|off)\)$/);
  // (neon on AArch64, where x86 names keep it; Winograd on at the AVX2 and AVX-512 levels where GCC built the
  // transforms, off below; HRL_CONV_WINOGRAD=0 turns it off)
  assert.match(child({ HRL_BACKEND: 'native', HRL_ISA: 'scalar' }, 'console.log(T.backend().describe());'), /; Winograd convolutions off\)$/);
  assert.match(child({ HRL_BACKEND: 'native', HRL_CONV_WINOGRAD: '0' }, 'console.log(T.backend().describe());'), /; Winograd convolutions off\)$/);
});
