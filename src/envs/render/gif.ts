/**
 * Animated GIF (GIF89a) encoder with its own LZW compressor.
 * Palette: the exact colours when all frames together use at most 256 (always true for MinAtar and CartPole);
 * otherwise every pixel is quantised to a fixed 6×7×6 colour cube.
 */
import type { RgbFrame } from '../core/env.js';
import type { AnimationOptions } from './png.js';

class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  length = 0;
  byte(b: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = b & 0xff;
  }
  u16(v: number): void { this.byte(v); this.byte(v >>> 8); }
  bytes(a: ArrayLike<number>): void { for (let i = 0; i < a.length; i++) this.byte(a[i]!); }
  ascii(s: string): void { for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i)); }
  result(): Uint8Array { return this.buf.slice(0, this.length); }
}

/** Maps frames to palette indices. */
function buildPalette(frames: readonly RgbFrame[]): { palette: number[]; indices: Uint8Array[] } {
  const lookup = new Map<number, number>();
  const palette: number[] = [];
  let exact = true;
  outer: for (const f of frames) {
    for (let i = 0; i < f.data.length; i += 3) {
      const c = (f.data[i]! << 16) | (f.data[i + 1]! << 8) | f.data[i + 2]!;
      if (!lookup.has(c)) {
        if (palette.length === 256) { exact = false; break outer; }
        lookup.set(c, palette.length);
        palette.push(c);
      }
    }
  }
  if (exact) {
    return {
      palette,
      indices: frames.map((f) => {
        const idx = new Uint8Array(f.width * f.height);
        for (let p = 0; p < idx.length; p++) idx[p] = lookup.get((f.data[3 * p]! << 16) | (f.data[3 * p + 1]! << 8) | f.data[3 * p + 2]!)!;
        return idx;
      }),
    };
  }
  const cube: number[] = [];
  for (let r = 0; r < 6; r++) for (let g = 0; g < 7; g++) for (let b = 0; b < 6; b++) {
    cube.push((Math.round((r * 255) / 5) << 16) | (Math.round((g * 255) / 6) << 8) | Math.round((b * 255) / 5));
  }
  return {
    palette: cube,
    indices: frames.map((f) => {
      const idx = new Uint8Array(f.width * f.height);
      for (let p = 0; p < idx.length; p++) {
        const r = Math.round((f.data[3 * p]! * 5) / 255), g = Math.round((f.data[3 * p + 1]! * 6) / 255), b = Math.round((f.data[3 * p + 2]! * 5) / 255);
        idx[p] = r * 42 + g * 6 + b;
      }
      return idx;
    }),
  };
}

/**
 * GIF LZW: variable-width codes (minCodeSize + 1 up to 12 bits), packed least-significant bit first.
 * The code width grows when the next free code reaches 2^width (the decoder's view); a clear code restarts the
 * dictionary once 4096 codes are in use.
 */
export function lzwEncode(indices: Uint8Array, minCodeSize: number): Uint8Array {
  const clear = 1 << minCodeSize, eoi = clear + 1;
  const out: number[] = [];
  let bitBuf = 0, bitCount = 0;
  const emit = (code: number, width: number): void => {
    bitBuf |= code << bitCount;
    bitCount += width;
    while (bitCount >= 8) {
      out.push(bitBuf & 0xff);
      bitBuf >>>= 8;
      bitCount -= 8;
    }
  };
  const dict = new Map<number, number>();
  let width = minCodeSize + 1;
  let next = eoi + 1;
  emit(clear, width);
  if (indices.length > 0) {
    let prefix = indices[0]!;
    for (let i = 1; i < indices.length; i++) {
      const k = indices[i]!;
      const key = prefix * 256 + k;
      const found = dict.get(key);
      if (found !== undefined) {
        prefix = found;
        continue;
      }
      emit(prefix, width);
      if (next < 4096) {
        dict.set(key, next++);
        if (next - 1 === 1 << width && width < 12) width++;
      } else {
        emit(clear, width);
        dict.clear();
        width = minCodeSize + 1;
        next = eoi + 1;
      }
      prefix = k;
    }
    emit(prefix, width);
  }
  emit(eoi, width);
  if (bitCount > 0) out.push(bitBuf & 0xff);
  return Uint8Array.from(out);
}

export function encodeGif(frames: readonly RgbFrame[], options: AnimationOptions = {}): Uint8Array {
  if (frames.length === 0) throw new Error('encodeGif: no frames');
  const { width, height } = frames[0]!;
  for (const f of frames) {
    if (f.width !== width || f.height !== height || f.data.length !== width * height * 3) {
      throw new Error('encodeGif: all frames must be RGB of the same size');
    }
  }
  const { palette, indices } = buildPalette(frames);
  let bits = 1;
  while (1 << bits < palette.length) bits++;
  const w = new ByteWriter();
  w.ascii('GIF89a');
  w.u16(width);
  w.u16(height);
  w.byte(0x80 | 0x70 | (bits - 1)); // global colour table, 8-bit colour resolution, table size 2^bits
  w.byte(0); // background colour index
  w.byte(0); // pixel aspect ratio
  for (let i = 0; i < 1 << bits; i++) {
    const c = palette[i] ?? 0;
    w.byte(c >>> 16); w.byte(c >>> 8); w.byte(c);
  }
  if (frames.length > 1) {
    w.bytes([0x21, 0xff, 0x0b]);
    w.ascii('NETSCAPE2.0');
    w.bytes([0x03, 0x01]);
    w.u16(options.loops ?? 0);
    w.byte(0);
  }
  const delayCs = Math.round((options.delayMs ?? 100) / 10);
  const minCodeSize = Math.max(2, bits);
  for (const idx of indices) {
    w.bytes([0x21, 0xf9, 0x04, 0x00]);
    w.u16(delayCs);
    w.bytes([0x00, 0x00]);
    w.byte(0x2c);
    w.u16(0); w.u16(0); w.u16(width); w.u16(height);
    w.byte(0); // no local colour table, not interlaced
    w.byte(minCodeSize);
    const data = lzwEncode(idx, minCodeSize);
    for (let o = 0; o < data.length; o += 255) {
      const n = Math.min(255, data.length - o);
      w.byte(n);
      w.bytes(data.subarray(o, o + n));
    }
    w.byte(0);
  }
  w.byte(0x3b);
  return w.result();
}
