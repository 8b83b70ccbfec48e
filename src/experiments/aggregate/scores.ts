/**
 * Score normalisation tables. Atari: human-normalised, (score − random) / (human − random), with the Atari-57 random
 * and human scores of data/atari57-human-random.tsv (atari-scores.ts names the source); `hrl aggregate --scores FILE`
 * overrides them. MinAtar:
 * (score − random) / (reference − random), where `random` is the mean return of a uniform random policy measured on
 * this project's envs (300 episodes, sticky actions at the default 0.1) and `reference` is a documented round figure
 * near the final return of full DQN after 5M frames in Young & Tian (2019) (read off their learning curves, so
 * approximate). CartPole: random policy and the maximum return 500. Any other env is left unnormalised.
 */
import { atariGameOf, atariScores } from './atari-scores.js';

export interface ScoreRef {
  random: number;
  reference: number;
  /** What `reference` means, for tables and the report. */
  kind: 'human' | 'reference' | 'max';
}

/** [random, reference] per MinAtar game; see the module comment for sources. */
const MINATAR: Readonly<Record<string, readonly [number, number]>> = {
  asterix: [0.48, 25], breakout: [0.36, 15], freeway: [0.27, 55], seaquest: [0.11, 20], spaceinvaders: [3.92, 70],
};

const gameKey = (name: string): string => name.toLowerCase().replace(/-v\d+$/, '').replace(/noframeskip/g, '').replace(/[^a-z0-9]/g, '');

/** The normalisation of an env id (`atari/breakout` or `ALE/Breakout-v5`, `minatar/space_invaders`, `classic/cartpole`), or null. */
export function scoreRef(env: string, extra: Readonly<Record<string, ScoreRef>> = {}): ScoreRef | null {
  const [family, game = ''] = env.includes('/') ? env.split('/', 2) as [string, string] : ['', env];
  const key = gameKey(game);
  const given = extra[env] ?? extra[`${family}/${key}`];
  if (given) return given;
  const atari = atariScores().get(atariGameOf(env) ?? '');
  if (atari) return { random: atari.random, reference: atari.human, kind: 'human' };
  if (family === 'minatar' && MINATAR[key]) return { random: MINATAR[key]![0], reference: MINATAR[key]![1], kind: 'reference' };
  if (family === 'classic' && key === 'cartpole') return { random: 22.55, reference: 500, kind: 'max' };
  return null;
}

export function normalizeScore(score: number, ref: ScoreRef | null): number {
  return ref ? (score - ref.random) / (ref.reference - ref.random) : score;
}

/**
 * Reads a score table: JSON `{"env id": {"random": r, "reference": h}}`, or a TSV/CSV with columns
 * env/game, random, human/reference (Atari game names become `atari/<game>`).
 */
export function parseScoreTable(text: string, isJson: boolean): Record<string, ScoreRef> {
  const out: Record<string, ScoreRef> = {};
  if (isJson) {
    for (const [env, v] of Object.entries(JSON.parse(text) as Record<string, { random: number; reference?: number; human?: number }>)) {
      const reference = v.reference ?? v.human;
      if (typeof v.random !== 'number' || typeof reference !== 'number') throw new Error(`score table: ${env} needs numeric "random" and "reference" (or "human")`);
      out[env] = { random: v.random, reference, kind: v.human !== undefined ? 'human' : 'reference' };
    }
    return out;
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const split = (l: string): string[] => l.split(l.includes('\t') ? '\t' : ',').map((c) => c.trim());
  const head = split(lines[0] ?? '').map((h) => h.toLowerCase());
  const col = (...names: string[]): number => head.findIndex((h) => names.some((n) => h.includes(n)));
  const ci = col('env', 'game'), cr = col('random'), ch = col('human', 'reference');
  if (ci < 0 || cr < 0 || ch < 0) throw new Error('score table: need columns game (or env), random and human (or reference)');
  for (const l of lines.slice(1)) {
    const c = split(l);
    const name = c[ci]!;
    const env = name.includes('/') ? name : `atari/${gameKey(name)}`;
    out[env] = { random: Number(c[cr]), reference: Number(c[ch]), kind: head[ch]!.includes('human') ? 'human' : 'reference' };
  }
  return out;
}
