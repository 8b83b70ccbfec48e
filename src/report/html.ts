/** HTML escaping and small formatting helpers for the report builder. */
import type { Interval } from '../stats/bootstrap.js';

/** Escape text for HTML content and double- or single-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A number for a table cell: 4 significant digits, no exponent for ordinary magnitudes, '—' for NaN. */
export function formatNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-3 && a < 1e7 ? String(Number.parseFloat(v.toPrecision(digits))) : v.toExponential(digits - 1);
  return s.replace(/^-/, '−');
}

/** "point [lower, upper]", e.g. for aggregate metrics with 95% CIs. */
export function formatInterval(iv: Interval, digits = 3): string {
  return `${formatNumber(iv.point, digits)} [${formatNumber(iv.lower, digits)}, ${formatNumber(iv.upper, digits)}]`;
}

/** A URL-fragment id from a heading: lowercase ASCII words joined by '-'. */
export function slugify(s: string): string {
  const slug = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug || 'section';
}
