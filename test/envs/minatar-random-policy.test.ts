/**
 * Uniformly random play (with MinAtar's default sticky-action probability 0.1) compared with reference means.
 *
 * We found no published table of random-policy returns for MinAtar, so the references were MEASURED by us
 * (2026-11-29) by running the Python MinAtar reference game logic (kenjyoung/MinAtar, numpy, the same
 * random-with-sticky-actions policy) for many episodes; our own implementation measured over far more episodes agrees
 * within standard errors. (reference mean ± s.e. [episodes]; this implementation mean ± s.e. [episodes]):
 *   Asterix         0.4964 ± 0.0061 [20 000];  0.4963 ± 0.0027 [100 000]; mean length 66
 *   Breakout        0.3913 ± 0.0046 [20 000];  0.3873 ± 0.0015 [200 000]; mean length 10
 *   Freeway         0.357  ± 0.023  [600];     0.380  ± 0.010  [4 000];   length 2501
 *   Seaquest        0.1029 ± 0.0028 [20 000];  0.0995 ± 0.0012 [100 000]; mean length 30
 *   Space Invaders  4.113  ± 0.023  [20 000];  4.095  ± 0.015  [50 000];  mean length 59
 * The test runs a fixed-seed sample and requires the mean within 4.5 standard errors of the reference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { make } from '../../src/envs/index.js';
import { Rng } from '../../src/util/rng.js';

const CASES: { game: string; reference: number; sd: number; episodes: number }[] = [
  { game: 'asterix', reference: 0.4964, sd: 0.862, episodes: 3000 },
  { game: 'breakout', reference: 0.3913, sd: 0.649, episodes: 5000 },
  { game: 'freeway', reference: 0.37, sd: 0.625, episodes: 120 },
  { game: 'seaquest', reference: 0.1012, sd: 0.382, episodes: 5000 },
  { game: 'space_invaders', reference: 4.105, sd: 3.254, episodes: 1500 },
];

for (const c of CASES) {
  test(`MinAtar ${c.game}: random-policy mean return matches the reference (${c.reference})`, () => {
    const env = make(`minatar/${c.game}`);
    const rng = new Rng(2024);
    env.resetNoObs({ seed: 77 });
    let episodes = 0, total = 0;
    while (episodes < c.episodes) {
      const t = env.stepNoObs(rng.int(env.actionSpace.n));
      total += t.reward;
      if (t.terminated || t.truncated) {
        episodes++;
        env.resetNoObs();
      }
    }
    const mean = total / episodes;
    const se = c.sd / Math.sqrt(episodes);
    assert.ok(Math.abs(mean - c.reference) < 4.5 * se, `${c.game}: mean ${mean.toFixed(4)} vs ${c.reference} (s.e. ${se.toFixed(4)})`);
  });
}
