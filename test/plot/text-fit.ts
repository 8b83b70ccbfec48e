/**
 * Shared by the plot and report tests: the titles and messages of an SVG figure (and of its nested panels) that do
 * not fit their canvas, by the plot module's text-width estimate. Loaded as a test file by `node --test`: no side effects.
 */
import { textWidth } from '../../src/plot/index.js';

export interface PlacedText { cls: string; text: string; left: number; right: number; width: number }

const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const PANEL = /<svg x="[\d.]+" y="[\d.]+" width="([\d.]+)"[^>]*class="panel">(.*?)<\/svg>/gs;

/** Texts of the given classes in one document level (nested panels removed), with their horizontal extent. */
function placed(doc: string, width: number, classes: readonly string[]): PlacedText[] {
  const out: PlacedText[] = [];
  for (const m of doc.matchAll(/<text x="([-\d.]+)" y="[-\d.]+"([^>]*)>([^<]*)<\/text>/g)) {
    const cls = /class="([^"]+)"/.exec(m[2]!)?.[1] ?? '';
    if (!classes.includes(cls)) continue;
    const x = Number(m[1]);
    const size = Number(/font-size="([\d.]+)"/.exec(m[2]!)![1]);
    const anchor = /text-anchor="(\w+)"/.exec(m[2]!)?.[1] ?? 'start';
    const text = unescape(m[3]!);
    const w = textWidth(text, size, /font-weight="bold"/.test(m[2]!));
    const left = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
    out.push({ cls, text, left, right: left + w, width });
  }
  return out;
}

/** Every title / empty-message text of the figure and its panels, each with the width of the canvas it is drawn on. */
export function figureTexts(svg: string, classes: readonly string[] = ['title', 'empty-message']): PlacedText[] {
  const rootWidth = Number(/<svg\b[^>]*\bwidth="([\d.]+)"/.exec(svg)![1]);
  const panels = [...svg.matchAll(PANEL)];
  return [
    ...placed(svg.replace(PANEL, ''), rootWidth, classes),
    ...panels.flatMap((p) => placed(p[2]!, Number(p[1]), classes)),
  ];
}

/** The texts that reach past either edge of their canvas (clipped when rendered). */
export function overflowing(svg: string, classes?: readonly string[]): PlacedText[] {
  return figureTexts(svg, classes).filter((t) => t.left < 0 || t.right > t.width);
}
