export { type Matrix, assertMatrix, matrixFromRows, transposeToFloat64 } from './matrix.js';
export { gramOfRows, smallerGram } from './gram.js';
export { type Tridiagonal, tridiagonalize } from './tridiagonalize.js';
export { tridiagonalQL } from './tridiagonalQL.js';
export {
  type SymmetricEigenOptions,
  type SymmetricEigenResult,
  symmetricEigen,
  symmetricEigenvalues,
  eigenInPlace,
} from './symmetricEigen.js';
export { singularValues } from './singularValues.js';
