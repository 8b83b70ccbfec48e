/**
 * A small typed configuration schema: every key has a type, a default (possibly depending on other keys, e.g. the
 * environment family), optional bounds or choices, an optional short alias for the command line, and help text.
 * The same keys are used on the command line (`--key value`), in config files (JSON or YAML) and in the saved
 * effective config, so a run can always be reproduced from its `config.json`.
 */
import { editDistance } from '../util/edit-distance.js';

export type ConfigValue = number | string | boolean;

export interface KeySpec {
  type: 'number' | 'integer' | 'boolean' | 'string' | 'enum';
  help: string;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** A shorter command-line name (without dashes), e.g. 'hr' for 'hadamard'. */
  alias?: string;
  /** For enum keys that may be given as a bare flag (`--hadamard`): the value a bare flag means. */
  flagValue?: string;
  /** Boolean aliases accepted for enums in files: true → choices[trueIs], false → choices[falseIs]. */
  booleanMap?: { true: string; false: string };
}

export type Schema = Readonly<Record<string, KeySpec>>;

export class ConfigError extends Error {}

function describeSpec(key: string, s: KeySpec): string {
  switch (s.type) {
    case 'enum': return `one of: ${s.choices!.join(', ')}`;
    case 'boolean': return 'true or false';
    case 'integer': case 'number': {
      const kind = s.type === 'integer' ? 'an integer' : 'a number';
      const lo = s.min !== undefined ? ` ≥ ${s.min}` : '';
      const hi = s.max !== undefined ? ` ≤ ${s.max}` : '';
      return `${kind}${lo}${lo && hi ? ' and' : ''}${hi}`;
    }
    default: return `a string (${key})`;
  }
}

/** Coerces one raw value (from a file or the command line) to the key's type, or throws naming key and allowed values. */
export function coerce(schema: Schema, key: string, raw: unknown): ConfigValue {
  const s = schema[key];
  if (!s) throw new ConfigError(unknownKeyMessage(schema, key));
  const bad = (): ConfigError => new ConfigError(`config key '${key}': ${JSON.stringify(raw)} is not valid; expected ${describeSpec(key, s)}`);
  switch (s.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1' || raw === 'yes') return true;
      if (raw === 'false' || raw === '0' || raw === 'no') return false;
      throw bad();
    }
    case 'number': case 'integer': {
      const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(v)) throw bad();
      if (s.type === 'integer' && !Number.isInteger(v)) throw bad();
      if ((s.min !== undefined && v < s.min) || (s.max !== undefined && v > s.max)) throw bad();
      return v;
    }
    case 'enum': {
      if (typeof raw === 'boolean' && s.booleanMap) return raw ? s.booleanMap.true : s.booleanMap.false;
      if (typeof raw !== 'string' || !s.choices!.includes(raw)) throw bad();
      return raw;
    }
    case 'string': {
      if (typeof raw !== 'string' || raw === '') throw bad();
      return raw;
    }
  }
}

export function unknownKeyMessage(schema: Schema, key: string): string {
  const keys = Object.keys(schema);
  const close = keys.filter((k) => editDistance(k, key) <= 2).slice(0, 3);
  return `unknown config key '${key}'${close.length ? ` (did you mean ${close.map((c) => `'${c}'`).join(' or ')}?)` : ''}; valid keys: ${keys.join(', ')}`;
}

/** Resolves an alias or a key name to the key. */
export function keyFor(schema: Schema, name: string): string | null {
  if (schema[name]) return name;
  for (const [k, s] of Object.entries(schema)) if (s.alias === name) return k;
  return null;
}

/**
 * Parses `--key value`, `--key=value`, bare boolean flags (`--double-dqn`, `--no-double-dqn`) and bare enum flags
 * with a flagValue (`--hadamard` → 'last'), by key or alias. Returns raw values keyed by the full key name, plus
 * arguments that are not config keys (left to the command).
 */
export function parseConfigArgs(schema: Schema, argv: readonly string[], extra: ReadonlySet<string> = new Set()): { values: Record<string, ConfigValue>; rest: string[] } {
  const values: Record<string, ConfigValue> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) { rest.push(arg); continue; }
    let name = arg.slice(2);
    let inline: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) { inline = name.slice(eq + 1); name = name.slice(0, eq); }
    if (extra.has(name)) {
      rest.push(arg);
      if (inline === undefined && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) rest.push(argv[++i]!);
      continue;
    }
    let negated = false;
    let key = keyFor(schema, name);
    if (!key && name.startsWith('no-')) { key = keyFor(schema, name.slice(3)); negated = key !== null; }
    if (!key) throw new ConfigError(unknownKeyMessage(schema, name).replace(`config key '${name}'`, `option --${name}`));
    const s = schema[key]!;
    const next = argv[i + 1];
    const nextIsValue = next !== undefined && !next.startsWith('--');
    if (s.type === 'boolean') {
      if (inline !== undefined) values[key] = coerce(schema, key, inline);
      else if (nextIsValue && ['true', 'false', '1', '0', 'yes', 'no'].includes(next)) { values[key] = coerce(schema, key, next); i++; }
      else values[key] = !negated;
      continue;
    }
    if (negated && s.booleanMap) { values[key] = s.booleanMap.false; continue; }
    if (inline !== undefined) { values[key] = coerce(schema, key, inline); continue; }
    if (s.flagValue !== undefined && (!nextIsValue || !s.choices!.includes(next))) { values[key] = s.flagValue; continue; }
    if (!nextIsValue) throw new ConfigError(`option --${name} needs a value (${describeSpec(key, s)})`);
    values[key] = coerce(schema, key, next);
    i++;
  }
  return { values, rest };
}

/**
 * Validates a whole object (from a config file): every key known (an alias, e.g. `w`, counts as its key, `width`, as
 * on the command line), every value valid. The result uses full key names; a key given twice (by name and by alias)
 * is an error.
 */
export function validateObject(schema: Schema, obj: unknown, source: string): Record<string, ConfigValue> {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new ConfigError(`${source}: expected an object of config keys`);
  const out: Record<string, ConfigValue> = {};
  const givenAs: Record<string, string> = {};
  for (const [name, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = keyFor(schema, name) ?? name;
    if (givenAs[key] !== undefined) throw new ConfigError(`${source}: '${givenAs[key]}' and '${name}' both set config key '${key}'; give it once`);
    givenAs[key] = name;
    try {
      out[key] = coerce(schema, key, v);
    } catch (e) {
      throw new ConfigError(`${source}: ${(e as Error).message}${name !== key ? ` (given as its alias '${name}')` : ''}`);
    }
  }
  return out;
}

/** Help text listing every key with its alias, type and help. */
export function schemaHelp(schema: Schema): string {
  const rows = Object.entries(schema).map(([k, s]) => [`--${k}${s.alias ? ` (--${s.alias})` : ''}`, describeSpec(k, s), s.help]);
  const w0 = Math.max(...rows.map((r) => r[0]!.length)), w1 = Math.max(...rows.map((r) => r[1]!.length));
  return rows.map((r) => `  ${r[0]!.padEnd(w0)}  ${r[1]!.padEnd(w1)}  ${r[2]}`).join('\n');
}
