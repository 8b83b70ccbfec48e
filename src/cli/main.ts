#!/usr/bin/env node
/** The `hrl` command: dispatches to one module per subcommand. */
import { fitSineCommand } from './commands/fit-sine.js';
import { infoCommand } from './commands/info.js';
import { trainCommand } from './commands/train.js';
import { studyCommand } from './commands/study.js';
import { evalCommand } from './commands/eval.js';
import { exportCsvCommand } from './commands/export-csv.js';
import { sweepCommand } from './commands/sweep.js';
import { workerCommand } from './commands/worker.js';
import { aggregateCommand } from './commands/aggregate.js';
import { reportCommand } from './commands/report.js';
import { romsCommand } from './commands/roms.js';
import { envsCommand } from './commands/envs.js';
import { UsageError } from './args.js';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<void>; help: string }> = {
  study: { run: studyCommand, help: 'the built-in study (npm start): PQN on MinAtar Breakout, tanh vs tanh-HR vs ReLU, then the report' },
  'fit-sine': { run: fitSineCommand, help: 'the paper\'s Fig. 2: ReLU, Tanh and Tanh-HR fits of a sum of sines' },
  train: { run: trainCommand, help: 'train a DQN, PPO or PQN agent (hrl train --help lists every config key)' },
  eval: { run: evalCommand, help: 'greedy episodes with a run\'s checkpoint; --gif records one' },
  'export-csv': { run: exportCsvCommand, help: 'a run\'s metrics.jsonl as CSV' },
  sweep: { run: sweepCommand, help: 'run a grid of configs (sweep file), locally (--jobs) or through Redis (--redis)' },
  worker: { run: workerCommand, help: 'take sweep runs from a Redis queue (BullMQ) and run them (docs/distributed.md)' },
  aggregate: { run: aggregateCommand, help: 'per-group statistics over a sweep: IQM with bootstrap CIs, improvement, profiles' },
  report: { run: reportCommand, help: 'a self-contained HTML report with figures for a sweep folder' },
  envs: { run: envsCommand, help: 'the environment ids (hrl envs ID: its options), Atari games and their Gymnasium aliases' },
  roms: { run: romsCommand, help: 'import your Atari ROMs (hrl roms import DIR) and list which games have theirs' },
  info: { run: infoCommand, help: 'the compute backend, instruction set and threads in use' },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return ['usage: hrl <command> [options]   (hrl <command> --help for its options)', '', 'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.help}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`hrl: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    await cmd.run(rest);
    return typeof process.exitCode === 'number' ? process.exitCode : 0; // a command may set its own exit code
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`hrl ${name}: ${e.message}`);
      return 2;
    }
    console.error(`hrl ${name}: ${(e as Error).message}`);
    if (process.env['HRL_DEBUG']) console.error((e as Error).stack);
    const code = (e as { exitCode?: unknown }).exitCode; // e.g. 75: the run directory is held by another writer
    return typeof code === 'number' ? code : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
