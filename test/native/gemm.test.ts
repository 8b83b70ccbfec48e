/** Native GEMM vs the reference: every transpose combination, odd sizes, offsets, batch strides (incl. 0), α/β, each ISA. */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { native, ref, skip, rand, Rng, U, assertClose, isas } from './helpers.js';

interface Case { tA: boolean; tB: boolean; m: number; n: number; k: number; alpha: number; beta: number; batch: number; aBS0?: boolean; bBS0?: boolean }

function runCase(c: Case, rng: Rng): void {
  const { tA, tB, m, n, k, alpha, beta, batch } = c;
  const aOff = 3, bOff = 5, cOff = 7;
  // padded leading dimensions exercise the strides
  const lda = (tA ? m : k) + 2, ldb = (tB ? k : n) + 1, ldc = n + 3;
  const aRows = tA ? k : m, bRows = tB ? n : k;
  const aBS = c.aBS0 ? 0 : aRows * lda, bBS = c.bBS0 ? 0 : bRows * ldb, cBS = m * ldc;
  const a = rand(aOff + aBS * (batch - 1) + aRows * lda, rng);
  const b = rand(bOff + bBS * (batch - 1) + bRows * ldb, rng);
  const c0 = rand(cOff + cBS * batch, rng);
  const cn = c0.slice(), cr = c0.slice();
  native!.gemm(tA, tB, m, n, k, alpha, a, aOff, lda, aBS, b, bOff, ldb, bBS, beta, cn, cOff, ldc, cBS, batch);
  ref.gemm(tA, tB, m, n, k, alpha, a, aOff, lda, aBS, b, bOff, ldb, bBS, beta, cr, cOff, ldc, cBS, batch);
  // magnitude bound Σ|a||b| per output element
  const absA = a.map(Math.abs), absB = b.map(Math.abs), bound = new Float32Array(c0.length);
  ref.gemm(tA, tB, m, n, k, Math.abs(alpha), absA, aOff, lda, aBS, absB, bOff, ldb, bBS, 0, bound, cOff, ldc, cBS, batch);
  const name = `gemm ${tA ? 'T' : 'N'}${tB ? 'T' : 'N'} ${m}x${n}x${k} b${batch} α${alpha} β${beta}`;
  assertClose(name, cn, cr, (i) => 4 * (k + 2) * U * bound[i]! + 2 * U * Math.abs(beta * c0[i]!) + 1e-30);
}

describe('native gemm agrees with the reference', { skip }, () => {
  after(() => { if (native) native.raw.setIsa(isas().at(-1)!); });
  const sizes: [number, number, number][] = [
    [1, 1, 1], [1, 7, 3], [5, 1, 9], [3, 4, 1], [7, 13, 5], [13, 17, 31], [33, 65, 7], [8, 32, 16], [6, 16, 64],
    [17, 100, 257], [97, 45, 300], [200, 70, 33], [37, 2100, 9], [2, 3, 600],
    // one row (the matrix-vector path of batch-1 acting): serial, and split over the pool, with a k-remainder
    [1, 37, 129], [1, 517, 301], [1, 3, 2000],
  ];
  for (const isa of isas()) {
    test(`${isa}: all transposes, odd sizes, offsets, α/β`, () => {
      native!.raw.setIsa(isa);
      const rng = new Rng(7);
      for (const [m, n, k] of sizes) {
        for (const tA of [false, true]) for (const tB of [false, true]) {
          runCase({ tA, tB, m, n, k, alpha: 1, beta: 0, batch: 1 }, rng);
          runCase({ tA, tB, m, n, k, alpha: -0.5, beta: 0.75, batch: 1 }, rng);
        }
      }
    });
    test(`${isa}: batched, batch stride 0 on A or B, β ≠ 0`, () => {
      native!.raw.setIsa(isa);
      const rng = new Rng(11);
      for (const [m, n, k] of [[3, 5, 4], [19, 33, 41], [64, 40, 300], [1, 130, 515]] as const) {
        for (const tA of [false, true]) for (const tB of [false, true]) {
          runCase({ tA, tB, m, n, k, alpha: 1, beta: 0, batch: 3 }, rng);
          runCase({ tA, tB, m, n, k, alpha: 2, beta: 1, batch: 4, aBS0: true }, rng);
          runCase({ tA, tB, m, n, k, alpha: 1, beta: -1, batch: 2, bBS0: true }, rng);
        }
      }
    });
    test(`${isa}: large enough to be split across threads (incl. k > one k-block)`, () => {
      native!.raw.setIsa(isa);
      const rng = new Rng(13);
      for (const tA of [false, true]) for (const tB of [false, true]) {
        runCase({ tA, tB, m: 32, n: 520, k: 700, alpha: 1, beta: 0, batch: 1 }, rng);
        runCase({ tA, tB, m: 450, n: 24, k: 70, alpha: 1, beta: 0.5, batch: 1 }, rng);
      }
    });
  }
  test('k = 0 scales C by β (0 clears it)', () => {
    const c = new Float32Array([1, 2, 3, 4]);
    native!.gemm(false, false, 2, 2, 0, 1, new Float32Array(0), 0, 1, 0, new Float32Array(0), 0, 2, 0, 0.5, c, 0, 2, 0, 1);
    assertClose('k0 β', c, [0.5, 1, 1.5, 2]);
    native!.gemm(false, false, 2, 2, 0, 1, new Float32Array(0), 0, 1, 0, new Float32Array(0), 0, 2, 0, 0, c, 0, 2, 0, 1);
    assertClose('k0', c, [0, 0, 0, 0]);
  });
  test('β = 0 never reads C (NaN in C does not propagate)', () => {
    const rng = new Rng(3);
    for (const [m, n, k] of [[2, 3, 4], [40, 70, 30]] as const) {
      const a = rand(m * k, rng), b = rand(k * n, rng), c = new Float32Array(m * n).fill(NaN);
      native!.gemm(false, false, m, n, k, 1, a, 0, k, 0, b, 0, n, 0, 0, c, 0, n, 0, 1);
      for (const v of c) if (Number.isNaN(v)) throw new Error('NaN leaked from C');
    }
  });
});

describe('thread count does not change results', { skip }, () => {
  test('GEMM and conv give identical bits on 1 and on all threads', () => {
    const threads = native!.raw.info().threads;
    const rng = new Rng(17);
    const m = 70, n = 300, k = 260;
    const a = rand(m * k, rng), b = rand(k * n, rng);
    const g = { n: 4, c: 3, h: 19, w: 17, o: 40, kh: 5, kw: 4, sh: 2, sw: 1, ph: 1, pw: 2, oh: 9, ow: 18 };
    const x = rand(g.n * g.c * g.h * g.w, rng), w = rand(g.o * g.c * g.kh * g.kw, rng), gy = rand(g.n * g.o * g.oh * g.ow, rng);
    const runAll = (): Float32Array[] => {
      const c = new Float32Array(m * n), ct = new Float32Array(m * n), y = new Float32Array(gy.length), gw = new Float32Array(w.length), gx = new Float32Array(x.length);
      native!.gemm(false, false, m, n, k, 1, a, 0, k, 0, b, 0, n, 0, 0, c, 0, n, 0, 1);
      native!.gemm(false, true, m, n, k, 1, a, 0, k, 0, b, 0, k, 0, 0, ct, 0, n, 0, 1);
      native!.conv2dForward(x, w, null, y, g);
      native!.conv2dBackwardWeight(x, gy, gw, null, g);
      native!.conv2dBackwardInput(gy, w, gx, g);
      return [c, ct, y, gw, gx];
    };
    native!.raw.setThreads(1);
    const one = runAll();
    native!.raw.setThreads(threads);
    const all = runAll();
    one.forEach((r, i) => assertClose(`result ${i}`, all[i]!, r, () => 0));
  });
});

describe('fmaPeak (bench engine\'s %pk)', { skip }, () => {
  test('a positive, finite GFLOP/s per usable instruction set, on 1 and on all threads', () => {
    const threads = native!.raw.info().threads;
    for (const isa of isas()) {
      for (const t of [1, threads]) {
        const gf = native!.raw.fmaPeak(isa, t);
        assert.ok(Number.isFinite(gf) && gf > 0, `fmaPeak(${isa}, ${t}) = ${gf}`);
      }
    }
    // the thread count is restored
    assert.equal(native!.raw.info().threads, threads);
  });
  test('rejects a level this CPU cannot run and a thread count below 1', () => {
    const detected = native!.raw.info().detected;
    const foreign = detected === 'neon' ? 'avx2' : 'neon';
    assert.throws(() => native!.raw.fmaPeak(foreign, 1), new RegExp(`fmaPeak: instruction set '${foreign}' is not one this CPU runs`));
    assert.throws(() => native!.raw.fmaPeak('scalar', 0), /fmaPeak: threads must be ≥ 1, got 0/);
  });
});
