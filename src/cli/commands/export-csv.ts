/** `hrl export-csv RUN_DIR [--out FILE]`: metrics.jsonl as a CSV table. */
import { join } from 'node:path';
import { metricsToCsv, readMetrics } from '../../logging/metrics-log.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { parse, UsageError } from '../args.js';

const USAGE = 'usage: hrl export-csv RUN_DIR [--out FILE] [--kind episode|train|eval|diagnostics]';

export async function exportCsvCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, kind: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values['help']) { console.log(USAGE); return; }
  const dir = positionals[0];
  if (!dir) throw new UsageError(`expected a run directory\n\n${USAGE}`);
  let rows = readMetrics(join(dir, 'metrics.jsonl'));
  if (rows.length === 0) throw new Error(`${join(dir, 'metrics.jsonl')} is missing or empty`);
  if (typeof values['kind'] === 'string') rows = rows.filter((r) => r.kind === values['kind']);
  const out = typeof values['out'] === 'string' ? values['out'] : join(dir, 'metrics.csv');
  writeFileAtomic(out, metricsToCsv(rows));
  console.log(`wrote ${rows.length} rows to ${out}`);
}
