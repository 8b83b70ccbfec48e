/** SGD, Adam, RAdam and RMSprop with PyTorch's update rules (each a fused backend kernel). */
import { backend, type Tensor } from '../tensor/index.js';
import { Optimizer } from './optimizer.js';

function checkPositive(kind: string, name: string, v: number, allowZero = false): void {
  if (!(allowZero ? v >= 0 : v > 0) || !Number.isFinite(v)) throw new Error(`${kind}: ${name} must be ${allowZero ? 'non-negative' : 'positive'}, got ${v}`);
}

function checkBeta(kind: string, name: string, v: number): void {
  if (!(v >= 0 && v < 1)) throw new Error(`${kind}: ${name} must be in [0, 1), got ${v}`);
}

const num = (o: Record<string, number | boolean>, k: string): number => Number(o[k]);

export interface SGDOptions { lr: number; momentum?: number; dampening?: number; nesterov?: boolean; weightDecay?: number }

export class SGD extends Optimizer {
  lr: number; momentum: number; dampening: number; nesterov: boolean; weightDecay: number;
  constructor(params: readonly Tensor[], o: SGDOptions) {
    super(params, 'SGD');
    checkPositive('SGD', 'lr', o.lr, true);
    this.lr = o.lr; this.momentum = o.momentum ?? 0; this.dampening = o.dampening ?? 0;
    this.nesterov = o.nesterov ?? false; this.weightDecay = o.weightDecay ?? 0;
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) throw new Error('SGD: Nesterov momentum needs momentum > 0 and dampening 0');
  }
  protected update(p: Tensor, g: Tensor, i: number): boolean {
    const first = !this.buffers[i]!.has('momentum_buffer');
    const buf = this.momentum > 0 ? this.buffer(i, 'momentum_buffer') : null;
    return backend().sgdStep(p.data, g.data, buf?.data ?? null, this.lr, this.momentum, this.dampening, this.nesterov, this.weightDecay, first);
  }
  protected options(): Record<string, number | boolean> {
    return { lr: this.lr, momentum: this.momentum, dampening: this.dampening, nesterov: this.nesterov, weightDecay: this.weightDecay };
  }
  protected setOptions(o: Record<string, number | boolean>): void {
    this.lr = num(o, 'lr'); this.momentum = num(o, 'momentum'); this.dampening = num(o, 'dampening');
    this.nesterov = Boolean(o['nesterov']); this.weightDecay = num(o, 'weightDecay');
  }
}

export interface AdamOptions { lr: number; betas?: readonly [number, number]; eps?: number; weightDecay?: number }

abstract class AdamFamily extends Optimizer {
  lr: number; beta1: number; beta2: number; eps: number; weightDecay: number;
  protected constructor(params: readonly Tensor[], kind: string, o: AdamOptions, defaultEps: number) {
    super(params, kind);
    this.lr = o.lr; this.beta1 = o.betas?.[0] ?? 0.9; this.beta2 = o.betas?.[1] ?? 0.999;
    this.eps = o.eps ?? defaultEps; this.weightDecay = o.weightDecay ?? 0;
    checkPositive(kind, 'lr', this.lr, true);
    checkBeta(kind, 'beta1', this.beta1);
    checkBeta(kind, 'beta2', this.beta2);
    checkPositive(kind, 'eps', this.eps, true);
  }
  protected options(): Record<string, number | boolean> {
    return { lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay };
  }
  protected setOptions(o: Record<string, number | boolean>): void {
    this.lr = num(o, 'lr'); this.beta1 = num(o, 'beta1'); this.beta2 = num(o, 'beta2'); this.eps = num(o, 'eps'); this.weightDecay = num(o, 'weightDecay');
  }
}

/** Adam (Kingma & Ba 2015) with L2 weight decay added to the gradient, as torch.optim.Adam. */
export class Adam extends AdamFamily {
  constructor(params: readonly Tensor[], o: AdamOptions) {
    super(params, 'Adam', o, 1e-8);
  }
  protected update(p: Tensor, g: Tensor, i: number): boolean {
    return backend().adamStep(p.data, g.data, this.buffer(i, 'exp_avg').data, this.buffer(i, 'exp_avg_sq').data, this.lr, this.beta1, this.beta2, this.eps, this.weightDecay, this.stepCount);
  }
}

/** Rectified Adam (Liu et al. 2020), as torch.optim.RAdam: plain momentum SGD until the variance is tractable (ρ > 5). */
export class RAdam extends AdamFamily {
  constructor(params: readonly Tensor[], o: AdamOptions) {
    super(params, 'RAdam', o, 1e-8);
  }
  protected update(p: Tensor, g: Tensor, i: number): boolean {
    return backend().radamStep(p.data, g.data, this.buffer(i, 'exp_avg').data, this.buffer(i, 'exp_avg_sq').data, this.lr, this.beta1, this.beta2, this.eps, this.weightDecay, this.stepCount);
  }
}

export interface RMSpropOptions { lr: number; alpha?: number; eps?: number; momentum?: number; centered?: boolean; weightDecay?: number }

/**
 * RMSprop as torch.optim.RMSprop (eps added outside the square root). The MinAtar DQN uses centered RMSprop with
 * alpha 0.95 ("squared-gradient momentum") and eps 0.01 ("minimum squared gradient").
 */
export class RMSprop extends Optimizer {
  lr: number; alpha: number; eps: number; momentum: number; centered: boolean; weightDecay: number;
  constructor(params: readonly Tensor[], o: RMSpropOptions) {
    super(params, 'RMSprop');
    this.lr = o.lr; this.alpha = o.alpha ?? 0.99; this.eps = o.eps ?? 1e-8; this.momentum = o.momentum ?? 0;
    this.centered = o.centered ?? false; this.weightDecay = o.weightDecay ?? 0;
    checkPositive('RMSprop', 'lr', this.lr, true);
    checkBeta('RMSprop', 'alpha', this.alpha);
    checkPositive('RMSprop', 'eps', this.eps, true);
  }
  protected update(p: Tensor, g: Tensor, i: number): boolean {
    return backend().rmspropStep(
      p.data, g.data, this.buffer(i, 'square_avg').data,
      this.centered ? this.buffer(i, 'grad_avg').data : null,
      this.momentum > 0 ? this.buffer(i, 'momentum_buffer').data : null,
      this.lr, this.alpha, this.eps, this.momentum, this.weightDecay,
    );
  }
  protected options(): Record<string, number | boolean> {
    return { lr: this.lr, alpha: this.alpha, eps: this.eps, momentum: this.momentum, centered: this.centered, weightDecay: this.weightDecay };
  }
  protected setOptions(o: Record<string, number | boolean>): void {
    this.lr = num(o, 'lr'); this.alpha = num(o, 'alpha'); this.eps = num(o, 'eps'); this.momentum = num(o, 'momentum');
    this.centered = Boolean(o['centered']); this.weightDecay = num(o, 'weightDecay');
  }
}
