/** `hrl eval RUN_DIR`: greedy episodes with a run's latest checkpoint; optionally a GIF/APNG of one episode. */
import '../../agents/index.js';
import type { AgentNetwork } from '../../agents/networks.js';
import { saveEpisode, type ObsArray } from '../../envs/index.js';
import { noGrad, type Tensor } from '../../tensor/index.js';
import { makeEnv } from '../../training/factories.js';
import { obsScale, obsToTensor } from '../../training/observations.js';
import { RunDir } from '../../training/run-dir.js';
import { createAgent, evalSeed, evalSeedsText } from '../../training/train.js';
import { numberFlag, parse, UsageError } from '../args.js';

const USAGE = `usage: hrl eval RUN_DIR [--episodes N] [--seed N] [--gif FILE.gif|.apng|.png] [--rom-dir D] [--json]

Runs greedy episodes with the run's latest checkpoint and reports their returns. The defaults are the end-of-training
evaluation's, so a finished run's last checkpoint gives the returns of its eval row in metrics.jsonl.
  --episodes N   episodes (default: the run's eval-episodes, or 10 when that is 0)
  --seed N       seed of the first episode (default: the run's seed + 1000000, as at the end of training;
                 episode i uses seed + i)
  --gif FILE     also record one episode (seed) as an animated GIF or APNG, or its first frame as PNG
  --rom-dir D    Atari: this machine's ROM folder, instead of the run's (or $HRL_ROM_DIR, ~/.hadamard-rl/roms)
  --json         machine-readable output`;

/** Loads the checkpoint group whose tensor names match the network's parameters. */
export function loadNetwork(network: AgentNetwork, groups: Record<string, Record<string, Tensor>>, source: string): string {
  const want = network.namedParameters().map(([n]) => n).sort().join(',');
  for (const [name, g] of Object.entries(groups)) {
    if (Object.keys(g).sort().join(',') === want) {
      network.loadStateDict(g);
      return name;
    }
  }
  throw new Error(`${source} holds no tensors matching this run's network (groups: ${Object.keys(groups).join(', ')})`);
}

export async function evalCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    episodes: { type: 'string' }, seed: { type: 'string' }, gif: { type: 'string' }, 'rom-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (values['help']) { console.log(USAGE); return; }
  const dir = positionals[0];
  if (!dir || positionals.length > 1) throw new UsageError(`expected one run directory\n\n${USAGE}`);
  const run = new RunDir(dir);
  const romDir = values['rom-dir'];
  const cfg = { ...run.readConfig(), ...(typeof romDir === 'string' ? { 'rom-dir': romDir } : {}) };
  const loaded = run.loadCheckpoint({ notice: (l) => process.stderr.write(`hrl eval: ${l}\n`) });
  if (!loaded) throw new Error(`${dir} has no checkpoint yet (${run.checkpointsPath})`);
  // the end-of-training evaluation's episodes and seeds, unless asked otherwise
  const episodes = numberFlag(values, 'episodes', cfg['eval-episodes'] > 0 ? cfg['eval-episodes'] : 10, { integer: true, min: 1 });
  const seed = numberFlag(values, 'seed', evalSeed(cfg), { integer: true, min: 0 });
  const ck = loaded.content;
  const agent = createAgent(cfg);
  loadNetwork(agent.network, ck.groups, loaded.source);
  const returns = agent.evaluate(episodes, seed);
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const std = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / returns.length);
  let recorded: { path: string; totalReward: number; length: number } | null = null;
  if (typeof values['gif'] === 'string') {
    const env = makeEnv(cfg);
    const space = env.observationSpace;
    const scale = obsScale(space.dtype, space.high[0] ?? 1);
    const policy = (obs: ObsArray): number => noGrad(() => agent.network.forward(obsToTensor(obs, 1, space.shape, scale))).argmax(1).data[0]!;
    const r = saveEpisode(values['gif'], env, policy, { seed });
    recorded = { path: values['gif'], ...r };
  }
  if (values['json']) {
    console.log(JSON.stringify({ run: dir, step: ck.meta['step'] ?? null, episodes, seed, mean, std, returns, recorded }, null, 2));
    return;
  }
  console.log(`${dir} (${cfg.algo} on ${cfg.env}, step ${String(ck.meta['step'] ?? '?')}): greedy return ${mean.toFixed(2)} ± ${std.toFixed(2)} over ${episodes} episodes (${evalSeedsText(seed, episodes)})`);
  console.log(`returns: ${returns.join(', ')}`);
  if (recorded) console.log(`recorded an episode (return ${recorded.totalReward}, ${recorded.length} steps) to ${recorded.path}`);
}
