/**
 * Diagnostics micro-benchmarks: the symmetric eigensolver (values only, and with vectors) and a full
 * `layerReport` (stats, masks, one SVD) on float32 activation matrices of probe-batch size.
 */
import { layerReport } from '../../src/diagnostics/index.js';
import { symmetricEigen, type Matrix } from '../../src/linalg/index.js';
import { Rng } from '../../src/util/rng.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

interface Timing { wallMs: number; minWallMs: number; cpuMs: number }

/**
 * Median and minimum wall time, and median process CPU time (user + system) over `reps` runs after a
 * warm-up. On a shared, loaded machine the CPU time is the better estimate of single-thread cost.
 */
function time(reps: number, fn: () => void): Timing {
  fn(); // warm-up (JIT)
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wallMs: median(wall), minWallMs: Math.min(...wall), cpuMs: median(cpu) };
}

function randomSymmetric(n: number, rng: Rng): Matrix {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) { const x = rng.normal(); data[i * n + j] = x; data[j * n + i] = x; }
  return { data, rows: n, cols: n };
}

/** tanh activations of a random linear layer of width `cols` on `rows` Gaussian probe inputs of dimension 64. */
function tanhActivations(rows: number, cols: number, rng: Rng): Matrix {
  const inDim = 64;
  const x = new Float32Array(rows * inDim), w = new Float32Array(inDim * cols);
  rng.fillNormal(x); rng.fillNormal(w, 0, 1 / Math.sqrt(inDim));
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < inDim; k++) {
      const xik = x[i * inDim + k]!;
      for (let j = 0; j < cols; j++) data[i * cols + j] += xik * w[k * cols + j]!;
    }
  }
  for (let i = 0; i < data.length; i++) data[i] = Math.tanh(2 * data[i]!);
  return { data, rows, cols };
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const reps = quick ? 1 : 5;
  const rng = new Rng(1);
  const rows: [string, Timing][] = [];
  for (const n of [256, 512, 1024]) {
    const a = randomSymmetric(n, rng);
    rows.push([`symmetricEigen ${n}x${n}, values`, time(reps, () => symmetricEigen(a))]);
  }
  for (const n of quick ? [256] : [256, 512]) {
    const a = randomSymmetric(n, rng);
    rows.push([`symmetricEigen ${n}x${n}, values + vectors`, time(reps, () => symmetricEigen(a, { vectors: true }))]);
  }
  for (const cols of [512, 1024]) {
    const m = tanhActivations(1024, cols, rng);
    rows.push([`layerReport 1024x${cols} f32 (tanh)`, time(reps, () => layerReport(m, { activation: 'tanh' }))]);
    rows.push([`layerReport 1024x${cols} f32, rank: false`, time(reps, () => layerReport(m, { activation: 'tanh', rank: false }))]);
  }
  console.log(`| case (${reps} runs after a warm-up) | median wall ms | min wall ms | median CPU ms |`);
  console.log('|---|---:|---:|---:|');
  for (const [name, t] of rows) {
    console.log(`| ${name} | ${t.wallMs.toFixed(1)} | ${t.minWallMs.toFixed(1)} | ${t.cpuMs.toFixed(1)} |`);
  }
}
