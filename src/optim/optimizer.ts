/**
 * Optimizer base: holds the parameters, per-parameter state buffers (engine tensors, so a fused backend kernel updates
 * them in place) and a step counter. State is exported as named tensors plus JSON-friendly metadata so checkpoints
 * can store the buffers in safetensors and the rest in the JSON sidecar.
 */
import { backend, releaseGrad, zeros, type Tensor } from '../tensor/index.js';
import { fmt } from '../tensor/shape.js';

export interface OptimizerState {
  /** Optimizer kind, hyperparameters and step count. */
  meta: { kind: string; step: number; options: Record<string, number | boolean> };
  /** State buffers by name: "<param index>.<buffer>" (e.g. "3.exp_avg"). */
  tensors: Record<string, Tensor>;
}

export abstract class Optimizer {
  /** Number of completed steps (bias corrections use step + 1 during a step). */
  stepCount = 0;
  protected readonly buffers: Map<string, Tensor>[];

  protected constructor(readonly params: readonly Tensor[], protected readonly kind: string) {
    if (params.length === 0) throw new Error(`${kind}: no parameters to optimise`);
    this.buffers = params.map(() => new Map());
  }

  /** The learning rate used by the next step (schedules assign it). */
  abstract lr: number;

  /**
   * Applies one update to every parameter that has a gradient. Returns whether every updated parameter is finite
   * afterwards (checked in the update's own pass over the parameters).
   */
  step(): boolean {
    this.stepCount++;
    let finite = true;
    this.params.forEach((p, i) => {
      if (p.grad && !this.update(p, p.grad, i)) finite = false;
    });
    return finite;
  }

  /** Updates p in place from its gradient g; returns whether p is all finite afterwards. */
  protected abstract update(p: Tensor, g: Tensor, index: number): boolean;
  protected abstract options(): Record<string, number | boolean>;
  protected abstract setOptions(o: Record<string, number | boolean>): void;

  zeroGrad(): void {
    for (const p of this.params) releaseGrad(p);
  }

  /** A zero-initialised state buffer shaped like parameter i (created on first use). */
  protected buffer(i: number, name: string): Tensor {
    const map = this.buffers[i]!;
    let b = map.get(name);
    if (!b) {
      b = zeros(this.params[i]!.shape);
      map.set(name, b);
    }
    return b;
  }

  /**
   * Forgets what the optimizer has accumulated for `param` (momenta, squared-gradient averages): every state buffer of
   * that parameter is zeroed, at the given flat element indices only, or whole when `indices` is omitted. The step
   * count is shared and stays. The plasticity interventions (src/plasticity/) call this for the weights they re-draw.
   */
  resetState(param: Tensor, indices?: ArrayLike<number>): void {
    const i = this.params.indexOf(param);
    if (i < 0) throw new Error(`${this.kind}.resetState: the tensor (shape ${fmt(param.shape)}) is not one of this optimizer's parameters`);
    for (const b of this.buffers[i]!.values()) {
      if (indices === undefined) {
        b.data.fill(0);
        continue;
      }
      for (let k = 0; k < indices.length; k++) {
        const j = indices[k]!;
        if (!(Number.isInteger(j) && j >= 0 && j < b.size)) throw new Error(`${this.kind}.resetState: index ${j} is outside parameter ${i} of ${b.size} elements`);
        b.data[j] = 0;
      }
    }
  }

  stateDict(): OptimizerState {
    const tensors: Record<string, Tensor> = {};
    this.buffers.forEach((m, i) => m.forEach((t, name) => (tensors[`${i}.${name}`] = t)));
    return { meta: { kind: this.kind, step: this.stepCount, options: this.options() }, tensors };
  }

  loadStateDict(state: OptimizerState): void {
    if (state.meta.kind !== this.kind) throw new Error(`optimizer state is for ${state.meta.kind}, not ${this.kind}`);
    for (const [key, t] of Object.entries(state.tensors)) {
      const m = /^(\d+)\.(\w+)$/.exec(key);
      const i = m ? Number(m[1]) : -1;
      if (!m || i >= this.params.length) throw new Error(`optimizer state has an unknown buffer '${key}' (${this.params.length} parameters)`);
      const p = this.params[i]!;
      if (t.size !== p.size) throw new Error(`optimizer buffer '${key}' has shape ${fmt(t.shape)} but parameter ${i} has ${fmt(p.shape)}`);
      this.buffer(i, m[2]!).data.set(t.data);
    }
    this.stepCount = state.meta.step;
    this.setOptions(state.meta.options);
  }
}

/** The global L2 norm of the parameters' gradients (sums of squares in float64): NaN or ±Inf when an entry is. */
export function gradNorm(params: readonly Tensor[]): number {
  const be = backend();
  let sq = 0;
  for (const p of params) if (p.grad) sq += be.sumSquares(p.grad.data);
  return Math.sqrt(sq);
}

/**
 * Scales all gradients so their global L2 norm is at most maxNorm (torch.nn.utils.clip_grad_norm_, with its
 * 1e-6 guard). Returns the norm before clipping; pass `norm` when gradNorm(params) is already known. As in PyTorch,
 * a NaN norm scales every gradient by NaN and an infinite one by 0 (an infinite entry becomes NaN), so a non-finite
 * gradient anywhere is never lost.
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number, norm = gradNorm(params)): number {
  const be = backend();
  const coef = maxNorm / (norm + 1e-6);
  if (!(coef >= 1)) for (const p of params) if (p.grad) be.scale(p.grad.data, coef, p.grad.data);
  return norm;
}
