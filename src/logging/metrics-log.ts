/**
 * The run's metrics: metrics.jsonl (one JSON object per line, appended and flushed at each write) mirrored as
 * TensorBoard scalars in tb/. On resume the log is cut back to the checkpoint's step (an atomic rewrite), and the
 * TensorBoard files are rebuilt from it, so neither ever holds duplicate or orphaned rows.
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { naming } from '../util/fs-errors.js';
import { TensorBoardWriter } from './tensorboard.js';

export type MetricRow = { step: number; kind: string } & Record<string, unknown>;

/** Reads metrics.jsonl, ignoring a torn final line (a crash mid-write). */
export function readMetrics(path: string): MetricRow[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const rows: MetricRow[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line) as MetricRow);
    } catch (e) {
      if (i < lines.length - 1 && lines.slice(i + 1).some((l) => l.trim() !== '')) throw new Error(`${path}: line ${i + 1} is not JSON (${(e as Error).message})`);
    }
  });
  return rows;
}

/** The scalars of a row as flat TensorBoard tags: kind/name (nested numbers become kind/a/b). */
export function flattenScalars(row: MetricRow): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (prefix: string, v: unknown, depth: number): void => {
    if (typeof v === 'number' && Number.isFinite(v)) out[prefix] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v) && depth < 3) for (const [k, x] of Object.entries(v)) walk(`${prefix}/${k}`, x, depth + 1);
  };
  for (const [k, v] of Object.entries(row)) if (k !== 'step' && k !== 'kind') walk(`${row.kind}/${k}`, v, 0);
  return out;
}

export class MetricsLog {
  readonly jsonlPath: string;
  private tb: TensorBoardWriter;

  /** Opens the run's log; with `resumeStep`, drops rows after that step and rebuilds TensorBoard files. */
  constructor(readonly runDir: string, resumeStep: number | null = null) {
    this.jsonlPath = join(runDir, 'metrics.jsonl');
    const tbDir = join(runDir, 'tb');
    if (resumeStep === null) {
      writeFileAtomic(this.jsonlPath, '');
      rmSync(tbDir, { recursive: true, force: true });
      this.tb = new TensorBoardWriter(tbDir);
      return;
    }
    const kept = readMetrics(this.jsonlPath).filter((r) => r.step <= resumeStep);
    writeFileAtomic(this.jsonlPath, kept.map((r) => JSON.stringify(r) + '\n').join(''));
    rmSync(tbDir, { recursive: true, force: true });
    this.tb = new TensorBoardWriter(tbDir);
    for (const r of kept) this.tb.add(r.step, flattenScalars(r));
  }

  write(row: MetricRow): void {
    naming('append to', this.jsonlPath, () => appendFileSync(this.jsonlPath, JSON.stringify(row) + '\n'));
    this.tb.add(row.step, flattenScalars(row));
  }
}

/** metrics.jsonl → CSV of the scalar columns (one row per JSON row; nested objects flattened with '/'). */
export function metricsToCsv(rows: readonly MetricRow[]): string {
  const flat = rows.map((r) => ({ step: r.step, kind: r.kind, ...flattenScalars(r) }));
  const cols = ['step', 'kind', ...new Set(flat.flatMap((r) => Object.keys(r).filter((k) => k !== 'step' && k !== 'kind')))];
  const cell = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  return [cols.join(','), ...flat.map((r) => cols.map((c) => cell((r as Record<string, unknown>)[c])).join(','))].join('\n') + '\n';
}
