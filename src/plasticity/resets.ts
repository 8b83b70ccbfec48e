/**
 * Resets (Nikishin, Schwarzer, D'Oro, Bacon & Courville 2022, "The Primacy Bias in Deep RL"): re-initialise the last
 * k layers of the network (see layerGroups: the heads count as one layer, an HR layer with both branches as one)
 * with their own initialisers, and forget the optimizer's state for them. Other layers and their state are untouched.
 */
import type { AgentNetwork } from '../agents/networks.js';
import type { Optimizer } from '../optim/index.js';
import type { Rng } from '../util/rng.js';
import { freshValues, layerGroups } from './layers.js';

/** The names of the last `k` layers of `net`; a clear error when the network has fewer. */
export function lastLayerNames(net: AgentNetwork, k: number): string[] {
  const groups = layerGroups(net);
  if (!(Number.isInteger(k) && k >= 1 && k <= groups.length)) {
    throw new Error(`reset-layers ${k}: the network has ${groups.length} layers (${groups.map((g) => g.name).join(', ')}); choose 1 to ${groups.length}`);
  }
  return groups.slice(groups.length - k).map((g) => g.name);
}

/** Re-initialises the last `k` layers; returns their names and the number of parameter elements re-drawn. */
export function resetLastLayers(net: AgentNetwork, k: number, rng: Rng, optimizer: Optimizer | null): { layers: string[]; params: number } {
  const names = new Set(lastLayerNames(net, k));
  let params = 0;
  for (const g of layerGroups(net)) {
    if (!names.has(g.name)) continue;
    for (const layer of g.layers) {
      for (const [p, fresh] of freshValues(layer, rng)) {
        p.data.set(fresh);
        optimizer?.resetState(p);
        params += p.size;
      }
    }
  }
  return { layers: [...names], params };
}
