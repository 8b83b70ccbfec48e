/**
 * `hrl study`: the built-in study behind `npm start` — a sweep (studies/breakout-activations.yaml: PQN on MinAtar
 * Breakout, tanh vs tanh-HR vs ReLU, several seeds), then its aggregate statistics and the HTML report.
 * Re-running continues where it stopped (finished runs are skipped, interrupted ones resume from checkpoints).
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aggregateSweep, formatAggregate, loadSweep } from '../../experiments/aggregate/index.js';
import { inactiveNotes, writeSweepReport } from '../../experiments/report/index.js';
import { expandSweep, readSweepFile, runLocal, writeSweepFiles, type SweepSpec } from '../../experiments/sweep/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { numberFlag, parse } from '../args.js';
import { validateRunConfig } from '../../experiments/sweep/validate.js';

export const DEFAULT_STUDY = fileURLToPath(new URL('../../../../studies/breakout-activations.yaml', import.meta.url));

const USAGE = `usage: hrl study [--file FILE] [--out DIR] [--steps N] [--seeds N] [--jobs N]

Runs the built-in study (${DEFAULT_STUDY.split('/').slice(-2).join('/')}: PQN on MinAtar Breakout with tanh,
tanh-HR and ReLU representations, 3 seeds, about 15 minutes on 2 cores), then writes DIR/aggregate.json and the
report DIR/report/index.html. Re-running resumes an interrupted study.
  --file FILE   another sweep file instead of the built-in one
  --out DIR     study folder (default out/study)
  --steps N     environment steps per run (overrides the file)
  --seeds N     seeds 1..N (overrides the file)
  --jobs N      parallel runs (default: one per core, ${cpus().length} here)`;

export async function studyCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, { file: { type: 'string' }, out: { type: 'string' }, steps: { type: 'string' }, seeds: { type: 'string' }, jobs: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values['help']) { console.log(USAGE); return; }
  const file = typeof values['file'] === 'string' ? values['file'] : DEFAULT_STUDY;
  const out = typeof values['out'] === 'string' ? values['out'] : join('out', 'study');
  const spec: SweepSpec = readSweepFile(file);
  if (values['steps'] !== undefined) {
    const steps = numberFlag(values, 'steps', 0, { integer: true, min: 1 });
    spec.base = { ...spec.base, steps, 'diag-every': Math.max(1, Math.floor(steps / 4)) };
  }
  if (values['seeds'] !== undefined) spec.axes = { ...spec.axes, seed: Array.from({ length: numberFlag(values, 'seeds', 3, { integer: true, min: 1 }) }, (_, i) => i + 1) };
  const runs = expandSweep(spec, validateRunConfig);
  console.log(`study: ${runs.length} runs of ${String(spec.base['algo'])} on ${String(spec.base['env'])}, ${String(spec.base['steps'])} steps each → ${out}`);
  writeSweepFiles(out, spec, runs);
  const r = await runLocal(out, runs, { jobs: numberFlag(values, 'jobs', cpus().length, { integer: true, min: 1 }) });
  if (r.failed.length > 0) throw new Error(`${r.failed.length} runs failed:\n${r.failed.map((f) => `  ${f.name}: ${f.cause}; see ${join(out, f.name, 'log.txt')}`).join('\n')}`);
  if (r.stopped) { console.log(`stopped; run the same command again to continue`); process.exitCode = 130; return; }
  const sweep = loadSweep(out);
  const agg = aggregateSweep(sweep, {});
  writeFileAtomic(join(out, 'aggregate.json'), JSON.stringify(agg) + '\n');
  console.log(['', formatAggregate(agg), ...inactiveNotes(agg).map((n) => `note: ${n}`)].join('\n'));
  const rep = writeSweepReport(sweep, agg, { footer: `hrl study ${argv.join(' ')} — ${agg.createdAt}` });
  console.log(`\nreport: ${rep.htmlPath}`);
}
