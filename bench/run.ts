/**
 * `npm run bench`: runs every benchmark section in order and prints its table.
 * Each section lives in bench/sections/*.ts and exports `run(args): Promise<void>`.
 * `npm run bench -- envs engine` runs only the named sections.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { backend } from '../src/tensor/index.js';

interface BenchSection { run(args: string[]): Promise<void> }

const here = dirname(fileURLToPath(import.meta.url));
const sectionsDir = join(here, 'sections');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
// Every run's header: the backend, with the instruction set in use (HRL_ISA may force a lower one) and the CPU model.
console.log(`backend: ${backend().describe()}`);
const files = readdirSync(sectionsDir).filter((f) => f.endsWith('.js')).sort();
for (const file of files) {
  const name = file.replace(/\.js$/, '');
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n## ${name}`);
  const mod = (await import(pathToFileURL(join(sectionsDir, file)).href)) as BenchSection;
  await mod.run(process.argv.slice(2));
}
