/**
 * Score normalisation tables. Atari: human-normalised, (score − random) / (human − random), with the standard
 * random and human scores of Mnih et al. (2015) / Badia et al. (2020) as used by rliable (a subset of the 57 games).
 * The research folder's atari_human_random_scores.tsv (RESEARCH_ATARI_TABLES), where present, takes precedence, and
 * `hrl aggregate --scores FILE` overrides both. MinAtar:
 * (score − random) / (reference − random), where `random` is the mean return of a uniform random policy measured on
 * this project's envs (300 episodes, sticky actions at the default 0.1) and `reference` is a documented round figure
 * near the final return of full DQN after 5M frames in Young & Tian (2019) (read off their learning curves, so
 * approximate). CartPole: random policy and the maximum return 500. Any other env is left unnormalised.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ScoreRef {
  random: number;
  reference: number;
  /** What `reference` means, for tables and the report. */
  kind: 'human' | 'reference' | 'max';
}

/** [random, human] per Atari game (keys: lower-case, letters and digits only). */
const ATARI: Readonly<Record<string, readonly [number, number]>> = {
  alien: [227.8, 7127.7], amidar: [5.8, 1719.5], assault: [222.4, 742.0], asterix: [210.0, 8503.3],
  asteroids: [719.1, 47388.7], atlantis: [12850.0, 29028.1], bankheist: [14.2, 753.1], battlezone: [2360.0, 37187.5],
  beamrider: [363.9, 16926.5], boxing: [0.1, 12.1], breakout: [1.7, 30.5], choppercommand: [811.0, 7387.8],
  crazyclimber: [10780.5, 35829.4], demonattack: [152.1, 1971.0], enduro: [0.0, 860.5], freeway: [0.0, 29.6],
  frostbite: [65.2, 4334.7], gopher: [257.6, 2412.5], hero: [1027.0, 30826.4], jamesbond: [29.0, 302.8],
  kangaroo: [52.0, 3035.0], krull: [1598.0, 2665.5], kungfumaster: [258.5, 22736.3], mspacman: [307.3, 6951.6],
  pong: [-20.7, 14.6], privateeye: [24.9, 69571.3], qbert: [163.9, 13455.0], roadrunner: [11.5, 7845.0],
  seaquest: [68.4, 42054.7], spaceinvaders: [148.0, 1668.7], upndown: [533.4, 11693.2],
};

/** [random, reference] per MinAtar game; see the module comment for sources. */
const MINATAR: Readonly<Record<string, readonly [number, number]>> = {
  asterix: [0.48, 25], breakout: [0.36, 15], freeway: [0.27, 55], seaquest: [0.11, 20], spaceinvaders: [3.92, 70],
};

const gameKey = (name: string): string => name.toLowerCase().replace(/-v\d+$/, '').replace(/noframeskip/g, '').replace(/[^a-z0-9]/g, '');

/** The normalisation of an env id (`atari/breakout`, `minatar/space_invaders`, `classic/cartpole`), or null. */
export function scoreRef(env: string, extra: Readonly<Record<string, ScoreRef>> = {}): ScoreRef | null {
  const [family, game = ''] = env.includes('/') ? env.split('/', 2) as [string, string] : ['', env];
  const key = gameKey(game);
  const given = extra[env] ?? extra[`${family}/${key}`];
  if (given) return given;
  if (family === 'atari' && ATARI[key]) return { random: ATARI[key]![0], reference: ATARI[key]![1], kind: 'human' };
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

/** Where the project's research folder may hold the Atari table (mission.md §4). */
export const RESEARCH_ATARI_TABLES: readonly string[] = [
  fileURLToPath(new URL('../../../../../shared/research/atari_human_random_scores.tsv', import.meta.url)),
  '../shared/research/atari_human_random_scores.tsv',
];

/** The research folder's Atari random/human table, when one of RESEARCH_ATARI_TABLES exists; else an empty table. */
export function researchScoreTable(paths: readonly string[] = RESEARCH_ATARI_TABLES): Record<string, ScoreRef> {
  const p = paths.find((x) => existsSync(x));
  return p ? parseScoreTable(readFileSync(p, 'utf8'), false) : {};
}
