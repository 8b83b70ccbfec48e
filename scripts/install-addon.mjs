#!/usr/bin/env node
// The package's `install` hook: builds the C++ addon (build/Release/hrl_native.node) with `node-gyp rebuild` when
// `npm install` / `npm ci` / `npm rebuild` installs the package, and never when a command merely runs the CLI.
//
// Why the guard: `npx hrl …` (npm exec) in the project finds `hrl` in the project's own package.json and installs the
// project directory into the npx cache to link its bin; that install runs this hook in the project itself, with
// npm_command=exec. Without the guard a first `npx hrl --help` rebuilt the addon (minutes) and replaced it under any
// study running from the same folder. (With no `install` script at all, npm would run `node-gyp rebuild` by default
// because binding.gyp exists, so the hook has to stay, guarded.)
//
// A failed build leaves the install successful: the engine then runs on the TypeScript reference backend.
import { spawnSync } from 'node:child_process';

if (process.env.npm_command === 'exec') {
  console.log('hadamard-rl: not building the native addon for npx/npm exec (npm install builds it)');
  process.exit(0);
}
// `node-gyp` from PATH, as npm's default hook runs it: npm puts its bundled node-gyp there for lifecycle scripts
const r = spawnSync('node-gyp', ['rebuild'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (r.status !== 0) {
  const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit status ${r.status}`;
  console.warn(`hadamard-rl: native addon build failed (${why}); using the TypeScript backend`);
}
