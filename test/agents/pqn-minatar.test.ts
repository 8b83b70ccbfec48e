import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/agents/index.js';
import { resolveConfig } from '../../src/training/config.js';
import { makeEnv } from '../../src/training/factories.js';
import { train } from '../../src/training/train.js';
import { Rng } from '../../src/util/rng.js';

test('PQN on MinAtar Breakout: 82k steps with the default settings beat the uniformly random policy clearly (greedy eval ≥ 2× random and ≥ random + 1)', async () => {
  // 20 rollouts of 128 envs × 32 steps; ε and the learning rate are scheduled over this short run
  const cfg = resolveConfig({ algo: 'pqn', env: 'minatar/breakout', steps: 20 * 4096, 'log-every': 4096, 'diag-every': 0, 'checkpoint-every': 0, 'save-buffer': false, 'eval-episodes': 20 });
  // the random policy's mean return, same env settings (sticky actions 0.1); ≈ 0.3
  const env = makeEnv(cfg), rng = new Rng(3);
  let total = 0;
  const episodes = 200;
  for (let e = 0; e < episodes; e++) {
    env.resetNoObs({ seed: 10_000 + e });
    for (;;) {
      const t = env.stepNoObs(rng.int(env.actionSpace.n));
      total += t.reward;
      if (t.terminated || t.truncated) break;
    }
  }
  const random = total / episodes;
  const r = await train(cfg, mkdtempSync(join(tmpdir(), 'hrl-pqn-mb-')), { progress: false });
  const mean = r.evalReturns.reduce((a, b) => a + b, 0) / r.evalReturns.length;
  assert.ok(mean >= 2 * random && mean >= random + 1, `greedy mean ${mean} vs random ${random}`);
});
