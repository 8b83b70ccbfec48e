/**
 * Registers the built-in environments: classic/cartpole and the five MinAtar games.
 * Imported for its side effect by src/envs/index.ts (and by async vector env workers).
 */
import { register, type EnvOptions, type OptionSpec } from './core/registry.js';
import { CartPole } from './classic/cartpole.js';
import { Asterix } from './minatar/asterix.js';
import { Breakout } from './minatar/breakout.js';
import { Freeway } from './minatar/freeway.js';
import { Seaquest, type SeaquestOptions } from './minatar/seaquest.js';
import { SpaceInvaders } from './minatar/space-invaders.js';
import type { MinAtarEnv, MinAtarOptions } from './minatar/base.js';

const minatarOptions: { [name: string]: OptionSpec } = {
  stickyActionProb: { type: 'number', min: 0, max: 1, default: 0.1, description: 'probability of repeating the previous action (which carries over resets, as in the reference)' },
  difficultyRamping: { type: 'boolean', default: true, description: 'increase the difficulty over time (Asterix, Seaquest, Space Invaders)' },
  minimalActionSet: {
    type: 'boolean', default: true,
    description: "act in the game's minimal action set (as gymnax and MinAtar/<Game>-v1 do, and our agents) instead of all 6 actions (the reference's Environment, MinAtar/<Game>-v0)",
  },
  renderScale: { type: 'integer', min: 1, max: 64, default: 16, description: 'pixels per grid cell in render()' },
};

const seaquestOptions: { [name: string]: OptionSpec } = {
  ...minatarOptions,
  writtenRules: {
    type: 'boolean', default: false,
    description: 'our former Seaquest instead of the reference (MinAtar v1.0.15): surfacing with 6 divers leaves 0 divers (as the rules are written; the reference leaves -1) and the oxygen runs out below 0 (as MinAtar <= v1.0.10; the reference: at 0)',
  },
};

function minatar(opts: EnvOptions): MinAtarOptions {
  return {
    stickyActionProb: opts['stickyActionProb'] as number,
    difficultyRamping: opts['difficultyRamping'] as boolean,
    minimalActionSet: opts['minimalActionSet'] as boolean,
    renderScale: opts['renderScale'] as number,
  };
}

let registered = false;

export function registerBuiltinEnvs(): void {
  if (registered) return;
  registered = true;
  register({
    id: 'classic/cartpole',
    description: 'CartPole-v1: balance a pole on a cart (Gymnasium dynamics), 500-step limit',
    options: {},
    maxEpisodeSteps: 500,
    create: () => new CartPole(),
  });
  const games: [string, string, (o: EnvOptions) => MinAtarEnv, { [name: string]: OptionSpec }][] = [
    ['asterix', 'collect gold, dodge enemies', (o) => new Asterix(minatar(o)), minatarOptions],
    ['breakout', 'break bricks with a bouncing ball', (o) => new Breakout(minatar(o)), minatarOptions],
    ['freeway', 'cross the road as often as possible in 2500 steps', (o) => new Freeway(minatar(o)), minatarOptions],
    ['seaquest', 'shoot enemies, rescue divers, mind the oxygen',
      (o) => new Seaquest({ ...minatar(o), writtenRules: o['writtenRules'] as boolean } satisfies SeaquestOptions), seaquestOptions],
    ['space_invaders', 'shoot the descending aliens', (o) => new SpaceInvaders(minatar(o)), minatarOptions],
  ];
  for (const [name, what, create, options] of games) {
    register({
      id: `minatar/${name}`,
      description: `MinAtar ${name}: ${what} (10×10 grid, [C,10,10] uint8 observations)`,
      options,
      create,
    });
  }
}

registerBuiltinEnvs();
