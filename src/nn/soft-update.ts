/** Polyak averaging of parameters: target ← τ·source + (1 − τ)·target (τ = 1 copies). */
import { backend } from '../tensor/index.js';
import type { Module } from './module.js';

export function softUpdate(target: Module, source: Module, tau: number): void {
  const t = target.parameters(), s = source.parameters();
  if (t.length !== s.length) throw new Error(`softUpdate: target has ${t.length} parameters, source ${s.length}`);
  const be = backend();
  t.forEach((p, i) => {
    const q = s[i]!;
    if (p.size !== q.size) throw new Error(`softUpdate: parameter ${i} sizes differ (${p.size} vs ${q.size})`);
    if (tau === 1) p.data.set(q.data);
    else {
      be.scale(p.data, 1 - tau, p.data);
      be.axpy(tau, q.data, p.data);
    }
  });
}
