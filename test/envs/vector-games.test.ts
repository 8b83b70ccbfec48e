import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncVectorEnv, wrapAtari } from '../../src/envs/index.js';
import { ToyRgbEnv } from './helpers/toy-rgb-env.js';

test('SyncVectorEnv: under EpisodicLife + ClipReward, games are logged whole with raw scores, lives are learner episodes', () => {
  // 3 lives of 10 frames, frameskip 2; action 2 scores +3 a frame (clipped to +1 a step for the learner). Life 1 is
  // agent steps 1-5 (frames 1-10); EpisodicLife's reset then takes a no-op step (frames 11-12), so life 2 is steps
  // 6-9 (frames 13-20), life 3 steps 10-13 (frames 23-30): the game ends at step 13 after 30 frames.
  const env = wrapAtari(new ToyRgbEnv({ lives: 3, lifeSteps: 10 }), { noopMax: 0, frameSkip: 2, fireReset: false, screenSize: 8, frameStack: 2, maxFrames: 0 });
  const vec = new SyncVectorEnv([env]);
  vec.reset({ seed: 1 });
  const learnerEnds: number[] = [], games: { step: number; r: number; l: number }[] = [];
  for (let step = 1; step <= 40; step++) {
    const r = vec.step([2]);
    assert.equal(r.rewards[0], 1, 'the learner sees clipped rewards');
    if (r.info.episodeEnded[0]) learnerEnds.push(step);
    if (r.info.gameEnded[0]) games.push({ step, r: r.info.gameReturn[0]!, l: r.info.gameLength[0]! });
    if (!r.info.episodeEnded[0]) assert.equal(r.info.gameEnded[0], 0);
  }
  assert.deepEqual(learnerEnds.slice(0, 4), [5, 9, 13, 18]);
  assert.ok(games.length >= 2, `two whole games in 40 steps, got ${JSON.stringify(games)}`);
  assert.equal(games[0]!.step, 13);
  assert.equal(games[0]!.l, 30);
  assert.equal(games[0]!.r, 3 * (30 - 2 * 2), 'raw score: +3 for each frame of action 2, none for the no-op steps between lives');
});

test('SyncVectorEnv: without a record of games, every episode is a game with the same numbers', () => {
  const vec = SyncVectorEnv.make('minatar/breakout', 2);
  vec.reset({ seed: 4 });
  let ended = 0;
  for (let t = 0; t < 600; t++) {
    const r = vec.step([t % 3, (t + 1) % 3]);
    for (let i = 0; i < 2; i++) {
      assert.equal(r.info.gameEnded[i], r.info.episodeEnded[i]);
      if (r.info.episodeEnded[i]) {
        ended++;
        assert.equal(r.info.gameReturn[i], r.info.episodeReturn[i]);
        assert.equal(r.info.gameLength[i], r.info.episodeLength[i]);
      }
    }
  }
  assert.ok(ended > 0);
});
