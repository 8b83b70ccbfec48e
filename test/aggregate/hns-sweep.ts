/** A hand-made sweep of Atari (and other) runs whose final returns have known human-normalised scores. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atariGameOf, atariScores } from '../../src/experiments/aggregate/index.js';
import { expandSweep, parseSweepSpec, writeSweepFiles } from '../../src/experiments/sweep/index.js';

const ep = (step: number, ret: number): Record<string, unknown> => ({ kind: 'episode', step, return: ret, length: 1 });

/** A sweep over `envs` × variants × 3 seeds whose runs' final returns are `finals(env, variant, seed)`; `skip` runs have no data. */
export function makeHnsSweep(envs: string[], finals: (env: string, variant: string, seed: number) => number, skip: (name: string) => boolean = () => false): string {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-hns-'));
  const spec = parseSweepSpec({
    base: { algo: 'dqn', steps: 100 },
    axes: { env: envs, variant: [{ name: 'tanh', activation: 'tanh' }, { name: 'tanh-hr', activation: 'tanh', hadamard: 'last' }], seed: [1, 2, 3] },
  });
  const runs = expandSweep(spec);
  writeSweepFiles(dir, spec, runs);
  for (const r of runs) {
    if (skip(r.name)) continue;
    const rd = join(dir, r.name);
    mkdirSync(rd, { recursive: true });
    const f = finals(String(r.config['env']), r.config['hadamard'] === 'last' ? 'tanh-hr' : 'tanh', Number(r.config['seed']));
    writeFileSync(join(rd, 'config.json'), JSON.stringify({ ...r.config, version: 1 }));
    writeFileSync(join(rd, 'status.json'), JSON.stringify({ state: 'finished', step: 100, totalSteps: 100 }));
    // the final return (episodes in the last 10% of the steps) is f
    writeFileSync(join(rd, 'metrics.jsonl'), [ep(50, 0), ep(95, f), ep(100, f)].map((x) => JSON.stringify(x)).join('\n') + '\n');
  }
  return dir;
}

/** HNS per (game, variant, seed), turned into raw scores through the table. */
export const HNS: Record<string, Record<string, number[]>> = {
  'atari/breakout': { tanh: [0.5, 1, 1.5], 'tanh-hr': [2, 2, 2] },
  'atari/seaquest': { tanh: [0.1, 0.2, 0.3], 'tanh-hr': [0, 0.4, 0.8] },
};
export const rawScore = (env: string, variant: string, seed: number): number => {
  const hns = HNS[env]?.[variant]?.[seed - 1];
  if (hns === undefined) return 100 * seed; // tetris, minatar: any return
  const s = atariScores().get(atariGameOf(env)!)!;
  return s.random + hns * (s.human - s.random);
};
