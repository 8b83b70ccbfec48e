/** `hrl export-csv RUN_DIR [--out FILE]`: metrics.jsonl as a CSV table (a finished run already has metrics.csv). */
import { RunDir } from '../../training/run-dir.js';
import { parse, UsageError } from '../args.js';

const USAGE = `usage: hrl export-csv RUN_DIR [--out FILE] [--kind episode|train|eval|diagnostics]

Writes the scalar rows of RUN_DIR/metrics.jsonl as a table (default RUN_DIR/metrics.csv, which a run also writes when
it finishes): for a run in progress or interrupted, or one kind of row.`;

export async function exportCsvCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, kind: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values['help']) { console.log(USAGE); return; }
  const dir = positionals[0];
  if (!dir) throw new UsageError(`expected a run directory\n\n${USAGE}`);
  const run = new RunDir(dir);
  const out = typeof values['out'] === 'string' ? values['out'] : run.metricsCsvPath;
  const rows = run.writeMetricsCsv(out, typeof values['kind'] === 'string' ? values['kind'] : undefined);
  console.log(`wrote ${rows} rows to ${out}`);
}
