/**
 * Reports for a Hadamard-representation layer z = σ(W1 x + b1) ⊙ σ(W2 x + b2): the product and each branch.
 */
import { assertMatrix, type Matrix } from '../linalg/matrix.js';
import { layerReport, type LayerReport, type LayerReportOptions } from './layerReport.js';

export interface HrActivations {
  /** z, the propagated product (probe states x neurons). */
  product: Matrix;
  /** σ(W1 x + b1). */
  branch1: Matrix;
  /** σ(W2 x + b2). */
  branch2: Matrix;
}

export interface HrLayerReport {
  product: LayerReport;
  branch1: LayerReport;
  branch2: LayerReport;
}

/**
 * `options` apply to all three matrices (the product of two tanh/sigmoid/ReLU outputs keeps the branch's
 * range, so the same activation kind fits); `productOverrides` change options for the product only.
 * `headWeight` (hidden bias) is used for the product only, as only the product feeds the next layer.
 */
export function hrLayerReport(
  acts: HrActivations,
  options: LayerReportOptions,
  productOverrides: Partial<LayerReportOptions> = {},
): HrLayerReport {
  for (const [name, m] of Object.entries(acts) as [string, Matrix][]) assertMatrix(m, `hrLayerReport ${name}`);
  const { product, branch1, branch2 } = acts;
  for (const b of [branch1, branch2]) {
    if (b.rows !== product.rows || b.cols !== product.cols) {
      throw new Error(`hrLayerReport: branch is ${b.rows}x${b.cols} but product is ${product.rows}x${product.cols}`);
    }
  }
  const branchOptions: LayerReportOptions = { ...options, headWeight: undefined };
  return {
    product: layerReport(product, { ...options, ...productOverrides }),
    branch1: layerReport(branch1, branchOptions),
    branch2: layerReport(branch2, branchOptions),
  };
}
