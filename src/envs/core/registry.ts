/**
 * The environment registry: `make(id, options)` builds a registered env with validated options.
 * Unknown ids and bad options throw errors that list what exists. Aliases (e.g. Gymnasium's `ALE/Breakout-v5` for
 * `atari/breakout`) resolve to a registered id with default options of their own.
 */
import type { Env } from './env.js';
import { TimeLimit } from '../wrappers/time-limit.js';
import { closeMatches } from '../../util/edit-distance.js';

export type OptionValue = number | boolean | string;
export type EnvOptions = { [name: string]: OptionValue | undefined };

export interface OptionSpec {
  /** `enum`: one of `choices`; `string`: any non-empty string. */
  type: 'number' | 'integer' | 'boolean' | 'string' | 'enum';
  default?: OptionValue;
  min?: number;
  max?: number;
  choices?: readonly string[];
  description: string;
}

export interface EnvSpec {
  id: string;
  description: string;
  options: { [name: string]: OptionSpec };
  /** Default episode cap applied as a TimeLimit wrapper (the `maxEpisodeSteps` option overrides it; 0 = none). */
  maxEpisodeSteps?: number;
  /**
   * Specs sharing a group (e.g. 'atari/<game>') are listed as one line by {@link describeEnvs}, so that a family of
   * many games does not drown the others.
   */
  group?: string;
  create(options: EnvOptions): Env;
}

/** Another name for a registered id, with option defaults of its own (the caller's options win). */
export interface EnvAlias {
  id: string;
  options: EnvOptions;
  /** Options the alias's meaning excludes; giving one with the alias is an error that points to `id`. */
  excludes?: readonly string[];
}

const registry = new Map<string, EnvSpec>();
const aliases = new Map<string, EnvAlias>();

const maxEpisodeStepsSpec: OptionSpec = {
  type: 'integer', min: 0, description: 'truncate episodes after this many steps (TimeLimit); 0 = no limit',
};

export function register(spec: EnvSpec): void {
  if (registry.has(spec.id)) throw new Error(`register: environment id "${spec.id}" is already registered`);
  if ('maxEpisodeSteps' in spec.options) throw new Error('register: "maxEpisodeSteps" is a reserved option');
  for (const [k, o] of Object.entries(spec.options)) {
    if (o.type === 'enum' && !(o.choices && o.choices.length > 0)) throw new Error(`register: enum option "${k}" of "${spec.id}" has no choices`);
  }
  if (aliases.has(spec.id)) throw new Error(`register: environment id "${spec.id}" is already an alias`);
  registry.set(spec.id, spec);
}

export function registerAlias(alias: string, target: EnvAlias): void {
  if (registry.has(alias) || aliases.has(alias)) throw new Error(`registerAlias: "${alias}" is already registered`);
  const spec = registry.get(target.id);
  if (!spec) throw new Error(`registerAlias: "${alias}" points to unknown environment id "${target.id}"`);
  resolveOptions(spec, target.options); // an alias's own options must be valid
  aliases.set(alias, target);
}

/** The alias's target and option defaults, or undefined when `id` is no alias. */
export function envAlias(id: string): EnvAlias | undefined {
  return aliases.get(id);
}

/** Registered ids, sorted. */
export function listEnvs(): string[] {
  return [...registry.keys()].sort();
}

/** The registered envs, one line per id, except that each group's ids share one line listing their names. */
export function describeEnvs(): string[] {
  const lines: string[] = [];
  const groups = new Map<string, string[]>();
  for (const id of listEnvs()) {
    const group = registry.get(id)!.group;
    if (group === undefined) lines.push(id);
    else if (groups.has(group)) groups.get(group)!.push(id);
    else {
      groups.set(group, [id]);
      lines.push(group);
    }
  }
  // single ids first, then the families (one line each, long)
  lines.sort((a, b) => Number(groups.has(a)) - Number(groups.has(b)));
  return lines.map((line) => {
    const ids = groups.get(line);
    if (!ids) return line;
    const prefix = line.slice(0, line.lastIndexOf('/') + 1);
    const what = /<(\w+)>/.exec(line)?.[1];
    return `${line} (${ids.length}${what ? ` ${what}s` : ''}: ${ids.map((id) => id.slice(prefix.length)).join(', ')})`;
  });
}

export function envSpec(id: string): EnvSpec {
  const spec = registry.get(aliases.get(id)?.id ?? id);
  if (!spec) {
    const close = closeMatches(id, [...listEnvs(), ...aliases.keys()]);
    const hint = close.length ? ` (did you mean ${close.map((c) => `"${c}"`).join(' or ')}?)` : '';
    throw new Error(`Unknown environment id "${id}"${hint}. Registered environments: ${describeEnvs().join('; ')}`);
  }
  return spec;
}

/** One line per option of the spec (maxEpisodeSteps included): name, type or choices, default, description. */
export function optionDescriptions(spec: EnvSpec): string[] {
  const all = { ...spec.options, maxEpisodeSteps: { ...maxEpisodeStepsSpec, default: spec.maxEpisodeSteps ?? 0 } };
  return Object.entries(all)
    .map(([k, o]) => `${k} (${o.type === 'enum' ? o.choices!.join('|') : o.type}${o.default !== undefined ? `, default ${String(o.default)}` : ''}): ${o.description}`);
}

function describeOptions(spec: EnvSpec): string {
  return optionDescriptions(spec).join('; ');
}

/** Checks options against the spec and fills in defaults. */
export function resolveOptions(spec: EnvSpec, options: EnvOptions): EnvOptions {
  const out: EnvOptions = {};
  for (const key of Object.keys(options)) {
    if (!(key in spec.options) && key !== 'maxEpisodeSteps') {
      throw new Error(`make("${spec.id}"): unknown option "${key}". Valid options: ${describeOptions(spec)}`);
    }
  }
  const all: [string, OptionSpec][] = [...Object.entries(spec.options), ['maxEpisodeSteps', { ...maxEpisodeStepsSpec, default: spec.maxEpisodeSteps ?? 0 }]];
  for (const [key, o] of all) {
    const v = options[key] ?? o.default;
    if (v === undefined) continue;
    const bad = (why: string): Error => new Error(`make("${spec.id}"): option "${key}" ${why}, got ${JSON.stringify(v)}. Valid options: ${describeOptions(spec)}`);
    if (o.type === 'boolean') {
      if (typeof v !== 'boolean') throw bad('must be a boolean');
    } else if (o.type === 'string') {
      if (typeof v !== 'string' || v === '') throw bad('must be a non-empty string');
    } else if (o.type === 'enum') {
      if (typeof v !== 'string' || !o.choices!.includes(v)) throw bad(`must be one of ${o.choices!.map((c) => `"${c}"`).join(', ')}`);
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('must be a finite number');
      if (o.type === 'integer' && !Number.isInteger(v)) throw bad('must be an integer');
      if (o.min !== undefined && v < o.min) throw bad(`must be ≥ ${o.min}`);
      if (o.max !== undefined && v > o.max) throw bad(`must be ≤ ${o.max}`);
    }
    out[key] = v;
  }
  return out;
}

/**
 * Build a registered env, e.g. `make('minatar/breakout', { stickyActionProb: 0 })` or `make('classic/cartpole')`,
 * or an alias of one (`make('ALE/Breakout-v5')`: the alias's options, then the given ones).
 * Wraps it in TimeLimit when `maxEpisodeSteps` (or the spec's default) is positive.
 * The overloads type observations by id prefix: `minatar/*` and `atari/*` → Uint8Array, `classic/*` → Float32Array (register
 * your own envs under those prefixes only if they follow that convention).
 */
export function make(id: `minatar/${string}`, options?: EnvOptions): Env<Uint8Array>;
export function make(id: `classic/${string}`, options?: EnvOptions): Env<Float32Array>;
export function make(id: `atari/${string}`, options?: EnvOptions): Env<Uint8Array>;
export function make(id: string, options?: EnvOptions): Env;
export function make(id: string, options: EnvOptions = {}): Env {
  const spec = envSpec(id);
  const alias = aliases.get(id);
  const excluded = alias?.excludes?.find((k) => options[k] !== undefined);
  if (excluded !== undefined) {
    throw new Error(`make("${id}"): option "${excluded}" does not go with this alias of ${alias!.id}; use make("${alias!.id}", { ${excluded}: … }) instead`);
  }
  const resolved = resolveOptions(spec, { ...alias?.options, ...options });
  const env = spec.create(resolved);
  const limit = resolved['maxEpisodeSteps'] as number | undefined;
  return limit !== undefined && limit > 0 ? new TimeLimit(env, limit) : env;
}
