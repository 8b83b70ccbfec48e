/** Masks (Uint8Array, non-zero = flagged) and their JSON-friendly summaries. */

export interface NeuronSet {
  count: number;
  /** count / number of neurons (0 for a layer without neurons). */
  fraction: number;
  /** Indices (columns) of the flagged neurons, ascending. */
  indices: number[];
}

export function maskIndices(mask: ArrayLike<number | boolean>): number[] {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) out.push(i);
  return out;
}

export function maskFraction(mask: ArrayLike<number | boolean>): number {
  if (mask.length === 0) return 0;
  let c = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) c++;
  return c / mask.length;
}

export function neuronSet(mask: ArrayLike<number | boolean>): NeuronSet {
  const indices = maskIndices(mask);
  return { count: indices.length, fraction: mask.length === 0 ? 0 : indices.length / mask.length, indices };
}

/** Element-wise OR of masks of equal length. */
export function maskUnion(...masks: ArrayLike<number | boolean>[]): Uint8Array {
  const n = masks.length === 0 ? 0 : masks[0]!.length;
  const out = new Uint8Array(n);
  for (const m of masks) {
    if (m.length !== n) throw new Error(`maskUnion: masks have different lengths (${m.length} vs ${n})`);
    for (let i = 0; i < n; i++) if (m[i]) out[i] = 1;
  }
  return out;
}
