/**
 * AtariEnv (native/atari/ale.h) on Tetris 2600 (../shared/test-roms/tetris.bin; ALE ships it and has its settings):
 * the reset sequence, frameskip, sticky actions (replayed against our own mt19937 of ALE's draws), the frame cap,
 * exact save states, observation shapes and invalid actions. And on carts/ale-modes.asm, which stands in for
 * Freeway's RAM (CI has it): mode selection through SELECT, soft resets, switches, joystick bytes, summed rewards.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atariAvailable, AtariEnv, type AtariEnvOptions, type Joystick } from '../../../src/envs/atari/index.js';
import { Rng } from '../../../src/util/rng.js';
import { cartPath, tetrisPath } from './oracle-compare.js';
import { tetrisPlayer } from './tetris-player.js';
import { Mt19937 } from './oracle.js';

const path = tetrisPath();
const skip = !path ? 'no ../shared/test-roms/tetris.bin beside the project' : !atariAvailable() ? 'no Atari addon' : false;

// Tetris's minimal set: NOOP, FIRE, RIGHT, LEFT, DOWN.
const MINIMAL = ['NOOP', 'FIRE', 'RIGHT', 'LEFT', 'DOWN'];
const CONSTRUCTION_FRAMES = 60;  // ALE's Console constructor: 60 frames to detect the display format
const RESET_FRAMES = 60 + 4 + 4;  // NOOPs, soft reset, (one mode: no SELECT), soft reset, no starting actions

function tetris(options: Partial<AtariEnvOptions> = {}): AtariEnv {
  return new AtariEnv({ rom: path!, game: 'tetris', obsType: 'ram', ...options });
}

function actionOf(j: Joystick | undefined): number {
  if (!j) return 0;
  if (j.fire) return 1;
  if (j.right) return 2;
  if (j.left) return 3;
  if (j.down) return 4;
  return 0;
}


/** Actions that play Tetris (the oracle tests' player), one per agent step of `frameskip` frames. */
function playedActions(steps: number, frameskip: number, seed = 3): number[] {
  const env = tetris({ frameskip, repeatActionProbability: 0 });
  const player = tetrisPlayer(seed);
  let obs = env.reset().obs;
  const actions: number[] = [];
  for (let s = 0; s < steps; s++) {
    const a = actionOf(player(s * frameskip, obs)?.joystick0);
    actions.push(a);
    obs = env.step(a).obs;
  }
  return actions;
}

test('mt19937 here is the standard one (10,000th output of seed 5489 is 4123659995)', { skip }, () => {
  const rng = new Mt19937(5489);
  let v = 0;
  for (let i = 0; i < 10000; i++) v = rng.next();
  assert.equal(v, 4123659995);
});

test('construction runs 60 frames and reset ALE\'s sequence: 60 NOOP frames, two soft resets of 4 (68 for Tetris)', { skip }, () => {
  const env = tetris({ repeatActionProbability: 0 });
  assert.deepEqual(env.actionMeanings(), MINIMAL);
  let info = env.reset().info;
  assert.equal(info['emulatedFrames'], CONSTRUCTION_FRAMES + RESET_FRAMES);
  assert.equal(info['episodeFrameNumber'], 0);
  assert.equal(info['frameNumber'], 0);
  for (let i = 0; i < 5; i++) env.step(0);
  info = env.reset().info;
  assert.equal(info['emulatedFrames'], CONSTRUCTION_FRAMES + 2 * RESET_FRAMES + 5 * 4);
  assert.equal(info['episodeFrameNumber'], 0);
  assert.equal(info['frameNumber'], 20, 'the frame number runs on across episodes, as ALE\'s');
});

test('frameskip: one step of k frames = k steps of one frame (rewards summed, same RAM), and the player scores', { skip }, () => {
  const steps = 900;
  const actions = playedActions(steps, 4);
  const four = tetris({ frameskip: 4, repeatActionProbability: 0 });
  const one = tetris({ frameskip: 1, repeatActionProbability: 0 });
  four.reset();
  one.reset();
  let total = 0;
  for (const a of actions) {
    const r4 = four.step(a);
    let r1 = 0;
    let last = one.step(a);
    r1 += last.reward;
    for (let k = 1; k < 4; k++) { last = one.step(a); r1 += last.reward; }
    assert.equal(r4.reward, r1);
    assert.deepEqual(r4.obs, last.obs);
    assert.equal(r4.info['episodeFrameNumber'], last.info['episodeFrameNumber']);
    total += r4.reward;
  }
  assert.ok(total > 0, `the player cleared no line in ${steps} steps (reward ${total}): the sums compared only zeros`);
});

test('sticky actions: p = 1 keeps NOOP for ever; p = 0.25 follows two mt19937 draws a frame (A then B), per seed', { skip }, () => {
  const actions = playedActions(400, 4);
  // p = 1: every frame keeps the stored action, NOOP since the soft reset.
  const stuck = tetris({ repeatActionProbability: 1 });
  const noop = tetris({ repeatActionProbability: 0 });
  const free = tetris({ repeatActionProbability: 0 });
  stuck.reset(); noop.reset(); free.reset();
  let differs = false;
  for (const a of actions) {
    const s = stuck.step(a), n = noop.step(0), f = free.step(a);
    assert.deepEqual(s.obs, n.obs);
    if (!differs && f.obs.some((v, i) => v !== s.obs[i])) differs = true;
  }
  assert.ok(differs, 'p = 0 with the played actions never left the NOOP trajectory');

  // p = 0.25: replay the effective action of every frame, drawn here, on a frameskip-1 env without stickiness. The
  // actions change often (seeded random ones), so that many frames keep an old one.
  const random = new Rng(11);
  const changing = actions.map((a, i) => (i % 2 ? random.int(5) : a));
  for (const seed of [0, 12345]) {
    const sticky = tetris({ repeatActionProbability: 0.25, seed });
    const replay = tetris({ frameskip: 1, repeatActionProbability: 0 });
    sticky.reset(); replay.reset();
    const rng = new Mt19937(seed);
    let stored = 0, kept = 0;
    for (const a of changing) {
      const s = sticky.step(a);
      let r = 0, last = s;
      for (let k = 0; k < 4; k++) {
        if (rng.nextDouble() >= 0.25) stored = a; else if (stored !== a) kept++;
        rng.nextDouble();  // player B's draw
        last = replay.step(stored);
        r += last.reward;
      }
      assert.equal(s.reward, r);
      assert.deepEqual(s.obs, last.obs);
    }
    assert.ok(kept > 50, `only ${kept} frames kept an old action: the test saw too little stickiness`);
  }

  // Same seed, same run; another seed, another run.
  const run = (seed: number): number[] => {
    const env = tetris({ seed });
    env.reset();
    return actions.flatMap((a) => Array.from(env.step(a).obs));
  };
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
});

test('the frame cap truncates at maxEpisodeFrames emulator frames and nothing runs past it', { skip }, () => {
  const env = tetris({ frameskip: 3, maxEpisodeFrames: 10, repeatActionProbability: 0 });
  let info = env.reset().info;
  const start = info['emulatedFrames'] as number;
  for (let i = 1; i <= 3; i++) {
    const t = env.step(4);
    assert.equal(t.truncated, false);
    assert.equal(t.info['episodeFrameNumber'], 3 * i);
  }
  const t = env.step(4);
  assert.equal(t.truncated, true);
  assert.equal(t.terminated, false);
  assert.equal(t.info['episodeFrameNumber'], 10, 'the fourth step stops after one frame, at the cap');
  const after = env.step(4);
  assert.equal(after.truncated, true);
  assert.equal(after.reward, 0);
  assert.equal(after.info['emulatedFrames'], start + 10, 'ALE emulates no frame past the end of an episode');
  info = env.reset().info;
  assert.equal(info['episodeFrameNumber'], 0);
  assert.equal(env.step(0).truncated, false);
});

test('getState/setState: an exact continuation, in the same env and in a new one (sticky generator included)', { skip }, () => {
  const actions = playedActions(300, 4, 5);
  const env = tetris({ seed: 99 });
  env.reset();
  for (const a of actions.slice(0, 100)) env.step(a);
  const saved = env.getState();
  const pictureAtSave = env.render().data;
  const rest = actions.slice(100);
  const trace = (e: AtariEnv): string[] => rest.map((a) => {
    const t = e.step(a);
    return `${t.reward} ${t.terminated} ${t.truncated} ${JSON.stringify(t.info)} ${Buffer.from(t.obs).toString('hex')}`;
  });
  const first = trace(env);
  env.setState(JSON.parse(JSON.stringify(saved)));
  assert.deepEqual(trace(env), first);
  const fresh = tetris({ seed: 1 });
  fresh.setState(saved);
  assert.deepEqual(trace(fresh), first);
  const rgb = tetris({ obsType: 'rgb' });
  rgb.reset();
  rgb.setState(saved);
  assert.deepEqual(rgb.render().data, pictureAtSave, 'the picture is part of the state');
  assert.ok(new Set(pictureAtSave).size > 1, 'a blank picture');
  assert.throws(() => env.setState({ ...saved, ale: Buffer.from('corrupt').toString('base64') }), /not an ALE environment state/);
  const good = Buffer.from(saved['ale'] as string, 'base64');
  assert.throws(() => env.setState({ ...saved, ale: good.subarray(0, good.length - 3).toString('base64') }), /truncated or corrupt/);
  assert.throws(() => env.setState({ ...saved, game: 'pong' }), /state is for pong/);
});

test('observations: rgb [210,160,3], grayscale [210,160], ram [128], all views of one frame', { skip }, () => {
  const shapes = { rgb: [210, 160, 3], grayscale: [210, 160], ram: [128] } as const;
  const obs: Record<string, Uint8Array> = {};
  for (const obsType of ['rgb', 'grayscale', 'ram'] as const) {
    const env = tetris({ obsType, repeatActionProbability: 0 });
    assert.deepEqual(env.observationSpace.shape, shapes[obsType]);
    env.reset();
    for (let i = 0; i < 30; i++) env.step(i % 5);
    const o = env.step(0).obs;
    assert.equal(o.length, shapes[obsType].reduce((a, b) => a * b, 1));
    const buf = new Uint8Array(o.length + 5);
    env.writeObs(buf, 5);
    assert.deepEqual(buf.subarray(5), o);
    if (obsType === 'rgb') assert.deepEqual(env.render().data, o);
    obs[obsType] = o;
  }
  assert.ok(new Set(obs['rgb']).size > 1, 'a blank picture');
  // Grayscale and RGB agree on which pixels are equal (same frame, two palettes).
  const rgb = obs['rgb']!, gray = obs['grayscale']!;
  const key = (i: number): string => `${rgb[3 * i]},${rgb[3 * i + 1]},${rgb[3 * i + 2]}`;
  for (let i = 1; i < gray.length; i += 97) if (key(i) === key(i - 1)) assert.equal(gray[i], gray[i - 1]);
});

test('actions: an index outside the action set throws naming it (as ale-py); the full set has all 18', { skip }, () => {
  const env = tetris();
  env.reset();
  assert.equal(env.actionSpace.n, 5);
  assert.throws(() => env.step(5), /action must be an integer in \[0, 4\], got 5/);
  assert.throws(() => env.step(-1), /got -1/);
  assert.throws(() => env.step(1.5), /got 1.5/);
  const full = tetris({ fullActionSpace: true });
  assert.equal(full.actionSpace.n, 18);
  assert.equal(full.actionMeanings()[17], 'DOWNLEFTFIRE');
  full.reset();
  full.step(17);
  assert.throws(() => tetris({ mode: 3 }), /mode 3 is not one of tetris's modes/);
  assert.throws(() => new AtariEnv({ rom: path!, game: 'no_such_game' }), /no game settings for 'no_such_game'/);
});

// carts/ale-modes.asm under Freeway's settings: RAM $80 mode, $81 frames RESET held, $83 SWCHA, $84 INPT4, $85 SWCHB,
// $E7 score (+1 a frame while UP is held, 0 while RESET is).
const cartSkip = !atariAvailable() ? 'no Atari addon' : false;
const ram = (env: AtariEnv): Uint8Array => env.currentObs();
function modesCart(options: Partial<AtariEnvOptions> = {}): AtariEnv {
  return new AtariEnv({ rom: cartPath('ale-modes.bin'), game: 'freeway', obsType: 'ram', repeatActionProbability: 0, ...options });
}

test('reset selects the mode with SELECT presses (each one episode frame) between soft resets of 4 frames', { skip: cartSkip }, () => {
  for (const mode of [0, 5, 7]) {
    const env = modesCart({ mode });
    const info = env.reset().info;
    const r = ram(env);
    assert.equal(r[0x00], mode);
    const presses = info['episodeFrameNumber'] as number;
    assert.ok(presses <= 8, `${presses} presses for 8 modes`);
    // construction 60, NOOPs 60, three soft resets of 4, each press a SELECT frame and a NOOP frame
    assert.equal(info['emulatedFrames'], 60 + 60 + 12 + 2 * presses);
    const held = r[0x01]!;
    const again = env.reset().info;
    assert.equal(again['episodeFrameNumber'], 0, 'the mode is kept in RAM, so the second reset presses nothing');
    assert.equal(ram(env)[0x01], (held + 12) & 0xff, 'three soft resets of 4 frames each');
    assert.equal(ram(env)[0x00], mode);
  }
});

test('difficulty switches and joystick bytes as ALE sets them; rewards summed over the frameskip', { skip: cartSkip }, () => {
  const env = modesCart({ difficulty: 1, fullActionSpace: true });
  env.reset();
  // The reset sequence's last frame is the soft reset's: RESET still held there.
  assert.equal(ram(env)[0x05]! & 0xcb, 0x4a, 'SWCHB: left difficulty A, right B, colour, SELECT up, RESET down');
  const meanings = env.actionMeanings();
  const step = (name: string): { swcha: number; inpt4: number; reward: number } => {
    const t = env.step(meanings.indexOf(name));
    return { swcha: t.obs[0x03]!, inpt4: t.obs[0x04]! & 0x80, reward: t.reward };
  };
  assert.deepEqual(step('NOOP'), { swcha: 0xff, inpt4: 0x80, reward: 0 });
  assert.equal(ram(env)[0x05]! & 0xcb, 0x4b, 'RESET up once the agent acts');
  assert.deepEqual(step('UP'), { swcha: 0xef, inpt4: 0x80, reward: 4 }, 'UP held 4 frames: +1 a frame, summed');
  assert.deepEqual(step('FIRE'), { swcha: 0xff, inpt4: 0, reward: 0 });
  assert.deepEqual(step('UPRIGHTFIRE'), { swcha: 0x6f, inpt4: 0, reward: 4 });
  assert.deepEqual(step('DOWNLEFT'), { swcha: 0x9f, inpt4: 0x80, reward: 0 });
  assert.equal(modesCart({ difficulty: 0 }).reset().obs[0x05]! & 0xc0, 0);
  assert.throws(() => modesCart({ difficulty: 2 }), /difficulty 2 is not one of freeway's difficulties/);
});

test('paddle games: LEFT/RIGHT move paddle 0 by ALE\'s delta a frame within its limits, FIRE is its button', { skip: cartSkip }, () => {
  // carts/ale-paddle.asm under Breakout's settings: $80 = lines until INPT0 charges (grows with the resistance),
  // $81 = SWCHA. ALE: R charges in 1.6e-8·R s = 0.019·R cycles, 76 cycles a line; one frame moves R by 23,000.
  const env = new AtariEnv({ rom: cartPath('ale-paddle.bin'), game: 'breakout', obsType: 'ram', repeatActionProbability: 0 });
  assert.equal(env.facts.paddles, true);
  assert.deepEqual(env.actionMeanings(), ['NOOP', 'FIRE', 'RIGHT', 'LEFT']);
  const lines = (r: Uint8Array): number => r[0x00]!;
  const linesAt = (ohms: number): number => (1.6e-8 * ohms * 1.19e6) / 76;
  const mid = lines(env.reset().obs);
  assert.ok(Math.abs(mid - linesAt((27450 + 790196) / 2)) < 3, `midpoint: ${mid} lines`);
  const right = lines(env.step(2).obs);
  assert.ok(Math.abs(mid - right - linesAt(4 * 23000)) < 2, `RIGHT for 4 frames: ${mid} -> ${right} lines`);
  assert.equal(lines(env.step(3).obs), mid, 'LEFT for 4 frames comes back');
  const fire = env.step(1).obs;
  assert.equal(fire[0x01]! & 0x80, 0, 'FIRE holds paddle 0\'s button (SWCHA bit 7 low)');
  assert.equal(lines(fire), mid, 'FIRE does not turn the paddle');
  assert.equal(env.step(0).obs[0x01]! & 0x80, 0x80);
  let r = env.step(2).obs;
  for (let i = 0; i < 40; i++) r = env.step(2).obs;
  assert.ok(Math.abs(lines(r) - linesAt(27450)) < 2, `at PADDLE_MIN: ${lines(r)} lines`);
  assert.equal(lines(env.step(2).obs), lines(r), 'clamped at PADDLE_MIN');
  for (let i = 0; i < 60; i++) r = env.step(3).obs;
  assert.ok(Math.abs(lines(r) - linesAt(790196)) < 2, `at PADDLE_MAX: ${lines(r)} lines`);
  assert.equal(lines(env.step(3).obs), lines(r), 'clamped at PADDLE_MAX');
  // The paddle's position is part of the state.
  const saved = env.getState();
  env.step(2);
  env.setState(saved);
  assert.equal(lines(env.step(0).obs), lines(r));
  assert.equal(lines(env.reset().obs), mid, 'reset puts the paddle back at the midpoint');
});

test('reset ends with the game\'s starting actions, one frame each (Pitfall: UP)', { skip: cartSkip }, () => {
  // Only the reset sequence is looked at: Pitfall's settings read bytes the cart leaves random.
  const env = new AtariEnv({ rom: cartPath('ale-modes.bin'), game: 'pitfall', obsType: 'ram' });
  const { obs, info } = env.reset();
  assert.equal(info['emulatedFrames'], 60 + 60 + 8 + 1);
  assert.equal(obs[0x03], 0xef, 'the last frame of the reset held UP');
  assert.equal(obs[0x05]! & 0x01, 0x01, 'with RESET up');
  const freeway = modesCart({ mode: 0 });
  assert.equal(freeway.reset().obs[0x03], 0xff, 'no starting action: the soft reset\'s frame is the last');
});

test('actions the game does not accept act as NOOP, as in ALE (Skiing: the fire actions); 16 DOWN frames end reset', { skip: cartSkip }, () => {
  // carts/ale-modes.asm under Skiing's settings (its end flag $91 is random RAM the cart leaves alone; not $FF here).
  const env = new AtariEnv({ rom: cartPath('ale-modes.bin'), game: 'skiing', obsType: 'ram', fullActionSpace: true, repeatActionProbability: 0 });
  const { obs, info } = env.reset();
  assert.equal(info['emulatedFrames'], 60 + 60 + 8 + 16);
  assert.equal(obs[0x03], 0xdf, 'the last frame of the reset held DOWN');
  const meanings = env.actionMeanings();
  const bytes = (name: string): [number, number] => {
    const t = env.step(meanings.indexOf(name));
    assert.equal(t.terminated, false);
    return [t.obs[0x03]!, t.obs[0x04]! & 0x80];
  };
  assert.deepEqual(bytes('UPRIGHT'), [0x6f, 0x80]);
  assert.deepEqual(bytes('FIRE'), [0xff, 0x80], 'FIRE is illegal in Skiing: NOOP');
  assert.deepEqual(bytes('UPRIGHTFIRE'), [0xff, 0x80], 'the whole action becomes NOOP, not just its fire');
  assert.deepEqual(bytes('LEFT'), [0xbf, 0x80]);
});
