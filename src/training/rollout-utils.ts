/** Pieces shared by the on-policy (rollout-based) agents, PPO and PQN. */
import { recordsGames, type EpisodeStatistics, type Env, type ObsArray, type VectorEnv } from '../envs/index.js';
import type { Tensor } from '../tensor/index.js';
import type { Rng } from '../util/rng.js';
import type { Emit } from './agent.js';
import type { TrainConfig } from './config.js';
import { makeVectorEnv } from './factories.js';
import { obsScale, obsToTensor } from './observations.js';

/** Evaluation episodes stop after this many steps even if the game goes on. */
export const MAX_EVAL_STEPS = 100_000;

/**
 * Greedy returns of `episodes` fresh environments (seeds seed, seed + 1, …), stepped as one batch: each step,
 * `scores(obs, n)` gives [n × nActions] action scores (Q-values or policy logits) for the n still-running
 * environments' observations, and each takes its argmax (the first on ties).
 *
 * Where the env's stack records episode statistics below its learner-facing wrappers (the Atari protocols: episodic
 * life, clipped rewards), an evaluation episode is a whole game and its return the recorded raw score, as CleanRL
 * evaluates: a lost life only resets the learner's episode, and the game plays on.
 */
export function greedyBatchedEvaluate(makeEnv: () => Env, episodes: number, seed: number, nActions: number, scores: (obs: ObsArray, n: number) => ArrayLike<number>): number[] {
  const envs: Env[] = Array.from({ length: episodes }, () => makeEnv());
  if (envs.length === 0) return [];
  const wholeGames = recordsGames(envs[0]!);
  const S = envs[0]!.observationSpace.size;
  const returns = new Array<number>(episodes).fill(0);
  const lengths = new Array<number>(episodes).fill(0);
  let active = envs.map((_, e) => e);
  envs.forEach((env, e) => env.resetNoObs({ seed: seed + e }));
  const obs: ObsArray = envs[0]!.observationSpace.dtype === 'uint8' ? new Uint8Array(episodes * S) : new Float32Array(episodes * S);
  while (active.length > 0) {
    active.forEach((e, j) => envs[e]!.writeObs(obs, j * S));
    const q = scores(obs, active.length);
    const still: number[] = [];
    active.forEach((e, j) => {
      let best = 0;
      for (let a = 1; a < nActions; a++) if (q[j * nActions + a]! > q[j * nActions + best]!) best = a;
      const t = envs[e]!.stepNoObs(best);
      returns[e]! += t.reward;
      lengths[e]!++;
      const game = t.info['episode'] as EpisodeStatistics | undefined;
      if (wholeGames && game !== undefined) returns[e] = game.r;
      else if (lengths[e]! >= MAX_EVAL_STEPS) return;
      else if (!t.terminated && !t.truncated) still.push(e);
      else if (wholeGames) { // a life lost: the game goes on
        envs[e]!.resetNoObs();
        still.push(e);
      }
    });
    active = still;
  }
  return returns;
}

/** `n` observations drawn without replacement from a rollout's [rows × obsSize] observation buffer, as network inputs. */
export function sampleRolloutObs(pool: ObsArray, rows: number, obsShape: readonly number[], scale: number, n: number, rng: Rng): Tensor {
  const S = obsShape.reduce((a, b) => a * b, 1);
  const picked = rng.permutation(rows).subarray(0, Math.min(n, rows));
  const out = pool instanceof Uint8Array ? new Uint8Array(picked.length * S) : new Float32Array(picked.length * S);
  picked.forEach((k, j) => out.set(pool.subarray(k * S, (k + 1) * S), j * S));
  return obsToTensor(out, picked.length, obsShape, scale);
}

/** Mean of recent episode returns (NaN before the first). */
export function meanReturn(recent: readonly number[]): number {
  return recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : NaN;
}

/** The vectorised environments and rollout geometry of an on-policy agent, from its config. */
export interface RolloutSetup {
  envs: VectorEnv;
  obsShape: readonly number[];
  obsSize: number;
  scale: number;
  nActions: number;
  numEnvs: number;
  numSteps: number;
  /** num-envs × num-steps transitions per rollout. */
  batchSize: number;
  minibatchSize: number;
}

export function rolloutSetup(cfg: TrainConfig): RolloutSetup {
  const numEnvs = cfg['num-envs'], numSteps = cfg['num-steps'];
  const batchSize = numEnvs * numSteps; // resolveConfig checks that num-minibatches divides it
  const envs = makeVectorEnv(cfg);
  const space = envs.singleObservationSpace;
  return {
    envs, obsShape: space.shape, obsSize: space.size, scale: obsScale(space.dtype, space.high[0] ?? 1),
    nActions: envs.singleActionSpace.n, numEnvs, numSteps, batchSize, minibatchSize: batchSize / cfg['num-minibatches'],
  };
}

/** How many recent game returns the agents keep for the progress line and checkpoints. */
export const RECENT_GAMES = 20;

/** Logs a finished game (an `episode` row with its raw return and length) and keeps its return among the recent ones. */
export function recordGame(emit: Emit, recent: number[], step: number, ret: number, length: number): void {
  emit({ kind: 'episode', step, return: ret, length });
  recent.push(ret);
  if (recent.length > RECENT_GAMES) recent.shift();
}
