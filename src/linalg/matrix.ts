/**
 * A plain dense row-major matrix: element (r, c) lives at data[r * cols + c].
 * In the diagnostics, rows are probe states and columns are neurons.
 */
export interface Matrix {
  data: Float32Array | Float64Array;
  rows: number;
  cols: number;
}

/** Throws a descriptive error unless `m` is a well-formed matrix. */
export function assertMatrix(m: Matrix, name = 'matrix'): void {
  if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 0) {
    throw new Error(`${name}: rows and cols must be non-negative integers, got ${m.rows}x${m.cols}`);
  }
  if (m.data.length !== m.rows * m.cols) {
    throw new Error(`${name}: data has ${m.data.length} elements, expected ${m.rows}x${m.cols} = ${m.rows * m.cols}`);
  }
}

/** A Float64 matrix from nested arrays (rows of equal length); handy in tests and examples. */
export function matrixFromRows(rows: ReadonlyArray<ReadonlyArray<number>>): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    if (row.length !== c) throw new Error(`matrixFromRows: row ${i} has ${row.length} entries, expected ${c}`);
    for (let j = 0; j < c; j++) data[i * c + j] = row[j]!;
  }
  return { data, rows: r, cols: c };
}

/** The transpose as a new Float64 matrix (cols x rows), copied in cache-sized tiles. */
export function transposeToFloat64(m: Matrix): Matrix {
  const { rows, cols, data } = m;
  const out = new Float64Array(rows * cols);
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(i0 + T, rows);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(j0 + T, cols);
      for (let i = i0; i < i1; i++) {
        const src = i * cols;
        for (let j = j0; j < j1; j++) out[j * rows + i] = data[src + j]!;
      }
    }
  }
  return { data: out, rows: cols, cols: rows };
}
