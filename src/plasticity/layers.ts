/**
 * What the plasticity interventions act on: a network's parameterised layers (Linear, Conv2d, LayerNorm), grouped into
 * "layers" as a reader counts them (an encoder conv with its LayerNorm, a hidden layer with both HR branches, the heads
 * together), and fresh draws of their parameters from the initialiser each layer was built with.
 */
import type { AgentNetwork } from '../agents/networks.js';
import { Conv2d, LayerNorm, Linear, type Module } from '../nn/index.js';
import { initLayer } from '../nn/init.js';
import { zeros, type Tensor } from '../tensor/index.js';
import type { Rng } from '../util/rng.js';

export type ParamLayer = Linear | Conv2d | LayerNorm;

/** A re-initialisable unit of the network, by the name the logs use ('encoder.0', 'hidden.1', 'heads'). */
export interface LayerGroup {
  readonly name: string;
  readonly layers: readonly ParamLayer[];
}

const isParamLayer = (m: Module): m is ParamLayer => m instanceof Linear || m instanceof Conv2d || m instanceof LayerNorm;

/** The parameterised layers inside a module, in registration order. */
export function paramLayers(module: Module): ParamLayer[] {
  return module.namedModules().map(([, m]) => m).filter(isParamLayer);
}

/**
 * Fresh values for each parameter of `layer`, drawn with its own initialiser (LayerNorm: weight 1, bias 0), as a
 * map from the layer's parameter tensor to new data. The layer itself is not changed.
 */
export function freshValues(layer: ParamLayer, rng: Rng): Map<Tensor, Float32Array> {
  const out = new Map<Tensor, Float32Array>();
  if (layer instanceof LayerNorm) {
    if (layer.weight) out.set(layer.weight, new Float32Array(layer.weight.size).fill(1));
    if (layer.bias) out.set(layer.bias, new Float32Array(layer.bias.size));
    return out;
  }
  const w = zeros(layer.weight.shape), b = layer.bias ? zeros(layer.bias.shape) : null;
  initLayer(w, b, layer.initSpec.init, rng, layer.initSpec.gain);
  out.set(layer.weight, w.data);
  if (layer.bias && b) out.set(layer.bias, b.data);
  return out;
}

/** The network's layers in order: each encoder conv (with its LayerNorm), each hidden layer, then all heads as one. */
export function layerGroups(net: AgentNetwork): LayerGroup[] {
  const groups: { name: string; layers: ParamLayer[] }[] = [];
  if (net.encoder) {
    for (const [name, m] of net.encoder.namedModules('encoder')) {
      if (m instanceof LayerNorm && groups.length > 0) groups[groups.length - 1]!.layers.push(m);
      else if (isParamLayer(m)) groups.push({ name, layers: [m] });
    }
  }
  net.hidden.forEach((h, i) => groups.push({ name: `hidden.${i}`, layers: paramLayers(h) }));
  groups.push({ name: 'heads', layers: [...net.heads] });
  return groups;
}
