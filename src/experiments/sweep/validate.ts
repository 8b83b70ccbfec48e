/**
 * A sweep run's config checked as `hrl train` will read it, before any run starts (and under `--dry-run`): every key
 * and value (aliases such as `w` count as their key), the cross-key rules of resolveConfig, and the environment id.
 */
import '../../agents/index.js'; // the PPO and PQN defaults that resolveConfig fills in
import { ConfigError, keyFor, validateObject } from '../../config/schema.js';
import { envSpec } from '../../envs/index.js';
import { resolveConfig, TRAIN_SCHEMA } from '../../training/config.js';
import type { ConfigScalar } from './spec.js';

/**
 * Validates one run's config (base + its axis values) and returns it with full key names (`w` → `width`), values as
 * given. Throws a ConfigError that names the run and the key.
 */
export function validateRunConfig(config: Readonly<Record<string, ConfigScalar>>, name: string): Record<string, ConfigScalar> {
  const where = `run ${name}`;
  try {
    const cfg = resolveConfig(validateObject(TRAIN_SCHEMA, config, where));
    try {
      envSpec(cfg.env);
    } catch (e) {
      throw new ConfigError(`config key 'env': ${(e as Error).message}`);
    }
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new ConfigError(e.message.startsWith(`${where}: `) ? e.message : `${where}: ${e.message}`);
  }
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [keyFor(TRAIN_SCHEMA, k) ?? k, v]));
}
