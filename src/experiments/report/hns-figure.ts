/**
 * The paper's Fig. 1 view for a sweep with Atari runs: median and IQM human-normalised score (HNS) over the Atari
 * games per representation (group), with stratified-bootstrap CIs, as a figure, a table and the table's source.
 */
import { barChart, paletteColor } from '../../plot/index.js';
import { paragraph, table, type Block, type Section } from '../../report/index.js';
import { hnsTable, type AggregateResult } from '../aggregate/index.js';

/** Median and IQM HNS per group with CI whiskers; null when no group has runs on every scored game. */
export function hnsFigure(r: AggregateResult): string | null {
  const groups = Object.keys(r.hns?.byGroup ?? {});
  if (!r.hns || groups.length === 0) return null;
  const bars = groups.map((g) => {
    const { median, iqm } = r.hns!.byGroup[g]!;
    return {
      name: g, color: paletteColor(Math.max(0, r.groups.indexOf(g))),
      values: [median.point, iqm.point], lower: [median.lower, iqm.lower], upper: [median.upper, iqm.upper],
    };
  });
  return barChart(['Median HNS', 'IQM HNS'], bars, {
    width: 560, height: 380, yLabel: 'human-normalised score (1 = human)',
    title: `Atari: human-normalised ${r.metric} score over ${r.hns.games.length} game(s), ${Math.round(r.confidence * 100)}% CIs`,
  });
}

/** Makes a figure block (the report's writer of SVG files); `none` says why a figure is missing. */
export type FigureBlock = (name: string, svg: string | null, caption: string, none: string) => Block;

/** The report section of the HNS view; null when the sweep has no Atari env. */
export function hnsSection(r: AggregateResult, fig: FigureBlock): Section | null {
  if (!r.hns) return null;
  const { games, unscored } = r.hns;
  const t = hnsTable(r)!;
  const ci = `${Math.round(r.confidence * 100)}%`;
  return {
    heading: 'Atari: human-normalised scores (Fig. 1)',
    blocks: [
      paragraph(`HNS = (score − random) / (human − random) of each run's ${r.metric} return, with the random and human scores of data/atari57-human-random.tsv (DeepMind dqn_zoo atari_data.py: the DQN Nature paper's random agent and the professional human testers); 0 is random play, 1 human level. Games: ${games.join(', ') || 'none'}.${unscored.length > 0 ? ` Left out for want of human and random scores: ${unscored.join(', ')}.` : ''}`),
      fig('hns', hnsFigure(r), `Median (over games, of the mean over runs) and IQM (over all runs × games) HNS per representation, ${ci} stratified-bootstrap CIs — the paper's Fig. 1 view.`, 'no group has runs on every Atari game with human and random scores'),
      table(t.header, t.rows, t.title),
    ],
  };
}
