/**
 * Probability of improvement P(X > Y) (Agarwal et al. 2021): per task, the Mann–Whitney U statistic of
 * X's runs against Y's runs divided by n_x·n_y, i.e. the fraction of (x, y) run pairs with x > y, ties
 * counting 1/2; then averaged over tasks. The two algorithms may have different numbers of runs but must
 * share the task list. Its CI resamples X's and Y's runs independently, within each task (rliable's
 * StratifiedIndependentBootstrap).
 */
import { percentileInterval, resolveBootstrap, stratifiedResample, type BootstrapOptions, type Interval } from './bootstrap.js';
import { toScoreMatrix, type ScoreMatrix, type ScoreMatrixInput } from './matrix.js';

function pairTasks(x: ScoreMatrix, y: ScoreMatrix): void {
  if (x.tasks !== y.tasks) {
    throw new Error(`probabilityOfImprovement: X has ${x.tasks} tasks but Y has ${y.tasks}; both need the same tasks`);
  }
}

/** P(X_m > Y_m) for one task m: (#{x > y} + ½ #{x = y}) / (n_x n_y). */
function taskProbability(x: ScoreMatrix, y: ScoreMatrix, task: number): number {
  let wins = 0;
  for (let i = 0; i < x.runs; i++) {
    const xv = x.data[i * x.tasks + task]!;
    for (let j = 0; j < y.runs; j++) {
      const yv = y.data[j * y.tasks + task]!;
      if (xv > yv) wins += 1;
      else if (xv === yv) wins += 0.5;
    }
  }
  return wins / (x.runs * y.runs);
}

function poi(x: ScoreMatrix, y: ScoreMatrix): number {
  let s = 0;
  for (let t = 0; t < x.tasks; t++) s += taskProbability(x, y, t);
  return s / x.tasks;
}

/** Per-task probabilities of improvement P(X_m > Y_m). */
export function taskProbabilityOfImprovement(scoresX: ScoreMatrixInput, scoresY: ScoreMatrixInput): Float64Array {
  const x = toScoreMatrix(scoresX, 'scoresX');
  const y = toScoreMatrix(scoresY, 'scoresY');
  pairTasks(x, y);
  return Float64Array.from({ length: x.tasks }, (_, t) => taskProbability(x, y, t));
}

/** Average probability of improvement of X over Y, in [0, 1]; 0.5 means no difference. */
export function probabilityOfImprovement(scoresX: ScoreMatrixInput, scoresY: ScoreMatrixInput): number {
  const x = toScoreMatrix(scoresX, 'scoresX');
  const y = toScoreMatrix(scoresY, 'scoresY');
  pairTasks(x, y);
  return poi(x, y);
}

/** Probability of improvement with a stratified (independent-samples) bootstrap percentile CI. */
export function probabilityOfImprovementCI(
  scoresX: ScoreMatrixInput,
  scoresY: ScoreMatrixInput,
  opts: BootstrapOptions = {},
): Interval {
  const x = toScoreMatrix(scoresX, 'scoresX');
  const y = toScoreMatrix(scoresY, 'scoresY');
  pairTasks(x, y);
  const { reps, confidence, rng } = resolveBootstrap(opts);
  const bx: ScoreMatrix = { data: new Float64Array(x.data.length), runs: x.runs, tasks: x.tasks };
  const by: ScoreMatrix = { data: new Float64Array(y.data.length), runs: y.runs, tasks: y.tasks };
  const stats = new Float64Array(reps);
  for (let i = 0; i < reps; i++) {
    stratifiedResample(x, rng, bx.data);
    stratifiedResample(y, rng, by.data);
    stats[i] = poi(bx, by);
  }
  const [lower, upper] = percentileInterval(stats, confidence);
  return { point: poi(x, y), lower, upper };
}
