/** The storage pool: what it accepts, and that autograd's recycling never hands out storage something still uses. */
import { describe, test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/tensor/index.js';
import { bufferPoolStats, clearBufferPool, recycleBuffer, scratch, Tensor, withBackend, type Backend } from '../../src/tensor/index.js';
import { takeBuffer } from '../../src/tensor/buffer-pool.js';
import { Linear, Sequential, Activation } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';
import { Rng } from '../../src/util/rng.js';
import { backendsUnderTest } from '../helpers/backends.js';

describe('buffer pool', () => {
  beforeEach(() => clearBufferPool());

  test('takes back whole buffers of ≥ 1024 floats once, and hands each out once', () => {
    const a = new Float32Array(2048);
    recycleBuffer(a);
    recycleBuffer(a); // twice: ignored
    recycleBuffer(new Float32Array(a.buffer)); // another view of the same storage: ignored
    recycleBuffer(new Float32Array(100)); // small: not pooled
    recycleBuffer(new Float32Array(new ArrayBuffer(4 * 4096), 0, 2048)); // part of a larger buffer: not pooled
    assert.deepEqual(bufferPoolStats(), { buffers: 1, bytes: 2048 * 4 });
    assert.equal(takeBuffer(1024), undefined, 'lengths must match exactly');
    assert.equal(takeBuffer(2048), a);
    assert.equal(takeBuffer(2048), undefined);
  });

  test('alloc() zero-fills a reused buffer', () => {
    for (const be of backendsUnderTest()) {
      const a = new Float32Array(1500).fill(7);
      recycleBuffer(a);
      const b = be.alloc(1500);
      assert.equal(b, a, `${be.name}: the pooled buffer is reused`);
      assert.ok(b.every((v) => v === 0), `${be.name}: zero-filled`);
    }
  });
});

for (const be of backendsUnderTest()) {
  describe(`autograd recycling keeps live storage intact (${be.name} backend)`, () => {
    beforeEach(() => clearBufferPool());

    test('leaf gradients survive later allocations (gradients passed through add, views, a tensor used twice)', () => {
      withBackend(be, () => {
        const rng = new Rng(3);
        const x = T.randn([32, 64], rng, 1, true);
        const w = T.randn([64, 64], rng, 1, true);
        const h = x.matmul(w).tanh();
        // add passes its gradient to both inputs (one of them the leaf x); reshape passes a view; h is used twice
        const y = h.add(x).reshape([64, 32]).reshape([32, 64]).mul(h).add(h);
        y.sum().backward();
        const gx = x.grad!.data.slice(), gw = w.grad!.data.slice();
        // churn: every pooled buffer gets handed out and overwritten
        for (let i = 0; i < 20; i++) be.alloc(32 * 64).fill(1e6);
        assert.deepEqual(x.grad!.data, gx, 'x.grad was not overwritten');
        assert.deepEqual(w.grad!.data, gw, 'w.grad was not overwritten');
        // and the values are those of the same computation on a fresh pool
        const x2 = new Tensor(x.data.slice(), x.shape, true), w2 = new Tensor(w.data.slice(), w.shape, true);
        clearBufferPool();
        const h2 = x2.matmul(w2).tanh();
        h2.add(x2).mul(h2).add(h2).sum().backward();
        assert.deepEqual(x2.grad!.data, gx);
        assert.deepEqual(w2.grad!.data, gw);
      });
    });

    // The two graphs below each reach one of the cases that must not recycle (names are the processing order).
    // Checks the gradients against their closed forms right after backward (a buffer recycled too early is reused by
    // a later op of the same pass) and again after more allocations (one recycled at the end is handed out later).
    const gradientsStay = (root: Tensor, expected: [Tensor, (i: number) => number][]): void => {
      root.sum().backward();
      const check = (when: string): void => {
        for (const [leaf, f] of expected) {
          leaf.grad!.data.forEach((v, i) => assert.ok(Math.abs(v - f(i)) < 1e-5, `${when}: gradient[${i}] = ${v}, expected ${f(i)}`));
        }
      };
      check('after backward');
      for (let i = 0; i < 20; i++) be.alloc(root.size).fill(1e6);
      check('after later allocations');
    };
    test('a gradient a leaf adopted is not recycled when a sibling consumes it later (y = 3w + x)', () => {
      withBackend(be, () => {
        const rng = new Rng(4);
        const x = T.randn([32, 64], rng, 1, true), w = T.randn([32, 64], rng, 1, true);
        // order: y, x (adopts y's gradient), 3w (consumes the same storage), w
        gradientsStay(w.mul(3).add(x), [[x, () => 1], [w, () => 3]]);
      });
    });
    test('a pass-through gradient merged into a pending one is not recycled before its sibling gets it', () => {
      withBackend(be, () => {
        const rng = new Rng(6);
        const x = T.randn([32, 64], rng, 1, true), w = T.randn([32, 64], rng, 1, true);
        const h = w.tanh();
        // a = h + x passes its gradient to h (merged with the pending one) and then to x
        gradientsStay(h.add(x).add(h), [[x, () => 1], [w, (i) => 2 * (1 - h.data[i]! ** 2)]]);
      });
    });

    test('a gradient still pending for another op is not recycled when the first consumer is done with it', () => {
      withBackend(be, () => {
        const rng = new Rng(8);
        const w = T.randn([32, 64], rng, 1, true), x = T.randn([32, 64], rng, 1, true), m = T.randn([64, 64], rng, 1, true);
        const t = w.tanh();
        // r's gradient goes to tanh (done first, then its gradient is dead to it) and to matmul, still pending
        const rowSum = (j: number): number => { let s = 0; for (let k = 0; k < 64; k++) s += m.data[j * 64 + k]!; return s; };
        const colSum = (j: number): number => { let s = 0; for (let i = 0; i < 32; i++) s += x.data[i * 64 + j]!; return s; };
        gradientsStay(t.add(x.matmul(m)), [
          [w, (i) => 1 - t.data[i]! ** 2], [x, (i) => rowSum(i % 64)], [m, (i) => colSum(Math.floor(i / 64))],
        ]);
      });
    });

    test("the caller's gradOutput is never recycled", () => {
      withBackend(be, () => {
        const w = T.randn([32, 64], new Rng(9), 1, true);
        const gOut = T.randn([32, 64], new Rng(10));
        const saved = gOut.data.slice();
        w.tanh().backward(gOut);
        for (let i = 0; i < 20; i++) be.alloc(gOut.size).fill(1e6);
        assert.deepEqual(gOut.data, saved);
      });
    });

    test('zeroGrad() recycles parameter gradients into the next backward pass, and training is unchanged', () => {
      withBackend(be, () => {
        const run = (recycle: boolean): { reused: boolean; out: Float32Array } => {
          clearBufferPool();
          const rng = new Rng(5);
          const net = new Sequential(new Linear(40, 64, { rng }), new Activation('tanh'), new Linear(64, 3, { rng }));
          const opt = new Adam(net.parameters(), { lr: 1e-2 });
          const x = T.randn([16, 40], rng);
          let reused = false;
          for (let step = 0; step < 5; step++) {
            const before = net.parameters()[0]!.grad?.data.buffer;
            if (recycle) opt.zeroGrad();
            else for (const p of net.parameters()) p.grad = null;
            net.forward(x).square().mean().backward();
            if (before && net.parameters()[0]!.grad!.data.buffer === before) reused = true;
            opt.step();
          }
          return { reused, out: net.forward(x).data };
        };
        const pooled = run(true), plain = run(false);
        assert.ok(pooled.reused, 'the first layer weight gradient (64×40 floats) reused its previous storage');
        assert.ok(!plain.reused);
        assert.deepEqual(pooled.out, plain.out);
      });
    });
  });
}

for (const be of backendsUnderTest()) {
  describe(`scratch scopes (${be.name} backend)`, () => {
    beforeEach(() => clearBufferPool());
    const churn = (n: number): void => {
      for (let i = 0; i < 20; i++) be.alloc(n).fill(1e6);
    };

    test('recycle what ops allocated inside, and keep the returned tensor', () => {
      withBackend(be, () => {
        const x = T.randn([32, 64], new Rng(1));
        const y = scratch(() => x.tanh().mul(2).add(1));
        assert.ok(bufferPoolStats().buffers >= 2, 'the two intermediates went back to the pool');
        const expected = x.data.map((v) => 2 * Math.tanh(v) + 1);
        churn(x.size);
        y.data.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-5));
      });
    });

    test('never touch outside storage (inputs, views of parameters), factory tensors or what hooks saw', () => {
      withBackend(be, () => {
        const rng = new Rng(2);
        const net = new Sequential(new Linear(64, 48, { rng }), new Activation('tanh'));
        const x = T.randn([32, 64], rng);
        const params = net.parameters().map((p) => p.data.slice()), input = x.data.slice();
        let state: Tensor | null = null;
        let hooked: Tensor | null = null;
        const remove = net.registerForwardHook((_m, _x, y) => (hooked = y));
        scratch(() => {
          net.parameters()[0]!.reshape([48 * 64]); // a view of a parameter: an op result, outside storage
          x.reshape([64, 32]).reshape([32, 64]);
          state = T.zeros([32, 48]); // like optimizer state created on the first step
          return net.forward(x).sum().item();
        });
        remove();
        const seen = hooked!.data.slice();
        churn(32 * 48);
        churn(48 * 64);
        churn(32 * 64);
        net.parameters().forEach((p, i) => assert.deepEqual(p.data, params[i]));
        assert.deepEqual(x.data, input);
        assert.ok(state!.data.every((v) => v === 0));
        assert.deepEqual(hooked!.data, seen);
      });
    });

    test('byte frames: floats made inside a scope are recycled with it, unread ones leave nothing, returned ones are kept', () => {
      withBackend(be, () => {
        const bytes = new Uint8Array(4096).map((_, i) => i & 255);
        scratch(() => void T.temporary(T.fromBytes(bytes, [4096], 0.5)));
        assert.equal(bufferPoolStats().buffers, 0, 'no floats were made, so none came back');
        let made: Float32Array | null = null;
        scratch(() => {
          made = T.temporary(T.fromBytes(bytes, [4096], 0.5)).data;
        });
        assert.equal(takeBuffer(4096), made, 'the floats read inside the scope went back to the pool');
        const kept = scratch(() => {
          const t = T.temporary(T.fromBytes(bytes, [4096], 0.5));
          void t.data;
          return t;
        });
        churn(4096);
        kept.data.forEach((v, i) => assert.equal(v, (i & 255) / 2));
      });
    });

    test('a training loop in scratch scopes reuses its storage and computes exactly the same', () => {
      withBackend(be, () => {
        const train = (useScratch: boolean): { out: Float32Array; reused: number } => {
          clearBufferPool();
          const rng = new Rng(5);
          // the output, 32×48 floats, is large enough to be pooled
          const net = new Sequential(new Linear(40, 64, { rng }), new Activation('tanh'), new Linear(64, 48, { rng }));
          const opt = new Adam(net.parameters(), { lr: 1e-2 });
          const x = T.randn([32, 40], rng);
          const seen = new Set<ArrayBufferLike>();
          let reused = 0;
          const step = (): number => {
            opt.zeroGrad();
            const h = net.forward(x);
            if (seen.has(h.data.buffer)) reused++;
            seen.add(h.data.buffer);
            const loss = h.square().mean();
            loss.backward();
            opt.step();
            return loss.item();
          };
          for (let i = 0; i < 6; i++) useScratch ? scratch(step) : step();
          return { out: net.forward(x).data, reused };
        };
        const a = train(true), b = train(false);
        assert.ok(a.reused >= 4, `the network output reused a previous step's storage (${a.reused} of 5 steps)`);
        assert.equal(b.reused, 0);
        assert.deepEqual(a.out, b.out);
      });
    });

    test('optimizer state created on the first step from a buffer recycled earlier in the scope stays with the optimizer', () => {
      withBackend(be, () => {
        // The hidden gradient (64×64) has the size of a weight and reaches tanh through reshape views (op results the
        // scope lists); autograd recycles it once consumed, and Adam's state may be created from recycled storage.
        const train = (useScratch: boolean): Float32Array => {
          clearBufferPool();
          const rng = new Rng(21);
          const l1 = new Linear(64, 64, { rng }), l2 = new Linear(64, 64, { rng });
          const net = new Sequential(l1, l2);
          const opt = new Adam(net.parameters(), { lr: 1e-2 });
          const x = T.randn([64, 64], rng);
          const forward = (): Tensor => l2.forward(l1.forward(x).tanh().reshape([64, 8, 8]).reshape([64, 64]));
          const step = (): number => {
            opt.zeroGrad();
            const loss = forward().square().mean();
            loss.backward();
            opt.step();
            return loss.item();
          };
          for (let i = 0; i < 6; i++) useScratch ? scratch(step) : step();
          return forward().data;
        };
        assert.deepEqual(train(true), train(false));
      });
    });
  });
}

for (const be of backendsUnderTest()) {
  test(`every allocEmpty() output is overwritten by its kernel (${be.name} backend)`, () => {
    // a backend whose empty buffers are NaN: any element a kernel leaves unwritten shows up in the results
    const poisoned: Backend = Object.create(be) as Backend;
    poisoned.allocEmpty = (n: number): Float32Array => new Float32Array(n).fill(NaN);
    const run = (b: Backend): Float32Array[] => withBackend(b, () => {
      const rng = new Rng(12);
      const x = T.randn([3, 2, 9, 9], rng, 1, true);
      const w = T.randn([4, 2, 3, 3], rng, 0.3, true), cb = T.randn([4], rng, 0.1, true);
      const l = T.randn([5, 100], rng, 0.1, true), lb = T.randn([5], rng, 0.1, true);
      const c1 = T.conv2d(x, w, cb, { stride: 2, padding: 1 }), c2 = T.conv2d(x, w, null);
      const h = T.linear(c1.tanh().reshape([3, 100]), l, lb).add(T.linear(T.relu(c2).reshape([3, 196]).narrow(1, 0, 100), l, null));
      const y = h.mul(T.randn([1, 5], rng)).sub(0.5).sigmoid();
      y.sum().backward();
      return [y.data, x.grad!.data, w.grad!.data, cb.grad!.data, l.grad!.data, lb.grad!.data];
    });
    const clean = run(be), dirty = run(poisoned);
    dirty.forEach((d, i) => assert.deepEqual(d, clean[i], `result ${i}`));
  });
}
