/**
 * The paper's Fig. 2: regress y = 10 sin(7x) + 15 sin(10x) + 5 cos(5x) with one-hidden-layer networks:
 * ReLU and Tanh of width 200 (601 parameters) and Tanh-HR of width 100 (two parallel input layers, 501 parameters).
 * Same data, optimizer and step budget for every net and seed.
 */
import { MLP } from '../nn/index.js';
import { Adam } from '../optim/index.js';
import { mseLoss, noGrad, tensor, type Tensor } from '../tensor/index.js';
import { Rng } from '../util/rng.js';

export function sineTarget(x: number): number {
  return 10 * Math.sin(7 * x) + 15 * Math.sin(10 * x) + 5 * Math.cos(5 * x);
}

export interface FitSineConfig {
  seeds: number;
  steps: number;
  lr: number;
  /** Training inputs: uniform random in xRange (seeded by the data seed). */
  trainPoints: number;
  /** Test inputs: evenly spaced over xRange. */
  testPoints: number;
  xRange: readonly [number, number];
  /** Record the training loss every this many steps. */
  logEvery: number;
  /** Seed of the training inputs (the same for every net and seed). */
  dataSeed: number;
}

export const DEFAULT_FIT_SINE: FitSineConfig = {
  seeds: 3,
  steps: 1500,
  lr: 3e-3,
  trainPoints: 256,
  testPoints: 1000,
  xRange: [-1, 1],
  logEvery: 20,
  dataSeed: 2024,
};

export interface NetSpec {
  name: string;
  activation: 'relu' | 'tanh';
  width: number;
  hadamard: boolean;
}

/** The three networks of Fig. 2. */
export const FIG2_NETS: readonly NetSpec[] = [
  { name: 'ReLU', activation: 'relu', width: 200, hadamard: false },
  { name: 'Tanh', activation: 'tanh', width: 200, hadamard: false },
  { name: 'Tanh-HR', activation: 'tanh', width: 100, hadamard: true },
];

export interface NetResult {
  name: string;
  params: number;
  trainMse: number[];
  testMse: number[];
  /** Training loss curves per seed, sampled every logEvery steps (step indices in `curveSteps`). */
  curves: number[][];
  /** Test-set predictions of the first seed. */
  prediction: number[];
}

export interface FitSineResult {
  config: FitSineConfig;
  testX: number[];
  testY: number[];
  curveSteps: number[];
  nets: NetResult[];
  seconds: number;
}

export function buildNet(spec: NetSpec, seed: number): MLP {
  return new MLP(1, [spec.width], 1, { activation: spec.activation, hadamard: spec.hadamard ? 'last' : 'none', rng: new Rng(seed) });
}

function column(xs: readonly number[]): Tensor {
  return tensor(xs, [xs.length, 1]);
}

export function fitSine(config: FitSineConfig = DEFAULT_FIT_SINE, onStep?: (done: number, total: number) => void): FitSineResult {
  const t0 = Date.now();
  const [lo, hi] = config.xRange;
  const dataRng = new Rng(config.dataSeed);
  const trainX = Array.from({ length: config.trainPoints }, () => dataRng.uniformRange(lo, hi));
  const testX = Array.from({ length: config.testPoints }, (_, i) => lo + ((hi - lo) * i) / Math.max(1, config.testPoints - 1));
  const xTrain = column(trainX), yTrain = column(trainX.map(sineTarget));
  const xTest = column(testX), yTest = column(testX.map(sineTarget));
  const curveSteps: number[] = [];
  for (let s = 0; s < config.steps; s += config.logEvery) curveSteps.push(s);
  const total = FIG2_NETS.length * config.seeds * config.steps;
  let done = 0;
  const nets = FIG2_NETS.map((spec): NetResult => {
    const res: NetResult = { name: spec.name, params: 0, trainMse: [], testMse: [], curves: [], prediction: [] };
    for (let seed = 0; seed < config.seeds; seed++) {
      const net = buildNet(spec, seed);
      res.params = net.numParameters();
      const opt = new Adam(net.parameters(), { lr: config.lr });
      const curve: number[] = [];
      for (let step = 0; step < config.steps; step++) {
        opt.zeroGrad();
        const loss = mseLoss(net.forward(xTrain), yTrain);
        if (step % config.logEvery === 0) curve.push(loss.item());
        loss.backward();
        opt.step();
        onStep?.(++done, total);
      }
      noGrad(() => {
        res.trainMse.push(mseLoss(net.forward(xTrain), yTrain).item());
        const pred = net.forward(xTest);
        res.testMse.push(mseLoss(pred, yTest).item());
        if (seed === 0) res.prediction = pred.toArray();
      });
      res.curves.push(curve);
    }
    return res;
  });
  return { config, testX, testY: testX.map(sineTarget), curveSteps, nets, seconds: (Date.now() - t0) / 1000 };
}
