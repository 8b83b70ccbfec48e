/**
 * Finds and loads the C++ addon (build/Release/hrl_native.node, built by `npm install` through node-gyp) once per
 * process. The tensor backend and the Atari emulator share it; each types the part it uses.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** build/Release/hrl_native.node of the package root (dist/src/util → 3 levels up; src/util → 2). */
function addonPath(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../..', '../..']) {
    const p = join(here, up, 'build', 'Release', 'hrl_native.node');
    if (existsSync(p)) return p;
  }
  return null;
}

let loaded: { addon: unknown; error: string } | undefined;

/** The addon's exports, or null when it is missing or fails to load (the reason is in addonLoadError()). */
export function loadAddon(): unknown {
  if (!loaded) {
    try {
      const path = addonPath();
      if (!path) throw new Error('build/Release/hrl_native.node not found (run `npm install` to build it)');
      loaded = { addon: createRequire(import.meta.url)(path) as unknown, error: '' };
    } catch (e) {
      loaded = { addon: null, error: e instanceof Error ? e.message : String(e) };
    }
  }
  return loaded.addon;
}

export function addonLoadError(): string {
  loadAddon();
  return loaded?.error ?? '';
}
