/**
 * studies/paper-minatar.yaml (the report's pointer for empty saturation panels): PQN with LayerNorm on several MinAtar
 * games × tanh/tanh-HR/ReLU/ReLU-HR × ≥ 5 seeds, diagnostics on, and every run passes the sweep's validator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { expandSweep, readSweepFile } from '../../src/experiments/sweep/index.js';
import { validateRunConfig } from '../../src/experiments/sweep/validate.js';
import { PAPER_STUDY } from '../../src/experiments/report/figures.js';

const file = fileURLToPath(new URL(`../../../${PAPER_STUDY}`, import.meta.url));

test('the paper MinAtar study: PQN + LayerNorm, ≥ 3 games × 4 representations × ≥ 5 seeds, diagnostics logged, all valid', () => {
  const runs = expandSweep(readSweepFile(file), validateRunConfig);
  const envs = new Set(runs.map((r) => String(r.config['env'])));
  const seeds = new Set(runs.map((r) => r.config['seed']));
  assert.ok(envs.size >= 3 && [...envs].every((e) => e.startsWith('minatar/')), [...envs].join(', '));
  assert.ok(envs.has('minatar/seaquest'), "Seaquest, the paper's Fig. 4 game");
  assert.ok(seeds.size >= 5);
  const variants = new Set(runs.map((r) => `${r.labels['variant']}:${String(r.config['activation'])}:${String(r.config['hadamard'])}`));
  assert.deepEqual([...variants], ['tanh:tanh:none', 'tanh-hr:tanh:last', 'relu:relu:none', 'relu-hr:relu:last']);
  assert.equal(runs.length, envs.size * variants.size * seeds.size);
  for (const r of runs) {
    assert.equal(r.config['algo'], 'pqn');
    assert.equal(r.config['layer-norm'], true);
    assert.ok(Number(r.config['diag-every']) > 0);
  }
});
