import { test } from 'node:test';
import assert from 'node:assert/strict';
import { histogram, kde, kdeBandwidth, type Matrix } from '../../src/diagnostics/index.js';
import { Rng } from '../../src/util/rng.js';

function trapezoid(grid: number[], y: number[]): number {
  let s = 0;
  for (let i = 1; i < grid.length; i++) s += 0.5 * (y[i]! + y[i - 1]!) * (grid[i]! - grid[i - 1]!);
  return s;
}

function argmax(y: number[]): number {
  let best = 0;
  for (let i = 1; i < y.length; i++) if (y[i]! > y[best]!) best = i;
  return best;
}

/** 500 states x 3 neurons: N(0.3, 0.2), a tanh neuron dying at −1, and a bimodal one. */
function sample(): Matrix {
  const rng = new Rng(6);
  const rows = 500, cols = 3;
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    data[i * cols] = rng.normal(0.3, 0.2);
    data[i * cols + 1] = -1 + 0.002 * rng.uniform();
    data[i * cols + 2] = (i % 2 === 0 ? -0.5 : 0.5) + 0.05 * rng.normal();
  }
  return { data, rows, cols };
}

test('bandwidth rules: Scott σ n^(−1/5), Silverman 0.9 min(σ, IQR/1.34) n^(−1/5), fixed', () => {
  const x = Float64Array.from([1, 2, 3, 4, 5]);
  const sigma = Math.sqrt(2.5);
  assert.ok(Math.abs(kdeBandwidth(x, 'scott') - sigma * 5 ** -0.2) < 1e-14);
  // Quartiles 2 and 4 → IQR/1.34 = 1.4925 < σ = 1.5811.
  assert.ok(Math.abs(kdeBandwidth(x, 'silverman') - 0.9 * (2 / 1.34) * 5 ** -0.2) < 1e-14);
  assert.equal(kdeBandwidth(x, 0.3), 0.3);
  assert.throws(() => kdeBandwidth(x, 0), /> 0/);
});

test('KDE integrates to ~1 and peaks where the data is; a dying tanh neuron spikes at −1', () => {
  const m = sample();
  for (const bandwidth of ['scott', 'silverman'] as const) {
    const r = kde(m, [0, 1, 2], { bandwidth, points: 512 });
    assert.equal(r.grid.length, 512);
    for (const n of r.neurons) {
      const area = trapezoid(r.grid, n.density);
      assert.ok(Math.abs(area - 1) < 5e-3, `${bandwidth} neuron ${n.neuron}: area ${area}`);
    }
    const [a, b, c] = r.neurons;
    assert.ok(Math.abs(r.grid[argmax(a!.density)]! - 0.3) < 0.1, 'normal neuron peaks near its mean');
    assert.ok(Math.abs(r.grid[argmax(b!.density)]! + 1) < 0.01, 'dying neuron peaks at −1');
    assert.ok(b!.bandwidth >= (r.grid[1]! - r.grid[0]!) * (1 - 1e-9), 'bandwidth floored at the grid spacing');
    assert.ok(Math.abs(Math.abs(r.grid[argmax(c!.density)]!) - 0.5) < 0.05, 'bimodal neuron peaks at ±0.5');
  }
  // A fixed range and bandwidth.
  const fixed = kde(m, [0], { range: [-2, 2], points: 401, bandwidth: 0.1 });
  assert.equal(fixed.grid[0], -2);
  assert.ok(Math.abs(fixed.grid[400]! - 2) < 1e-12);
  assert.equal(fixed.neurons[0]!.bandwidth, 0.1);
  assert.ok(Math.abs(trapezoid(fixed.grid, fixed.neurons[0]!.density) - 1) < 1e-3);
  assert.throws(() => kde(m, [3]), /outside/);
  assert.throws(() => kde({ data: Float32Array.from([0, NaN, 1]), rows: 3, cols: 1 }, [0]), /non-finite/);
});

test('histogram: shared edges, counts sum to the probe count, out-of-range values reported', () => {
  const m = sample();
  const h = histogram(m, [0, 1], { bins: 20, range: [-1, 1] });
  assert.equal(h.edges.length, 21);
  assert.equal(h.edges[0], -1);
  assert.equal(h.edges[20], 1);
  for (const n of h.neurons) assert.equal(n.counts.reduce((s, x) => s + x, 0) + n.outside, 500);
  assert.equal(h.neurons[1]!.counts[0], 500); // all in [−1, −0.9)
  // Default range covers all the data.
  const all = histogram(m, [2], { bins: 4 });
  assert.equal(all.neurons[0]!.outside, 0);
  assert.equal(all.neurons[0]!.counts.reduce((s, x) => s + x, 0), 500);
});
