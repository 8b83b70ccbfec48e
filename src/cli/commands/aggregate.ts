/** `hrl aggregate DIR`: statistics over a sweep's runs (tables on stdout, DIR/aggregate.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregateSweep, formatAggregate, loadSweep, parseScoreTable, type AggregateOptions, type AggregateResult } from '../../experiments/aggregate/index.js';
import { inactiveNotes } from '../../experiments/report/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { numberFlag, parse, UsageError } from '../args.js';

export const AGGREGATE_FLAGS = {
  'group-by': { type: 'string' }, metric: { type: 'string' }, reps: { type: 'string' }, confidence: { type: 'string' },
  seed: { type: 'string' }, 'include-unfinished': { type: 'boolean' }, scores: { type: 'string' },
} as const;

export const AGGREGATE_HELP = `  --group-by K1,K2     axis keys that form a group (default: every axis but seed and env; '' for one group)
  --metric final|auc   score for the across-environment statistics (default final: mean return of the episodes in
                       the last 10% of training; auc: average of the learning curve)
  --reps N             bootstrap replications (default 2000; rliable uses 50000)
  --confidence C       CI coverage (default 0.95)
  --seed N             bootstrap seed (default 0)
  --include-unfinished use runs that have not finished
  --scores FILE        normalisation table: JSON {"env": {"random": r, "reference": h}} or TSV/CSV game,random,human`;

const USAGE = `usage: hrl aggregate DIR [options] [--json]

Reads every run of a sweep folder (DIR/sweep.json, or sub-folders with config.json) and prints per group, per
environment and across environments: final and AUC returns (mean, median, IQM with stratified-bootstrap CIs),
normalised scores, optimality gap, probabilities of improvement, and the representation diagnostics; for Atari runs,
the median and IQM human-normalised score over the games (data/atari57-human-random.tsv). Writes
DIR/aggregate.json (also the learning curves, performance profiles and diagnostics curves).
${AGGREGATE_HELP}
  --json               print the JSON instead of tables`;

/** Options shared with `hrl report`. */
export function aggregateOptions(values: Record<string, string | boolean | undefined>): AggregateOptions {
  const opts: AggregateOptions = {
    reps: numberFlag(values, 'reps', 2000, { min: 1, integer: true }),
    confidence: numberFlag(values, 'confidence', 0.95, { min: 0.01, max: 0.999 }),
    seed: numberFlag(values, 'seed', 0, { min: 0, integer: true }),
    includeUnfinished: values['include-unfinished'] === true,
  };
  const g = values['group-by'];
  if (typeof g === 'string') opts.groupBy = g.split(',').map((s) => s.trim()).filter(Boolean);
  const m = values['metric'];
  if (m !== undefined && m !== 'final' && m !== 'auc') throw new UsageError(`--metric must be final or auc, got '${String(m)}'`);
  if (m) opts.metric = m;
  const s = values['scores'];
  if (typeof s === 'string') opts.scores = parseScoreTable(readFileSync(s, 'utf8'), /\.json$/i.test(s));
  return opts;
}

export function runAggregate(dir: string, opts: AggregateOptions): AggregateResult {
  const sweep = loadSweep(dir);
  if (sweep.runs.length === 0) throw new Error(`${dir} holds no runs (no sweep.json runs or sub-folders with config.json and metrics.jsonl)`);
  const result = aggregateSweep(sweep, opts);
  writeFileAtomic(join(dir, 'aggregate.json'), JSON.stringify(result) + '\n');
  return result;
}

export async function aggregateCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { ...AGGREGATE_FLAGS, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values['help']) { console.log(USAGE); return; }
  if (positionals.length !== 1) throw new UsageError(`expected one sweep folder\n\n${USAGE}`);
  const result = runAggregate(positionals[0]!, aggregateOptions(values));
  console.log(values['json'] ? JSON.stringify(result, null, 2) : [formatAggregate(result), ...inactiveNotes(result).map((n) => `note: ${n}`)].join('\n'));
}
