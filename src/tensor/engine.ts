/**
 * Which backend the ops dispatch to, and whether autograd records graphs.
 * The active backend is chosen once, on first use: the native addon when it loads, else the TypeScript reference
 * (with a one-line notice); HRL_BACKEND=ts|native forces one. Tests may switch with `setBackend`.
 */
import type { Backend } from './backend.js';
import { ReferenceBackend } from './backends/reference.js';

let active: Backend | null = null;
const reference = new ReferenceBackend();
/** Loaders for optional backends, registered by their modules (the native one registers itself when imported). */
const loaders = new Map<string, () => Backend | null>();

export function registerBackendLoader(name: string, load: () => Backend | null): void {
  loaders.set(name, load);
}

export function referenceBackend(): Backend {
  return reference;
}

/** The backend selected by HRL_BACKEND, or the best one available. */
export function selectBackend(requested = process.env['HRL_BACKEND'] ?? ''): Backend {
  if (requested === 'ts') return reference;
  if (requested !== '' && requested !== 'native') {
    throw new Error(`HRL_BACKEND=${requested} is not a backend; use 'ts' or 'native'`);
  }
  const nativeLoader = loaders.get('native');
  const native = nativeLoader ? nativeLoader() : null;
  if (native) return native;
  if (requested === 'native') {
    throw new Error('HRL_BACKEND=native was requested but the native addon is not available (build it with `npm install`, or see `hrl info`)');
  }
  if (nativeLoader && process.env['HRL_QUIET'] !== '1') {
    process.stderr.write('hadamard-rl: native addon not available, using the TypeScript reference backend (slower)\n');
  }
  return reference;
}

export function backend(): Backend {
  if (active === null) active = selectBackend();
  return active;
}

export function setBackend(b: Backend): void {
  active = b;
}

/** Runs fn with `b` as the active backend, restoring the previous one afterwards (for tests). */
export function withBackend<T>(b: Backend, fn: () => T): T {
  const prev = active;
  active = b;
  try {
    return fn();
  } finally {
    active = prev;
  }
}

let gradDisabledDepth = 0;

export function isGradEnabled(): boolean {
  return gradDisabledDepth === 0;
}

/** Runs fn without recording the autograd graph (like torch.no_grad()). */
export function noGrad<T>(fn: () => T): T {
  gradDisabledDepth++;
  try {
    return fn();
  } finally {
    gradDisabledDepth--;
  }
}
