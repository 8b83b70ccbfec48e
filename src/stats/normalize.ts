/** Score normalisation, e.g. human-normalised Atari scores: (score − random) / (human − random). */
import { toScoreMatrix, type ScoreMatrix, type ScoreMatrixInput } from './matrix.js';

export function normalize(score: number, random: number, reference: number): number {
  const span = reference - random;
  if (!Number.isFinite(span) || span === 0) {
    throw new Error(`normalize: reference (${reference}) and random (${random}) must be finite and differ`);
  }
  return (score - random) / span;
}

/** Normalise each task column of a runs × tasks matrix with its own random and reference scores. */
export function normalizeMatrix(
  scores: ScoreMatrixInput,
  random: ArrayLike<number>,
  reference: ArrayLike<number>,
): ScoreMatrix {
  const m = toScoreMatrix(scores);
  if (random.length !== m.tasks || reference.length !== m.tasks) {
    throw new Error(`normalizeMatrix: need ${m.tasks} random and reference scores, got ${random.length} and ${reference.length}`);
  }
  const data = new Float64Array(m.data.length);
  for (let r = 0; r < m.runs; r++) {
    for (let t = 0; t < m.tasks; t++) data[r * m.tasks + t] = normalize(m.data[r * m.tasks + t]!, random[t]!, reference[t]!);
  }
  return { data, runs: m.runs, tasks: m.tasks };
}
