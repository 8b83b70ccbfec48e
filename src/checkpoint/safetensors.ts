/**
 * The safetensors format (huggingface/safetensors), so PyTorch users can open our checkpoints with
 * `safetensors.torch.load_file`: an 8-byte little-endian header length N, N bytes of JSON
 * {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}, then the raw little-endian
 * tensor bytes. We write F32 tensors only (and read F32), with the header padded by spaces to 8-byte alignment.
 */
import { fmt, shapeSize } from '../tensor/shape.js';
import { Tensor, tensor } from '../tensor/index.js';

export interface SafetensorsContent {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

export function encodeSafetensors(tensors: Readonly<Record<string, Tensor>>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header['__metadata__'] = metadata;
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + t.size * 4] };
    offset += t.size * 4;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    const t = tensors[name]!;
    // Float32Array bytes are little-endian on every platform Node supports (x86-64, arm64)
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.size * 4), at);
    at += t.size * 4;
  }
  return out;
}

/** Parses a safetensors file; `source` names it in errors (a path). Every inconsistency is a clear error. */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data'): SafetensorsContent {
  const corrupt = (why: string): Error => new Error(`${source} is not a valid safetensors file (corrupt or truncated?): ${why}`);
  if (bytes.length < 8) throw corrupt(`only ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > bytes.length - 8) throw corrupt(`header length ${n} exceeds the file size ${bytes.length}`);
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, n).toString('utf8'));
  } catch (e) {
    throw corrupt(`header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw corrupt('header is not a JSON object');
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const tensors: Record<string, Tensor> = {};
  let metadata: Record<string, string> = {};
  let covered = 0;
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = info as Record<string, string>;
      continue;
    }
    const entry = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (entry.dtype !== 'F32') throw corrupt(`tensor '${name}' has dtype ${String(entry.dtype)}; only F32 is supported`);
    const shape = entry.shape, offs = entry.data_offsets;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw corrupt(`tensor '${name}' has an invalid shape`);
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((d) => Number.isInteger(d) && d >= 0)) throw corrupt(`tensor '${name}' has invalid data_offsets`);
    const [begin, end] = offs as [number, number];
    if (end < begin || end > dataLength) throw corrupt(`tensor '${name}' spans bytes [${begin}, ${end}) but the data section has ${dataLength}`);
    if (end - begin !== shapeSize(shape as number[]) * 4) throw corrupt(`tensor '${name}' of shape ${fmt(shape as number[])} needs ${shapeSize(shape as number[]) * 4} bytes, has ${end - begin}`);
    covered += end - begin;
    const copy = new Uint8Array(end - begin);
    copy.set(bytes.subarray(dataStart + begin, dataStart + end));
    tensors[name] = tensor(new Float32Array(copy.buffer), shape as number[]);
  }
  if (covered !== dataLength) throw corrupt(`tensors cover ${covered} of ${dataLength} data bytes`);
  return { tensors, metadata };
}
