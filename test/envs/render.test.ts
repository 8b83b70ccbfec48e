import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeApng, encodeGif, encodePng, lzwEncode, make, recordEpisode, encodeFrames, saveEpisode, wrapAtari, type RgbFrame } from '../../src/envs/index.js';
import { ToyRgbEnv } from './helpers/toy-rgb-env.js';
import { Rng } from '../../src/util/rng.js';

interface Chunk { type: string; data: Uint8Array }

function chunks(png: Uint8Array): Chunk[] {
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  const out: Chunk[] = [];
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let o = 8; o < png.length;) {
    const len = v.getUint32(o);
    out.push({ type: String.fromCharCode(...png.subarray(o + 4, o + 8)), data: png.subarray(o + 8, o + 8 + len) });
    o += 12 + len;
  }
  return out;
}

/** Undo PNG's Sub filter (the only one our encoder writes). */
function unfilter(raw: Uint8Array, w: number, h: number): Uint8Array {
  const stride = w * 3, out = new Uint8Array(stride * h);
  for (let y = 0; y < h; y++) {
    assert.equal(raw[y * (stride + 1)], 1);
    for (let x = 0; x < stride; x++) {
      out[y * stride + x] = (raw[y * (stride + 1) + 1 + x]! + (x >= 3 ? out[y * stride + x - 3]! : 0)) & 0xff;
    }
  }
  return out;
}

function frameOf(env: ReturnType<typeof make>): RgbFrame {
  return env.render();
}

test('PNG encoder: valid chunks and the pixels decode back exactly', () => {
  const env = make('minatar/seaquest');
  env.reset({ seed: 1 });
  for (let i = 0; i < 30; i++) if (env.step(i % 6).terminated) env.reset();
  const f = frameOf(env);
  const cs = chunks(encodePng(f));
  assert.deepEqual(cs.map((c) => c.type), ['IHDR', 'IDAT', 'IEND']);
  const ihdr = new DataView(cs[0]!.data.buffer, cs[0]!.data.byteOffset);
  assert.equal(ihdr.getUint32(0), f.width);
  assert.equal(ihdr.getUint32(4), f.height);
  assert.deepEqual(unfilter(inflateSync(cs[1]!.data), f.width, f.height), f.data);
});

test('APNG encoder: acTL with the frame count, fcTL/fdAT sequence numbers, every frame decodes back', () => {
  const env = make('minatar/breakout');
  const rng = new Rng(0);
  const ep = recordEpisode(env, () => rng.int(3), { seed: 2, maxSteps: 12 });
  const cs = chunks(encodeApng(ep.frames, { delayMs: 50 }));
  const actl = cs.find((c) => c.type === 'acTL')!;
  assert.equal(new DataView(actl.data.buffer, actl.data.byteOffset).getUint32(0), ep.frames.length);
  let seq = 0, frame = 0;
  for (const c of cs) {
    const v = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
    if (c.type === 'fcTL') {
      assert.equal(v.getUint32(0), seq++);
      assert.equal(v.getUint16(20), 50);
      assert.equal(v.getUint16(22), 1000);
    } else if (c.type === 'IDAT' || c.type === 'fdAT') {
      let data = c.data;
      if (c.type === 'fdAT') { assert.equal(v.getUint32(0), seq++); data = c.data.subarray(4); }
      const f = ep.frames[frame++]!;
      assert.deepEqual(unfilter(inflateSync(data), f.width, f.height), f.data);
    }
  }
  assert.equal(frame, ep.frames.length);
});

/** A straightforward GIF LZW decoder, for the round trip. */
function lzwDecode(data: Uint8Array, minCodeSize: number, count: number): Uint8Array {
  const clear = 1 << minCodeSize, eoi = clear + 1;
  let width = minCodeSize + 1, next = eoi + 1;
  let dict: number[][] = [];
  const reset = (): void => { dict = []; for (let i = 0; i < clear; i++) dict.push([i]); dict.push([], []); width = minCodeSize + 1; next = eoi + 1; };
  reset();
  const out: number[] = [];
  let bit = 0, prev: number[] | null = null;
  const read = (): number => {
    let code = 0;
    for (let i = 0; i < width; i++, bit++) code |= ((data[bit >> 3]! >> (bit & 7)) & 1) << i;
    return code;
  };
  for (;;) {
    const code = read();
    if (code === clear) { reset(); prev = null; continue; }
    if (code === eoi) break;
    let entry: number[];
    if (code < dict.length) entry = dict[code]!;
    else { assert.ok(prev && code === next, 'bad code'); entry = [...prev!, prev![0]!]; }
    out.push(...entry);
    if (prev) {
      if (next < 4096) { dict[next] = [...prev, entry[0]!]; next++; }
      if (next === 1 << width && width < 12) width++;
    }
    prev = entry;
  }
  assert.equal(out.length, count);
  return Uint8Array.from(out);
}

test('LZW encoder round-trips, including dictionary resets and all code widths', () => {
  const rng = new Rng(5);
  for (const [n, symbols, min] of [[1, 2, 2], [50_000, 4, 2], [60_000, 200, 8], [10_000, 2, 2]] as const) {
    const idx = new Uint8Array(n);
    for (let i = 0; i < n; i++) idx[i] = i % 97 < 50 ? rng.int(symbols) : (i >> 4) % symbols;
    assert.deepEqual(lzwDecode(lzwEncode(idx, min), min, n), idx);
  }
});

test('GIF encoder: header, loop extension, one image per frame with the exact palette colours', () => {
  const env = make('minatar/space_invaders');
  const rng = new Rng(0);
  const ep = recordEpisode(env, () => rng.int(4), { seed: 3, maxSteps: 5 });
  const gif = encodeGif(ep.frames, { delayMs: 100 });
  assert.equal(String.fromCharCode(...gif.subarray(0, 6)), 'GIF89a');
  assert.equal(gif[6]! | (gif[7]! << 8), ep.frames[0]!.width);
  assert.ok(String.fromCharCode(...gif).includes('NETSCAPE2.0'));
  assert.equal(gif[gif.length - 1], 0x3b);
  let images = 0;
  for (let i = 0; i < gif.length - 1; i++) if (gif[i] === 0x21 && gif[i + 1] === 0xf9 && gif[i + 2] === 4) images++;
  assert.ok(images >= ep.frames.length);
  assert.throws(() => encodeFrames('x.bmp', ep.frames), /unsupported extension/);
});

test('saveEpisode writes a watchable GIF / APNG / PNG of a policy\'s episode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-envs-'));
  try {
    for (const name of ['ep.gif', 'ep.apng', 'frame.png']) {
      const env = make('minatar/breakout', { renderScale: 4 });
      const res = saveEpisode(join(dir, name), env, (_obs, t) => t % 3, { seed: 1, maxSteps: 50, delayMs: 40 });
      assert.ok(res.length >= 1 && res.length <= 50);
      const bytes = readFileSync(join(dir, name));
      assert.ok(bytes.length > 50);
      assert.equal(String.fromCharCode(...bytes.subarray(1, 4)), name.endsWith('.gif') ? 'IF8' : 'PNG');
    }
    const frame = make('minatar/asterix', { renderScale: 3 }).render();
    assert.equal(frame.width, 30);
    assert.equal(frame.data.length, 30 * 30 * 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('recordEpisode records a whole game under an Atari protocol, across lost lives, with its raw score', () => {
  // 3 lives of 10 frames, frameskip 2: lives end at agent steps 5, 9, 13 (EpisodicLife's no-op step sits between)
  const env = wrapAtari(new ToyRgbEnv({ lives: 3, lifeSteps: 10 }), { noopMax: 0, frameSkip: 2, fireReset: false, screenSize: 8, frameStack: 2, maxFrames: 0 });
  const ep = recordEpisode(env, () => 2, { seed: 1 });
  assert.equal(ep.length, 13, 'the game, not its first life (5 steps)');
  assert.equal(ep.frames.length, 14);
  assert.equal(ep.totalReward, 3 * 26, 'raw score: +3 for each of the 26 frames of action 2, not the clipped +1 a step');
  // without a record of games, an episode is what the env says it is
  const plain = recordEpisode(new ToyRgbEnv({ lives: 1, lifeSteps: 4 }), () => 2);
  assert.equal(plain.length, 4);
});
