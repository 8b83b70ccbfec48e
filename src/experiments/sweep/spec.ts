/**
 * Sweep files: `{"base": {config keys}, "axes": {"key": [values], …}}` (JSON or YAML). The grid is the Cartesian
 * product of the axes, in file order; each point is one run with a stable, file-system-safe name built from its axis
 * values, e.g. `dqn__minatar-breakout__tanh__hr-last__seed1`. An axis value may also be an object of several config
 * keys (e.g. `{"name": "tanh-hr", "activation": "tanh", "hadamard": "last"}`), for variants that change keys together.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export type ConfigScalar = string | number | boolean;
export type AxisValue = ConfigScalar | { readonly name?: string; readonly [key: string]: ConfigScalar | undefined };

export interface SweepSpec {
  base: Record<string, ConfigScalar>;
  axes: Record<string, readonly AxisValue[]>;
}

export interface SweepRun {
  /** Stable run name (also the run directory name and the distributed job id). */
  name: string;
  /** The axis labels of this run (object values by their name), in axis order: the grouping keys. */
  labels: Record<string, string>;
  /** base + this run's axis values: the run's sweep-config.json. */
  config: Record<string, ConfigScalar>;
}

export class SweepError extends Error {}

const isScalar = (v: unknown): v is ConfigScalar => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

function checkConfigObject(obj: unknown, where: string): Record<string, ConfigScalar> {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new SweepError(`${where}: expected an object of config keys`);
  for (const [k, v] of Object.entries(obj)) {
    if (Array.isArray(v)) throw new SweepError(`${where}: key '${k}' is a list (${JSON.stringify(v)}); a config key takes one value here — list values under "axes" to sweep over them`);
    if (!isScalar(v)) throw new SweepError(`${where}: key '${k}' must be a string, number or boolean, got ${JSON.stringify(v)}`);
  }
  return { ...(obj as Record<string, ConfigScalar>) };
}

/** Validates the shape of a parsed sweep file (config keys themselves are checked by `expandSweep`'s validator). */
export function parseSweepSpec(obj: unknown, source = 'sweep file'): SweepSpec {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new SweepError(`${source}: expected an object with "base" and "axes"`);
  const o = obj as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'base' && k !== 'axes');
  if (unknown.length > 0) throw new SweepError(`${source}: unknown top-level key(s) ${unknown.join(', ')} (expected "base" and "axes")`);
  const base = checkConfigObject(o['base'] ?? {}, `${source}: base`);
  const rawAxes = o['axes'] ?? {};
  if (typeof rawAxes !== 'object' || rawAxes === null || Array.isArray(rawAxes)) throw new SweepError(`${source}: "axes" must map keys to lists of values`);
  const axes: Record<string, AxisValue[]> = {};
  for (const [key, list] of Object.entries(rawAxes)) {
    // A bare value is not taken for a one-value list: `seed: 3` where `seed: [1, 2, 3]` was meant would quietly run one seed.
    if (!Array.isArray(list)) throw new SweepError(`${source}: axis '${key}' must be a list of values, got ${JSON.stringify(list)} (write [${JSON.stringify(list)}] for one value, or move the key to "base")`);
    if (list.length === 0) throw new SweepError(`${source}: axis '${key}' has no values`);
    axes[key] = list.map((v: unknown, i) => {
      if (isScalar(v)) return v;
      const where = `${source}: axis '${key}' value ${i + 1}`;
      const keys = checkConfigObject(v, where);
      if (Object.keys(keys).filter((k) => k !== 'name').length === 0) throw new SweepError(`${where}: an object value needs at least one config key`);
      return keys;
    });
  }
  return { base, axes };
}

/** Reads a sweep file (.json, .yaml or .yml). */
export function readSweepFile(path: string): SweepSpec {
  if (!existsSync(path)) throw new SweepError(`sweep file ${path} does not exist`);
  const text = readFileSync(path, 'utf8');
  let obj: unknown;
  try {
    obj = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new SweepError(`sweep file ${path} could not be parsed: ${(e as Error).message}`);
  }
  return parseSweepSpec(obj, `sweep file ${path}`);
}

/** File-system-safe name part: letters, digits, '.', '-', '_' only; no leading dot. */
export function sanitizeName(s: string): string {
  const out = s.replace(/[\\/]+/g, '-').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+/g, '-').replace(/^[-.]+|-+$/g, '');
  return out === '' ? 'x' : out;
}

/** Keys whose values name themselves (`tanh`, `dqn`); other keys are prefixed (`seed1`, `width256`, `hr-last`). */
const BARE_KEYS = new Set(['algo', 'env', 'activation', 'encoder', 'optimizer', 'loss']);
const PREFIX: Readonly<Record<string, string>> = { hadamard: 'hr-', 'layer-norm': 'ln', 'match-params': 'mp' };

/** The label of one axis value (used in names, manifests and group keys). */
export function axisLabel(key: string, value: AxisValue): string {
  if (typeof value === 'object') {
    if (typeof value.name === 'string' && value.name !== '') return value.name;
    return Object.entries(value).filter(([k]) => k !== 'name').map(([k, v]) => `${k}=${String(v)}`).join(',');
  }
  if (BARE_KEYS.has(key)) return String(value);
  if (typeof value === 'boolean') return value ? (PREFIX[key] ?? key) : `no-${PREFIX[key] ?? key}`;
  return `${PREFIX[key] ?? (typeof value === 'number' ? key : `${key}-`)}${String(value)}`;
}

const MAX_NAME = 160;
const shortHash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 8);

/** Checks a run's config and returns it normalised (e.g. full key names), or throws an error naming the run and key. */
export type RunValidator = (config: Readonly<Record<string, ConfigScalar>>, name: string) => Record<string, ConfigScalar>;

/** Invalid runs listed in one error, at most this many (a bad base key makes every run invalid). */
const MAX_LISTED = 10;

/**
 * The grid: every combination of axis values, last axis varying fastest. `validate` checks and normalises every
 * run's config; the runs it rejects are listed in one SweepError. Names are unique: if sanitising or truncation makes
 * two collide, a short hash of the axis values is appended.
 */
export function expandSweep(spec: SweepSpec, validate?: RunValidator): SweepRun[] {
  const keys = Object.keys(spec.axes);
  const runs: SweepRun[] = [];
  const rec = (i: number, labels: Record<string, string>, config: Record<string, ConfigScalar>, values: AxisValue[]): void => {
    if (i === keys.length) {
      const parts = keys.map((k) => sanitizeName(labels[k]!));
      let name = parts.length > 0 ? parts.join('__') : 'run';
      const id = JSON.stringify(values);
      if (name.length > MAX_NAME) name = `${name.slice(0, MAX_NAME - 10)}__${shortHash(id)}`;
      runs.push({ name, labels: { ...labels }, config: { ...config } });
      return;
    }
    const key = keys[i]!;
    for (const v of spec.axes[key]!) {
      const add: Record<string, ConfigScalar> = {};
      if (typeof v === 'object') for (const [k, x] of Object.entries(v)) { if (k !== 'name' && x !== undefined) add[k] = x; }
      else add[key] = v;
      rec(i + 1, { ...labels, [key]: axisLabel(key, v) }, { ...config, ...add }, [...values, v]);
    }
  };
  rec(0, {}, { ...spec.base }, []);
  const seen = new Map<string, number>();
  for (const r of runs) seen.set(r.name, (seen.get(r.name) ?? 0) + 1);
  for (const r of runs) {
    if (seen.get(r.name)! > 1) r.name = `${r.name}__${shortHash(JSON.stringify(r.labels) + JSON.stringify(r.config))}`;
  }
  if (new Set(runs.map((r) => r.name)).size !== runs.length) throw new SweepError('sweep: two runs have identical axis values (duplicate values on an axis?)');
  if (validate) {
    const problems: string[] = [];
    for (const r of runs) {
      try { r.config = validate(r.config, r.name); } catch (e) { problems.push((e as Error).message); }
    }
    if (problems.length > 0) {
      const more = problems.length > MAX_LISTED ? [`… and ${problems.length - MAX_LISTED} more`] : [];
      throw new SweepError(`${problems.length} of ${runs.length} runs have an invalid config; nothing was started:\n${[...problems.slice(0, MAX_LISTED), ...more].map((p) => `  ${p}`).join('\n')}`);
    }
  }
  return runs;
}
