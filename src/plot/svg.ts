/** Low-level SVG string helpers: escaping, number formatting, element building, text-width estimates. */

/** Escape text for XML element content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // Characters XML 1.0 forbids outright (C0 controls except tab/newline/CR) are dropped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/** A coordinate, rounded to 0.01 px. Throws on non-finite input so a NaN never reaches the SVG. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`plot: non-finite coordinate ${v} (internal error: data should be filtered first)`);
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export type AttrValue = string | number | undefined;

/** Build one element; attribute values are escaped, numbers formatted, undefined attributes skipped. */
export function el(tag: string, attrs: Record<string, AttrValue>, children?: string): string {
  let s = `<${tag}`;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    s += ` ${k}="${typeof v === 'number' ? fmt(v) : escapeXml(v)}"`;
  }
  return children === undefined ? `${s}/>` : `${s}>${children}</${tag}>`;
}

/** A text element with escaped content. */
export function text(x: number, y: number, content: string, attrs: Record<string, AttrValue> = {}): string {
  return el('text', { x, y, ...attrs }, escapeXml(content));
}

/** Path data for a polyline through points (M/L commands). */
export function polylinePath(xs: ArrayLike<number>, ys: ArrayLike<number>): string {
  let d = '';
  for (let i = 0; i < xs.length; i++) d += `${i === 0 ? 'M' : 'L'}${fmt(xs[i]!)},${fmt(ys[i]!)}`;
  return d;
}

/**
 * Bold over regular width. Measured in headless Chromium with DejaVu Sans (what Helvetica and Arial resolve to on a
 * Debian machine without them): bold text is 1.10–1.13× as wide as regular, and 1.10–1.12× textWidth's estimate.
 */
const BOLD_FACTOR = 1.12;

/**
 * Rough rendered width of a string in a sans-serif font (Helvetica/Arial/DejaVu metrics averaged; for DejaVu Sans
 * within 3% of Chromium's measure, on the safe side), used only for layout: margins, legend size, label rotation.
 */
export function textWidth(s: string, fontSize: number, bold = false): number {
  let w = 0;
  for (const ch of s) {
    if ('iljtf.,:;!|\'` '.includes(ch)) w += 0.32;
    else if ('mwMW@%'.includes(ch)) w += 0.9;
    else if (ch >= 'A' && ch <= 'Z') w += 0.7;
    else w += 0.6;
  }
  return w * fontSize * (bold ? BOLD_FACTOR : 1);
}

/** Shorten a string to fit a pixel width, with an ellipsis. */
export function truncateToWidth(s: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(s, fontSize, bold) <= maxWidth) return s;
  let out = s;
  while (out.length > 1 && textWidth(`${out}…`, fontSize, bold) > maxWidth) out = out.slice(0, -1);
  return `${out}…`;
}

/**
 * Break a string at spaces into lines no wider than `maxWidth` (by textWidth); a single word wider than that is
 * shortened with an ellipsis.
 */
export function wrapToWidth(s: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    const joined = cur ? `${cur} ${word}` : word;
    if (!cur || textWidth(joined, fontSize, bold) <= maxWidth) cur = joined;
    else { lines.push(cur); cur = word; }
  }
  if (cur) lines.push(cur);
  return lines.map((l) => truncateToWidth(l, maxWidth, fontSize, bold));
}

/** 32-bit FNV-1a hash as base-36 text: stable ids derived from content (no global counters). */
export function contentHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export const FONT_FAMILY = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/** Wrap a body in a root <svg> element of the given size. */
export function svgRoot(width: number, height: number, body: string, title?: string): string {
  const t = title ? el('title', {}, escapeXml(title)) : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width)}" height="${fmt(height)}" viewBox="0 0 ${fmt(width)} ${fmt(height)}" font-family="${escapeXml(FONT_FAMILY)}">${t}${el('rect', { x: 0, y: 0, width, height, fill: 'white' })}${body}</svg>`;
}
