/**
 * AtariVectorEnv (native/atari/vector_env.h, the protocols' pre-processing fused in C++) against its specification:
 * SyncVectorEnv over makeAtariProtocolEnv (AtariEnv under the TypeScript wrappers), bit for bit — observations, final
 * observations, rewards, terminations, truncations, episode and whole-game statistics and the final info, across
 * autoresets and getState/setState round trips. On ../shared/test-roms/tetris.bin (skips without it), and on
 * carts/ale-lives.asm under Breakout's settings (lives, FIRE, a score that rises and falls), which CI always has.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atariAvailable, atariProtocol, AtariVectorEnv, makeAtariProtocolEnv, type AtariProtocol } from '../../../src/envs/atari/index.js';
import type { Info } from '../../../src/envs/core/env.js';
import { SyncVectorEnv } from '../../../src/envs/vector/sync-vector-env.js';
import type { VectorEnv, VectorStepResult } from '../../../src/envs/vector/types.js';
import { Rng } from '../../../src/util/rng.js';
import { cartPath, tetrisPath } from './oracle-compare.js';

const tetris = tetrisPath();
const noAddon = atariAvailable() ? false : 'no Atari addon';
const skipTetris = !tetris ? 'no ../shared/test-roms/tetris.bin beside the project' : noAddon;
const LIVES_CART = cartPath('ale-lives.bin');
const N = 3;

interface Setup { rom: string; game: string; protocol: AtariProtocol }

function pair(s: Setup): { vec: AtariVectorEnv; sync: SyncVectorEnv<Uint8Array> } {
  const vec = new AtariVectorEnv({ ...s, numEnvs: N });
  const sync = new SyncVectorEnv(Array.from({ length: N }, () => makeAtariProtocolEnv(s)));
  return { vec, sync };
}

/** The final info without RecordEpisodeStatistics' wall-clock seconds. */
function timeless(info: Info | null): unknown {
  if (!info) return null;
  const episode = info['episode'] as { r: number; l: number; t: number } | undefined;
  assert.ok(!episode || (episode.t >= 0 && Number.isFinite(episode.t)), 'episode.t is a duration in seconds');
  return episode ? { ...info, episode: { r: episode.r, l: episode.l } } : { ...info };
}

/** Asserts two step results are equal, element for element; returns the number of episodes that ended. */
function assertSameStep(a: VectorStepResult<Uint8Array>, b: VectorStepResult<Uint8Array>, obsSize: number, where: string): number {
  assert.ok(Buffer.from(a.obs).equals(Buffer.from(b.obs)), `${where}: observations differ`);
  assert.deepEqual(a.rewards, b.rewards, `${where}: rewards`);
  assert.deepEqual(a.terminations, b.terminations, `${where}: terminations`);
  assert.deepEqual(a.truncations, b.truncations, `${where}: truncations`);
  assert.deepEqual(a.info.episodeEnded, b.info.episodeEnded, `${where}: episodeEnded`);
  assert.deepEqual(a.info.gameEnded, b.info.gameEnded, `${where}: gameEnded`);
  let ended = 0;
  for (let i = 0; i < N; i++) {
    if (!a.info.episodeEnded[i]) continue;
    ended++;
    const fa = a.info.finalObs.subarray(i * obsSize, (i + 1) * obsSize), fb = b.info.finalObs.subarray(i * obsSize, (i + 1) * obsSize);
    assert.ok(Buffer.from(fa).equals(Buffer.from(fb)), `${where}: finalObs of env ${i}`);
    assert.equal(a.info.episodeReturn[i], b.info.episodeReturn[i], `${where}: episodeReturn of env ${i}`);
    assert.equal(a.info.episodeLength[i], b.info.episodeLength[i], `${where}: episodeLength of env ${i}`);
    assert.deepEqual(timeless(a.info.finalInfo[i]!), timeless(b.info.finalInfo[i]!), `${where}: finalInfo of env ${i}`);
    if (a.info.gameEnded[i]) {
      assert.equal(a.info.gameReturn[i], b.info.gameReturn[i], `${where}: gameReturn of env ${i}`);
      assert.equal(a.info.gameLength[i], b.info.gameLength[i], `${where}: gameLength of env ${i}`);
    }
  }
  return ended;
}

interface Tally { ends: number; lifeEnds: number; gameEnds: number; clipped: number; negative: number; truncated: number }

/**
 * Steps both vector envs with the same actions for `steps` steps (action from `policy`), asserting equality; at
 * `checkpointAt` both are checkpointed, run on, restored (the native one into a fresh instance, through JSON) and the
 * same stretch replayed, which must give what the first pass gave.
 */
function runEqual(s: Setup, steps: number, policy: (rng: Rng, n: number) => number, checkpointAt: number): Tally {
  const { vec, sync } = pair(s);
  assert.deepEqual(vec.singleObservationSpace.shape, sync.singleObservationSpace.shape);
  assert.equal(vec.singleActionSpace.n, sync.singleActionSpace.n);
  assert.deepEqual(vec.actionMeanings(), sync.envs[0]!.actionMeanings!());
  const a = vec.reset(), b = sync.reset();
  assert.ok(Buffer.from(a.obs).equals(Buffer.from(b.obs)), 'reset observations');
  const rng = new Rng(7);
  const tally: Tally = { ends: 0, lifeEnds: 0, gameEnds: 0, clipped: 0, negative: 0, truncated: 0 };
  let replay: { vecState: string; syncState: unknown; actions: number[][]; obs: Buffer[] } | null = null;
  for (let t = 0; t < steps; t++) {
    if (t === checkpointAt + 5) vec.setState(JSON.parse(JSON.stringify(vec.getState())) as ReturnType<AtariVectorEnv['getState']>);
    if (t === checkpointAt) replay = { vecState: JSON.stringify(vec.getState()), syncState: sync.getState(), actions: [], obs: [] };
    const actions = Array.from({ length: N }, () => policy(rng, vec.singleActionSpace.n));
    const x = vec.step(actions), y = sync.step(actions);
    tally.ends += assertSameStep(x, y, vec.obsSize, `${s.game}/${s.protocol.name} step ${t}`);
    for (let i = 0; i < N; i++) {
      if (x.info.episodeEnded[i]) {
        if (x.info.gameEnded[i]) tally.gameEnds++;
        else tally.lifeEnds++;
      }
      if (x.rewards[i]! < 0) tally.negative++;
      if (x.truncations[i]) tally.truncated++;
    }
    if (replay && replay.actions.length < 60) {
      replay.actions.push(actions);
      replay.obs.push(Buffer.from(x.obs));
    }
  }
  if (replay) {
    const fresh = new AtariVectorEnv({ ...s, numEnvs: N });
    fresh.setState(JSON.parse(replay.vecState) as ReturnType<AtariVectorEnv['getState']>);
    sync.setState(replay.syncState as ReturnType<SyncVectorEnv['getState']>);
    replay.actions.forEach((actions, k) => {
      const x = fresh.step(actions), y = sync.step(actions);
      assertSameStep(x, y, vec.obsSize, `after restoring, step ${k}`);
      assert.ok(Buffer.from(x.obs).equals(replay!.obs[k]!), `after restoring, step ${k} repeats the first pass`);
    });
  }
  vec.close();
  sync.close();
  return tally;
}

/** Mostly DOWN (Tetris's pieces drop, so games end every ~40 steps), otherwise uniform. */
const dropping = (rng: Rng, n: number): number => (rng.uniform() < 0.8 ? 4 : rng.int(n));
const uniform = (rng: Rng, n: number): number => rng.int(n);

for (const name of ['cleanrl', 'ale-v5'] as const) {
  test(`Tetris under ${name}: AtariVectorEnv = SyncVectorEnv over makeAtariProtocolEnv, across episode ends and a restore`, { skip: skipTetris }, () => {
    const t = runEqual({ rom: tetris!, game: 'tetris', protocol: atariProtocol(name) }, 300, dropping, 100);
    assert.ok(t.gameEnds >= 4, `several games ended (${t.gameEnds})`);
  });
}

test('a game with lives and FIRE (carts/ale-lives under Breakout\'s settings), cleanrl: episodic life, FIRE reset, no-op starts, clipped rewards', { skip: noAddon }, () => {
  const t = runEqual({ rom: LIVES_CART, game: 'breakout', protocol: atariProtocol('cleanrl') }, 220, uniform, 60);
  assert.ok(t.lifeEnds >= 10, `lives were lost (${t.lifeEnds} learner episodes ended by a life)`);
  assert.ok(t.gameEnds >= 2, `games ended (${t.gameEnds})`);
  assert.ok(t.negative > 0, 'a lost point gives -1');
});

test('the cart under ale-v5 (sticky actions, whole games) and under overridden settings (frame skip 3, 2 frames, 100×100, no clipping, a frame cap)', { skip: noAddon }, () => {
  const v5 = runEqual({ rom: LIVES_CART, game: 'breakout', protocol: atariProtocol('ale-v5') }, 150, uniform, 40);
  assert.ok(v5.gameEnds >= 2 && v5.lifeEnds === 0, `whole games only (${v5.gameEnds} games, ${v5.lifeEnds} lives)`);
  const odd = atariProtocol('cleanrl', {
    frameSkip: 3, frameStack: 2, screenSize: 100, clipReward: false, noopMax: 5, maxEpisodeFrames: 200, repeatActionProbability: 0.1,
  });
  const t = runEqual({ rom: LIVES_CART, game: 'breakout', protocol: odd }, 150, uniform, 30);
  assert.ok(t.truncated > 0, 'the frame cap truncated episodes');
  const one = atariProtocol('cleanrl', { frameSkip: 1, frameStack: 1, fullActionSpace: true, fireReset: false, screenSize: 42 });
  runEqual({ rom: LIVES_CART, game: 'breakout', protocol: one }, 150, uniform, 50);
});

test('reset with a seed reproduces a run; seeds differ per env', { skip: noAddon }, () => {
  const env = new AtariVectorEnv({ rom: LIVES_CART, game: 'breakout', protocol: atariProtocol('ale-v5'), numEnvs: N, threads: 1 });
  const run = (): Buffer[] => {
    const out = [Buffer.from(env.reset({ seed: 11 }).obs)];
    for (let t = 0; t < 40; t++) out.push(Buffer.from(env.step([1, 1, 1]).obs));
    return out;
  };
  const first = run(), second = run();
  assert.deepEqual(first, second);
  const size = env.obsSize, last = first[first.length - 1]!;
  assert.ok(!last.subarray(0, size).equals(last.subarray(size, 2 * size)), 'envs 0 and 1 draw different sticky actions');
});

test('errors name the problem: unknown game, action count, action range, step before reset, bad settings and states', { skip: noAddon }, () => {
  const protocol = atariProtocol('cleanrl');
  assert.throws(() => new AtariVectorEnv({ rom: LIVES_CART, game: 'no_such_game', protocol, numEnvs: 2 }), /no game settings for 'no_such_game'/);
  assert.throws(() => new AtariVectorEnv({ rom: LIVES_CART, game: 'breakout', protocol, numEnvs: 0 }), /numEnvs must be a positive integer/);
  assert.throws(() => new AtariVectorEnv({ rom: LIVES_CART, game: 'breakout', protocol, numEnvs: 2, mode: 3 }), /mode 3 is not one of breakout's modes/);
  assert.throws(() => new AtariVectorEnv({ rom: LIVES_CART, game: 'breakout', protocol: { ...protocol, frameSkip: 0 }, numEnvs: 2 }), /protocol.frameSkip must be an integer >= 1/);
  assert.throws(() => new AtariVectorEnv({ rom: '/no/such/rom.bin', game: 'breakout', protocol, numEnvs: 2 }), /cannot read the ROM \/no\/such\/rom.bin/);
  const env = new AtariVectorEnv({ rom: LIVES_CART, game: 'breakout', protocol, numEnvs: 2 });
  assert.throws(() => env.step([0, 0]), /call reset\(\) before step\(\)/);
  env.reset();
  assert.throws(() => env.step([0]), /expected 2 actions, got 1/);
  assert.throws(() => env.step([0, 4]), /action of env 1 must be an integer in \[0, 3\], got 4/);
  assert.throws(() => env.step([-1, 0]), /action of env 0 must be an integer in \[0, 3\], got -1/);
  assert.throws(() => env.step([0.5, 0]), /must be an integer/);
  const state = env.getState();
  const other = new AtariVectorEnv({ rom: LIVES_CART, game: 'breakout', protocol, numEnvs: 3 });
  assert.throws(() => other.setState(state), /state holds 2 envs, this vector env has 3/);
  const v5 = new AtariVectorEnv({ rom: LIVES_CART, game: 'breakout', protocol: atariProtocol('ale-v5'), numEnvs: 2 });
  assert.throws(() => v5.setState(state), /made under another protocol/);
  const envs = state['envs'] as string[];
  assert.throws(() => env.setState({ ...state, envs: [envs[0]!, envs[0]!.slice(0, 40)] }), /truncated or corrupt|not an Atari vector env state/);
  assert.throws(() => env.setState({ envs }), /expected a state from AtariVectorEnv\(breakout\)/);
  env.close();
  assert.throws(() => env.step([0, 0]), /closed/);
});

test('the batch holds N stacked 84×84 frames and obeys the VectorEnv interface', { skip: noAddon }, () => {
  const env: VectorEnv<Uint8Array> = new AtariVectorEnv({ rom: LIVES_CART, game: 'breakout', protocol: atariProtocol('cleanrl'), numEnvs: 2 });
  assert.deepEqual(env.singleObservationSpace.shape, [4, 84, 84]);
  assert.equal(env.obsSize, 4 * 84 * 84);
  const { obs } = env.reset();
  assert.equal(obs.length, 2 * 4 * 84 * 84);
  assert.ok(obs.some((v) => v > 0), 'the cart draws something');
});
