/** Small activation matrices for the diagnostics tests. */
import type { Matrix } from '../../src/diagnostics/index.js';

/** A Float32 matrix whose column j is filled by col(j, i). */
export function build(rows: number, cols: number, col: (j: number, i: number) => number): Matrix {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = col(j, i);
  return { data, rows, cols };
}
