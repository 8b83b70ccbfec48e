/**
 * Environment throughput: steps per second of each MinAtar game (and CartPole) under a uniformly random policy,
 * with the observation encoded for every step:
 * - single: one env, `stepNoObs` + `writeObs` into a buffer (one core);
 * - sync×64: SyncVectorEnv with 64 envs, one batched Uint8Array (one core);
 * - async×64/2w: AsyncVectorEnv with 64 envs on 2 worker threads (shared memory).
 * Random actions are drawn with the project RNG inside the timed loop. Rates use wall time; "cpu" columns use the
 * process CPU time of single-threaded runs, a steadier estimate on a loaded machine.
 * Goal (issue 4): sync×64 ≥ 1 M steps/s for Breakout and ≥ 250 k for every game, on one core.
 * Args: `--quick` shortens every measurement.
 */
import { AsyncVectorEnv, SyncVectorEnv, make } from '../../src/envs/index.js';
import { Rng } from '../../src/util/rng.js';

interface Rate { wall: number; cpu: number }

/** Runs `chunk` repeatedly for about `seconds` after a warm-up; returns steps per second (wall and CPU time). */
function measure(seconds: number, chunk: () => number): Rate {
  const warmEnd = performance.now() + 200 * seconds;
  while (performance.now() < warmEnd) chunk();
  let steps = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + 1000 * seconds;
  while (performance.now() < end) steps += chunk();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall: steps / wall, cpu: steps / ((c.user + c.system) / 1e6) };
}

function fmt(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(0)} k`;
}

function single(id: string, seconds: number): Rate {
  const env = make(id);
  const rng = new Rng(1);
  const n = env.actionSpace.n;
  const buf = env.observationSpace.zeros();
  env.resetNoObs({ seed: 1 });
  return measure(seconds, () => {
    for (let i = 0; i < 1000; i++) {
      const t = env.stepNoObs(rng.int(n));
      if (t.terminated || t.truncated) env.resetNoObs();
      env.writeObs(buf, 0);
    }
    return 1000;
  });
}

function vectorised(id: string, numEnvs: number, seconds: number): Rate {
  const vec = SyncVectorEnv.make(id, numEnvs);
  const rng = new Rng(2);
  const n = vec.singleActionSpace.n;
  const actions = new Int32Array(numEnvs);
  vec.reset({ seed: 1 });
  return measure(seconds, () => {
    for (let k = 0; k < 16; k++) {
      for (let i = 0; i < numEnvs; i++) actions[i] = rng.int(n);
      vec.step(actions);
    }
    return 16 * numEnvs;
  });
}

async function asynchronous(id: string, numEnvs: number, workers: number, seconds: number): Promise<number> {
  const vec = await AsyncVectorEnv.create(id, numEnvs, { numWorkers: workers });
  try {
    const rng = new Rng(3);
    const n = vec.singleActionSpace.n;
    const actions = new Int32Array(numEnvs);
    vec.reset({ seed: 1 });
    return measure(seconds, () => {
      for (let k = 0; k < 16; k++) {
        for (let i = 0; i < numEnvs; i++) actions[i] = rng.int(n);
        vec.step(actions);
      }
      return 16 * numEnvs;
    }).wall;
  } finally {
    await vec.close();
  }
}

export async function run(args: string[]): Promise<void> {
  const seconds = args.includes('--quick') ? 0.25 : 1;
  const ids = ['minatar/asterix', 'minatar/breakout', 'minatar/freeway', 'minatar/seaquest', 'minatar/space_invaders', 'classic/cartpole'];
  console.log('random policy, observation encoded every step; steps/s (wall; cpu = per CPU-second)');
  console.log('| env | single | single (cpu) | sync×64 | sync×64 (cpu) | async×64, 2 workers | goal sync×64 |');
  console.log('|---|---|---|---|---|---|---|');
  for (const id of ids) {
    const s = single(id, seconds);
    const v = vectorised(id, 64, seconds);
    const a = await asynchronous(id, 64, 2, seconds);
    const goal = id === 'minatar/breakout' ? 1e6 : id.startsWith('minatar/') ? 2.5e5 : 0;
    const verdict = goal === 0 ? '–' : `${fmt(goal)}: ${v.cpu >= goal ? 'met' : 'NOT met'}`;
    console.log(`| ${id} | ${fmt(s.wall)} | ${fmt(s.cpu)} | ${fmt(v.wall)} | ${fmt(v.cpu)} | ${fmt(a)} | ${verdict} |`);
  }
}
