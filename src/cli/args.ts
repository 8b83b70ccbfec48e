/** Command-line parsing helpers on top of node:util's parseArgs: unknown flags and bad values are named errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(argv: string[], options: O, usage: string): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${usage}`);
  }
}

/** A numeric flag (accepts 1e5-style values), checked against bounds. */
export function numberFlag(values: Record<string, string | boolean | undefined>, name: string, fallback: number, check: { min?: number; max?: number; integer?: boolean } = {}): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  const ok = typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(v) && (!check.integer || Number.isInteger(v)) && (check.min === undefined || v >= check.min) && (check.max === undefined || v <= check.max);
  if (!ok) {
    const range = [check.integer ? 'an integer' : 'a number', check.min !== undefined ? `≥ ${check.min}` : '', check.max !== undefined ? `≤ ${check.max}` : ''].filter(Boolean).join(' ');
    throw new UsageError(`--${name} must be ${range}, got '${String(raw)}'`);
  }
  return v;
}
