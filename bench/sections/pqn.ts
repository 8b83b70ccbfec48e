/**
 * PQN throughput (issue 6): environment steps per second of PQN on MinAtar Breakout with its default settings
 * (purejaxql pqn_minatar: 128 envs × 32 steps, 2 epochs × 32 minibatches of 128, MinAtar CNN + LayerNorm → dense 128
 * + LayerNorm), rollout and update together, over a fixed number of updates; median of a few repetitions after one
 * warm-up update. Rows: ReLU (default), tanh and tanh-HR hidden layers — the variants of the main PQN study.
 *
 * Flags: --quick (fewer updates and repetitions).
 */
import '../../src/agents/index.js';
import { PQNAgent } from '../../src/agents/pqn.js';
import { backend } from '../../src/tensor/index.js';
import { resolveConfig } from '../../src/training/config.js';
import { agentStepsPerSecond } from '../lib/throughput.js';
import { median } from '../lib/torch.js';

const ENV = 'minatar/breakout';

/** Steps per second of `updates` PQN updates (4096 steps each with the defaults), per repetition. */
function pqnSps(overrides: Record<string, string | number | boolean>, updates: number, reps: number): number[] {
  return agentStepsPerSecond(new PQNAgent(resolveConfig({ algo: 'pqn', env: ENV, ...overrides })), updates, reps);
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const updates = quick ? 1 : 4, reps = quick ? 2 : 3;
  const cfg = resolveConfig({ algo: 'pqn', env: ENV });
  console.log(`backend: ${backend().describe()}`);
  console.log(`PQN on ${ENV}, defaults: ${cfg['num-envs']} envs × ${cfg['num-steps']} steps, ${cfg['update-epochs']} epochs × ${cfg['num-minibatches']} minibatches, width ${cfg.width}, LayerNorm ${cfg['layer-norm'] ? 'on' : 'off'}; ${updates} updates × ${reps} reps, median`);
  console.log('| variant | steps/s (median) | reps |');
  console.log('|---|---:|---|');
  const variants = [['relu (default)', {}], ['tanh', { activation: 'tanh' }], ['tanh-HR', { activation: 'tanh', hadamard: 'last' }]] as const;
  for (const [name, o] of variants) {
    const sps = pqnSps(o, updates, reps);
    console.log(`| ${name} | ${median(sps).toFixed(0)} | ${sps.map((s) => s.toFixed(0)).join(', ')} |`);
  }
}
