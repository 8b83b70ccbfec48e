import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/agents/index.js';
import { resolveConfig } from '../../src/training/config.js';
import { train } from '../../src/training/train.js';

test('PQN solves CartPole-v1: greedy evaluation mean ≥ 475 for seeds 1 and 2 within the default 200k steps', async () => {
  for (const seed of [1, 2]) {
    const cfg = resolveConfig({ algo: 'pqn', env: 'classic/cartpole', seed, 'diag-every': 0, 'checkpoint-every': 0, 'save-buffer': false });
    assert.equal(cfg.steps, 200_000);
    const r = await train(cfg, mkdtempSync(join(tmpdir(), 'hrl-pqn-cp-')), { progress: false });
    const mean = r.evalReturns.reduce((a, b) => a + b, 0) / r.evalReturns.length;
    assert.ok(mean >= 475, `seed ${seed}: greedy mean return ${mean} over ${r.evalReturns.length} episodes`);
  }
});
