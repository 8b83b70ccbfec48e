/** Gaussian kernel density estimates and density plots (e.g. per-neuron activation densities, Fig. 3). */
import { linePlot, type LineOptions } from './line.js';

/**
 * Scott's-rule bandwidth as scipy.stats.gaussian_kde: sample std (ddof 1) × n^(−1/5).
 * Returns 0 for a constant sample.
 */
export function scottBandwidth(samples: ArrayLike<number>): number {
  const n = samples.length;
  if (n < 2) return 0;
  let m = 0;
  for (let i = 0; i < n; i++) m += samples[i]!;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (samples[i]! - m) ** 2;
  return Math.sqrt(v / (n - 1)) * n ** -0.2;
}

/** Density at each grid point of a Gaussian KDE with the given bandwidth (> 0). Non-finite samples are ignored. */
export function gaussianKde(samples: ArrayLike<number>, grid: ArrayLike<number>, bandwidth: number): Float64Array {
  if (!(bandwidth > 0)) throw new Error(`gaussianKde: bandwidth must be positive, got ${bandwidth}`);
  const xs = Array.from(samples).filter(Number.isFinite);
  if (xs.length === 0) throw new Error('gaussianKde: no finite samples');
  const out = new Float64Array(grid.length);
  const norm = 1 / (xs.length * bandwidth * Math.sqrt(2 * Math.PI));
  for (let g = 0; g < grid.length; g++) {
    let s = 0;
    for (const x of xs) {
      const z = (grid[g]! - x) / bandwidth;
      if (z > -8 && z < 8) s += Math.exp(-0.5 * z * z);
    }
    out[g] = s * norm;
  }
  return out;
}

export interface DensitySeries {
  name: string;
  samples: ArrayLike<number>;
  color?: string;
}

export interface DensityOptions extends LineOptions {
  /** Fixed bandwidth; default Scott's rule per series. */
  bandwidth?: number;
  /** Evaluation points (default 200). */
  points?: number;
}

/**
 * Overlaid KDE curves, filled to the axis. The x range is opts.xDomain or the pooled sample range
 * padded by 3 bandwidths. Automatic (Scott) bandwidths are floored at 1% of the x range: a narrower
 * kernel falls between the evaluation points, so a near-constant sample (a saturated or dead neuron)
 * would vanish instead of showing as the spike it is.
 */
export function densityPlot(series: readonly DensitySeries[], opts: DensityOptions = {}): string {
  const finite = series.map((s) => Array.from(s.samples).filter(Number.isFinite));
  const all = finite.flat();
  if (all.length === 0) return linePlot([], opts);
  const bws = finite.map((xs) => opts.bandwidth ?? scottBandwidth(xs));
  let lo = Math.min(...all), hi = Math.max(...all);
  const pad = 3 * Math.max(...bws, 0);
  if (opts.xDomain) [lo, hi] = opts.xDomain;
  else { lo -= pad; hi += pad; }
  if (hi === lo) { lo -= 1; hi += 1; }
  const m = opts.points ?? 200;
  const grid = Float64Array.from({ length: m }, (_, i) => lo + ((hi - lo) * i) / (m - 1));
  const lines = series.map((s, k) => {
    const xs = finite[k]!;
    const bw = opts.bandwidth ?? Math.max(bws[k]!, (hi - lo) * 0.01);
    const y = xs.length ? gaussianKde(xs, grid, bw) : new Float64Array(m).fill(NaN);
    return { name: s.name, x: grid, y, ...(s.color ? { color: s.color } : {}) };
  });
  return linePlot(lines, { fillArea: true, ...opts });
}
