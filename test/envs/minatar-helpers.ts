/** Helpers for MinAtar rule tests: edit a game's checkpoint to set up a scenario. */
import type { EnvState, MinAtarEnv } from '../../src/envs/index.js';

export function editGame(env: MinAtarEnv, edit: (s: EnvState) => void): void {
  const st = env.getState();
  const game = st['state'] as EnvState;
  edit(game);
  env.setState(st);
}

export function cell(obs: Uint8Array, channel: number, y: number, x: number): number {
  return obs[channel * 100 + y * 10 + x]!;
}

export function channelSum(obs: Uint8Array, channel: number): number {
  let s = 0;
  for (let i = 0; i < 100; i++) s += obs[channel * 100 + i]!;
  return s;
}
