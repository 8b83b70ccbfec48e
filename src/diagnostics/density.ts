/**
 * Per-neuron activation distributions for a chosen subset of neurons (paper Fig. 3: a dying tanh neuron
 * shows a density spike at −1 or +1): fixed-bin histograms and Gaussian kernel density estimates.
 */
import { assertMatrix, type Matrix } from '../linalg/matrix.js';

/** Bandwidth rule for the Gaussian KDE, or a fixed bandwidth. */
export type BandwidthRule = 'scott' | 'silverman' | number;

export interface HistogramOptions {
  /** Number of equal-width bins. Default 50. */
  bins?: number;
  /** [lo, hi]; default: min and max over the chosen neurons (widened by ±0.5 if they are equal). */
  range?: [number, number];
}

export interface NeuronHistogram {
  neuron: number;
  /** counts[b] for bin [edges[b], edges[b+1]) (last bin closed on the right). */
  counts: number[];
  /** Values outside the range (not counted in any bin). */
  outside: number;
}

export interface HistogramResult {
  /** bins + 1 edges, shared by all neurons. */
  edges: number[];
  neurons: NeuronHistogram[];
}

export interface KdeOptions {
  /** Grid points. Default 256. */
  points?: number;
  /** Default 'scott'. */
  bandwidth?: BandwidthRule;
  /**
   * Lower bound on the bandwidth, so a near-constant neuron (a spike) stays visible and integrable on the
   * grid. Default: the grid spacing. Set 0 for the raw rule.
   */
  minBandwidth?: number;
  /** Grid range; default: data min/max over the chosen neurons, extended by 3 bandwidths. */
  range?: [number, number];
}

export interface NeuronKde {
  neuron: number;
  /** Bandwidth used (after minBandwidth). */
  bandwidth: number;
  /** Bandwidth given by the rule alone. */
  ruleBandwidth: number;
  /** Density at each grid point. */
  density: number[];
}

export interface KdeResult {
  grid: number[];
  neurons: NeuronKde[];
}

function checkNeurons(m: Matrix, neurons: ReadonlyArray<number>, who: string): void {
  for (const j of neurons) {
    if (!Number.isInteger(j) || j < 0 || j >= m.cols) throw new Error(`${who}: neuron index ${j} is outside [0, ${m.cols})`);
  }
}

/** Activations of one neuron (a column), as a Float64Array. */
export function neuronColumn(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j]!;
  return out;
}

function dataRange(m: Matrix, neurons: ReadonlyArray<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const j of neurons) {
    for (let i = 0; i < m.rows; i++) {
      const a = m.data[i * m.cols + j]!;
      if (a < lo) lo = a;
      if (a > hi) hi = a;
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-0.5, 0.5];
  return [lo, hi];
}

export function histogram(m: Matrix, neurons: ReadonlyArray<number>, options: HistogramOptions = {}): HistogramResult {
  assertMatrix(m, 'histogram');
  checkNeurons(m, neurons, 'histogram');
  const bins = options.bins ?? 50;
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`histogram: bins must be a positive integer, got ${bins}`);
  let [lo, hi] = options.range ?? dataRange(m, neurons);
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  if (!(lo < hi)) throw new Error(`histogram: need range lo < hi, got [${lo}, ${hi}]`);
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, b) => lo + b * width);
  edges[bins] = hi;
  const out: NeuronHistogram[] = neurons.map((j) => {
    const counts = new Array<number>(bins).fill(0);
    let outside = 0;
    for (let i = 0; i < m.rows; i++) {
      const a = m.data[i * m.cols + j]!;
      if (!(a >= lo && a <= hi)) { outside++; continue; }
      counts[Math.min(bins - 1, Math.floor((a - lo) / width))]++;
    }
    return { neuron: j, counts, outside };
  });
  return { edges, neurons: out };
}

/** Sample standard deviation (n − 1). */
function sampleStd(x: Float64Array): number {
  const n = x.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i]! - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/** Linear-interpolation quantile (numpy's default) of sorted data. */
function quantileSorted(s: Float64Array, q: number): number {
  const pos = (s.length - 1) * q;
  const i = Math.floor(pos);
  const f = pos - i;
  return i + 1 < s.length ? s[i]! * (1 - f) + s[i + 1]! * f : s[i]!;
}

/**
 * Bandwidth of a 1-D Gaussian KDE.
 * - 'scott': σ · n^(−1/5), σ the sample std (scipy.stats.gaussian_kde's and seaborn's default).
 * - 'silverman': 0.9 · min(σ, IQR/1.34) · n^(−1/5) (Silverman 1986, eq. 3.31); falls back to σ when IQR = 0.
 * - a number: that bandwidth.
 */
export function kdeBandwidth(x: Float64Array, rule: BandwidthRule = 'scott'): number {
  if (typeof rule === 'number') {
    if (!(rule > 0)) throw new Error(`kdeBandwidth: a fixed bandwidth must be > 0, got ${rule}`);
    return rule;
  }
  const n = x.length;
  if (n === 0) return 0;
  const sigma = sampleStd(x);
  const factor = Math.pow(n, -0.2);
  if (rule === 'scott') return sigma * factor;
  const s = Float64Array.from(x).sort();
  const iqr = quantileSorted(s, 0.75) - quantileSorted(s, 0.25);
  const spread = iqr > 0 ? Math.min(sigma, iqr / 1.34) : sigma;
  return 0.9 * spread * factor;
}

/** Gaussian KDE of each chosen neuron's activations on a shared grid; each density integrates to ~1. */
export function kde(m: Matrix, neurons: ReadonlyArray<number>, options: KdeOptions = {}): KdeResult {
  assertMatrix(m, 'kde');
  checkNeurons(m, neurons, 'kde');
  const points = options.points ?? 256;
  if (!Number.isInteger(points) || points < 2) throw new Error(`kde: points must be an integer ≥ 2, got ${points}`);
  if (m.rows === 0) throw new Error('kde: no probe states');
  const rule = options.bandwidth ?? 'scott';
  const columns = neurons.map((j) => neuronColumn(m, j));
  columns.forEach((x, c) => {
    if (!x.every(Number.isFinite)) throw new Error(`kde: neuron ${neurons[c]} has non-finite activations`);
  });
  const ruleBw = columns.map((x) => kdeBandwidth(x, rule));

  let range = options.range;
  if (!range) {
    const [lo, hi] = dataRange(m, neurons);
    const span = hi - lo > 0 ? hi - lo : 1;
    const pad = 3 * Math.max(span / (points - 1), ...ruleBw);
    range = [lo - pad, hi + pad];
  }
  const [lo, hi] = range;
  if (!(lo < hi)) throw new Error(`kde: need range lo < hi, got [${lo}, ${hi}]`);
  const step = (hi - lo) / (points - 1);
  const grid = Array.from({ length: points }, (_, g) => lo + g * step);
  const floor = options.minBandwidth ?? step;

  const out: NeuronKde[] = columns.map((x, c) => {
    const bw = Math.max(ruleBw[c]!, floor);
    if (!(bw > 0)) throw new Error(`kde: bandwidth is 0 for neuron ${neurons[c]} (constant data); set minBandwidth > 0`);
    const density = new Float64Array(points);
    const inv = 1 / bw;
    const norm = 1 / (x.length * bw * Math.sqrt(2 * Math.PI));
    const cutoff = 8 * bw; // exp(−32) ≈ 1e−14: negligible beyond
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const g0 = Math.max(0, Math.ceil((xi - cutoff - lo) / step));
      const g1 = Math.min(points - 1, Math.floor((xi + cutoff - lo) / step));
      for (let g = g0; g <= g1; g++) {
        const u = (lo + g * step - xi) * inv;
        density[g] += Math.exp(-0.5 * u * u);
      }
    }
    return { neuron: neurons[c]!, bandwidth: bw, ruleBandwidth: ruleBw[c]!, density: Array.from(density, (v) => v * norm) };
  });
  return { grid, neurons: out };
}
