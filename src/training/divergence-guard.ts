/**
 * The divergence guard: every gradient update of DQN, PPO and PQN goes through `DivergenceGuard.update`, which looks
 * for NaN and ±Inf in the loss (before the backward pass), the global gradient norm (when clipping computes it, and
 * always in 'skip' mode) and every parameter the optimizer step wrote (the step's kernels report it from their own
 * pass, so this costs nothing).
 *
 * Config key `on-nonfinite`:
 * - 'stop' (default): throw a DivergenceError naming the environment step and the tensor; the training loop fails
 *   the run with it, adds the last good checkpoint and logs a `nonfinite` row in metrics.jsonl.
 * - 'skip': an update whose loss or gradient is not finite is dropped (no optimizer step: parameters and optimizer
 *   state stay as they were), counted, and logged as a `nonfinite` row. A parameter made non-finite by an update
 *   whose loss and gradients were finite (an overflow) still stops the run: that update cannot be taken back.
 */
import { clipGradNorm, gradNorm, type Optimizer } from '../optim/index.js';
import { backend, type Tensor } from '../tensor/index.js';

export const NONFINITE_ACTIONS = ['stop', 'skip'] as const;
export type NonFiniteAction = (typeof NONFINITE_ACTIONS)[number];

/** A non-finite loss, gradient or parameter in 'stop' mode. */
export class DivergenceError extends Error {
  constructor(readonly step: number, readonly tensor: string, readonly value: number) {
    super(`training diverged at step ${step}: ${tensor} is ${value}`);
    this.name = 'DivergenceError';
  }
}

/** An update dropped in 'skip' mode. */
export interface SkippedUpdate {
  readonly step: number;
  readonly tensor: string;
  readonly value: number;
  /** Updates skipped in the run so far, this one included. */
  readonly skipped: number;
}

export class DivergenceGuard {
  /** Updates skipped so far in this run (checkpointed with the agent). */
  skipped = 0;
  private readonly params: readonly Tensor[];
  private unreported: SkippedUpdate[] = [];

  /** `named`: the parameters the optimizer updates, with the names errors use (Module.namedParameters()). */
  constructor(readonly action: NonFiniteAction, private readonly named: readonly (readonly [string, Tensor])[]) {
    this.params = named.map(([, p]) => p);
  }

  /**
   * One checked update from `loss` at environment step `step`: zero the gradients, backpropagate, clip the global
   * gradient norm to maxGradNorm (when > 0), step. Returns the loss, or null when the update was skipped.
   */
  update(step: number, loss: Tensor, optimizer: Optimizer, maxGradNorm: number): number | null {
    const value = loss.item();
    if (!Number.isFinite(value)) return this.reject(step, 'the loss', value);
    optimizer.zeroGrad();
    loss.backward();
    if (maxGradNorm > 0 || this.action === 'skip') {
      const norm = gradNorm(this.params);
      if (!Number.isFinite(norm)) return this.reject(step, this.gradientNormName(), norm);
      if (maxGradNorm > 0) clipGradNorm(this.params, maxGradNorm, norm);
    }
    if (!optimizer.step()) {
      // a non-finite gradient in 'stop' mode without clipping lands here too: name it as what it was
      const norm = gradNorm(this.params);
      if (!Number.isFinite(norm)) throw new DivergenceError(step, this.gradientNormName(), norm);
      const [name, p] = this.named.find(([, t]) => !allFinite(t))!;
      throw new DivergenceError(step, `parameter '${name}' (after the optimizer step)`, firstNonFinite(p));
    }
    return value;
  }

  /** Skipped updates not yet logged (the training loop writes them to metrics.jsonl). */
  takeSkipped(): SkippedUpdate[] {
    const out = this.unreported;
    this.unreported = [];
    return out;
  }

  private reject(step: number, tensor: string, value: number): null {
    if (this.action === 'stop') throw new DivergenceError(step, tensor, value);
    this.skipped++;
    this.unreported.push({ step, tensor, value, skipped: this.skipped });
    return null;
  }

  /** 'the gradient norm (first non-finite: the gradient of '…')'. */
  private gradientNormName(): string {
    const bad = this.named.find(([, p]) => p.grad !== null && !allFinite(p.grad));
    return bad ? `the gradient norm (first non-finite gradient: '${bad[0]}')` : 'the gradient norm';
  }
}

const allFinite = (t: Tensor): boolean => Number.isFinite(backend().sumSquares(t.data));

function firstNonFinite(t: Tensor): number {
  return t.data.find((v) => !Number.isFinite(v)) ?? NaN;
}
