/** Atomic file output: write a temporary file in the target folder, then rename over the target. */
import { writeFileAtomic } from '../util/atomic-write.js';

export { writeFileAtomic };

/** Write an SVG document (with an XML declaration, so viewers recognise it) atomically. */
export function writeSvg(path: string, svg: string): void {
  writeFileAtomic(path, svg.startsWith('<?xml') ? svg : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`);
}
