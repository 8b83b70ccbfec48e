/** Atomic file output: write a temporary file in the target folder, then rename over the target. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Write `content` to `path` so readers see either the old file or the complete new one, never a
 * partial write (rename is atomic within one file system; hence the temp file sits next to the target).
 * Parent folders are created as needed.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Write an SVG document (with an XML declaration, so viewers recognise it) atomically. */
export function writeSvg(path: string, svg: string): void {
  writeFileAtomic(path, svg.startsWith('<?xml') ? svg : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`);
}
