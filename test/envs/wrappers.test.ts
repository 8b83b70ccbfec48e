import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ClipReward, EpisodicLife, FireReset, FrameStack, MaxAndSkip, NoopReset, RecordEpisodeStatistics, StickyActions,
  TimeLimit, WarpFrame, areaWeights, resizeArea, wrapAtari, make, type EpisodeStatistics,
} from '../../src/envs/index.js';
import { ToyRgbEnv } from './helpers/toy-rgb-env.js';

test('TimeLimit truncates at the limit (truncated, not terminated) and counts from each reset', () => {
  const env = new TimeLimit(new ToyRgbEnv({ lives: 1000 }), 7);
  env.reset();
  for (let i = 1; i <= 7; i++) {
    const r = env.step(0);
    assert.equal(r.truncated, i === 7);
    assert.equal(r.terminated, false);
  }
  env.reset();
  assert.equal(env.step(0).truncated, false);
  assert.equal(env.elapsedSteps, 1);
});

test('RecordEpisodeStatistics puts {r, l, t} in info when the episode ends', () => {
  const env = new RecordEpisodeStatistics(new ToyRgbEnv({ lives: 1, lifeSteps: 5 }));
  env.reset();
  const actions = [2, 2, 3, 0, 2];
  let last;
  for (const a of actions) last = env.step(a);
  assert.equal(last!.terminated, true);
  const ep = last!.info['episode'] as EpisodeStatistics;
  assert.equal(ep.r, 3 + 3 - 2 + 0 + 3);
  assert.equal(ep.l, 5);
  assert.ok(ep.t >= 0);
});

test('NoopReset takes 1..noopMax no-ops after reset, uniformly, reproducibly by seed', () => {
  const toy = new ToyRgbEnv({ lives: 1000 });
  const env = new NoopReset(toy, 30);
  const seen = new Set<number>();
  for (let i = 0; i < 600; i++) {
    toy.actionsLog.length = 0;
    env.reset(i === 0 ? { seed: 3 } : undefined);
    const n = toy.actionsLog.length;
    assert.ok(n >= 1 && n <= 30);
    assert.equal(n, env.lastNoops);
    assert.ok(toy.actionsLog.every((a) => a === 0));
    seen.add(n);
  }
  assert.equal(seen.size, 30);
  const counts = (seed: number): number[] => {
    const e = new NoopReset(new ToyRgbEnv({ lives: 1000 }), 30);
    return [0, 1, 2, 3].map((k) => { e.reset(k === 0 ? { seed } : undefined); return e.lastNoops; });
  };
  assert.deepEqual(counts(5), counts(5));
  assert.notDeepEqual(counts(5), counts(6));
});

test('NoopReset resets again if the episode ends during the no-ops', () => {
  const toy = new ToyRgbEnv({ lives: 1, lifeSteps: 2 });
  const env = new NoopReset(toy, 30);
  env.reset({ seed: 1 });
  if (env.lastNoops >= 2) assert.ok(toy.resets >= 2);
  assert.equal(toy.livesLeft, 1);
});

test('MaxAndSkip repeats the action 4 times, sums rewards and max-pools the last two frames', () => {
  const toy = new ToyRgbEnv({ lives: 1000 });
  const env = new MaxAndSkip(toy, 4);
  env.reset();
  const r = env.step(2);
  assert.deepEqual(toy.actionsLog, [2, 2, 2, 2]);
  assert.equal(r.reward, 12);
  // Frames 3 and 4: flicker pixel is 0 on t = 3 and 200 on t = 4 → max 200; counter pixel max(3, 4) = 4.
  assert.equal(r.obs[0], 200);
  assert.equal(r.obs[3], 4);
  const r2 = env.step(0);
  assert.equal(r2.obs[3], 8);
  assert.deepEqual(env.observationSpace.shape, [21, 16, 3]);
});

test('MaxAndSkip stops early when the episode ends and pools only frames of this step', () => {
  const toy = new ToyRgbEnv({ lives: 1, lifeSteps: 6 });
  const env = new MaxAndSkip(toy, 4);
  env.reset();
  env.step(0);                                   // t = 4
  const r = env.step(2);                         // t = 5, then 6 ends the game
  assert.equal(r.terminated, true);
  assert.equal(toy.t, 6);
  assert.equal(r.reward, 6);
  assert.equal(r.obs[3], 6);
});

test('EpisodicLife: a lost life ends the learner\'s episode; reset continues the game until it is really over', () => {
  const toy = new ToyRgbEnv({ lives: 3, lifeSteps: 4 });
  const env = new EpisodicLife(toy);
  env.reset();
  assert.equal(toy.resets, 1);
  let n = 0, r;
  do { r = env.step(0); n++; } while (!r.terminated);
  assert.equal(n, 4);
  assert.equal(env.realDone, false);
  env.reset();                                   // no real reset: one no-op step instead
  assert.equal(toy.resets, 1);
  assert.equal(toy.t, 5);
  do { r = env.step(0); } while (!r.terminated);
  assert.equal(toy.livesLeft, 1);
  env.reset();
  do { r = env.step(0); } while (!r.terminated);
  assert.equal(toy.livesLeft, 0);
  assert.equal(env.realDone, true);
  env.reset();
  assert.equal(toy.resets, 2);
  assert.throws(() => new EpisodicLife(make('classic/cartpole')), /lives/);
});

test('FireReset presses FIRE then action 2 after reset, and refuses envs without FIRE', () => {
  const toy = new ToyRgbEnv({ lives: 1000 });
  const env = new FireReset(toy);
  env.reset();
  assert.deepEqual(toy.actionsLog, [1, 2]);
  assert.throws(() => new FireReset(make('minatar/breakout')), /FIRE/);
});

test('ClipReward maps rewards to their sign', () => {
  const env = new ClipReward(new ToyRgbEnv({ lives: 1000 }));
  env.reset();
  assert.deepEqual([env.step(2).reward, env.step(3).reward, env.step(0).reward], [1, -1, 0]);
});

test('StickyActions: p = 1 always repeats the previous action (no-op after reset); p = 0 never; p = 0.25 about a quarter', () => {
  let toy = new ToyRgbEnv({ lives: 100000 });
  new StickyActions(toy, 1).reset();
  const always = new StickyActions(toy, 1);
  always.reset();
  always.step(2); always.step(3);
  assert.deepEqual(toy.actionsLog, [0, 0]);
  toy = new ToyRgbEnv({ lives: 100000 });
  const never = new StickyActions(toy, 0);
  never.reset();
  never.step(2); never.step(3);
  assert.deepEqual(toy.actionsLog, [2, 3]);
  toy = new ToyRgbEnv({ lives: 100000 });
  const quarter = new StickyActions(toy, 0.25);
  quarter.reset({ seed: 1 });
  // Among steps whose chosen action differs from the last executed one, a quarter must execute the old action.
  let eligible = 0, repeats = 0, last = 0;
  for (let i = 0; i < 8000; i++) {
    const a = last === 2 ? 3 : 2;
    quarter.step(a);
    eligible++;
    if (toy.actionsLog[i] === last) repeats++;
    last = toy.actionsLog[i]!;
  }
  assert.ok(Math.abs(repeats / eligible - 0.25) < 0.02, `repeat rate ${repeats / eligible}`);
});

test('WarpFrame: grayscale (BT.601) and 84×84 area resize', () => {
  const env = new WarpFrame(new ToyRgbEnv({ height: 210, width: 160, fill: 90, lives: 1000 }));
  assert.deepEqual(env.observationSpace.shape, [84, 84]);
  const { obs } = env.reset();
  assert.equal(obs.length, 84 * 84);
  // Away from the two marker pixels the frame is uniform gray 90.
  assert.equal(obs[84 * 50 + 50], 90);
  // Output pixel (0,0) covers input rows [0, 2.5) × cols [0, 1.905): pixel (0,0) = R 200 → gray round(0.299·200 + 0.587·90 + 0.114·90) = 123.
  const wy = 1 / 2.5, wx0 = 1 / (160 / 84), wx1 = (160 / 84 - 1) / (160 / 84);
  const g00 = Math.round(0.299 * 200 + 0.587 * 90 + 0.114 * 90), g01 = Math.round(0.299 * 0 + 0.587 * 90 + 0.114 * 90);
  const expected = wy * (wx0 * g00 + wx1 * g01) + (1 - wy) * 90;
  assert.equal(obs[0], Math.round(expected));
  const color = new WarpFrame(new ToyRgbEnv({ height: 20, width: 20 }), { width: 10, height: 5, grayscale: false });
  assert.deepEqual(color.observationSpace.shape, [5, 10, 3]);
});

test('resizeArea: exact 2× downscale averages 2×2 blocks; the mean is preserved for fractional ratios', () => {
  const src = new Uint8Array(16);
  for (let i = 0; i < 16; i++) src[i] = i * 10;
  const out = new Uint8Array(4);
  resizeArea(src, 4, 4, 1, out, 0, 2, 2, areaWeights(4, 2), areaWeights(4, 2));
  assert.deepEqual([...out], [25, 45, 105, 125]);
  const big = new Uint8Array(210 * 160);
  for (let i = 0; i < big.length; i++) big[i] = (i * 37) % 256;
  const small = new Uint8Array(84 * 84);
  resizeArea(big, 210, 160, 1, small, 0, 84, 84, areaWeights(210, 84), areaWeights(160, 84));
  const mean = (a: Uint8Array): number => a.reduce((s, v) => s + v, 0) / a.length;
  assert.ok(Math.abs(mean(big) - mean(small)) < 0.6);
});

test('FrameStack stacks the last k frames oldest first; after reset all slots hold the reset frame', () => {
  const toy = new ToyRgbEnv({ height: 2, width: 2, lives: 1000 });
  const env = new FrameStack(toy, 4);
  assert.deepEqual(env.observationSpace.shape, [4, 2, 2, 3]);
  let { obs } = env.reset();
  const n = 12;
  for (let k = 0; k < 4; k++) assert.equal(obs[k * n + 3], 0);
  for (let t = 1; t <= 6; t++) obs = env.step(0).obs;
  assert.deepEqual([0, 1, 2, 3].map((k) => obs[k * n + 3]), [3, 4, 5, 6]);
});

test('wrapAtari builds the full stack on an RGB env: [4, 84, 84] observations, clipped rewards, whole-game statistics', () => {
  const toy = new ToyRgbEnv({ height: 210, width: 160, lives: 2, lifeSteps: 40 });
  const env = wrapAtari(toy, { noopMax: 5 });
  assert.deepEqual(env.observationSpace.shape, [4, 84, 84]);
  const { obs } = env.reset({ seed: 1 });
  assert.equal(obs.length, 4 * 84 * 84);
  let r = env.step(2);
  assert.equal(r.reward, 1);
  let lifeEnds = 0, episode: EpisodeStatistics | undefined;
  for (let i = 0; i < 100 && !episode; i++) {
    r = env.step(2);
    if (r.terminated) {
      lifeEnds++;
      episode = r.info['episode'] as EpisodeStatistics | undefined;
      if (!episode) env.reset();
    }
  }
  assert.equal(lifeEnds, 2);
  // Whole game: 2 lives × 40 frames, raw (unclipped) rewards of 3 per frame of action 2 (reset no-ops and FIRE score 0).
  assert.ok(episode && episode.l === 80 && episode.r % 3 === 0 && episode.r >= 150, JSON.stringify(episode));
});

test('a wrapped MinAtar stack checkpoints and resumes exactly (JSON round trip)', () => {
  const env = new FrameStack(new MaxAndSkip(new StickyActions(new TimeLimit(make('minatar/seaquest'), 1000), 0.25), 2), 3);
  env.reset({ seed: 4 });
  for (let i = 0; i < 5; i++) env.step(i % 6);
  const st = JSON.parse(JSON.stringify(env.getState()));
  const run = (): number[] => {
    const out: number[] = [];
    for (let i = 0; i < 40; i++) {
      const r = env.step((i * 5) % 6);
      out.push(r.reward, r.obs.reduce((a, b, j) => a + b * (j % 97), 0));
      if (r.terminated || r.truncated) env.reset();
    }
    return out;
  };
  const a = run();
  env.setState(st);
  assert.deepEqual(run(), a);
});
