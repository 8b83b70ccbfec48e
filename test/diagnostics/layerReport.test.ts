import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activationKindOf, hrLayerReport, layerReport, matrixFromRows, type Matrix } from '../../src/diagnostics/index.js';
import { Rng } from '../../src/util/rng.js';

/** 256 states x 8 tanh neurons: 0 at +1, 1 at −1, 2 constant 0.3, the rest random tanh of rank ≤ 3 inputs. */
function tanhLayer(rng: Rng): Matrix {
  const rows = 256, cols = 8;
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const z = [rng.normal(), rng.normal(), rng.normal()];
    for (let j = 0; j < cols; j++) {
      data[i * cols + j] = j === 0 ? 0.999 : j === 1 ? -0.995 : j === 2 ? 0.3 : Math.tanh(z[j % 3]! * (j / 4));
    }
  }
  return { data, rows, cols };
}

test('tanh layer report: saturated sides, constant, rank, density, hidden bias; JSON-friendly', () => {
  const rng = new Rng(10);
  const m = tanhLayer(rng);
  const head = matrixFromRows([
    [1, 1, 1, 1, 1, 1, 1, 1],
    [2, -1, 0, 0, 0, 0, 0, 0],
  ]);
  const r = layerReport(m, { activation: 'tanh', density: { neurons: [0, 4] }, headWeight: head, includeNeuronStats: true });
  assert.equal(r.rows, 256);
  assert.equal(r.neurons, 8);
  assert.equal(r.dead, null);
  assert.deepEqual(r.saturated!.indices, [0, 1]);
  assert.deepEqual(r.saturated!.high, [0]);
  assert.deepEqual(r.saturated!.low, [1]);
  assert.deepEqual(r.saturated!.mixed, []);
  assert.deepEqual(r.saturated!.range, { low: -0.99, high: 0.99 });
  assert.equal(r.saturated!.fraction, 0.25);
  assert.deepEqual(r.inactive.indices, [0, 1]);
  assert.deepEqual(r.constant.indices, [0, 1, 2]);
  assert.equal(r.dormant.tau, 0.025);
  assert.deepEqual(r.dormantZero.indices, []);
  // Columns: three constants (one rank-1 direction) plus tanh of three latent inputs: rank ≤ 1 + 5.
  assert.ok(r.rank!.srank >= 3 && r.rank!.srank <= 6, `srank ${r.rank!.srank}`);
  assert.ok(r.rank!.entropyRank > 1 && r.rank!.entropyRank < 8);
  assert.equal(r.rank!.singularValues, undefined);
  // Hidden bias of the saturated pair: action 0 → 0.999 − 0.995, action 1 → 2·0.999 + 0.995.
  assert.ok(Math.abs(r.hiddenBias!.dead.mean[0]! - (Math.fround(0.999) + Math.fround(-0.995))) < 1e-9);
  assert.ok(Math.abs(r.hiddenBias!.dead.mean[1]! - (2 * Math.fround(0.999) - Math.fround(-0.995))) < 1e-9);
  assert.equal(r.hiddenBias!.live.count, 6);
  // The KDE grid covers the padded tanh range; the saturated neuron peaks near +1.
  const k = r.kde!;
  assert.ok(k.grid[0]! < -1 && k.grid[k.grid.length - 1]! > 1);
  const d0 = k.neurons[0]!.density;
  assert.ok(Math.abs(k.grid[d0.indexOf(Math.max(...d0))]! - 0.999) < 0.02);
  assert.equal(r.histogram!.edges[0], -1);
  assert.equal(r.neuronStats!.std.length, 8);
  // Round-trips through JSON unchanged: plain numbers and arrays only.
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test('ReLU layer report: dead columns, dormant τ and τ = 0, known rank, singular values on request', () => {
  const rng = new Rng(12);
  const rows = 128, cols = 10;
  const data = new Float32Array(rows * cols);
  // Columns 3 and 7 dead; column 5 tiny (dormant, not dead); others ReLU of 2 latent factors (rank ≤ 2 pattern).
  for (let i = 0; i < rows; i++) {
    const a = Math.abs(rng.normal()) + 0.1, b = Math.abs(rng.normal()) + 0.1;
    for (let j = 0; j < cols; j++) {
      data[i * cols + j] = j === 3 || j === 7 ? 0 : j === 5 ? 0.001 * a : j % 2 === 0 ? a * (j + 1) : b * j;
    }
  }
  const r = layerReport({ data, rows, cols }, { activation: 'relu', includeSingularValues: true });
  assert.deepEqual(r.dead!.indices, [3, 7]);
  assert.equal(r.dead!.threshold, 0);
  assert.equal(r.saturated, null);
  assert.deepEqual(r.inactive.indices, [3, 7]);
  assert.deepEqual(r.dormant.indices, [3, 5, 7]);
  assert.deepEqual(r.dormantZero.indices, [3, 7]);
  assert.equal(r.rank!.srank, 2);
  assert.equal(r.rank!.singularValues!.length, 10);
  // Options change thresholds.
  const r2 = layerReport({ data, rows, cols }, { activation: 'relu', dormantTau: 0, deadThreshold: 0.5, rank: false });
  assert.deepEqual(r2.dormant.indices, [3, 7]);
  assert.deepEqual(r2.dead!.indices, [3, 5, 7]);
  assert.equal(r2.rank, null);
});

test('activation "other": no dead/saturation tests unless thresholds are given', () => {
  const m = matrixFromRows([[0, 1], [0, 2]]);
  const r = layerReport(m, { activation: 'other' });
  assert.equal(r.dead, null);
  assert.equal(r.saturated, null);
  assert.equal(r.inactive.count, 0);
  const r2 = layerReport(m, { activation: 'other', deadThreshold: 0, saturation: { low: -5, high: 1.5 } });
  assert.deepEqual(r2.dead!.indices, [0]);
  assert.deepEqual(r2.saturated!.indices, []);
});

test('HR layer: product and both branches; a product is constant only if both tanh factors saturate', () => {
  const rng = new Rng(14);
  const rows = 200, cols = 4;
  const b1 = new Float32Array(rows * cols), b2 = new Float32Array(rows * cols), p = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      // Branch 1 saturates neurons 0 and 1; branch 2 saturates neuron 1 only.
      const x1 = j <= 1 ? 1 : Math.tanh(rng.normal());
      const x2 = j === 1 ? -1 : Math.tanh(rng.normal());
      b1[i * cols + j] = x1; b2[i * cols + j] = x2; p[i * cols + j] = x1 * x2;
    }
  }
  const head = matrixFromRows([[1, 1, 1, 1]]);
  const r = hrLayerReport(
    { product: { data: p, rows, cols }, branch1: { data: b1, rows, cols }, branch2: { data: b2, rows, cols } },
    { activation: 'tanh', headWeight: head },
  );
  assert.deepEqual(r.branch1.saturated!.indices, [0, 1]);
  assert.deepEqual(r.branch2.saturated!.indices, [1]);
  assert.deepEqual(r.product.saturated!.indices, [1]);
  assert.deepEqual(r.product.saturated!.low, [1]);
  assert.ok(r.product.hiddenBias);
  assert.equal(r.branch1.hiddenBias, undefined);
  assert.throws(
    () => hrLayerReport({ product: { data: p, rows, cols }, branch1: matrixFromRows([[1]]), branch2: { data: b2, rows, cols } }, { activation: 'tanh' }),
    /branch/,
  );
});

test('activation names map to kinds; an empty probe batch is an error', () => {
  assert.equal(activationKindOf('ReLU'), 'relu');
  assert.equal(activationKindOf('leaky-relu'), 'relu');
  assert.equal(activationKindOf('GELU'), 'relu');
  assert.equal(activationKindOf('Tanh'), 'tanh');
  assert.equal(activationKindOf('sigmoid'), 'sigmoid');
  assert.equal(activationKindOf('identity'), 'other');
  assert.throws(() => layerReport({ data: new Float32Array(0), rows: 0, cols: 4 }, { activation: 'relu' }), /no probe states/);
});
