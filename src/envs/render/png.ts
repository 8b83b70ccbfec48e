/**
 * PNG and APNG (animated PNG) encoders for RGB frames: 8-bit truecolour, no interlacing, deflate via node:zlib.
 * Every scanline uses the "Sub" filter, which suits flat-coloured game frames.
 */
import { deflateSync } from 'node:zlib';
import type { RgbFrame } from '../core/env.js';
import { crc32 } from './crc32.js';

const SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function u32(...values: number[]): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setUint32(4 * i, x));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function checkFrame(f: RgbFrame): void {
  if (!(f.width > 0 && f.height > 0) || f.data.length !== f.width * f.height * 3) {
    throw new Error(`image encoder: frame data has ${f.data.length} bytes, expected ${f.width}×${f.height}×3`);
  }
}

function ihdr(f: RgbFrame): Uint8Array {
  const d = new Uint8Array(13);
  const v = new DataView(d.buffer);
  v.setUint32(0, f.width);
  v.setUint32(4, f.height);
  d[8] = 8;  // bit depth
  d[9] = 2;  // colour type: truecolour
  return chunk('IHDR', d); // compression, filter, interlace: 0
}

/** Filtered scanlines (Sub filter), deflated. */
function compressPixels(f: RgbFrame): Uint8Array {
  const stride = f.width * 3;
  const raw = new Uint8Array((stride + 1) * f.height);
  for (let y = 0; y < f.height; y++) {
    const o = y * (stride + 1), s = y * stride;
    raw[o] = 1;
    for (let x = 0; x < stride; x++) raw[o + 1 + x] = (f.data[s + x]! - (x >= 3 ? f.data[s + x - 3]! : 0)) & 0xff;
  }
  return new Uint8Array(deflateSync(raw, { level: 9 }));
}

export function encodePng(frame: RgbFrame): Uint8Array {
  checkFrame(frame);
  return concat([SIGNATURE, ihdr(frame), chunk('IDAT', compressPixels(frame)), chunk('IEND', new Uint8Array(0))]);
}

export interface AnimationOptions {
  /** Display time of each frame in milliseconds (default 100). */
  delayMs?: number;
  /** Times to play; 0 = loop forever (default). */
  loops?: number;
}

/** Animated PNG: all frames the same size; the first frame is also the static fallback image. */
export function encodeApng(frames: readonly RgbFrame[], options: AnimationOptions = {}): Uint8Array {
  if (frames.length === 0) throw new Error('encodeApng: no frames');
  const first = frames[0]!;
  for (const f of frames) {
    checkFrame(f);
    if (f.width !== first.width || f.height !== first.height) throw new Error('encodeApng: all frames must have the same size');
  }
  const delay = Math.max(0, Math.round(options.delayMs ?? 100));
  const parts: Uint8Array[] = [SIGNATURE, ihdr(first), chunk('acTL', u32(frames.length, options.loops ?? 0))];
  let seq = 0;
  frames.forEach((f, i) => {
    const fctl = new Uint8Array(26);
    const v = new DataView(fctl.buffer);
    v.setUint32(0, seq++);
    v.setUint32(4, f.width);
    v.setUint32(8, f.height);
    // x and y offsets 0 (bytes 12..19)
    v.setUint16(20, delay);
    v.setUint16(22, 1000);
    fctl[24] = 0; // dispose: none
    fctl[25] = 0; // blend: source
    parts.push(chunk('fcTL', fctl));
    const data = compressPixels(f);
    if (i === 0) parts.push(chunk('IDAT', data));
    else parts.push(chunk('fdAT', concat([u32(seq++), data])));
  });
  parts.push(chunk('IEND', new Uint8Array(0)));
  return concat(parts);
}
