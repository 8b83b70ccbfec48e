/**
 * DQN steps per second on MinAtar Breakout with the MinAtar defaults (one update per environment step, batch 32,
 * centered RMSprop, Huber loss, target network), against the same learner loop in PyTorch on a MinAtar-shaped
 * random-observation stream (bench/torch/dqn_minatar.py; best of 1 and 2 threads). Ours runs the real agent and game.
 * Both act ε-greedily with ε = 0.1 (the end of the MinAtar schedule), so most steps include an acting forward.
 * Flags: --quick, --no-torch.
 */
import '../../src/agents/index.js';
import { DQNAgent } from '../../src/agents/dqn.js';
import { backend } from '../../src/tensor/index.js';
import { resolveConfig } from '../../src/training/config.js';
import { median, runTorchScript, torchIsaSettings } from '../lib/torch.js';
import { agentStepsPerSecond } from '../lib/throughput.js';

interface TorchDqn { torch: string; threads: number; stepsPerSecond: number[] }

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const steps = quick ? 500 : 2000, reps = quick ? 2 : 3;
  // ε fixed at its final 0.1, as the PyTorch loop: 90 % of the steps also run a batch-1 greedy forward
  const cfg = resolveConfig({ algo: 'dqn', env: 'minatar/breakout', 'learning-starts': 200, 'log-every': 1_000_000, 'eps-start': 0.1, 'eps-end': 0.1 });
  const agent = new DQNAgent(cfg);
  // warm up past learning-starts, so that every measured step also updates
  const ours = agentStepsPerSecond(agent, steps, reps, 400);
  const oursSps = median(ours);
  console.log(`backend: ${backend().describe()}`);
  let torchLine = 'PyTorch not run (--no-torch)';
  let best: { sps: number; threads: number } | null = null;
  if (!args.includes('--no-torch')) {
    const reasons: string[] = [];
    for (const threads of [1, 2]) {
      const out = runTorchScript<TorchDqn>('dqn_minatar.py', ['--steps', String(steps), '--reps', String(reps)], threads);
      if (typeof out === 'string') { reasons.push(out); continue; }
      const sps = median(out.stepsPerSecond);
      if (!best || sps > best.sps) best = { sps, threads };
    }
    torchLine = best ? `PyTorch ${best.sps.toFixed(0)} steps/s (${best.threads} thread${best.threads > 1 ? 's' : ''}; ${torchIsaSettings().describe})` : `PyTorch unavailable: ${reasons[0]}`;
  }
  console.log('\n| row | ours steps/s | PyTorch steps/s | ours / PyTorch (speed) |\n|---|---:|---:|---:|');
  console.log(`| DQN MinAtar Breakout, 1 update/step, batch 32 | ${oursSps.toFixed(0)} | ${best ? best.sps.toFixed(0) : '—'} | ${best ? (oursSps / best.sps).toFixed(2) + '×' : '—'} |`);
  console.log(torchLine);
}
