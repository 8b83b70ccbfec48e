/** Headless Chromium (Debian's `chromium`) for checking reports and rasterising SVG figures to PNG. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/** The browser binary: $CHROMIUM, else chromium / chromium-browser / google-chrome on PATH; null if none. */
export function findChromium(): string | null {
  for (const c of [process.env['CHROMIUM'], 'chromium', 'chromium-browser', 'google-chrome']) {
    if (!c) continue;
    const r = spawnSync('sh', ['-c', 'command -v "$0"', c], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

/** Flags for a quiet, offline, sandbox-free headless run (no downloads, no first-run UI, its own profile). */
export function headlessFlags(profileDir = join(tmpdir(), `hrl-chromium-${process.pid}`)): string[] {
  return ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--hide-scrollbars', `--user-data-dir=${profileDir}`];
}

/** Renders an SVG file to a PNG of its own pixel size (white background). */
export function svgToPng(browser: string, svgPath: string, pngPath: string): void {
  const head = readFileSync(svgPath, 'utf8').slice(0, 2000);
  const w = Number(/<svg\b[^>]*\bwidth="([\d.]+)"/.exec(head)?.[1] ?? 800);
  const h = Number(/<svg\b[^>]*\bheight="([\d.]+)"/.exec(head)?.[1] ?? 600);
  const r = spawnSync(browser, [...headlessFlags(), `--window-size=${Math.ceil(w)},${Math.ceil(h)}`, '--default-background-color=ffffffff',
    `--screenshot=${pngPath}`, pathToFileURL(svgPath).href], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`chromium could not render ${svgPath}: ${r.stderr.slice(-500)}`);
}
