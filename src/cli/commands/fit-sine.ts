/** `hrl fit-sine`: the paper's Fig. 2 function-approximation experiment, with a table, plots and JSON results. */
import { join } from 'node:path';
import { DEFAULT_FIT_SINE, fitSine, type FitSineResult } from '../../experiments/fit-sine.js';
import { renderFitSineFigures } from '../../experiments/fit-sine-figures.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { Progress } from '../../util/progress.js';
import { numberFlag, parse } from '../args.js';

const USAGE = `usage: hrl fit-sine [--seeds N] [--steps N] [--lr X] [--train-points N] [--out DIR] [--json]

Fits y = 10 sin(7x) + 15 sin(10x) + 5 cos(5x) on x ∈ [-1, 1] with ReLU-200, Tanh-200 (601 parameters) and
Tanh-HR-100 (501 parameters), full-batch Adam, the same data and steps for every net.
  --seeds N          seeds per net (default ${DEFAULT_FIT_SINE.seeds})
  --steps N          Adam steps (default ${DEFAULT_FIT_SINE.steps})
  --lr X             learning rate (default ${DEFAULT_FIT_SINE.lr})
  --train-points N   training inputs, uniform in [-1, 1] (default ${DEFAULT_FIT_SINE.trainPoints})
  --out DIR          where plots and results.json go (default out/fit-sine)
  --json             print machine-readable results on stdout instead of the table`;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function summaryRows(r: FitSineResult): { net: string; params: number; trainMedian: number; trainMin: number; trainMax: number; testMedian: number; testMin: number; testMax: number }[] {
  return r.nets.map((n) => ({
    net: n.name, params: n.params,
    trainMedian: median(n.trainMse), trainMin: Math.min(...n.trainMse), trainMax: Math.max(...n.trainMse),
    testMedian: median(n.testMse), testMin: Math.min(...n.testMse), testMax: Math.max(...n.testMse),
  }));
}

export function formatTable(r: FitSineResult): string {
  const f = (v: number): string => (v < 0.01 ? v.toExponential(2) : v.toFixed(3));
  const rows = summaryRows(r).map((s) => [s.net, String(s.params), `${f(s.trainMedian)} [${f(s.trainMin)}, ${f(s.trainMax)}]`, `${f(s.testMedian)} [${f(s.testMin)}, ${f(s.testMax)}]`]);
  const header = ['net', 'params', 'train MSE median [min, max]', 'test MSE median [min, max]'];
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (c: string[]): string => c.map((v, i) => v.padEnd(w[i]!)).join('  ');
  return [line(header), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

export async function fitSineCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    seeds: { type: 'string' }, steps: { type: 'string' }, lr: { type: 'string' }, 'train-points': { type: 'string' },
    out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (values['help']) { console.log(USAGE); return; }
  const config = {
    ...DEFAULT_FIT_SINE,
    seeds: numberFlag(values, 'seeds', DEFAULT_FIT_SINE.seeds, { integer: true, min: 1 }),
    steps: numberFlag(values, 'steps', DEFAULT_FIT_SINE.steps, { integer: true, min: 1 }),
    lr: numberFlag(values, 'lr', DEFAULT_FIT_SINE.lr, { min: 0 }),
    trainPoints: numberFlag(values, 'train-points', DEFAULT_FIT_SINE.trainPoints, { integer: true, min: 1 }),
  };
  const outDir = String(values['out'] ?? join('out', 'fit-sine'));
  const progress = new Progress({ label: 'fit-sine', total: 3 * config.seeds * config.steps });
  const result = fitSine(config, (done) => progress.update(done));
  progress.done(3 * config.seeds * config.steps);
  const files = renderFitSineFigures(result, outDir);
  writeFileAtomic(join(outDir, 'results.json'), JSON.stringify(result, null, 1));
  if (values['json']) {
    console.log(JSON.stringify({ config: result.config, seconds: result.seconds, summary: summaryRows(result), files: [...files, join(outDir, 'results.json')] }, null, 2));
    return;
  }
  console.log(`\nFig. 2: fitting y = 10 sin(7x) + 15 sin(10x) + 5 cos(5x), ${config.seeds} seeds × ${config.steps} full-batch Adam steps (lr ${config.lr}), ${config.trainPoints} training points, ${config.testPoints} test points on [-1, 1]\n`);
  console.log(formatTable(result));
  console.log(`\n${result.seconds.toFixed(1)} s. Figures: ${files.join(', ')}; results: ${join(outDir, 'results.json')}`);
}
