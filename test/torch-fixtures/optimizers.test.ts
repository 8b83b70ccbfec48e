/**
 * Optimizer trajectories against torch.optim (1.13): the same two parameters (7 and 2×3 values) and the same stored
 * sequence of 10 gradients (incl. an always-zero, a tiny (1e-6) and a large (50) component, and sign flips), for Adam,
 * RAdam (10 steps: the rectified branch starts at step 6 with beta2 0.999), RMSprop (plain, centered, momentum, the
 * MinAtar setting alpha 0.95 / eps 0.01 / centered) and SGD (momentum, dampening, Nesterov, weight decay).
 *
 * Tolerance: every step's parameters within 2e-6 relative + 2e-6 absolute (PyTorch updates in float32, our reference
 * kernels in float64 rounded to float32 at each store; the difference compounds over the 10 steps to ~1e-7).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, withBackend, type Tensor } from '../../src/tensor/index.js';
import { Adam, RAdam, RMSprop, SGD, type Optimizer } from '../../src/optim/index.js';
import { backendsUnderTest } from '../helpers/backends.js';
import { assertClose, loadFixture, type Tolerance } from './fixture.js';

type Options = Record<string, number | boolean | number[]>;
interface OptimCase { name: string; optimizer: 'Adam' | 'RAdam' | 'RMSprop' | 'SGD'; options: Options; trajectory: number[][][] }
interface OptimFixture {
  shapes: number[][]; params0: number[][]; grads: number[][][]; cases: OptimCase[];
  radamRho: number[]; radamFirstRectifiedStep: number;
}

const fx = loadFixture<OptimFixture>('optimizers.json');
const TOL: Tolerance = { rtol: 2e-6, atolScaled: 0, atolMin: 2e-6 };

const n = (o: Options, k: string): number | undefined => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
const b = (o: Options, k: string): boolean | undefined => (typeof o[k] === 'boolean' ? (o[k] as boolean) : undefined);
const betas = (o: Options): [number, number] | undefined => {
  const v = o['betas'];
  return Array.isArray(v) ? [v[0]!, v[1]!] : undefined;
};

function make(c: OptimCase, params: Tensor[]): Optimizer {
  const o = c.options;
  const lr = n(o, 'lr')!;
  switch (c.optimizer) {
    case 'Adam': return new Adam(params, { lr, betas: betas(o), eps: n(o, 'eps'), weightDecay: n(o, 'weight_decay') });
    case 'RAdam': return new RAdam(params, { lr, betas: betas(o), eps: n(o, 'eps'), weightDecay: n(o, 'weight_decay') });
    case 'RMSprop': return new RMSprop(params, {
      lr, alpha: n(o, 'alpha'), eps: n(o, 'eps'), momentum: n(o, 'momentum'), centered: b(o, 'centered'), weightDecay: n(o, 'weight_decay'),
    });
    case 'SGD': return new SGD(params, {
      lr, momentum: n(o, 'momentum'), dampening: n(o, 'dampening'), nesterov: b(o, 'nesterov'), weightDecay: n(o, 'weight_decay'),
    });
  }
}

test('fixture sanity: RAdam rectification switches on at step 6 (beta2 0.999)', () => {
  assert.equal(fx.radamFirstRectifiedStep, 6);
  assert.ok(fx.cases.filter((c) => c.optimizer === 'RAdam').every((c) => c.trajectory.length >= 8));
});

for (const be of backendsUnderTest()) {
  describe(`PyTorch known values: optimizer trajectories (${be.name} backend)`, () => {
    for (const c of fx.cases) {
      test(`${c.optimizer} ${c.name} ${JSON.stringify(c.options)}`, () => withBackend(be, () => {
        const params = fx.params0.map((v, i) => tensor(v, fx.shapes[i]!, true));
        const opt = make(c, params);
        c.trajectory.forEach((expected, step) => {
          opt.zeroGrad();
          params.forEach((p, i) => (p.grad = tensor(fx.grads[step]![i]!, fx.shapes[i]!)));
          opt.step();
          params.forEach((p, i) => assertClose(p.data, expected[i]!, TOL, `step ${step + 1}, param ${i}`));
        });
      }));
    }
  });
}
