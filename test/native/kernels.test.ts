/** Native elementwise, reduction, copy, gather, normalisation and optimizer kernels vs the reference. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BINARY_OPS, UNARY_OPS, type UnaryOp } from '../../src/tensor/index.js';
import { native, ref, skip, rand, Rng, assertClose } from './helpers.js';

const domain: Partial<Record<UnaryOp, [number, number]>> = { log: [0.05, 4], sqrt: [0.01, 4], pow: [0.05, 3], reciprocal: [0.2, 3] };
const params: Partial<Record<UnaryOp, [number, number]>> = {
  pow: [2.5, 0], clamp: [-0.3, 0.6], leaky_relu: [0.01, 0], elu: [1.3, 0], huber: [0.7, 0], add_scalar: [0.1, 0], mul_scalar: [-1.7, 0],
};

describe('native elementwise kernels agree with the reference', { skip }, () => {
  test('unary and unaryBackward, every op, with and without accumulation (sizes 1, 7, 70001 → threaded)', () => {
    const rng = new Rng(1);
    for (const op of UNARY_OPS) {
      const [lo, hi] = domain[op] ?? [-4, 4];
      const [p1, p2] = params[op] ?? [0, 0];
      for (const n of [1, 7, 70001]) {
        const x = rand(n, rng, lo, hi);
        if (n === 7 && (op === 'relu' || op === 'clamp' || op === 'abs')) { x[0] = 0; x[1] = p1; x[2] = p2; }
        const yn = new Float32Array(n), yr = new Float32Array(n);
        native!.unary(op, x, yn, p1, p2);
        ref.unary(op, x, yr, p1, p2);
        assertClose(`${op} fwd n=${n}`, yn, yr);
        const gy = rand(n, rng), g0 = rand(n, rng);
        for (const acc of [false, true]) {
          const gn = g0.slice(), gr = g0.slice();
          native!.unaryBackward(op, x, yr, gy, gn, p1, p2, acc);
          ref.unaryBackward(op, x, yr, gy, gr, p1, p2, acc);
          assertClose(`${op} bwd acc=${acc} n=${n}`, gn, gr);
        }
      }
    }
  });

  test('unary in place (out aliases x) and on subarray views', () => {
    const rng = new Rng(2);
    const big = rand(50, rng);
    const view = big.subarray(5, 25);
    const want = new Float32Array(20);
    ref.unary('tanh', view, want, 0, 0);
    native!.unary('tanh', view, view, 0, 0);
    assertClose('tanh in place on a view', view, want);
  });

  test('binary, every op, with broadcasting strides', () => {
    const rng = new Rng(3);
    const cases: [number[], number[], number[]][] = [
      [[1], [1], [1]], [[5], [1], [0]], [[2, 3, 4], [12, 4, 1], [0, 1, 0]], [[3, 1, 7], [7, 7, 1], [1, 0, 0]], [[4, 300, 70], [0, 70, 1], [300, 1, 0]],
      [[], [], []],
    ];
    for (const op of BINARY_OPS) {
      for (const [shape, as, bs] of cases) {
        const total = shape.reduce((p, d) => p * d, 1);
        const span = (st: number[]): number => 1 + shape.reduce((p, d, i) => p + (d - 1) * st[i]!, 0);
        const a = rand(span(as), rng), b = rand(span(bs), rng);
        // grid values make ties for the comparison ops
        for (let i = 0; i < a.length; i++) if (i % 3 === 0) a[i] = Math.round(a[i]! * 2) / 2;
        for (let i = 0; i < b.length; i++) if (i % 2 === 0) b[i] = Math.round(b[i]! * 2) / 2;
        const on = new Float32Array(total), or = new Float32Array(total);
        native!.binary(op, a, as, b, bs, on, shape);
        ref.binary(op, a, as, b, bs, or, shape);
        assertClose(`${op} ${JSON.stringify(shape)}`, on, or);
      }
    }
  });

  test('scaleBytes: every byte value, bit for bit, on sizes 1, 13 and 100003 (threaded), into a longer output', () => {
    for (const n of [1, 13, 100003]) {
      const x = new Uint8Array(n).map((_, i) => (i * 97 + 13) & 255);
      if (n > 256) for (let v = 0; v < 256; v++) x[v] = v;
      const on = new Float32Array(n + 3).fill(-1), or = new Float32Array(n + 3).fill(-1);
      native!.scaleBytes(x, 1 / 255, on); ref.scaleBytes(x, 1 / 255, or);
      assert.deepEqual(on, or, `n=${n}`);
      for (let i = 0; i < n; i++) assert.ok(Math.abs(or[i]! - x[i]! / 255) <= 6e-8, `value ${x[i]}`);
      assert.equal(on[n], -1, 'nothing written past the input');
    }
    // Other scales (the float fused-multiply-add path where it equals the double product for all 256 bytes, the
    // double loop elsewhere): still the reference's float(b·s), bit for bit.
    const all = new Uint8Array(256 * 7).map((_, i) => i & 255);
    for (const s of [1 / 256, 0.1, 1 / 3, 3.7, 1e-3, 1 / 127, 2 / 255, 1e-30, 7e30]) {
      const on = new Float32Array(all.length), or = new Float32Array(all.length);
      native!.scaleBytes(all, s, on); ref.scaleBytes(all, s, or);
      assert.deepEqual(on, or, `scale ${s}`);
    }
  });

  test('fill, scale, axpy, where, sumSquares', () => {
    const rng = new Rng(4);
    for (const n of [1, 13, 100003]) {
      const x = rand(n, rng), y0 = rand(n, rng), c = rand(n, rng).map((v) => (v > 0 ? 1 : 0));
      const f = new Float32Array(n);
      native!.fill(f, 0.3);
      assertClose('fill', f, new Float32Array(n).fill(0.3));
      const sn = new Float32Array(n), sr = new Float32Array(n);
      native!.scale(x, 0.1, sn); ref.scale(x, 0.1, sr);
      assertClose('scale', sn, sr);
      const an = y0.slice(), ar = y0.slice();
      native!.axpy(-0.3, x, an); ref.axpy(-0.3, x, ar);
      assertClose('axpy', an, ar);
      const wn = new Float32Array(n), wr = new Float32Array(n);
      native!.where(c, x, y0, wn); ref.where(c, x, y0, wr);
      assertClose('where', wn, wr);
      const ssn = native!.sumSquares(x), ssr = ref.sumSquares(x);
      assert.ok(Math.abs(ssn - ssr) <= 1e-12 * ssr, `sumSquares ${ssn} vs ${ssr}`);
    }
  });

  test('reduce sum/max/min with argmax (first winner on ties)', () => {
    const rng = new Rng(5);
    for (const [outer, n, inner] of [[1, 1, 1], [3, 7, 5], [2, 301, 1], [1, 5, 300], [40, 33, 20]] as const) {
      const x = rand(outer * n * inner, rng).map((v) => Math.round(v * 4) / 4);
      for (const op of ['sum', 'max', 'min'] as const) {
        const on = new Float32Array(outer * inner), or = new Float32Array(outer * inner);
        const an = new Int32Array(outer * inner), ar = new Int32Array(outer * inner);
        native!.reduce(op, x, outer, n, inner, on, op === 'sum' ? null : an);
        ref.reduce(op, x, outer, n, inner, or, op === 'sum' ? null : ar);
        assertClose(`reduce ${op}`, on, or);
        if (op !== 'sum') assert.deepEqual(an, ar);
      }
    }
  });

  test('stridedCopy: permutations, offsets, broadcast reads, strided writes', () => {
    const rng = new Rng(6);
    const src = rand(200, rng);
    const cases: [number[], number, number[], number, number[]][] = [
      [[2, 3, 4], 1, [1, 8, 2], 0, [12, 4, 1]],
      [[3, 5], 10, [0, 1], 2, [5, 1]],
      [[4, 3], 0, [3, 1], 1, [1, 4]],
      [[], 17, [], 3, []],
      [[2, 1, 6], 4, [30, 0, 2], 0, [6, 6, 1]],
    ];
    for (const [shape, so, ss, dof, ds] of cases) {
      const dn = rand(60, rng), dr = dn.slice();
      native!.stridedCopy(src, so, ss, dn, dof, ds, shape);
      ref.stridedCopy(src, so, ss, dr, dof, ds, shape);
      assertClose(`stridedCopy ${JSON.stringify(shape)}`, dn, dr);
    }
  });

  test('gather / scatterAdd, and out-of-range indices throw RangeError', () => {
    const rng = new Rng(7);
    const [outer, n, inner, k] = [3, 5, 2, 4];
    const x = rand(outer * n * inner, rng);
    const idx = Int32Array.from({ length: outer * k * inner }, () => rng.int(n));
    const on = new Float32Array(outer * k * inner), or = on.slice();
    native!.gather(x, idx, on, outer, n, inner, k);
    ref.gather(x, idx, or, outer, n, inner, k);
    assertClose('gather', on, or);
    const gy = rand(outer * k * inner, rng), g0 = rand(outer * n * inner, rng);
    const gn = g0.slice(), gr = g0.slice();
    native!.scatterAdd(gy, idx, gn, outer, n, inner, k);
    ref.scatterAdd(gy, idx, gr, outer, n, inner, k);
    assertClose('scatterAdd', gn, gr);
    idx[3] = n;
    assert.throws(() => native!.gather(x, idx, on, outer, n, inner, k), RangeError);
  });
});

describe('native row-wise kernels agree with the reference', { skip }, () => {
  test('layerNorm forward/backward, affine or not, gradients accumulate', () => {
    const rng = new Rng(8);
    for (const [rows, cols] of [[1, 1], [3, 7], [64, 129], [300, 50]] as const) {
      for (const affine of [true, false]) {
        const x = rand(rows * cols, rng, -3, 3), gamma = affine ? rand(cols, rng) : null, beta = affine ? rand(cols, rng) : null;
        const on = new Float32Array(rows * cols), or = on.slice();
        const mn = new Float32Array(rows), mr = mn.slice(), rn = mn.slice(), rr = mn.slice();
        native!.layerNormForward(x, gamma, beta, on, mn, rn, rows, cols, 1e-5);
        ref.layerNormForward(x, gamma, beta, or, mr, rr, rows, cols, 1e-5);
        assertClose('ln out', on, or); assertClose('ln mean', mn, mr); assertClose('ln rstd', rn, rr);
        const gy = rand(rows * cols, rng);
        const gxn = new Float32Array(rows * cols), gxr = gxn.slice();
        const gg0 = rand(cols, rng), gb0 = rand(cols, rng);
        const ggn = affine ? gg0.slice() : null, ggr = affine ? gg0.slice() : null, gbn = affine ? gb0.slice() : null, gbr = affine ? gb0.slice() : null;
        native!.layerNormBackward(gy, x, gamma, mr, rr, gxn, ggn, gbn, rows, cols);
        ref.layerNormBackward(gy, x, gamma, mr, rr, gxr, ggr, gbr, rows, cols);
        const loose = (_i: number, w: number): number => 1e-5 * Math.abs(w) + 1e-5;
        assertClose('ln gx', gxn, gxr, loose);
        if (affine) { assertClose('ln ggamma', ggn!, ggr!, loose); assertClose('ln gbeta', gbn!, gbr!, loose); }
      }
    }
  });

  test('softmax and log-softmax forward/backward', () => {
    const rng = new Rng(9);
    for (const [rows, cols] of [[1, 1], [4, 3], [33, 18], [200, 1000]] as const) {
      for (const log of [false, true]) {
        const x = rand(rows * cols, rng, -6, 6);
        const yn = new Float32Array(rows * cols), yr = yn.slice();
        native!.softmax(x, yn, rows, cols, log);
        ref.softmax(x, yr, rows, cols, log);
        assertClose(`softmax log=${log}`, yn, yr);
        const gy = rand(rows * cols, rng), gn = new Float32Array(rows * cols), gr = gn.slice();
        native!.softmaxBackward(yr, gy, gn, rows, cols, log);
        ref.softmaxBackward(yr, gy, gr, rows, cols, log);
        assertClose(`softmax bwd log=${log}`, gn, gr, (_i, w) => 1e-6 * Math.abs(w) + 1e-6);
      }
    }
  });
});

describe('native fused optimizer steps agree with the reference over several steps', { skip }, () => {
  const n = 40009; // odd, and large enough to be split across threads
  const run = (name: string, state: number, step: (be: typeof ref, p: Float32Array, g: Float32Array, s: Float32Array[], t: number) => void): void => {
    test(name, () => {
      const rng = new Rng(name.length);
      const p0 = rand(n, rng);
      const pn = p0.slice(), pr = p0.slice();
      const sn = Array.from({ length: state }, () => new Float32Array(n)), sr = sn.map((s) => s.slice());
      for (let t = 1; t <= 6; t++) {
        const g = rand(n, rng, -2, 2);
        step(native! as unknown as typeof ref, pn, g, sn, t);
        step(ref, pr, g, sr, t);
      }
      // the kernels compute in float (as PyTorch's do), the reference in double: where terms nearly cancel, their float
      // rounding shows as absolute error — a few ulp of the largest term, which is g/√v ≈ 10 in RMSprop's momentum
      // buffer here (ulp(10) ≈ 1e-6)
      const tol = (_i: number, w: number): number => 2e-6 * Math.abs(w) + 5e-6;
      assertClose(`${name} params`, pn, pr, tol);
      sn.forEach((s, i) => assertClose(`${name} state ${i}`, s, sr[i]!, tol));
    });
  };
  run('adam (weight decay)', 2, (be, p, g, [m, v], t) => be.adamStep(p, g, m!, v!, 1e-3, 0.9, 0.999, 1e-8, 0.01, t));
  run('radam (both regimes: steps 1–6 unrectified with β2=0.999; rectified with β2=0.9)', 2, (be, p, g, [m, v], t) => be.radamStep(p, g, m!, v!, 1e-3, 0.9, t > 3 ? 0.9 : 0.999, 1e-8, 0, t));
  run('rmsprop centered + momentum', 3, (be, p, g, [sq, ga, buf], _t) => be.rmspropStep(p, g, sq!, ga!, buf!, 1e-2, 0.99, 1e-8, 0.9, 0.001));
  run('rmsprop plain', 1, (be, p, g, [sq], _t) => be.rmspropStep(p, g, sq!, null, null, 1e-2, 0.99, 1e-8, 0, 0));
  run('sgd nesterov', 1, (be, p, g, [buf], t) => be.sgdStep(p, g, buf!, 0.1, 0.9, 0, true, 1e-4, t === 1));
  run('sgd momentum + dampening', 1, (be, p, g, [buf], t) => be.sgdStep(p, g, buf!, 0.1, 0.9, 0.1, false, 0, t === 1));
  run('sgd plain', 0, (be, p, g, _s, _t) => be.sgdStep(p, g, null, 0.1, 0, 0, false, 0, false));
});

describe('vectorised exp-based activations at extreme inputs', { skip }, () => {
  test('exp, tanh, sigmoid, silu, elu, softplus′ on tiny, huge, signed-zero, NaN and infinite inputs', () => {
    const special = Float32Array.from([0, -0, 1e-9, -1e-9, 1e-6, -1e-6, 1e-4, -1e-4, 1e-3, 0.5, -0.5, 20, -20, 50, -50, 88, 89, -87, -104, 100, -100, 800, -800, NaN, Infinity, -Infinity]);
    const x = new Float32Array(256);
    for (let i = 0; i < x.length; i++) x[i] = special[i % special.length]!;
    for (const op of ['exp', 'tanh', 'sigmoid', 'silu', 'elu'] as const) {
      const yn = new Float32Array(x.length), yr = new Float32Array(x.length);
      native!.unary(op, x, yn, 1, 0);
      ref.unary(op, x, yr, 1, 0);
      // silu(−∞) is NaN in the reference (−∞/∞) and −∞ natively: excluded
      const keep = (i: number): boolean => !(op === 'silu' && x[i] === -Infinity);
      assertClose(op, yn.filter((_, i) => keep(i)), yr.filter((_, i) => keep(i)));
    }
    for (const op of ['silu', 'softplus'] as const) {
      const gy = new Float32Array(x.length).fill(1), gn = new Float32Array(x.length), gr = new Float32Array(x.length), y = new Float32Array(x.length);
      native!.unaryBackward(op, x, y, gy, gn, 0, 0, false);
      ref.unaryBackward(op, x, y, gy, gr, 0, 0, false);
      const keep = (i: number): boolean => Number.isFinite(x[i]!);
      assertClose(`${op} bwd`, gn.filter((_, i) => keep(i)), gr.filter((_, i) => keep(i)));
    }
  });
});
