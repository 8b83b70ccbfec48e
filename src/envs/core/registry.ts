/**
 * The environment registry: `make(id, options)` builds a registered env with validated options.
 * Unknown ids and bad options throw errors that list what exists.
 */
import type { Env } from './env.js';
import { TimeLimit } from '../wrappers/time-limit.js';

export type OptionValue = number | boolean;
export type EnvOptions = { [name: string]: OptionValue | undefined };

export interface OptionSpec {
  type: 'number' | 'integer' | 'boolean';
  default?: OptionValue;
  min?: number;
  max?: number;
  description: string;
}

export interface EnvSpec {
  id: string;
  description: string;
  options: { [name: string]: OptionSpec };
  /** Default episode cap applied as a TimeLimit wrapper (the `maxEpisodeSteps` option overrides it; 0 = none). */
  maxEpisodeSteps?: number;
  create(options: EnvOptions): Env;
}

const registry = new Map<string, EnvSpec>();

const maxEpisodeStepsSpec: OptionSpec = {
  type: 'integer', min: 0, description: 'truncate episodes after this many steps (TimeLimit); 0 = no limit',
};

export function register(spec: EnvSpec): void {
  if (registry.has(spec.id)) throw new Error(`register: environment id "${spec.id}" is already registered`);
  if ('maxEpisodeSteps' in spec.options) throw new Error('register: "maxEpisodeSteps" is a reserved option');
  registry.set(spec.id, spec);
}

/** Registered ids, sorted. */
export function listEnvs(): string[] {
  return [...registry.keys()].sort();
}

export function envSpec(id: string): EnvSpec {
  const spec = registry.get(id);
  if (!spec) throw new Error(`Unknown environment id "${id}". Registered environments: ${listEnvs().join(', ')}`);
  return spec;
}

function describeOptions(spec: EnvSpec): string {
  const all = { ...spec.options, maxEpisodeSteps: { ...maxEpisodeStepsSpec, default: spec.maxEpisodeSteps ?? 0 } };
  return Object.entries(all)
    .map(([k, o]) => `${k} (${o.type}${o.default !== undefined ? `, default ${String(o.default)}` : ''}): ${o.description}`)
    .join('; ');
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
 * Build a registered env, e.g. `make('minatar/breakout', { stickyActionProb: 0 })` or `make('classic/cartpole')`.
 * Wraps it in TimeLimit when `maxEpisodeSteps` (or the spec's default) is positive.
 * The overloads type observations by id prefix: `minatar/*` → Uint8Array, `classic/*` → Float32Array (register
 * your own envs under those prefixes only if they follow that convention).
 */
export function make(id: `minatar/${string}`, options?: EnvOptions): Env<Uint8Array>;
export function make(id: `classic/${string}`, options?: EnvOptions): Env<Float32Array>;
export function make(id: string, options?: EnvOptions): Env;
export function make(id: string, options: EnvOptions = {}): Env {
  const spec = envSpec(id);
  const resolved = resolveOptions(spec, options);
  const env = spec.create(resolved);
  const limit = resolved['maxEpisodeSteps'] as number | undefined;
  return limit !== undefined && limit > 0 ? new TimeLimit(env, limit) : env;
}
