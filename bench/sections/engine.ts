/**
 * Engine kernels: the GEMM shapes of the engine probe (Nature-CNN dense layer fwd / dW / dX, and 512³) per instruction
 * set and thread count, against that set's FMA peak measured on this machine (fmaPeak) at the same thread count; conv1
 * of the Nature CNN; per-call overhead of tiny ops; and the TypeScript reference on the shapes it can do in reasonable
 * time.
 * `node dist/bench/run.js engine [--quick]`.
 */
import { loadNativeBackend, nativeLoadError, usableIsas, type NativeBackend, type NativeIsa } from '../../src/tensor/backends/native.js';
import { ReferenceBackend } from '../../src/tensor/backends/reference.js';
import type { Backend, Conv2dGeometry } from '../../src/tensor/index.js';
import { Rng } from '../../src/util/rng.js';

interface GemmShape { name: string; tA: boolean; tB: boolean; m: number; n: number; k: number }
const SHAPES: GemmShape[] = [
  { name: 'fc_fwd  X[32x3136]·W[3136x512]', tA: false, tB: false, m: 32, n: 512, k: 3136 },
  { name: 'fc_dW   Xᵀ[3136x32]·dY[32x512]', tA: true, tB: false, m: 3136, n: 512, k: 32 },
  { name: 'fc_dX   dY[32x512]·Wᵀ[512x3136]', tA: false, tB: true, m: 32, n: 3136, k: 512 },
  { name: 'sq512   512³', tA: false, tB: false, m: 512, n: 512, k: 512 },
  { name: 'minatar dense 32x1600·1600x128', tA: false, tB: true, m: 32, n: 128, k: 1600 },
  { name: 'small   32x64·64x18', tA: false, tB: true, m: 32, n: 18, k: 64 },
];

/**
 * Best ms of fn over enough repetitions to fill ~budgetMs (at least 5). The best, not the median: on a shared 2-vCPU
 * VM other processes preempt runs, and the best run is the one that measures the kernel rather than the neighbours.
 */
function timeMs(fn: () => void, budgetMs = 300): number {
  fn();
  const t0 = performance.now();
  fn();
  const once = Math.max(performance.now() - t0, 1e-4);
  const reps = Math.max(5, Math.min(2000, Math.round(budgetMs / once)));
  const inner = once < 0.05 ? Math.ceil(0.05 / once) : 1;
  const times: number[] = [];
  for (let r = 0; r < Math.min(reps, 200); r++) {
    const s = performance.now();
    for (let i = 0; i < inner; i++) fn();
    times.push((performance.now() - s) / inner);
  }
  return Math.min(...times);
}

function rand(n: number, rng: Rng): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform() * 2 - 1;
  return a;
}

function gemmRunner(be: Backend, s: GemmShape, rng: Rng): () => void {
  const a = rand(s.m * s.k, rng), b = rand(s.k * s.n, rng), c = new Float32Array(s.m * s.n);
  const lda = s.tA ? s.m : s.k, ldb = s.tB ? s.k : s.n;
  return () => be.gemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, 0, lda, 0, b, 0, ldb, 0, 0, c, 0, s.n, 0, 1);
}

const pad = (s: string, n: number): string => s.padEnd(n);
const num = (x: number, d = 2): string => x.toFixed(d).padStart(8);

/** The GEMM table's instruction sets (highest first) and thread counts. */
function gemmLevels(nb: NativeBackend): { isas: NativeIsa[]; threadCounts: number[] } {
  const poolThreads = nb.raw.info().threads;
  return { isas: usableIsas(nb.raw.info().detected).reverse(), threadCounts: poolThreads > 1 ? [1, poolThreads] : [1] };
}

/** Prints the measured FMA peak, GFLOP/s, per instruction set and thread count: the header of the tables. */
function printPeaks(nb: NativeBackend): void {
  const { isas, threadCounts } = gemmLevels(nb);
  console.log('measured FMA peak, GFLOP/s (independent vector multiply-adds on every thread, best of 20 rounds):');
  for (const isa of isas) {
    const row = threadCounts.map((t) => `${t} thread${t === 1 ? '' : 's'} ${nb.raw.fmaPeak(isa, t).toFixed(1)}`);
    console.log(`  ${pad(isa, 7)} ${row.join('   ')}`);
  }
}

function gemmTable(nb: NativeBackend, quick: boolean): void {
  const { isas, threadCounts } = gemmLevels(nb);
  const { threads: poolThreads, isa: start } = nb.raw.info();
  console.log('\nGEMM (row-major; transposes read through packing). ms / GFLOP/s; "%pk" = share of the FMA peak of that instruction set and thread count, measured again just before the row');
  console.log(`${pad('shape', 36)} ${pad('isa', 7)} thr       ms   GFLOP/s   %pk`);
  const rng = new Rng(1);
  for (const s of SHAPES) {
    const flop = 2 * s.m * s.n * s.k;
    for (const isa of quick ? isas.slice(0, 1) : isas) {
      nb.raw.setIsa(isa);
      for (const t of threadCounts) {
        nb.raw.setThreads(t);
        // the peak again, just before the row: the turbo clock follows the load of the other cores from second to second
        const peak = Math.max(nb.raw.fmaPeak(isa, t), 1e-9);
        const ms = timeMs(gemmRunner(nb, s, rng));
        const gf = flop / ms / 1e6;
        console.log(`${pad(s.name, 36)} ${pad(isa, 7)} ${String(t).padStart(3)} ${num(ms, 3)} ${num(gf, 1)} ${num((100 * gf) / peak, 0)}%`);
      }
    }
  }
  nb.raw.setIsa(isas.find((i) => i === start) ?? isas[0]!);
  nb.raw.setThreads(poolThreads);
}

function referenceTable(): void {
  const ref = new ReferenceBackend();
  const rng = new Rng(2);
  console.log('\nTypeScript reference backend (small shapes only)');
  for (const s of [SHAPES[4]!, SHAPES[5]!, { name: 'sq128   128³', tA: false, tB: false, m: 128, n: 128, k: 128 }]) {
    const ms = timeMs(gemmRunner(ref, s, rng), 200);
    console.log(`${pad(s.name, 36)} ${pad('ts', 7)}   1 ${num(ms, 3)} ${num((2 * s.m * s.n * s.k) / ms / 1e6, 1)}`);
  }
}

function convTable(nb: NativeBackend): void {
  const g: Conv2dGeometry = { n: 32, c: 4, h: 84, w: 84, o: 32, kh: 8, kw: 8, sh: 4, sw: 4, ph: 0, pw: 0, oh: 20, ow: 20 };
  const rng = new Rng(3);
  const x = rand(g.n * g.c * g.h * g.w, rng), w = rand(g.o * g.c * g.kh * g.kw, rng), b = rand(g.o, rng);
  const y = new Float32Array(g.n * g.o * g.oh * g.ow), gy = rand(y.length, rng), gx = new Float32Array(x.length);
  const gw = new Float32Array(w.length), gb = new Float32Array(g.o);
  const flop = 2 * g.n * g.o * g.oh * g.ow * g.c * g.kh * g.kw;
  console.log('\nconv1 of the Nature CNN: 32x4x84x84, 8x8 stride 4 → 32x32x20x20; ms / GFLOP/s counted as direct convolution');
  console.log('(forward and weight gradient by space-to-depth + Winograd F(2×2, 2×2), 9/16 of the products: above the peak is possible)');
  const poolThreads = nb.raw.info().threads;
  for (const t of poolThreads > 1 ? [1, poolThreads] : [1]) {
    nb.raw.setThreads(t);
    const f = timeMs(() => nb.conv2dForward(x, w, b, y, g));
    const bw = timeMs(() => nb.conv2dBackwardWeight(x, gy, gw, gb, g));
    const bi = timeMs(() => nb.conv2dBackwardInput(gy, w, gx, g));
    console.log(`threads ${t}: fwd ${num(f, 3)} (${(flop / f / 1e6).toFixed(1)})  bwdW ${num(bw, 3)} (${(flop / bw / 1e6).toFixed(1)})  bwdX ${num(bi, 3)} (${(flop / bi / 1e6).toFixed(1)})  fwd+bwdW ${num(f + bw, 3)}`);
  }
  nb.raw.setThreads(poolThreads);
}

function overheadTable(nb: NativeBackend): void {
  const ref = new ReferenceBackend();
  const rng = new Rng(4);
  const x = rand(64, rng), out = new Float32Array(64);
  const a = rand(16, rng), b = rand(16, rng), c = new Float32Array(16);
  const ns = (be: Backend, fn: (be: Backend) => void): number => {
    for (let i = 0; i < 20000; i++) fn(be);
    const n = 200000, t0 = performance.now();
    for (let i = 0; i < n; i++) fn(be);
    return ((performance.now() - t0) / n) * 1e6;
  };
  console.log('\nper-call cost of tiny ops, ns (native includes the N-API transition)');
  const ops: [string, (be: Backend) => void][] = [
    ['relu n=64', (be) => be.unary('relu', x, out, 0, 0)],
    ['axpy n=64', (be) => be.axpy(0.5, x, out)],
    ['binary add [8,8]+[1,8]', (be) => be.binary('add', x, [8, 1], x, [0, 1], out, [8, 8])],
    ['gemm 4x4x4', (be) => be.gemm(false, false, 4, 4, 4, 1, a, 0, 4, 0, b, 0, 4, 0, 0, c, 0, 4, 0, 1)],
    ['alloc(64)', (be) => { be.alloc(64); }],
  ];
  for (const [name, fn] of ops) console.log(`${pad(name, 28)} native ${num(ns(nb, fn), 0)}   ts ${num(ns(ref, fn), 0)}`);
  console.log('\nallocation, ns per buffer (incl. GC of the garbage): JS Float32Array vs N-API external aligned buffer');
  // external buffers are invisible to V8's heap accounting, so large ones are not collected in time (OOM): small sizes only
  for (const size of [16, 1024]) {
    const reps = 20000;
    const time = (f: () => Float32Array): number => {
      for (let i = 0; i < reps / 10; i++) f();
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) f();
      return ((performance.now() - t0) / reps) * 1e6;
    };
    console.log(`n=${String(size).padEnd(8)} js ${num(time(() => new Float32Array(size)), 0)}   external ${num(time(() => nb.raw.allocExternal(size)), 0)}`);
  }
}

export async function run(args: string[]): Promise<void> {
  const nb = loadNativeBackend();
  if (!nb) {
    console.log(`native addon not available (${nativeLoadError()}); only the reference can be measured`);
    referenceTable();
    return;
  }
  console.log(nb.describe());
  console.log('times are the best of repeated runs (see timeMs); compare with research/engine-probe.md');
  const quick = args.includes('--quick');
  printPeaks(nb);
  gemmTable(nb, quick);
  convTable(nb);
  overheadTable(nb);
  referenceTable();
}
