/**
 * Okabe & Ito (2008) colour-blind-safe palette, ordered so that the first colours are the most
 * distinguishable on screen and in greyscale print; black comes last.
 */
export const OKABE_ITO: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#F0E442', // yellow
  '#000000', // black
];

/** The i-th palette colour (cycling). */
export function paletteColor(i: number): string {
  return OKABE_ITO[((i % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length]!;
}

/** Dash patterns used, with colour, to keep series distinct beyond the palette length. */
export const DASHES: readonly (string | undefined)[] = [undefined, '6 3', '2 2', '8 3 2 3'];

export function seriesDash(i: number): string | undefined {
  return DASHES[Math.floor(i / OKABE_ITO.length) % DASHES.length];
}
