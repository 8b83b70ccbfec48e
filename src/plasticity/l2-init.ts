/**
 * L2 towards the initial parameters, "L2 Init" (Kumar, Marklund & Van Roy 2023, "Maintaining Plasticity in Continual
 * Learning via Regenerative Regularization"): the loss gains c·Σ‖θ − θ₀‖², pulling every parameter back towards the
 * value it was initialised with (not towards zero, as weight decay does).
 */
import { tensor, type Tensor } from '../tensor/index.js';

export class L2Init {
  private readonly anchors: readonly (readonly [Tensor, Tensor])[];

  /** Remembers the current values of `params` as θ₀. */
  constructor(params: readonly Tensor[], readonly coef: number) {
    if (!(coef >= 0 && Number.isFinite(coef))) throw new Error(`l2-init: the coefficient must be a non-negative number, got ${coef}`);
    this.anchors = params.map((p) => [p, tensor(Float32Array.from(p.data), p.shape)] as const);
  }

  /** c·Σ‖θ − θ₀‖² as a differentiable scalar. */
  penalty(): Tensor {
    let sum: Tensor | null = null;
    for (const [p, p0] of this.anchors) {
      const term = p.sub(p0).square().sum();
      sum = sum ? sum.add(term) : term;
    }
    return sum!.mul(this.coef);
  }

  /** The loss plus the penalty (the loss itself when the coefficient is 0). */
  regularize(loss: Tensor): Tensor {
    return this.coef > 0 ? loss.add(this.penalty()) : loss;
  }
}
