/**
 * Score matrices: runs × tasks, as in rliable (scores[run][task]).
 * Accepted as nested arrays or as a row-major Float64Array with explicit dimensions;
 * everything inside the stats module works on the flat row-major form.
 */

/** A row-major runs × tasks matrix. */
export interface ScoreMatrix {
  readonly data: Float64Array;
  readonly runs: number;
  readonly tasks: number;
}

/** Either nested arrays (`scores[run][task]`) or a flat row-major matrix. */
export type ScoreMatrixInput = ReadonlyArray<ReadonlyArray<number>> | ScoreMatrix;

function isScoreMatrix(x: ScoreMatrixInput): x is ScoreMatrix {
  return (x as ScoreMatrix).data instanceof Float64Array;
}

/**
 * Validate and convert to the flat form. Throws on an empty, ragged or non-finite matrix:
 * a silent NaN would otherwise poison every aggregate and bootstrap sample.
 */
export function toScoreMatrix(input: ScoreMatrixInput, what = 'scores'): ScoreMatrix {
  if (isScoreMatrix(input)) {
    const { data, runs, tasks } = input;
    if (!(Number.isInteger(runs) && runs >= 1 && Number.isInteger(tasks) && tasks >= 1)) {
      throw new Error(`${what}: runs and tasks must be positive integers, got ${runs} × ${tasks}`);
    }
    if (data.length !== runs * tasks) {
      throw new Error(`${what}: data length ${data.length} does not match ${runs} runs × ${tasks} tasks`);
    }
    assertFinite(data, tasks, what);
    return input;
  }
  const runs = input.length;
  if (runs === 0) throw new Error(`${what}: the score matrix has no runs`);
  const tasks = input[0]!.length;
  if (tasks === 0) throw new Error(`${what}: the score matrix has no tasks`);
  const data = new Float64Array(runs * tasks);
  for (let r = 0; r < runs; r++) {
    const row = input[r]!;
    if (row.length !== tasks) {
      throw new Error(`${what}: run ${r} has ${row.length} task scores, expected ${tasks} (ragged matrix)`);
    }
    for (let t = 0; t < tasks; t++) data[r * tasks + t] = row[t]!;
  }
  assertFinite(data, tasks, what);
  return { data, runs, tasks };
}

function assertFinite(data: Float64Array, tasks: number, what: string): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new Error(`${what}: score at run ${Math.floor(i / tasks)}, task ${i % tasks} is ${data[i]} (must be finite)`);
    }
  }
}

/** A matrix from a single list of run scores on one task (runs × 1). */
export function singleTask(values: ArrayLike<number>): ScoreMatrix {
  return toScoreMatrix({ data: Float64Array.from(values), runs: values.length, tasks: 1 });
}

/** The scores of one task (a column), as a new array. */
export function taskColumn(m: ScoreMatrix, task: number): Float64Array {
  const out = new Float64Array(m.runs);
  for (let r = 0; r < m.runs; r++) out[r] = m.data[r * m.tasks + task]!;
  return out;
}

/** The per-task mean over runs. */
export function taskMeans(m: ScoreMatrix): Float64Array {
  const out = new Float64Array(m.tasks);
  for (let r = 0; r < m.runs; r++) {
    for (let t = 0; t < m.tasks; t++) out[t]! += m.data[r * m.tasks + t]!;
  }
  for (let t = 0; t < m.tasks; t++) out[t]! /= m.runs;
  return out;
}

/** Nested-array view (runs × tasks), handy for printing and tests. */
export function toNested(m: ScoreMatrix): number[][] {
  return Array.from({ length: m.runs }, (_, r) => Array.from(m.data.subarray(r * m.tasks, (r + 1) * m.tasks)));
}
