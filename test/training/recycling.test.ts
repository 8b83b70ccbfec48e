/**
 * Storage recycling (buffer pool, autograd's freeing of consumed gradients, zeroGrad, scratch scopes) must never change
 * a result. Each agent trains a tanh-HR network on MinAtar Breakout twice, with recycling on and off, on each backend;
 * everything it would checkpoint (networks, optimizer state, counters) must agree bit for bit. A storage that is
 * recycled while still in use (the bug this guards against: optimizer state aliasing later activations) shows up as a
 * difference within a few updates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/agents/index.js';
import { withBackend, withRecycling, type Tensor } from '../../src/tensor/index.js';
import { resolveConfig } from '../../src/training/config.js';
import { createAgent } from '../../src/training/train.js';
import type { Agent } from '../../src/training/agent.js';
import { backendsUnderTest } from '../helpers/backends.js';

/** Every number the agent's checkpoint holds, by name. */
function snapshot(agent: Agent): Map<string, Float32Array | string> {
  const out = new Map<string, Float32Array | string>();
  const cp = agent.state().checkpoint;
  const add = (prefix: string, tensors: Record<string, Tensor>): void => {
    for (const [name, t] of Object.entries(tensors)) out.set(`${prefix}/${name}`, t.data.slice(0, t.size));
  };
  for (const [group, tensors] of Object.entries(cp.groups)) add(group, tensors);
  for (const [name, opt] of Object.entries(cp.optimizers ?? {})) {
    add(`optimizer ${name}`, opt.tensors);
    out.set(`optimizer ${name}/meta`, JSON.stringify(opt.meta));
  }
  out.set('meta', JSON.stringify(cp.meta ?? {}));
  return out;
}

function trainSnapshot(settings: Record<string, unknown>, steps: number): Map<string, Float32Array | string> {
  const agent = createAgent(resolveConfig({ env: 'minatar/breakout', activation: 'tanh', hadamard: 'last', seed: 3, 'diag-every': 0, 'checkpoint-every': 0, ...settings }));
  while (agent.step < steps) agent.advance(() => {});
  return snapshot(agent);
}

// Minibatches of 128 rows: the MinAtar network's flattened conv output (128 × 1600 floats) then has the size of its
// 1600 × 128 dense weight, so the optimizer state created on the first update can be given storage that autograd has
// just recycled in the same step, which is the case that once went wrong.
const agents: [string, Record<string, unknown>, number][] = [
  // DQN with the MinAtar defaults (centered RMSprop), learning early
  ['dqn', { algo: 'dqn', 'batch-size': 128, 'learning-starts': 128, 'target-update': 10 }, 150],
  ['ppo', { algo: 'ppo', 'num-envs': 8, 'num-steps': 32, 'num-minibatches': 2 }, 8 * 32 * 2],
  ['pqn', { algo: 'pqn', 'num-envs': 8, 'num-steps': 32, 'num-minibatches': 2 }, 8 * 32 * 2],
];

for (const be of backendsUnderTest()) {
  for (const [name, settings, steps] of agents) {
    test(`${name} (tanh-HR, ${be.name} backend): training with storage recycling matches training without it bit for bit`, () => {
      const recycled = withBackend(be, () => withRecycling(true, () => trainSnapshot(settings, steps)));
      const fresh = withBackend(be, () => withRecycling(false, () => trainSnapshot(settings, steps)));
      assert.deepEqual([...recycled.keys()], [...fresh.keys()]);
      for (const [key, value] of fresh) assert.deepEqual(recycled.get(key), value, `${key} differs`);
    });
  }
}
