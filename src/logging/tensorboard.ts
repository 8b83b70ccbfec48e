/**
 * TensorBoard scalar event files, written without TensorFlow: TFRecord framing (length, masked CRC-32C of the length,
 * payload, masked CRC-32C of the payload) around hand-encoded `Event` protocol buffers
 * (wall_time = 1: double, step = 2: int64, file_version = 3: string, summary = 5: Summary{ value = 1: Value{ tag = 1,
 * simple_value = 2: float } }). `readEvents` decodes the same subset, for tests and for tools.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ensureDir, naming } from '../util/fs-errors.js';
import { maskedCrc32c } from './crc32c.js';

class ProtoWriter {
  private bytes: number[] = [];
  varint(v: number | bigint): this {
    let x = BigInt.asUintN(64, BigInt(v));
    do {
      let b = Number(x & 0x7fn);
      x >>= 7n;
      if (x > 0n) b |= 0x80;
      this.bytes.push(b);
    } while (x > 0n);
    return this;
  }
  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }
  double(field: number, v: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.tag(field, 1).bytes.push(...b);
    return this;
  }
  float(field: number, v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.tag(field, 5).bytes.push(...b);
    return this;
  }
  int(field: number, v: number): this {
    return this.tag(field, 0).varint(v);
  }
  bytesField(field: number, payload: Uint8Array): this {
    this.tag(field, 2).varint(payload.length).bytes.push(...payload);
    return this;
  }
  string(field: number, s: string): this {
    return this.bytesField(field, Buffer.from(s, 'utf8'));
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function record(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + payload.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(payload.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(payload, 12);
  view.setUint32(12 + payload.length, maskedCrc32c(payload), true);
  return out;
}

export function encodeScalarEvent(step: number, wallTime: number, scalars: Readonly<Record<string, number>>): Uint8Array {
  const summary = new ProtoWriter();
  for (const [tag, value] of Object.entries(scalars)) {
    if (!Number.isFinite(value)) continue;
    summary.bytesField(1, new ProtoWriter().string(1, tag).float(2, value).finish());
  }
  return record(new ProtoWriter().double(1, wallTime).int(2, step).bytesField(5, summary.finish()).finish());
}

/** Appends scalar events to one event file in `dir` (created with the file-version header event). */
export class TensorBoardWriter {
  readonly path: string;
  constructor(dir: string) {
    ensureDir(dir);
    const now = Date.now() / 1000;
    this.path = join(dir, `events.out.tfevents.${Math.floor(now)}.${hostname()}.${process.pid}`);
    this.append(record(new ProtoWriter().double(1, now).string(3, 'brain.Event:2').finish()));
  }
  add(step: number, scalars: Readonly<Record<string, number>>, wallTime = Date.now() / 1000): void {
    this.append(encodeScalarEvent(step, wallTime, scalars));
  }
  private append(bytes: Uint8Array): void {
    naming('append to', this.path, () => appendFileSync(this.path, bytes));
  }
}

// ---- reading (for tests and tools) -----------------------------------------------------------------------------------

export interface ScalarEvent { step: number; wallTime: number; tag: string; value: number }

class ProtoReader {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}
  get done(): boolean { return this.pos >= this.b.length; }
  varint(): bigint {
    let x = 0n, shift = 0n;
    for (;;) {
      const byte = this.b[this.pos++]!;
      x |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return x;
      shift += 7n;
    }
  }
  take(n: number): Uint8Array { const s = this.b.subarray(this.pos, this.pos + n); this.pos += n; return s; }
  field(): { field: number; wire: number } { const t = Number(this.varint()); return { field: t >> 3, wire: t & 7 }; }
  skip(wire: number): void {
    if (wire === 0) this.varint(); else if (wire === 1) this.pos += 8; else if (wire === 5) this.pos += 4; else if (wire === 2) this.pos += Number(this.varint());
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
}

/** Decodes every scalar in an event file, verifying the record CRCs. */
export function readEvents(path: string): ScalarEvent[] {
  const buf = new Uint8Array(readFileSync(path));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: ScalarEvent[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 12 > buf.length) throw new Error(`${path}: truncated record header at byte ${at}`);
    const len = Number(view.getBigUint64(at, true));
    if (view.getUint32(at + 8, true) !== maskedCrc32c(buf.subarray(at, at + 8))) throw new Error(`${path}: bad length CRC at byte ${at}`);
    const payload = buf.subarray(at + 12, at + 12 + len);
    if (payload.length !== len || at + 16 + len > buf.length) throw new Error(`${path}: truncated record at byte ${at}`);
    if (view.getUint32(at + 12 + len, true) !== maskedCrc32c(payload)) throw new Error(`${path}: bad payload CRC at byte ${at}`);
    at += 16 + len;
    const r = new ProtoReader(payload);
    let step = 0, wallTime = 0;
    const values: { tag: string; value: number }[] = [];
    while (!r.done) {
      const { field, wire } = r.field();
      if (field === 1 && wire === 1) wallTime = new DataView(r.take(8).slice().buffer).getFloat64(0, true);
      else if (field === 2 && wire === 0) step = Number(r.varint());
      else if (field === 5 && wire === 2) {
        const s = new ProtoReader(r.take(Number(r.varint())));
        while (!s.done) {
          const f = s.field();
          if (f.field !== 1 || f.wire !== 2) { s.skip(f.wire); continue; }
          const v = new ProtoReader(s.take(Number(s.varint())));
          let tag = '', value = NaN;
          while (!v.done) {
            const g = v.field();
            if (g.field === 1 && g.wire === 2) tag = Buffer.from(v.take(Number(v.varint()))).toString('utf8');
            else if (g.field === 2 && g.wire === 5) value = new DataView(v.take(4).slice().buffer).getFloat32(0, true);
            else v.skip(g.wire);
          }
          values.push({ tag, value });
        }
      } else r.skip(wire);
    }
    for (const v of values) out.push({ step, wallTime, ...v });
  }
  return out;
}
