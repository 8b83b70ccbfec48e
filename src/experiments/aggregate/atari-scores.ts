/**
 * The Atari-57 random and human scores behind the human-normalised score HNS = (score − random) / (human − random),
 * kept as data in data/atari57-human-random.tsv (its header names the source: DeepMind's dqn_zoo atari_data.py, the
 * DQN Nature paper's random agent and the professional human testers). Games are ALE's ROM names, the ids of
 * `atari/<game>` (src/envs/atari/games.ts); Tetris, the homebrew test ROM, has no scores.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ATARI_GAMES } from '../../envs/atari/games.js';

export interface AtariReference {
  /** ALE's ROM name, e.g. 'space_invaders'. */
  game: string;
  random: number;
  human: number;
  /** The md5 of the ROM dump the scores were measured on (ALE's). */
  md5: string;
}

/** The table's path (from dist/src/experiments/aggregate/, the repository's data/ folder). */
export const ATARI_SCORES_FILE = fileURLToPath(new URL('../../../../data/atari57-human-random.tsv', import.meta.url));

/** Reads the table's TSV (`#` comment lines, then the columns game, random, human, ale_rom_md5); strict. */
export function parseAtariScores(text: string, source = ATARI_SCORES_FILE): AtariReference[] {
  const lines = text.split(/\r?\n/).map((l, i) => ({ l, n: i + 1 })).filter(({ l }) => l.trim() !== '' && !l.startsWith('#'));
  const head = lines.shift()?.l.split('\t') ?? [];
  if (head.join(',') !== 'game,random,human,ale_rom_md5') throw new Error(`${source}: expected the columns game, random, human, ale_rom_md5; got ${head.join(', ')}`);
  const seen = new Set<string>();
  return lines.map(({ l, n }) => {
    const [game = '', random, human, md5 = ''] = l.split('\t');
    const r = Number(random), h = Number(human);
    if (!/^[a-z0-9_]+$/.test(game) || seen.has(game)) throw new Error(`${source}:${n}: bad or repeated game name '${game}'`);
    if (!Number.isFinite(r) || !Number.isFinite(h) || h <= r) throw new Error(`${source}:${n}: ${game} needs numbers random < human, got ${random} and ${human}`);
    if (!/^[0-9a-f]{32}$/.test(md5)) throw new Error(`${source}:${n}: ${game} has no md5`);
    seen.add(game);
    return { game, random: r, human: h, md5 };
  });
}

let cached: ReadonlyMap<string, AtariReference> | undefined;

/** The table, by game id (read once). */
export function atariScores(): ReadonlyMap<string, AtariReference> {
  cached ??= new Map(parseAtariScores(readFileSync(ATARI_SCORES_FILE, 'utf8')).map((s) => [s.game, s]));
  return cached;
}

/** Game ids by their letters and digits only, so that `SpaceInvaders` and `space_invaders` meet. */
const BY_KEY = new Map<string, string>(ATARI_GAMES.map((g) => [g.id.replace(/_/g, ''), g.id]));

/**
 * The known Atari game of an env id: `atari/<game>` (ALE's ROM name) or Gymnasium's `ALE/<Game>-v5` spelling
 * (`atari/SpaceInvaders-v5` too); null for any other env.
 */
export function atariGameOf(env: string): string | null {
  const m = /^(?:atari|ALE)\/(.+)$/.exec(env);
  if (!m) return null;
  const key = m[1]!.toLowerCase().replace(/-v\d+$/, '').replace(/noframeskip$/, '').replace(/[^a-z0-9]/g, '');
  return BY_KEY.get(key) ?? null;
}
