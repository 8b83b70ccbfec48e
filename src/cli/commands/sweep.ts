/** `hrl sweep FILE --out DIR`: expand a sweep file into runs and run them locally (`--jobs`) or through Redis. */
import { cpus } from 'node:os';
import { expandSweep, readSweepFile, runAction, runDirOf, runLocal, writeSweepFiles } from '../../experiments/sweep/index.js';
import { validateRunConfig } from '../../experiments/sweep/validate.js';
import { numberFlag, parse, UsageError } from '../args.js';

const USAGE = `usage: hrl sweep FILE.json|.yaml --out DIR [--jobs N] [--redis URL] [--dry-run]

Runs the grid of a sweep file {"base": {config keys}, "axes": {"key": [values], ...}}: one run per combination of
axis values, named after them (e.g. dqn__minatar-breakout__tanh__hr-last__seed1), in DIR/NAME (docs/run-format.md),
with DIR/sweep.json listing every run. Re-running the same command skips finished runs and resumes interrupted ones
from their checkpoints.
  --out DIR      sweep folder (required)
  --jobs N       parallel local runs (default: one per CPU core, ${cpus().length} here)
  --redis URL    enqueue the runs on a BullMQ queue in Redis instead and wait for 'hrl worker' processes to do them
                 (DIR must be the folder the workers share; see docs/distributed.md)
  --queue NAME   queue name with --redis (default hrl-sweep)
  --dry-run      list the runs and what would happen to each, then exit`;

export async function sweepCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    out: { type: 'string' }, jobs: { type: 'string' }, redis: { type: 'string' }, queue: { type: 'string' },
    'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (values['help']) { console.log(USAGE); return; }
  if (positionals.length !== 1) throw new UsageError(`expected one sweep file\n\n${USAGE}`);
  const out = values['out'];
  if (typeof out !== 'string') throw new UsageError(`--out DIR is required\n\n${USAGE}`);
  const jobs = numberFlag(values, 'jobs', cpus().length, { min: 1, integer: true });
  const spec = readSweepFile(positionals[0]!);
  const runs = expandSweep(spec, validateRunConfig);
  if (values['dry-run']) {
    for (const r of runs) console.log(`${runAction(runDirOf(out, r.name)).padEnd(6)} ${r.name}`);
    console.log(`${runs.length} runs`);
    return;
  }
  writeSweepFiles(out, spec, runs);
  if (typeof values['redis'] === 'string') {
    const { runDistributedSweep } = await import('../../experiments/sweep/distributed.js');
    const r = await runDistributedSweep(out, runs, { redis: values['redis'], queue: typeof values['queue'] === 'string' ? values['queue'] : undefined });
    const summary = `${r.done.length} finished now, ${r.skipped.length} already finished, ${r.failed.length} failed (of ${runs.length})${r.requeued.length > 0 ? `; ${r.requeued.length} enqueued again after the queue lost them` : ''}`;
    if (r.failed.length > 0) throw new Error(`${summary}; failed runs:\n${r.failed.map((f) => `  ${f.name}: ${f.reason}`).join('\n')}`);
    console.log(`sweep done: ${runs.length} runs in ${out}: ${summary}`);
    return;
  }
  const r = await runLocal(out, runs, { jobs });
  const count = (k: string): number => r.outcomes.filter((o) => o.result === k).length;
  const summary = `${count('ok')} finished now, ${count('skipped')} already finished, ${r.failed.length} failed${r.stopped ? `, ${count('stopped')} stopped` : ''} (of ${runs.length})`;
  if (r.failed.length > 0) {
    throw new Error(`${summary}; failed runs:\n${r.failed.map((f) => `  ${f.name} (exit ${f.code}): ${f.cause}; see ${runDirOf(out, f.name)}/log.txt`).join('\n')}`);
  }
  console.log(`sweep ${r.stopped ? 'stopped' : 'done'}: ${summary}`);
  if (r.stopped) process.exitCode = 130;
}
