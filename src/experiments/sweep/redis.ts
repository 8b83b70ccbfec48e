/**
 * The Redis connection of the distributed sweep and its workers, and how its troubles are told: a lost connection is
 * one line naming the cause and the retry back-off, and its return another, instead of an error (with a stack trace)
 * per failed retry of every client; other errors are single lines, each at most once per 10 s.
 */
import { Redis } from 'ioredis';

/** The longest wait between reconnection attempts; the sweep and the workers retry for as long as it takes. */
export const RETRY_MAX_MS = 5000;

/** An ioredis client for a redis:// or rediss:// URL, set up as BullMQ requires (no per-request retry limit). */
export function redisClient(url: string): Redis {
  let u: URL;
  try { u = new URL(url); } catch { throw new Error(`--redis: '${url}' is not a URL (expected redis://HOST:PORT[/DB])`); }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`--redis: expected a redis:// URL, got '${url}'`);
  return new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (attempt) => Math.min(200 * attempt, RETRY_MAX_MS) });
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

export function isConnectionError(e: Error): boolean {
  const code = (e as Error & { code?: unknown }).code;
  return (typeof code === 'string' && CONNECTION_CODES.has(code)) || /Connection is closed|Stream isn't writeable/.test(e.message);
}

export interface ConnectionReport {
  /** An error from the client, a Queue or a Worker (they share the connection's troubles). */
  error(e: Error): void;
}

/**
 * Watches `client` (and whatever passes errors to `error`): logs "lost the connection …" once when it goes down and
 * "… is back" when it is ready again.
 */
export function reportConnection(client: Redis, log: (line: string) => void): ConnectionReport {
  const { host, port } = client.options;
  let downSince: number | null = null;
  let wasReady = false;
  const lastLogged = new Map<string, number>();
  const error = (e: Error): void => {
    if (isConnectionError(e)) {
      if (downSince !== null) return;
      downSince = Date.now();
      const what = wasReady ? 'lost the connection to' : 'cannot connect to';
      log(`redis: ${what} ${host ?? '?'}:${port ?? '?'} (${e.message}); retrying with back-off (every ${RETRY_MAX_MS / 1000} s at most) until it is back`);
      return;
    }
    const now = Date.now();
    if (now - (lastLogged.get(e.message) ?? 0) < 10_000) return;
    lastLogged.set(e.message, now);
    log(`redis: ${e.message}`);
  };
  client.on('error', error);
  client.on('ready', () => {
    wasReady = true;
    if (downSince === null) return;
    log(`redis: connection to ${host ?? '?'}:${port ?? '?'} is back after ${((Date.now() - downSince) / 1000).toFixed(1)} s`);
    downSince = null;
  });
  return { error };
}
