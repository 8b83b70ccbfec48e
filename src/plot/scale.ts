/** Continuous axis scales (linear, log10) mapping data values to pixels, with their ticks. */
import { formatLogTick, formatTick, logTicks, niceTicks } from './ticks.js';

export interface Scale {
  readonly kind: 'linear' | 'log';
  /** Data domain shown on the axis. */
  readonly lo: number;
  readonly hi: number;
  readonly ticks: readonly number[];
  /** Pixel position of a data value. */
  map(v: number): number;
  /** Whether a value can be drawn on this scale (finite; positive on a log scale). */
  accepts(v: number): boolean;
  format(v: number): string;
}

export interface ScaleSpec {
  /** Fixed domain; otherwise the data range, extended to nice ticks. */
  domain?: readonly [number, number];
  log?: boolean;
  /** Target tick count. */
  tickCount?: number;
}

/**
 * A scale for data spanning [dataLo, dataHi], drawn from pixel r0 (domain low) to r1 (domain high);
 * r1 < r0 for a y axis (SVG y grows downwards).
 */
export function makeScale(dataLo: number, dataHi: number, r0: number, r1: number, spec: ScaleSpec = {}): Scale {
  const target = spec.tickCount ?? 5;
  if (spec.log) {
    const [lo0, hi0] = spec.domain ?? [dataLo, dataHi];
    const t = logTicks(lo0, hi0);
    const lo = spec.domain ? lo0 : t.lo;
    const hi = spec.domain ? hi0 : t.hi;
    let ticks = t.ticks.filter((v) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9));
    // Many decades: label every k-th power of ten only, so labels keep their spacing.
    const maxTicks = Math.max(target + 2, 4);
    if (ticks.length > maxTicks) {
      const stride = Math.ceil(ticks.length / maxTicks);
      ticks = ticks.filter((v) => {
        const e = Math.round(Math.log10(v));
        return Math.abs(v - 10 ** e) < 1e-9 * v && e % stride === 0;
      });
    }
    const l0 = Math.log10(lo), l1 = Math.log10(hi);
    return {
      kind: 'log', lo, hi, ticks,
      map: (v) => r0 + ((Math.log10(v) - l0) / (l1 - l0)) * (r1 - r0),
      accepts: (v) => Number.isFinite(v) && v > 0,
      format: (v) => typographicMinus(formatLogTick(v)),
    };
  }
  const t = spec.domain ? niceTicks(spec.domain[0], spec.domain[1], target, false) : niceTicks(dataLo, dataHi, target, true);
  const { lo, hi, step, ticks } = t;
  const axisMax = Math.max(Math.abs(lo), Math.abs(hi));
  return {
    kind: 'linear', lo, hi, ticks,
    map: (v) => r0 + ((v - lo) / (hi - lo)) * (r1 - r0),
    accepts: (v) => Number.isFinite(v),
    format: (v) => typographicMinus(formatTick(v, step, axisMax)),
  };
}

/** Tick labels use the minus sign (U+2212), as typeset figures do, not the hyphen. */
function typographicMinus(label: string): string {
  return label.replace(/^-/, '\u2212').replace(/e-/, 'e\u2212');
}
