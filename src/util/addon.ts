/**
 * Finds and loads the C++ addon (build/Release/hrl_native.node, built by the package's `install` hook,
 * scripts/install-addon.mjs) once per process. The tensor backend and the Atari emulator share it; each types the part
 * it uses. Loading never builds: a missing or broken addon is reported (the engine then runs on the TypeScript
 * backend), and only `npm install` / `npm rebuild` in the package folder run node-gyp.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ADDON_FILE = join('build', 'Release', 'hrl_native.node');

/** The package root (dist/src/util → 3 levels up; src/util → 2): the one that holds the addon, else the compiled one. */
function packageRoot(): { root: string; addon: string | null } {
  const here = dirname(fileURLToPath(import.meta.url));
  const roots = ['../../..', '../..'].map((up) => resolve(here, up));
  for (const root of roots) if (existsSync(join(root, ADDON_FILE))) return { root, addon: join(root, ADDON_FILE) };
  return { root: roots[0]!, addon: null };
}

export interface OpenedAddon {
  /** The addon's exports, or null. */
  addon: unknown;
  /** Why it is null ('' when it loaded). */
  error: string;
}

/** Loads the addon file at `path` (null: none was found under `root`); a failure is described, not thrown. */
export function openAddon(path: string | null, root: string): OpenedAddon {
  if (path === null) {
    return { addon: null, error: `${join(root, ADDON_FILE)} not found: build it with \`npm install\` (or \`npm rebuild\`) in ${root}; it needs g++ and Python for node-gyp` };
  }
  try {
    return { addon: createRequire(import.meta.url)(path) as unknown, error: '' };
  } catch (e) {
    return { addon: null, error: `${path} failed to load: ${e instanceof Error ? e.message : String(e)} (rebuild it with \`npm rebuild\` in the package folder)` };
  }
}

let loaded: OpenedAddon | undefined;

/** The addon's exports, or null when it is missing or fails to load (the reason is in addonLoadError()). */
export function loadAddon(): unknown {
  if (!loaded) {
    const { root, addon } = packageRoot();
    loaded = openAddon(addon, root);
  }
  return loaded.addon;
}

export function addonLoadError(): string {
  loadAddon();
  return loaded?.error ?? '';
}
