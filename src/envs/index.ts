/**
 * hadamard-rl environments: Gymnasium-style envs, registry, vector envs, wrappers and episode exporters.
 *
 *   import { make, SyncVectorEnv } from './envs/index.js';
 *   const env = make('minatar/breakout');               // obs Uint8Array [4, 10, 10] channel-first, 0/1
 *   const { obs } = env.reset({ seed: 1 });
 *   const { reward, terminated, truncated } = env.step(1);
 *   const vec = SyncVectorEnv.make('minatar/breakout', 64); // vec.reset({seed}).obs: Uint8Array [64 × 400]
 */
import './builtin.js';

export * from './core/spaces.js';
export * from './core/env.js';
export { make, register, registerAlias, envAlias, listEnvs, describeEnvs, envSpec, optionDescriptions, type EnvSpec, type EnvAlias, type EnvOptions, type OptionSpec, type OptionValue } from './core/registry.js';
export { registerBuiltinEnvs } from './builtin.js';
export { CartPole, CARTPOLE } from './classic/cartpole.js';
export { MinAtarEnv, FULL_ACTIONS, type MinAtarOptions } from './minatar/base.js';
export { Asterix } from './minatar/asterix.js';
export { Breakout } from './minatar/breakout.js';
export { Freeway } from './minatar/freeway.js';
export { Seaquest, type SeaquestOptions } from './minatar/seaquest.js';
export { SpaceInvaders } from './minatar/space-invaders.js';
export { Wrapper } from './wrappers/wrapper.js';
export { TimeLimit } from './wrappers/time-limit.js';
export { RecordEpisodeStatistics, recordsGames, type EpisodeStatistics } from './wrappers/record-episode-statistics.js';
export { StickyActions } from './wrappers/sticky-actions.js';
export { NoopReset } from './wrappers/noop-reset.js';
export { MaxAndSkip } from './wrappers/max-and-skip.js';
export { EpisodicLife } from './wrappers/episodic-life.js';
export { FireReset } from './wrappers/fire-reset.js';
export { ClipReward } from './wrappers/clip-reward.js';
export { WarpFrame, resizeArea, areaWeights, type WarpFrameOptions } from './wrappers/warp-frame.js';
export { FrameStack } from './wrappers/frame-stack.js';
export { wrapAtari, type AtariOptions } from './wrappers/atari.js';
export * from './vector/types.js';
export { SyncVectorEnv, type SyncVectorEnvOptions } from './vector/sync-vector-env.js';
export { AsyncVectorEnv, type AsyncVectorEnvOptions } from './vector/async-vector-env.js';
export { encodePng, encodeApng, type AnimationOptions } from './render/png.js';
export { encodeGif, lzwEncode } from './render/gif.js';
export { recordEpisode, saveEpisode, saveFrames, encodeFrames, type Policy, type RecordOptions, type RecordedEpisode } from './render/recorder.js';
