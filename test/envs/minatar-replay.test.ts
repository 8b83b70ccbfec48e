/**
 * Frame-for-frame replays of the MinAtar reference implementation (kenjyoung/MinAtar v1.0.15, its `Environment` with
 * sticky actions), recorded by scripts/minatar/record_reference.py into test/fixtures/minatar/ (see the README there).
 *
 * Each trace holds, for every reset and step, the chosen action (full six-action set), the reward, the terminal flag,
 * the observation and the random numbers the reference drew in that call. We replay the actions while our game draws
 * those same numbers (ReplayRng), and require every reward, flag and frame to match, and every draw to be used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Asterix, Breakout, Freeway, Seaquest, SpaceInvaders, type EnvState, type MinAtarEnv, type SeaquestOptions } from '../../src/envs/index.js';
import { Rng } from '../../src/util/rng.js';

/** A rand() value, or [n, k]: a randint over n values that returned the k-th. */
type Draw = number | [number, number];
/** action, reward, terminal, frame (flat indices that changed since the previous frame), draws[, hidden] */
type Step = [number, number, boolean, number[], Draw[], number[]?];
interface Trace {
  reference: { version: string; commit: string };
  game: string;
  stickyActionProb: number;
  difficultyRamping: boolean;
  channels: string[];
  stickyCarriedOverReset?: number;
  events?: { episode: number; step: number; event: string }[];
  episodes: { reset: { frame: number[]; draws: Draw[]; hidden?: number[] }; steps: Step[] }[];
}

function load(name: string): Trace {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../test/fixtures/minatar/${name}`, import.meta.url)), 'utf8')) as Trace;
}

/**
 * Serves our games the reference's random numbers, one call's worth at a time. A rand() value u answers uniform()
 * as u and int(n) as ⌊u·n⌋ (the reference's `rand() < 1/2` is our `int(2) === 0`); a randint answers int(n) only.
 */
class ReplayRng extends Rng {
  private draws: Draw[] = [];
  private used = 0;

  feed(draws: Draw[]): void {
    this.draws = draws;
    this.used = 0;
  }

  unused(): number {
    return this.draws.length - this.used;
  }

  override uniform(): number {
    const d = this.next('uniform()');
    if (typeof d !== 'number') throw new Error(`replay: our game drew uniform() where the reference drew randint over ${d[0]} values`);
    return d;
  }

  override int(n: number): number {
    const d = this.next(`int(${n})`);
    if (typeof d === 'number') return Math.floor(d * n);
    if (d[0] !== n) throw new Error(`replay: our game drew int(${n}) where the reference drew randint over ${d[0]} values`);
    return d[1];
  }

  private next(what: string): Draw {
    if (this.used === this.draws.length) throw new Error(`replay: our game drew ${what} beyond the ${this.draws.length} numbers the reference drew`);
    return this.draws[this.used++]!;
  }
}

/** Each game, drawing from a given random stream (the stream is protected: these subclasses set it). */
const GAMES: { [game: string]: (o: SeaquestOptions, rng: Rng) => MinAtarEnv } = {
  asterix: (o, rng) => new (class extends Asterix { constructor() { super(o); this.rng = rng; } })(),
  breakout: (o, rng) => new (class extends Breakout { constructor() { super(o); this.rng = rng; } })(),
  freeway: (o, rng) => new (class extends Freeway { constructor() { super(o); this.rng = rng; } })(),
  seaquest: (o, rng) => new (class extends Seaquest { constructor() { super(o); this.rng = rng; } })(),
  space_invaders: (o, rng) => new (class extends SpaceInvaders { constructor() { super(o); this.rng = rng; } })(),
};

/** The trace's game in the full action set, drawing from `rng`. */
function replayEnv(trace: Trace, rng: Rng, extra: SeaquestOptions = {}): MinAtarEnv {
  const options: SeaquestOptions = {
    stickyActionProb: trace.stickyActionProb, difficultyRamping: trace.difficultyRamping, minimalActionSet: false, ...extra,
  };
  return GAMES[trace.game]!(options, rng);
}

function hidden(env: MinAtarEnv): number[] {
  const s = env.getState()['state'] as EnvState;
  return [s['oxygen'] as number, s['diverCount'] as number, s['rampIndex'] as number];
}

/** Follows the trace's frames (each a list of toggled cells) and names the first cell where ours differs. */
class FrameTracker {
  private readonly expected: Uint8Array;
  constructor(private readonly channels: readonly string[]) {
    this.expected = new Uint8Array(channels.length * 100);
  }
  start(delta: number[]): void {
    this.expected.fill(0);
    this.apply(delta);
  }
  apply(delta: number[]): void {
    for (const i of delta) this.expected[i] ^= 1;
  }
  check(ours: Uint8Array, where: string): void {
    assert.equal(ours.length, this.expected.length, `${where}: observation size`);
    for (let i = 0; i < ours.length; i++) {
      if (ours[i] !== this.expected[i]) {
        const c = Math.floor(i / 100), y = Math.floor((i % 100) / 10), x = i % 10;
        assert.fail(`${where}: ${this.channels[c]} at row ${y}, column ${x} is ${ours[i]}, the reference has ${this.expected[i]}`);
      }
    }
  }
}

/**
 * Replays episode `e` of the trace on `env` (fed by `rng`) through step `stopAt` (default: to the episode's end),
 * checking the recorded [oxygen, divers, ramp] too unless `checkHidden` is false. Returns the steps replayed.
 */
function replayEpisode(trace: Trace, env: MinAtarEnv, rng: ReplayRng, e: number, stopAt = Infinity, checkHidden = true): number {
  const ep = trace.episodes[e]!;
  const frames = new FrameTracker(trace.channels);
  rng.feed(ep.reset.draws);
  let obs = env.reset().obs;
  const where0 = `${trace.game} episode ${e} reset`;
  assert.equal(rng.unused(), 0, `${where0}: draws left unused`);
  frames.start(ep.reset.frame);
  frames.check(obs, where0);
  if (ep.reset.hidden && checkHidden) assert.deepEqual(hidden(env), ep.reset.hidden, `${where0}: [oxygen, divers, ramp]`);
  let n = 0;
  for (const [i, [action, reward, terminal, delta, draws, hid]] of ep.steps.entries()) {
    if (i > stopAt) break;
    const where = `${trace.game} episode ${e} step ${i} (action ${action})`;
    rng.feed(draws);
    const t = env.step(action);
    obs = t.obs;
    assert.equal(rng.unused(), 0, `${where}: draws left unused`);
    assert.equal(t.reward, reward, `${where}: reward`);
    assert.equal(t.terminated, terminal, `${where}: terminated`);
    frames.apply(delta);
    frames.check(obs, where);
    if (hid && checkHidden) assert.deepEqual(hidden(env), hid, `${where}: [oxygen, divers, ramp]`);
    n++;
  }
  return n;
}

function replayAll(trace: Trace, extra: SeaquestOptions = {}): number {
  const rng = new ReplayRng();
  const env = replayEnv(trace, rng, extra);
  assert.equal(env.channelNames.length, trace.channels.length);
  let steps = 0;
  for (let e = 0; e < trace.episodes.length; e++) steps += replayEpisode(trace, env, rng, e);
  return steps;
}

for (const game of ['asterix', 'breakout', 'freeway', 'seaquest', 'space-invaders']) {
  test(`MinAtar ${game}: random play with sticky actions replays the reference frame for frame`, () => {
    const trace = load(`random-${game}.json`);
    assert.equal(trace.reference.version, '1.0.15');
    const steps = replayAll(trace);
    assert.ok(steps >= 300, `${steps} steps`);
    // Each trace (Freeway's 2500-step episode excepted) has an episode whose first step repeats, by a sticky action,
    // the last action of the episode before, where a no-op would give another frame: resetting the last action at
    // reset() would fail the replay there.
    if (game !== 'freeway') assert.ok(trace.stickyCarriedOverReset! >= 1 && trace.episodes.length >= 2);
  });
}

test('MinAtar: reset() keeps the last action for sticky actions (the reference never resets it)', () => {
  const env = new Seaquest({ stickyActionProb: 0 });
  env.reset({ seed: 3 });
  env.step(3);
  env.reset();
  assert.equal(env.getState()['lastAction'], 3);
  env.reset({ seed: 4 });
  assert.equal(env.getState()['lastAction'], 3);
});

const story = load('seaquest-story.json');
const event = (name: string, nth = 0): { episode: number; step: number } => story.events!.filter((v) => v.event === name)[nth]!;

test('MinAtar Seaquest: a scripted sub replays the reference: 6 divers leave −1, surfacing at oxygen 0 ends, oxygen out', () => {
  assert.deepEqual(story.events!.map((v) => v.event), ['bonus', 'surface-without-divers', 'bonus', 'surface-at-zero-oxygen', 'oxygen-out']);
  const rng = new ReplayRng();
  const env = replayEnv(story, rng);
  // Episode 1, stopping at each event to say what the reference does there (replayEpisode checks every frame,
  // reward and [oxygen, divers, ramp] on the way).
  const checkpoints: [string, number, (s: number[], terminated: boolean) => void][] = [
    ['bonus', 0, (s, t) => { assert.equal(s[1], -1); assert.equal(t, false); }],
    ['surface-without-divers', 0, (s, t) => { assert.equal(s[1], -2); assert.equal(t, false); }],
    ['bonus', 1, (s, t) => { assert.equal(s[1], -1); assert.equal(t, false); }],
    ['surface-at-zero-oxygen', 0, (s, t) => { assert.deepEqual([s[0], t], [200, true]); }],
  ];
  for (const [name, nth, check] of checkpoints) {
    const { step } = event(name, nth);
    const fresh = replayEnv(story, rng);
    replayEpisode(story, fresh, rng, 0, step);
    check(hidden(fresh), story.episodes[0]!.steps[step]![2]);
  }
  assert.equal(replayEpisode(story, env, rng, 0), story.episodes[0]!.steps.length);
  // Episode 2: dive and stay down; the episode ends in the step that finds the oxygen at 0 (the 201st below).
  assert.equal(replayEpisode(story, env, rng, 1), 201);
  assert.equal(event('oxygen-out').step, 200);
});

test('MinAtar Seaquest writtenRules: the same sub dies surfacing without divers after the bonus, and lasts a step longer without oxygen', () => {
  const rng = new ReplayRng();
  const env = replayEnv(story, rng, { writtenRules: true });
  const bonus = event('bonus').step, empty = event('surface-without-divers').step;
  // Identical frames up to the first surfacing after the bonus (the gauge shows 0 divers either way) ...
  replayEpisode(story, env, rng, 0, empty - 1, false);
  assert.equal(hidden(env)[1], 0, `divers after the bonus at step ${bonus}`);
  // ... where the written rules end the episode: the sub surfaces with no diver.
  rng.feed(story.episodes[0]!.steps[empty]![4]);
  assert.equal(env.step(story.episodes[0]!.steps[empty]![0]).terminated, true);
  // Episode 2: at the reference's last step the oxygen is at 0, which the written rules still allow.
  const out = event('oxygen-out').step;
  const written = replayEnv(story, rng, { writtenRules: true });
  const ep = story.episodes[1]!;
  rng.feed(ep.reset.draws);
  written.reset();
  for (let i = 0; i <= out; i++) {
    rng.feed(ep.steps[i]![4]);
    const t = written.step(ep.steps[i]![0]);
    assert.equal(t.terminated, false, `step ${i}`);
  }
  assert.equal(hidden(written)[0], -1);
});
