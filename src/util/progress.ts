/**
 * A live progress line for long work: done/total, rate (per second) and ETA, plus free-form fields. On a terminal it
 * redraws one line; otherwise (logs, CI) it prints a line at most every `intervalMs`.
 */
export interface ProgressOptions {
  label: string;
  total: number;
  unit?: string;
  stream?: NodeJS.WriteStream;
  intervalMs?: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

/** A field's value: numbers to 4 significant digits; a missing one (NaN, e.g. the return before the first episode) as –. */
export function formatField(v: string | number): string {
  if (typeof v !== 'number') return v;
  return Number.isFinite(v) ? String(+v.toPrecision(4)) : '–';
}

export class Progress {
  private readonly start = Date.now();
  private lastPrint = 0;
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private startDone = 0;

  constructor(private readonly opts: ProgressOptions) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY);
  }

  /** Counts already done before this session (a resumed run) are excluded from the rate. */
  setStartDone(done: number): void {
    this.startDone = done;
  }

  line(done: number, fields: Record<string, string | number> = {}): string {
    const elapsed = (Date.now() - this.start) / 1000;
    const rate = elapsed > 0 ? (done - this.startDone) / elapsed : 0;
    const eta = rate > 0 ? (this.opts.total - done) / rate : Infinity;
    const pct = this.opts.total > 0 ? ((100 * done) / this.opts.total).toFixed(1) : '0.0';
    const extra = Object.entries(fields).map(([k, v]) => `${k} ${formatField(v)}`).join(' | ');
    const unit = this.opts.unit ?? 'steps';
    return `${this.opts.label} ${done}/${this.opts.total} ${unit} (${pct}%) | ${rate.toFixed(rate < 100 ? 1 : 0)} ${unit}/s | ETA ${formatDuration(eta)}${extra ? ` | ${extra}` : ''}`;
  }

  update(done: number, fields: Record<string, string | number> = {}, force = false): void {
    const now = Date.now();
    const interval = this.opts.intervalMs ?? (this.tty ? 200 : 10_000);
    if (!force && now - this.lastPrint < interval) return;
    this.lastPrint = now;
    const text = this.line(done, fields);
    // a redrawn line must not wrap: clearing it would then leave its first part on the screen
    if (this.tty) this.stream.write(`\r\x1b[2K${this.stream.columns ? text.slice(0, this.stream.columns - 1) : text}`);
    else this.stream.write(`${text}\n`);
  }

  done(done: number, fields: Record<string, string | number> = {}): void {
    this.update(done, fields, true);
    if (this.tty) this.stream.write('\n');
  }
}
