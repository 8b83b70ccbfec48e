/**
 * Initialisation statistics against torch.nn.init (1.13). RNGs differ, so these compare properties, not numbers:
 * - orthogonal_: the rows (wide) or columns (tall) of the [rows, Π rest] view are orthonormal times gain
 *   (max |QQᵀ − gain²I| / gain² within 10× PyTorch's float32 error, at most 1e-5; all singular values = gain), and over
 *   200 seeds the entries have PyTorch's mean (≈ 0), std (1/√max(rows, cols)), mean |entry| (Haar: a check that the
 *   distribution, not just orthogonality, matches) and a diagonal mean ≈ 0 (no sign bias), within 4 standard errors.
 * - default Linear/Conv2d init: weights and biases in U(±1/√fan_in): max |w| ≤ bound and close to it, std ≈ bound/√3.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros } from '../../src/tensor/index.js';
import { Conv2d, Linear, init } from '../../src/nn/index.js';
import { singularValues } from '../../src/linalg/index.js';
import { Rng } from '../../src/util/rng.js';
import { loadFixture } from './fixture.js';

interface OrthoStats {
  shape: number[]; gain: number; seeds: number; rows: number; cols: number;
  maxRelGramError: number; minSingularValueOverGain: number; maxSingularValueOverGain: number;
  entryMeanOverGain: number; entryStdOverGain: number; entryAbsMeanOverGain: number; diagMeanOverGain: number;
  entryCount: number; theoryStdOverGain: number;
}
interface DefaultInitStats {
  layer: 'Linear' | 'Conv2d'; weightShape: number[]; fanIn: number; bound: number;
  weightMaxAbs: number; weightStd: number; weightMean: number; biasMaxAbs: number;
}

const fx = loadFixture<{ orthogonal: OrthoStats[]; defaultInit: DefaultInitStats[] }>('init.json');

function moments(xs: ArrayLike<number>): { mean: number; std: number; absMean: number } {
  let s = 0, s2 = 0, sa = 0;
  for (let i = 0; i < xs.length; i++) { const v = xs[i]!; s += v; s2 += v * v; sa += Math.abs(v); }
  const mean = s / xs.length;
  return { mean, std: Math.sqrt((s2 - xs.length * mean * mean) / (xs.length - 1)), absMean: sa / xs.length };
}

describe('PyTorch init statistics: orthogonal_', () => {
  for (const f of fx.orthogonal) {
    test(`orthogonal_ ${JSON.stringify(f.shape)} gain ${f.gain.toFixed(4)}`, () => {
      const { rows, cols, gain } = f;
      const wide = rows <= cols;
      const k = wide ? rows : cols; // Gram size
      const entries = new Float64Array(f.seeds * rows * cols);
      const diag: number[] = [];
      let maxGramErr = 0, svMin = Infinity, svMax = 0;
      for (let s = 0; s < f.seeds; s++) {
        const t = init.orthogonal_(zeros(f.shape), new Rng(1000 + s), gain);
        const q = t.data;
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < k; j++) {
            let dot = 0;
            if (wide) for (let c = 0; c < cols; c++) dot += q[i * cols + c]! * q[j * cols + c]!;
            else for (let r = 0; r < rows; r++) dot += q[r * cols + i]! * q[r * cols + j]!;
            maxGramErr = Math.max(maxGramErr, Math.abs(dot - (i === j ? gain * gain : 0)) / (gain * gain));
          }
        }
        const sv = singularValues({ data: Float64Array.from(q), rows, cols });
        svMin = Math.min(svMin, sv[sv.length - 1]! / gain);
        svMax = Math.max(svMax, sv[0]! / gain);
        for (let i = 0; i < q.length; i++) entries[s * q.length + i] = q[i]! / gain;
        for (let i = 0; i < Math.min(rows, cols); i++) diag.push(q[i * cols + i]! / gain);
      }
      assert.ok(maxGramErr <= Math.min(1e-5, 10 * f.maxRelGramError), `max |QQᵀ − gain²I|/gain² = ${maxGramErr} (PyTorch ${f.maxRelGramError})`);
      assert.ok(Math.abs(svMin - 1) < 1e-5 && Math.abs(svMax - 1) < 1e-5, `singular values / gain in [${svMin}, ${svMax}]`);

      const m = moments(entries);
      const se = f.theoryStdOverGain / Math.sqrt(f.entryCount);
      // both means are estimates: compare each to 0 and to each other within 4 standard errors
      assert.ok(Math.abs(m.mean) < 4 * se, `entry mean ${m.mean} (4 SE = ${4 * se})`);
      assert.ok(Math.abs(m.mean - f.entryMeanOverGain) < 4 * Math.SQRT2 * se, `entry mean ${m.mean} vs PyTorch ${f.entryMeanOverGain}`);
      // Σ entries² is fixed by orthonormality, so the std matches to far better than sampling error
      assert.ok(Math.abs(m.std / f.entryStdOverGain - 1) < 2e-3, `entry std ${m.std} vs PyTorch ${f.entryStdOverGain}`);
      // |entry| has std ≈ 0.6·σ for these near-Gaussian entries
      const seAbs = Math.SQRT2 * 0.61 * f.theoryStdOverGain / Math.sqrt(f.entryCount);
      assert.ok(Math.abs(m.absMean - f.entryAbsMeanOverGain) < 4 * seAbs, `mean |entry| ${m.absMean} vs PyTorch ${f.entryAbsMeanOverGain} (4 SE = ${4 * seAbs})`);
      const seDiag = f.theoryStdOverGain / Math.sqrt(diag.length);
      const d = moments(diag).mean;
      assert.ok(Math.abs(d) < 4 * seDiag && Math.abs(f.diagMeanOverGain) < 4 * seDiag, `diagonal mean ${d}, PyTorch ${f.diagMeanOverGain} (4 SE = ${4 * seDiag})`);
    });
  }
});

describe('PyTorch init statistics: default Linear/Conv2d init', () => {
  for (const f of fx.defaultInit) {
    test(`${f.layer} ${JSON.stringify(f.weightShape)}: U(±1/√fan_in)`, () => {
      const rng = new Rng(7);
      const [o, i] = f.weightShape as [number, number];
      const layer = f.layer === 'Linear' ? new Linear(i, o, { rng }) : new Conv2d(i, o, f.weightShape[2]!, { rng });
      const w = layer.weight.data, bias = layer.bias!.data;
      const bound = Math.fround(f.bound) * (1 + 1e-7);
      const mw = moments(w);
      const maxW = w.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
      const maxB = bias.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
      assert.ok(maxW <= bound, `max |w| ${maxW} > bound ${f.bound}`);
      assert.ok(maxB <= bound, `max |b| ${maxB} > bound ${f.bound}`);
      // the max of n uniform draws is within bound·(1 − ~5/n) (PyTorch: ${f.weightMaxAbs})
      assert.ok(maxW >= f.bound * (1 - 10 / w.length), `max |w| ${maxW} far below the bound ${f.bound} (PyTorch ${f.weightMaxAbs})`);
      const sdSe = f.bound / Math.sqrt(3) * Math.sqrt(0.8 / w.length); // SE of a uniform sample std
      assert.ok(Math.abs(mw.std - f.weightStd) < 4 * Math.SQRT2 * sdSe, `weight std ${mw.std} vs PyTorch ${f.weightStd}`);
      assert.ok(Math.abs(mw.std - f.bound / Math.sqrt(3)) < 4 * sdSe, `weight std ${mw.std} vs bound/√3 ${f.bound / Math.sqrt(3)}`);
      assert.ok(Math.abs(mw.mean) < 4 * (f.bound / Math.sqrt(3)) / Math.sqrt(w.length), `weight mean ${mw.mean}`);
    });
  }
});
