/** `hrl report DIR`: the sweep's statistics and figures as a self-contained HTML file plus SVG figures. */
import { join } from 'node:path';
import { aggregateSweep, excludedTable, formatTable, loadSweep } from '../../experiments/aggregate/index.js';
import { findChromium, writeSweepReport } from '../../experiments/report/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { parse, UsageError } from '../args.js';
import { AGGREGATE_FLAGS, AGGREGATE_HELP, aggregateOptions } from './aggregate.js';

const USAGE = `usage: hrl report DIR [--out FOLDER] [--sine FILE|run|none] [aggregate options]

Writes FOLDER/index.html (default DIR/report): one self-contained file (inline SVG, no scripts or external files)
with the aggregate bar chart, performance profiles, probability of improvement, learning curves with CI bands,
dead / saturated fractions and effective ranks over training, the hidden-bias plot, the per-neuron KDE panel of a
tanh and a tanh-HR run, the sine-fit figure, and the tables of 'hrl aggregate'. Every figure is also written to
FOLDER/figures/*.svg, and the statistics to DIR/aggregate.json.
  --out FOLDER         report folder (default DIR/report)
  --png                also write every figure as PNG (rendered with headless chromium, which must be installed)
  --sine FILE|run|none Fig. 2 data: an 'hrl fit-sine' results.json (default out/fit-sine/results.json when present,
                       otherwise 'run': the protocol of 'hrl fit-sine',
                       computed here in a few seconds)
${AGGREGATE_HELP}`;

export async function reportCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { ...AGGREGATE_FLAGS, out: { type: 'string' }, sine: { type: 'string' }, png: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values['help']) { console.log(USAGE); return; }
  if (positionals.length !== 1) throw new UsageError(`expected one sweep folder\n\n${USAGE}`);
  const dir = positionals[0]!;
  const browser = values['png'] ? findChromium() : null;
  if (values['png'] && !browser) throw new UsageError('--png needs chromium (apt-get install chromium, or set CHROMIUM=/path/to/browser)');
  const sweep = loadSweep(dir);
  if (sweep.runs.length === 0) throw new Error(`${dir} holds no runs (no sweep.json runs or sub-folders with config.json and metrics.jsonl)`);
  const agg = aggregateSweep(sweep, aggregateOptions(values));
  writeFileAtomic(join(dir, 'aggregate.json'), JSON.stringify(agg) + '\n');
  const r = writeSweepReport(sweep, agg, {
    ...(typeof values['out'] === 'string' ? { outDir: values['out'] } : {}),
    ...(typeof values['sine'] === 'string' ? { sine: values['sine'] } : {}),
    ...(browser ? { pngBrowser: browser } : {}),
    footer: `hrl report ${argv.join(' ')} — ${agg.createdAt}`,
  });
  const left = excludedTable(agg);
  if (left) console.log(formatTable(left).join('\n'));
  console.log(`report: ${r.htmlPath} (${r.figures.length} figures${browser ? ' as SVG and PNG' : ''} in ${join(r.htmlPath, '..', 'figures')})`);
  if (r.missing.length > 0) console.log(`no data for: ${r.missing.join(', ')}`);
}
