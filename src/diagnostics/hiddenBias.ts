/**
 * Hidden bias of dead/saturated neurons (paper Fig. 4). With final hidden activations H (N x D),
 * head weights W (A x D, PyTorch layout out x in) and a mask of inactive neurons, the contribution of a
 * group S of neurons to the output a in probe state n is c_S(n, a) = Σ_{i∈S} W_{a,i} H_{n,i}.
 * A saturated tanh neuron makes this a constant offset: a "hidden bias" on the Q-values.
 */
import { assertMatrix, type Matrix } from '../linalg/matrix.js';

export interface HiddenBiasGroup {
  /** Neurons in the group. */
  count: number;
  /** Per output: mean_n c_S(n, a) (signed). */
  mean: number[];
  /** Per output: mean_n |c_S(n, a)| (magnitude of the group's total contribution). */
  meanAbs: number[];
  /** Per output: mean_n Σ_{i∈S} |W_{a,i} H_{n,i}| (total magnitude, no cancellation between neurons). */
  meanAbsTerms: number[];
  /** Per output: mean / count (0 for an empty group): the average neuron's signed contribution. */
  meanPerNeuron: number[];
}

export interface HiddenBiasResult {
  /** Number of outputs (actions). */
  outputs: number;
  /** The masked (dead/saturated) neurons. */
  dead: HiddenBiasGroup;
  /** All other neurons. */
  live: HiddenBiasGroup;
}

/**
 * @param h activations N x D
 * @param headWeight W, A x D (out x in)
 * @param mask length D, truthy = dead/saturated
 */
export function hiddenBias(h: Matrix, headWeight: Matrix, mask: ArrayLike<number | boolean>): HiddenBiasResult {
  assertMatrix(h, 'hiddenBias activations');
  assertMatrix(headWeight, 'hiddenBias head weight');
  const n = h.rows, d = h.cols, outputs = headWeight.rows;
  if (headWeight.cols !== d) {
    throw new Error(`hiddenBias: head weight is ${outputs}x${headWeight.cols} (out x in) but activations have ${d} neurons`);
  }
  if (mask.length !== d) throw new Error(`hiddenBias: mask has ${mask.length} entries, expected ${d}`);
  const dead = new Uint8Array(d);
  let deadCount = 0;
  for (let i = 0; i < d; i++) if (mask[i]) { dead[i] = 1; deadCount++; }

  const sums = [new Float64Array(outputs), new Float64Array(outputs)]; // [live, dead]
  const abs = [new Float64Array(outputs), new Float64Array(outputs)];
  const absTerms = [new Float64Array(outputs), new Float64Array(outputs)];
  const hd = h.data, w = headWeight.data;
  for (let r = 0; r < n; r++) {
    const hr = r * d;
    for (let a = 0; a < outputs; a++) {
      const wa = a * d;
      let cLive = 0, cDead = 0, tLive = 0, tDead = 0;
      for (let i = 0; i < d; i++) {
        const t = w[wa + i]! * hd[hr + i]!;
        if (dead[i]) { cDead += t; tDead += Math.abs(t); } else { cLive += t; tLive += Math.abs(t); }
      }
      sums[0]![a] += cLive; sums[1]![a] += cDead;
      abs[0]![a] += Math.abs(cLive); abs[1]![a] += Math.abs(cDead);
      absTerms[0]![a] += tLive; absTerms[1]![a] += tDead;
    }
  }
  const group = (g: 0 | 1, count: number): HiddenBiasGroup => {
    const mean = Array.from(sums[g]!, (s) => (n > 0 ? s / n : 0));
    return {
      count,
      mean,
      meanAbs: Array.from(abs[g]!, (s) => (n > 0 ? s / n : 0)),
      meanAbsTerms: Array.from(absTerms[g]!, (s) => (n > 0 ? s / n : 0)),
      meanPerNeuron: mean.map((x) => (count > 0 ? x / count : 0)),
    };
  };
  return { outputs, dead: group(1, deadCount), live: group(0, d - deadCount) };
}
