/** `hrl train`: train an agent; `--config FILE` (JSON or YAML) and `--resume DIR`. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import '../../agents/index.js';
import { ConfigError, parseConfigArgs, schemaHelp, validateObject, type ConfigValue } from '../../config/schema.js';
import { resolveConfig, TRAIN_SCHEMA, type TrainConfig } from '../../training/config.js';
import { RunDir } from '../../training/run-dir.js';
import { train } from '../../training/train.js';
import { formatSummary } from '../../nn/index.js';
import { createAgent, evalSeedsText } from '../../training/train.js';
import { UsageError } from '../args.js';

const USAGE = `usage: hrl train [--config FILE.json|.yaml] [--KEY VALUE ...] [--out DIR] [--summary]
       hrl train --resume DIR [--rom-dir D]

Trains an agent and writes a run directory (config.json, metrics.jsonl, tb/, checkpoints/; see docs/run-format.md).
Keys given on the command line override the config file; defaults depend on the algorithm and environment family.
  --out DIR       run directory (default runs/<algo>-<env>-<activation>[-hr]-s<seed>)
  --resume DIR    continue an interrupted run from its last checkpoint (with its saved config; --rom-dir may
                  point an Atari run at this machine's ROM folder)
  --summary       print the network summary and exit

config keys:
${schemaHelp(TRAIN_SCHEMA)}`;

/** Reads a JSON or YAML config file into validated config values. */
export function readConfigFile(path: string): Record<string, ConfigValue> {
  if (!existsSync(path)) throw new ConfigError(`config file ${path} does not exist`);
  const text = readFileSync(path, 'utf8');
  let obj: unknown;
  try {
    obj = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config file ${path} could not be parsed: ${(e as Error).message}`);
  }
  return validateObject(TRAIN_SCHEMA, obj, `config file ${path}`);
}

export function defaultRunName(cfg: TrainConfig): string {
  const hr = cfg.hadamard === 'none' ? '' : cfg.hadamard === 'last' ? '-hr' : '-hrall';
  return `${cfg.algo}-${cfg.env.replace(/\//g, '-')}-${cfg.activation}${hr}${cfg['layer-norm'] ? '-ln' : ''}-s${cfg.seed}`;
}

export async function trainCommand(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) { console.log(USAGE); return; }
  let parsed: { values: Record<string, ConfigValue>; rest: string[] };
  try {
    parsed = parseConfigArgs(TRAIN_SCHEMA, argv, new Set(['config', 'out', 'resume', 'summary']));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const extra: Record<string, string | true> = {};
  for (let i = 0; i < parsed.rest.length; i++) {
    const a = parsed.rest[i]!;
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument '${a}'\n\n${USAGE}`);
    const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (k === 'summary') { extra[k] = true; continue; }
    const v = inline ?? parsed.rest[++i];
    if (v === undefined) throw new UsageError(`--${k} needs a value`);
    extra[k] = v;
  }
  if (typeof extra['resume'] === 'string') {
    const { 'rom-dir': romDir, ...changed } = parsed.values;
    if (Object.keys(changed).length > 0 || extra['config']) throw new UsageError('--resume takes the run directory (and --rom-dir) only: the run continues with its saved config.json');
    const dir = extra['resume'];
    // the ROM folder is where this machine keeps the ROMs, not a setting of the run: config.json keeps the original
    const cfg = { ...new RunDir(dir).readConfig(), ...(typeof romDir === 'string' ? { 'rom-dir': romDir } : {}) };
    const status = new RunDir(dir).readStatus();
    if (status?.state === 'finished') { console.log(`${dir} already finished (${status.step} steps)`); return; }
    await runAndReport(cfg, dir, true);
    return;
  }
  const fromFile = typeof extra['config'] === 'string' ? readConfigFile(extra['config']) : {};
  const cfg = resolveConfig({ ...fromFile, ...parsed.values });
  if (extra['summary']) {
    const agent = createAgent(cfg);
    console.log(formatSummary(agent.network));
    return;
  }
  const out = typeof extra['out'] === 'string' ? extra['out'] : join('runs', defaultRunName(cfg));
  if (new RunDir(out).hasCheckpoint()) throw new UsageError(`${out} already holds a run; continue it with --resume ${out}, or choose another --out`);
  await runAndReport(cfg, out, false);
}

async function runAndReport(cfg: TrainConfig, out: string, resume: boolean): Promise<void> {
  console.log(`${resume ? 'resuming' : 'training'} ${cfg.algo} on ${cfg.env} (activation ${cfg.activation}, hadamard ${cfg.hadamard}${cfg['layer-norm'] ? ', layer norm' : ''}, seed ${cfg.seed}) → ${out}`);
  const r = await train(cfg, out, { resume });
  if (r.state === 'interrupted') {
    console.log(`stopped at step ${r.step}; continue with: hrl train --resume ${out}`);
    process.exitCode = 130;
    return;
  }
  if (r.evalReturns.length > 0) {
    const mean = r.evalReturns.reduce((a, b) => a + b, 0) / r.evalReturns.length;
    console.log(`finished ${r.step} steps; greedy evaluation over ${r.evalReturns.length} episodes (${evalSeedsText(r.evalSeed, r.evalReturns.length)}): mean return ${mean.toFixed(2)}`);
  } else console.log(`finished ${r.step} steps`);
}
