/**
 * PPO throughput (issue 6): environment steps per second of PPO on MinAtar Breakout with its default settings
 * (8 envs × 128 steps, 4 epochs × 4 minibatches of 256, MinAtar CNN → dense 128), rollout and update together, over a
 * fixed number of updates; median of a few repetitions after one warm-up update. Also the tanh-HR variant of the
 * hidden layer, and the vector env alone (uniformly random actions) for scale.
 *
 * Flags: --quick (fewer updates and repetitions).
 */
import '../../src/agents/index.js';
import { PPOAgent } from '../../src/agents/ppo.js';
import { SyncVectorEnv } from '../../src/envs/index.js';
import { backend } from '../../src/tensor/index.js';
import { resolveConfig } from '../../src/training/config.js';
import { agentStepsPerSecond } from '../lib/throughput.js';
import { makeEnv } from '../../src/training/factories.js';
import { Rng } from '../../src/util/rng.js';

const ENV = 'minatar/breakout';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** Steps per second of `updates` PPO updates, per repetition. */
function ppoSps(overrides: Record<string, string | number | boolean>, updates: number, reps: number): number[] {
  return agentStepsPerSecond(new PPOAgent(resolveConfig({ algo: 'ppo', env: ENV, ...overrides })), updates, reps);
}

/** Steps per second of the 8-env SyncVectorEnv alone, random actions. */
function envSps(steps: number): number {
  const cfg = resolveConfig({ algo: 'ppo', env: ENV });
  const n = cfg['num-envs'];
  const envs = new SyncVectorEnv(Array.from({ length: n }, () => makeEnv(cfg)));
  envs.reset({ seed: 1 });
  const rng = new Rng(1), act = new Int32Array(n), A = envs.singleActionSpace.n;
  const t0 = performance.now();
  for (let s = 0; s < steps; s += n) {
    for (let i = 0; i < n; i++) act[i] = rng.int(A);
    envs.step(act);
  }
  return (steps * 1000) / (performance.now() - t0);
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const updates = quick ? 2 : 5, reps = quick ? 2 : 3;
  const cfg = resolveConfig({ algo: 'ppo', env: ENV });
  console.log(`backend: ${backend().describe()}`);
  console.log(`PPO on ${ENV}, defaults: ${cfg['num-envs']} envs × ${cfg['num-steps']} steps, ${cfg['update-epochs']} epochs × ${cfg['num-minibatches']} minibatches, width ${cfg.width}; ${updates} updates × ${reps} reps, median`);
  console.log('| variant | steps/s (median) | reps |');
  console.log('|---|---:|---|');
  for (const [name, o] of [['relu (default)', {}], ['tanh-HR', { activation: 'tanh', hadamard: 'last' }]] as const) {
    const sps = ppoSps(o, updates, reps);
    console.log(`| ${name} | ${median(sps).toFixed(0)} | ${sps.map((s) => s.toFixed(0)).join(', ')} |`);
  }
  console.log(`| vector env alone (random actions) | ${envSps(quick ? 20_000 : 100_000).toFixed(0)} | 1 |`);
}
