/**
 * A forced instruction set reaches every kernel family: under each level this CPU has (setIsa, and HRL_ISA in a child
 * process), the addon reports that level for the GEMM kernel and for each family's loop copy (elementwise, fastmath,
 * optimizer, GEMV, conv, Winograd), and a handful of ops through those families agree with the reference backend.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Conv2dGeometry } from '../../src/tensor/index.js';
import { native, ref, skip, rand, Rng, U, assertClose, isas } from './helpers.js';

function geom(n: number, c: number, h: number, w: number, o: number, k: number, s: number): Conv2dGeometry {
  const oh = Math.floor((h - k) / s) + 1, ow = Math.floor((w - k) / s) + 1;
  return { n, c, h, w, o, kh: k, kw: k, sh: s, sw: s, ph: 0, pw: 0, oh, ow };
}

// GEMM-style bound for K products per output of values in [-1, 1] (as conv.test.ts).
const dotTol = (K: number) => (_i: number, w: number): number => 4 * (K + 2) * U * Math.max(1, Math.abs(w)) * K ** 0.5 + 1e-6;

/** The ops of each family, native against the reference. */
function checkOps(label: string): void {
  const rng = new Rng(17);
  // conv: a padded direct one, a Winograd F(2×2, 3×3) one and a space-to-depth one (both Winograd at batch ≥ 16 at the
  // AVX2 and AVX-512 levels; the direct path otherwise), forward and both gradients
  const convs = [
    { ...geom(3, 3, 9, 9, 4, 3, 1), ph: 1, pw: 1, oh: 9, ow: 9 },
    geom(16, 8, 10, 10, 8, 3, 1),
    geom(16, 4, 20, 20, 8, 4, 2),
  ];
  for (const g of convs) {
    const x = rand(g.n * g.c * g.h * g.w, rng), w = rand(g.o * g.c * g.kh * g.kw, rng), b = rand(g.o, rng);
    const gy = rand(g.n * g.o * g.oh * g.ow, rng);
    const yn = new Float32Array(gy.length), yr = yn.slice();
    native!.conv2dForward(x, w, b, yn, g, true);
    ref.conv2dForward(x, w, b, yr, g, true);
    assertClose(`${label}: conv fwd ${JSON.stringify(g)}`, yn, yr, dotTol(g.c * g.kh * g.kw));
    const gxn = new Float32Array(x.length), gxr = gxn.slice();
    native!.conv2dBackwardInput(gy, w, gxn, g);
    ref.conv2dBackwardInput(gy, w, gxr, g);
    assertClose(`${label}: conv bwd input ${JSON.stringify(g)}`, gxn, gxr, dotTol(g.o * g.kh * g.kw));
    const gwn = new Float32Array(w.length), gwr = gwn.slice(), gbn = new Float32Array(g.o), gbr = gbn.slice();
    native!.conv2dBackwardWeight(x, gy, gwn, gbn, g);
    ref.conv2dBackwardWeight(x, gy, gwr, gbr, g);
    assertClose(`${label}: conv bwd weight ${JSON.stringify(g)}`, gwn, gwr, dotTol(g.n * g.oh * g.ow));
  }
  // linear: the blocked GEMM (X·Wᵀ at batch 96) and GEMV (batch 1, k = 300)
  for (const [m, k, n] of [[96, 200, 70], [1, 300, 130]] as const) {
    const a = rand(m * k, rng), w = rand(n * k, rng), cn = new Float32Array(m * n), cr = cn.slice();
    native!.gemm(false, true, m, n, k, 1, a, 0, k, 0, w, 0, k, 0, 0, cn, 0, n, 0, 1);
    ref.gemm(false, true, m, n, k, 1, a, 0, k, 0, w, 0, k, 0, 0, cr, 0, n, 0, 1);
    assertClose(`${label}: linear ${m}×${k}·${k}×${n}`, cn, cr, dotTol(k));
  }
  // elementwise: relu and gelu (per-element loops), tanh (fastmath), a broadcast add
  const x = rand(5000, rng, -4, 4);
  for (const op of ['relu', 'gelu', 'tanh'] as const) {
    const on = new Float32Array(x.length), or = on.slice();
    native!.unary(op, x, on, 0, 0);
    ref.unary(op, x, or, 0, 0);
    assertClose(`${label}: ${op}`, on, or, (_i, w) => 2 ** -23 * Math.abs(w) + 1e-7);
  }
  const row = rand(50, rng), sn = new Float32Array(x.length), sr = sn.slice();
  native!.binary('add', x, [50, 1], row, [0, 1], sn, [100, 50]);
  ref.binary('add', x, [50, 1], row, [0, 1], sr, [100, 50]);
  assertClose(`${label}: broadcast add`, sn, sr);
  // optimizer step: Adam with weight decay
  const p = rand(3000, rng), grad = rand(3000, rng), m0 = rand(3000, rng), v0 = rand(3000, rng, 0, 1);
  const [pn, mn, vn, pr, mr, vr] = [p.slice(), m0.slice(), v0.slice(), p.slice(), m0.slice(), v0.slice()];
  assert.equal(native!.adamStep(pn, grad, mn, vn, 1e-3, 0.9, 0.999, 1e-8, 0.01, 3), true);
  ref.adamStep(pr, grad, mr, vr, 1e-3, 0.9, 0.999, 1e-8, 0.01, 3);
  // in float against the reference's double, as kernels.test.ts allows
  const stepTol = (_i: number, w: number): number => 2e-6 * Math.abs(w) + 5e-6;
  assertClose(`${label}: adam p`, pn, pr, stepTol);
  assertClose(`${label}: adam v`, vn, vr, stepTol);
}

const FAMILIES = ['gemm', 'elementwise', 'fastmath', 'optim', 'gemv', 'conv', 'winograd'];

describe('a forced instruction set reaches every kernel family', { skip }, () => {
  const start = native ? native.raw.info().isa : 'scalar';
  after(() => { if (native) native.raw.setIsa(start as 'scalar' | 'avx2' | 'avx512'); });

  for (const isa of isas()) {
    test(`setIsa('${isa}'): every family dispatches to ${isa}, and the ops agree with the reference`, () => {
      assert.equal(native!.raw.setIsa(isa), isa);
      const info = native!.raw.info();
      assert.equal(info.isa, isa);
      assert.deepEqual(Object.keys(info.kernels).sort(), [...FAMILIES].sort());
      for (const f of FAMILIES) assert.equal(info.kernels[f], isa, `${f} at ${isa}`);
      // the Winograd convolutions follow the level (unless HRL_CONV_WINOGRAD says otherwise): on at AVX2 and above
      if (!process.env.HRL_CONV_WINOGRAD) assert.equal(info.winograd, isa !== 'scalar');
      checkOps(isa);
    });
  }

  test('setIsa never raises above the CPU and rejects unknown names', () => {
    const detected = native!.raw.info().detected;
    assert.equal(native!.raw.setIsa('avx512'), detected);
    assert.throws(() => native!.raw.setIsa('avx3' as 'avx2'), /setIsa: unknown instruction set 'avx3'/);
  });

  test('HRL_ISA forces the level at load, in a child process', () => {
    const helpers = fileURLToPath(new URL('./helpers.js', import.meta.url));
    const lowest = isas()[0]!, highest = isas().at(-1)!;
    for (const isa of new Set([lowest, highest])) {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e',
        `const { native } = await import(${JSON.stringify(helpers)}); console.log(JSON.stringify(native.raw.info().kernels));`],
        { env: { ...process.env, HRL_ISA: isa }, encoding: 'utf8' });
      const kernels = JSON.parse(out) as Record<string, string>;
      for (const f of FAMILIES) assert.equal(kernels[f], isa, `HRL_ISA=${isa}: ${f}`);
    }
  });
});
