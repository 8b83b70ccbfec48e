import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/agents/index.js';
import { make } from '../../src/envs/index.js';
import { resolveConfig } from '../../src/training/config.js';
import { train } from '../../src/training/train.js';
import { Rng } from '../../src/util/rng.js';

/** Mean return of uniformly random play (with the default sticky actions) over `episodes` episodes. */
function randomPolicyReturn(id: string, episodes: number): number {
  const env = make(id);
  const rng = new Rng(5);
  env.resetNoObs({ seed: 5 });
  let total = 0;
  for (let done = 0; done < episodes;) {
    const t = env.stepNoObs(rng.int(env.actionSpace.n));
    total += t.reward;
    if (t.terminated || t.truncated) { done++; env.resetNoObs(); }
  }
  return total / episodes;
}

test('DQN on MinAtar Breakout: a 12k-step run beats random play clearly (≥ 2× and ≥ +1)', async () => {
  const random = randomPolicyReturn('minatar/breakout', 2000);
  assert.ok(random > 0.2 && random < 0.6, `random-play return ${random}`);
  // a short-budget variant of the MinAtar defaults: Adam, faster ε decay, early learning
  const cfg = resolveConfig({ env: 'minatar/breakout', seed: 1, steps: 12_000, 'learning-starts': 1000, optimizer: 'adam', lr: 5e-4, 'target-update': 500, 'eps-end': 0.05, 'eps-fraction': 0.3, 'diag-every': 0, 'checkpoint-every': 0, 'save-buffer': false, 'eval-episodes': 20 });
  const r = await train(cfg, mkdtempSync(join(tmpdir(), 'hrl-br-')), { progress: false });
  const mean = r.evalReturns.reduce((a, b) => a + b, 0) / r.evalReturns.length;
  assert.ok(mean >= 2 * random && mean >= random + 1, `DQN greedy return ${mean} vs random ${random}`);
});
