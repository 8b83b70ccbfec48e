/**
 * Named Atari evaluation protocols: the environment semantics and pre-processing of the two literatures a
 * researcher compares with. A run logs the protocol's name and its full settings in its config, so a result always
 * says which protocol produced it.
 *
 * - `cleanrl` (alias `envpool`): Mnih et al. 2015 as CleanRL's atari scripts and EnvPool's Atari (as purejaxql
 *   configures it) do it: NoFrameskip-v4 (one emulator frame per inner step, no sticky actions), NoopReset(30),
 *   MaxAndSkip(4), EpisodicLife, FireReset, ClipReward, 84×84 grayscale, FrameStack(4); episodes capped at 108,000
 *   frames (EnvPool's 27,000 agent steps).
 * - `ale-v5`: Machado et al. 2018's recommendation as Gymnasium's `ALE/<Game>-v5` with AtariPreprocessing: sticky
 *   actions drawn per frame with probability 0.25, frameskip 4 (maximum of the last two frames), whole games as
 *   episodes (no life-loss signal, no FIRE press, no no-op starts), the same 84×84 grayscale FrameStack(4)
 *   observations and sign-clipped rewards for learning.
 *
 * Both use the game's minimal action set unless `fullActionSpace` is set.
 */

export const ATARI_PROTOCOL_NAMES = ['cleanrl', 'envpool', 'ale-v5'] as const;
export type AtariProtocolName = (typeof ATARI_PROTOCOL_NAMES)[number];

export interface AtariProtocol {
  /** The preset's canonical name ('envpool' resolves to 'cleanrl'). */
  name: 'cleanrl' | 'ale-v5';
  /** Emulator frames per agent step; the observation is the maximum of the last two. */
  frameSkip: number;
  /** Probability, drawn per emulator frame as ALE does, that the previous frame's action is repeated. */
  repeatActionProbability: number;
  /** Up to this many no-op steps (uniform in 1..noopMax) after a real reset; 0 = none. */
  noopMax: number;
  /** A lost life ends the learner's episode (the game continues at the next reset). */
  episodicLife: boolean;
  /** Press FIRE then action 2 after each reset, where the game's action 1 is FIRE. */
  fireReset: boolean;
  /** Rewards reach the learner as their sign (-1, 0, 1); episode statistics keep raw scores. */
  clipReward: boolean;
  /** Observations are screenSize × screenSize grayscale frames (area interpolation). */
  screenSize: number;
  /** The last frameStack observations, stacked along the first axis. */
  frameStack: number;
  /** Episode cap in emulator frames. */
  maxEpisodeFrames: number;
  /** All 18 actions instead of the game's minimal set. */
  fullActionSpace: boolean;
}

const CLEANRL: AtariProtocol = {
  name: 'cleanrl', frameSkip: 4, repeatActionProbability: 0, noopMax: 30, episodicLife: true, fireReset: true,
  clipReward: true, screenSize: 84, frameStack: 4, maxEpisodeFrames: 108_000, fullActionSpace: false,
};

const ALE_V5: AtariProtocol = {
  name: 'ale-v5', frameSkip: 4, repeatActionProbability: 0.25, noopMax: 0, episodicLife: false, fireReset: false,
  clipReward: true, screenSize: 84, frameStack: 4, maxEpisodeFrames: 108_000, fullActionSpace: false,
};

/** The preset of a protocol name, with any settings overridden (a copy). Throws on an unknown name. */
export function atariProtocol(name: string, overrides: Partial<Omit<AtariProtocol, 'name'>> = {}): AtariProtocol {
  const base = name === 'cleanrl' || name === 'envpool' ? CLEANRL : name === 'ale-v5' ? ALE_V5 : undefined;
  if (!base) throw new Error(`Unknown Atari protocol "${name}". Known protocols: ${ATARI_PROTOCOL_NAMES.join(', ')}`);
  return { ...base, ...overrides };
}
