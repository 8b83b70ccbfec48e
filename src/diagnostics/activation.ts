/**
 * Activation kinds and the default thresholds of mission.md §3. Every threshold can be overridden.
 */

/**
 * - 'relu': ReLU-like (ReLU, CReLU, GELU, SiLU, ELU, ...): a neuron is dead when a ≤ 0 for every probe state.
 * - 'tanh': saturated when |a| ≥ 0.99 for every probe state.
 * - 'sigmoid': saturated when a ≤ 0.01 or a ≥ 0.99 for every probe state.
 * - 'other': no dead/saturation test unless thresholds are given explicitly.
 */
export type ActivationKind = 'relu' | 'tanh' | 'sigmoid' | 'other';

/** A neuron is saturated when, for every probe state, a ≤ low or a ≥ high. */
export interface SaturationRange {
  low: number;
  high: number;
}

export const DEFAULT_DEAD_THRESHOLD = 0;
export const DEFAULT_TANH_SATURATION = 0.99;
export const DEFAULT_SIGMOID_SATURATION: SaturationRange = { low: 0.01, high: 0.99 };
export const DEFAULT_DORMANT_TAU = 0.025;
export const DEFAULT_CONSTANT_REL_TOL = 1e-3;
export const DEFAULT_SRANK_DELTA = 0.01;

/** The default saturation range of an activation kind, or null when saturation is not defined for it. */
export function defaultSaturationRange(kind: ActivationKind): SaturationRange | null {
  switch (kind) {
    case 'tanh':
      return { low: -DEFAULT_TANH_SATURATION, high: DEFAULT_TANH_SATURATION };
    case 'sigmoid':
      return { ...DEFAULT_SIGMOID_SATURATION };
    default:
      return null;
  }
}

/** The natural output range of a bounded activation (for histogram/KDE grids), or null if unbounded. */
export function activationRange(kind: ActivationKind): [number, number] | null {
  if (kind === 'tanh') return [-1, 1];
  if (kind === 'sigmoid') return [0, 1];
  return null;
}

const RELU_LIKE = new Set(['relu', 'crelu', 'relu6', 'leaky_relu', 'leakyrelu', 'elu', 'selu', 'gelu', 'silu', 'swish', 'mish', 'softplus']);

/**
 * Maps an activation's name (case-insensitive; '-' and '_' ignored, e.g. 'ReLU', 'leaky-relu', 'Tanh',
 * 'Sigmoid') to the kind whose dead/saturation test applies. Unknown names give 'other'.
 */
export function activationKindOf(name: string): ActivationKind {
  const key = name.toLowerCase().replace(/[-_\s]/g, '');
  if (key === 'tanh' || key === 'hardtanh') return 'tanh';
  if (key === 'sigmoid' || key === 'logistic' || key === 'hardsigmoid') return 'sigmoid';
  for (const r of RELU_LIKE) if (r.replace(/_/g, '') === key) return 'relu';
  return 'other';
}
