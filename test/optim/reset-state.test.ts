import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adam, RMSprop, SGD, type Optimizer } from '../../src/optim/index.js';
import { tensor, type Tensor } from '../../src/tensor/index.js';

/** Two parameters after one step on Σ p², so every state buffer holds something non-zero. */
function stepped(make: (ps: Tensor[]) => Optimizer): { a: Tensor; b: Tensor; opt: Optimizer } {
  const a = tensor([1, 2, 3, 4], [2, 2], true), b = tensor([5, 6], [2], true);
  const opt = make([a, b]);
  a.square().sum().add(b.square().sum()).backward();
  opt.step();
  return { a, b, opt };
}

const buffers = (opt: Optimizer, i: number): number[][] =>
  Object.entries(opt.stateDict().tensors).filter(([k]) => k.startsWith(`${i}.`)).map(([, t]) => [...t.data]);

test('resetState zeroes the chosen elements of every state buffer of one parameter, or all of them, and nothing else', () => {
  const makers: [string, (ps: Tensor[]) => Optimizer][] = [
    ['Adam', (ps) => new Adam(ps, { lr: 0.1 })],
    ['centered RMSprop with momentum', (ps) => new RMSprop(ps, { lr: 0.1, momentum: 0.9, centered: true })],
    ['SGD with momentum', (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9 })],
  ];
  for (const [name, make] of makers) {
    const { a, b, opt } = stepped(make);
    const b0 = buffers(opt, 1), step = opt.stepCount;
    assert.ok(buffers(opt, 0).every((buf) => buf.every((v) => v !== 0)), name);
    opt.resetState(a, [1, 2]);
    for (const buf of buffers(opt, 0)) assert.ok(buf[0] !== 0 && buf[1] === 0 && buf[2] === 0 && buf[3] !== 0, `${name}: ${buf}`);
    assert.deepEqual(buffers(opt, 1), b0, name);
    opt.resetState(b);
    for (const buf of buffers(opt, 1)) assert.deepEqual(buf, [0, 0], name);
    assert.equal(opt.stepCount, step, `${name}: the step count is shared and stays`);
  }
});

test('resetState names what is wrong: a tensor the optimizer does not hold, an index outside the parameter', () => {
  const { a, opt } = stepped((ps) => new Adam(ps, { lr: 0.1 }));
  assert.throws(() => opt.resetState(tensor([1, 2], [2])), /Adam\.resetState: the tensor \(shape \[2\]\) is not one of this optimizer's parameters/);
  assert.throws(() => opt.resetState(a, [4]), /Adam\.resetState: index 4 is outside parameter 0 of 4 elements/);
});
