/**
 * Shrink-and-perturb (Ash & Adams 2020, "On Warm-Starting Neural Network Training"): every parameter becomes
 * θ ← λ·θ + σ·ε, where ε is a fresh draw of that parameter from its layer's initialiser (LayerNorm: gain 1, shift 0).
 * The optimizer state is kept, as in the paper.
 */
import type { Module } from '../nn/index.js';
import type { Rng } from '../util/rng.js';
import { freshValues, paramLayers } from './layers.js';

/** Shrinks and perturbs every parameter of `net` in place; returns the number of parameter elements changed. */
export function shrinkPerturb(net: Module, shrink: number, noise: number, rng: Rng): number {
  let n = 0;
  for (const layer of paramLayers(net)) {
    for (const [p, eps] of freshValues(layer, rng)) {
      const d = p.data;
      for (let k = 0; k < d.length; k++) d[k] = shrink * d[k]! + noise * eps[k]!;
      n += d.length;
    }
  }
  if (n !== net.numParameters()) throw new Error(`shrink-and-perturb: ${net.numParameters() - n} parameters belong to layers without a known initialiser`);
  return n;
}
