/**
 * WarpFrame: RGB frame [H, W, 3] → grayscale, resized to height × width (84 × 84) with area interpolation
 * (each output pixel is the average of the input area it covers, partial pixels weighted by overlap, like OpenCV's
 * INTER_AREA when shrinking). Output [height, width] uint8 (or [height, width, 3] with `grayscale: false`).
 * Grayscale uses ITU-R BT.601 luma: 0.299 R + 0.587 G + 0.114 B.
 */
import type { Env, Info, ResetOptions, Transition } from '../core/env.js';
import { Box } from '../core/spaces.js';
import { Wrapper } from './wrapper.js';

export interface WarpFrameOptions { width?: number; height?: number; grayscale?: boolean }

/** Area-interpolation weights along one axis: output i covers input [i·s, (i+1)·s), s = inSize / outSize. */
export interface AxisWeights { start: Int32Array; count: Int32Array; weight: Float64Array; stride: number }

export function areaWeights(inSize: number, outSize: number): AxisWeights {
  const s = inSize / outSize;
  const stride = Math.ceil(s) + 1;
  const start = new Int32Array(outSize), count = new Int32Array(outSize), weight = new Float64Array(outSize * stride);
  for (let i = 0; i < outSize; i++) {
    const lo = i * s, hi = Math.min(inSize, (i + 1) * s);
    const first = Math.floor(lo);
    let k = 0;
    for (let j = first; j < hi && j < inSize; j++, k++) {
      weight[i * stride + k] = (Math.min(hi, j + 1) - Math.max(lo, j)) / (hi - lo);
    }
    start[i] = first;
    count[i] = k;
  }
  return { start, count, weight, stride };
}

/** Resize a single-channel or interleaved multi-channel image with area interpolation, rounding to nearest. */
export function resizeArea(src: Uint8Array, inH: number, inW: number, channels: number, out: Uint8Array, outOffset: number,
  outH: number, outW: number, wy: AxisWeights, wx: AxisWeights): void {
  for (let oy = 0; oy < outH; oy++) {
    const y0 = wy.start[oy]!, ny = wy.count[oy]!;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = wx.start[ox]!, nx = wx.count[ox]!;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let a = 0; a < ny; a++) {
          const rowW = wy.weight[oy * wy.stride + a]!;
          const rowBase = (y0 + a) * inW;
          let rowAcc = 0;
          for (let b = 0; b < nx; b++) rowAcc += wx.weight[ox * wx.stride + b]! * src[(rowBase + x0 + b) * channels + c]!;
          acc += rowW * rowAcc;
        }
        out[outOffset + (oy * outW + ox) * channels + c] = Math.min(255, Math.round(acc));
      }
    }
  }
}

export class WarpFrame extends Wrapper<Uint8Array, Uint8Array> {
  private readonly box: Box;
  private readonly frame: Uint8Array;
  private readonly gray: Uint8Array;
  private readonly inH: number;
  private readonly inW: number;
  private readonly outH: number;
  private readonly outW: number;
  private readonly grayscale: boolean;
  private readonly wy: AxisWeights;
  private readonly wx: AxisWeights;

  constructor(env: Env<Uint8Array>, options: WarpFrameOptions = {}) {
    super(env);
    const shape = env.observationSpace.shape;
    if (shape.length !== 3 || shape[2] !== 3 || env.observationSpace.dtype !== 'uint8') {
      throw new Error(`WarpFrame: needs uint8 RGB observations [H, W, 3], got ${env.observationSpace.toString()}`);
    }
    this.inH = shape[0]!; this.inW = shape[1]!;
    this.outH = options.height ?? 84; this.outW = options.width ?? 84;
    this.grayscale = options.grayscale ?? true;
    this.box = new Box(this.grayscale ? [this.outH, this.outW] : [this.outH, this.outW, 3], 'uint8', 0, 255);
    this.frame = new Uint8Array(this.inH * this.inW * 3);
    this.gray = new Uint8Array(this.inH * this.inW);
    this.wy = areaWeights(this.inH, this.outH);
    this.wx = areaWeights(this.inW, this.outW);
  }

  override get observationSpace(): Box {
    return this.box;
  }

  override resetNoObs(options?: ResetOptions): Info {
    return this.env.resetNoObs(options);
  }

  override stepNoObs(action: number): Transition {
    return this.env.stepNoObs(action);
  }

  override writeObs(out: Uint8Array, offset: number): void {
    this.env.writeObs(this.frame, 0);
    const f = this.frame;
    if (this.grayscale) {
      const g = this.gray;
      for (let i = 0, n = g.length; i < n; i++) {
        g[i] = Math.round(0.299 * f[3 * i]! + 0.587 * f[3 * i + 1]! + 0.114 * f[3 * i + 2]!);
      }
      resizeArea(g, this.inH, this.inW, 1, out, offset, this.outH, this.outW, this.wy, this.wx);
    } else {
      resizeArea(f, this.inH, this.inW, 3, out, offset, this.outH, this.outW, this.wy, this.wx);
    }
  }
}
