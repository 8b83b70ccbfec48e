/**
 * One writer per run directory. A training process holds two things for the whole run:
 *
 * - a host lock that the kernel drops when the process dies, however it dies: a listening Unix socket in Linux's
 *   abstract namespace, named by the directory's real path (no file; another process binding it gets EADDRINUSE);
 * - an owner file `DIR/run.lock` (host, pid, process start, start time, a random token), created atomically (link),
 *   which other hosts sharing the folder (NFS) can see. Its modification time is the lease: the holder renews it
 *   while it runs, and another host may take the run over only after the lease has expired (default 120 s,
 *   HRL_RUN_LEASE_MS). On the same host a holder is alive exactly while its pid runs with the recorded start time.
 *
 * A second writer is refused with RunLockedError naming the holder. Fencing: before each write the holder calls
 * `check()`, which re-reads the owner file (at most once a second) and throws RunLockLostError if another writer has
 * taken over (it was frozen past its lease), so a stale writer stops before its next write. Clocks of hosts that share
 * a folder are assumed to agree to well within the lease.
 */
import { randomBytes, createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, linkSync, openSync, readFileSync, readSync, realpathSync, renameSync, rmSync, unlinkSync, utimesSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileSynced } from '../util/atomic-write.js';
import { ensureDir, fsError } from '../util/fs-errors.js';

export const LOCK_FILE = 'run.lock';
/** Exit status of a command refused because the run is held by another writer: try again later (sysexits EX_TEMPFAIL). */
export const EXIT_RUN_BUSY = 75;

export interface RunOwner {
  host: string;
  pid: number;
  /** The process's start time in clock ticks since boot (Linux), to tell a reused pid from the holder. */
  processStart: string | null;
  /** The boot the process belongs to (Linux), so a holder from before a reboot counts as gone. */
  bootId: string | null;
  startedAt: string;
  command: string;
  token: string;
}

/** The run directory is held by another live writer. */
export class RunLockedError extends Error {
  readonly exitCode = EXIT_RUN_BUSY;
  constructor(readonly dir: string, readonly holder: RunOwner | null, detail: string) {
    super(`${dir} is being written by ${holder ? describeOwner(holder) : 'another process'}${detail}; only one process may write a run directory (wait for it, or stop it)`);
  }
}

/** This process no longer holds the run: another writer took it over. */
export class RunLockLostError extends Error {
  readonly exitCode = EXIT_RUN_BUSY;
  constructor(readonly dir: string, readonly holder: RunOwner | null) {
    super(`${dir}: this process (pid ${process.pid}) lost the run to ${holder ? describeOwner(holder) : 'another writer (the lock file was removed)'}; it stops without writing anything more`);
  }
}

export function describeOwner(o: RunOwner): string {
  return `pid ${o.pid} on host ${o.host} (${o.command}, since ${o.startedAt})`;
}

const DEFAULT_LEASE_MS = 120_000;
const CHECK_EVERY_MS = 1000;

function leaseFromEnv(): number {
  const v = Number(process.env['HRL_RUN_LEASE_MS']);
  return Number.isFinite(v) && v >= 1000 ? v : DEFAULT_LEASE_MS;
}

function readOptional(path: string): string | null {
  try { return readFileSync(path, 'utf8').trim(); } catch { return null; }
}

/** Field 22 of /proc/PID/stat: the start time in clock ticks since boot. */
function processStart(pid: number): string | null {
  const stat = readOptional(`/proc/${pid}/stat`);
  if (!stat) return null;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a holder on this host is still running (not a dead process, a reused pid or one from before a reboot). */
function aliveHere(o: RunOwner): boolean {
  const boot = readOptional('/proc/sys/kernel/random/boot_id');
  if (o.bootId && boot && o.bootId !== boot) return false;
  if (!pidRuns(o.pid)) return false;
  const start = processStart(o.pid);
  return !(o.processStart && start && o.processStart !== start);
}

/** The owner file's content and age (by its modification time, read through an open file so NFS revalidates it). */
function readOwner(path: string): { owner: RunOwner | null; ageMs: number } | null {
  let fd: number;
  try { fd = openSync(path, 'r'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fsError('read', path, e);
  }
  try {
    const st = fstatSync(fd);
    const buf = Buffer.alloc(Math.min(st.size, 64 * 1024));
    const n = readSync(fd, buf, 0, buf.length, 0);
    let owner: RunOwner | null = null;
    try {
      const o = JSON.parse(buf.subarray(0, n).toString('utf8')) as RunOwner;
      if (typeof o.host === 'string' && Number.isInteger(o.pid) && typeof o.token === 'string') owner = o;
    } catch { /* unreadable: judged by its age alone */ }
    return { owner, ageMs: Date.now() - st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** Binds the host lock; null where abstract sockets do not exist (not Linux). Rejects with EADDRINUSE when held. */
function bindHostLock(realDir: string): Promise<Server | null> {
  if (process.platform !== 'linux') return Promise.resolve(null);
  const name = `\0hadamard-rl/run-lock/${createHash('sha256').update(realDir).digest('hex')}`;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? reject(e) : resolve(null)));
    server.listen({ path: name, exclusive: true }, () => {
      server.unref();
      resolve(server);
    });
  });
}

export interface RunLockOptions {
  /** How long an owner file on another host stays valid without renewal (default HRL_RUN_LEASE_MS or 120 s). */
  leaseMs?: number;
  /** What the holder is doing, shown to a refused second writer (default: this process's command line). */
  command?: string;
  /** Where notices go (taking over a stale lock); default stderr. */
  notice?: (line: string) => void;
}

export class RunLock {
  private lastCheck = Date.now();
  private lastRenew = Date.now();
  private released = false;
  private readonly onExit = (): void => this.release();

  private constructor(readonly dir: string, readonly owner: RunOwner, private readonly server: Server | null, readonly leaseMs: number) {
    process.once('exit', this.onExit);
  }

  get path(): string { return join(this.dir, LOCK_FILE); }

  /** Takes the run directory (created if needed) for this process, or throws RunLockedError naming the holder. */
  static async acquire(dir: string, opts: RunLockOptions = {}): Promise<RunLock> {
    ensureDir(dir);
    const leaseMs = opts.leaseMs ?? leaseFromEnv();
    const path = join(dir, LOCK_FILE);
    const notice = opts.notice ?? ((l: string) => process.stderr.write(`hadamard-rl: ${l}\n`));
    let server: Server | null;
    try {
      server = await bindHostLock(realpathSync(dir));
    } catch {
      throw new RunLockedError(dir, await ownerOfHeldLock(path), '');
    }
    const owner: RunOwner = {
      host: hostname(), pid: process.pid, processStart: processStart(process.pid), bootId: readOptional('/proc/sys/kernel/random/boot_id'),
      startedAt: new Date().toISOString(), command: opts.command ?? ['hrl', ...process.argv.slice(2)].join(' '), token: randomBytes(12).toString('hex'),
    };
    try {
      for (let attempt = 0; ; attempt++) {
        if (createOwnerFile(path, owner)) return new RunLock(dir, owner, server, leaseMs);
        const held = readOwner(path);
        if (!held) {
          if (attempt > 10) throw new RunLockedError(dir, null, ' (its lock file keeps appearing and disappearing)');
          continue; // released in between: try again
        }
        const { owner: other, ageMs } = held;
        let stale: string | null;
        if (!other) stale = ageMs > leaseMs ? `an unreadable lock file, untouched for ${Math.round(ageMs / 1000)} s` : null;
        else if (other.host === owner.host) stale = aliveHere(other) ? null : `${describeOwner(other)} is no longer running`;
        else stale = ageMs > leaseMs ? `the lease of ${describeOwner(other)} expired ${Math.round((ageMs - leaseMs) / 1000)} s ago` : null;
        if (stale === null || attempt >= 3) {
          const detail = other && other.host !== owner.host ? ` (lease renewed ${Math.round(ageMs / 1000)} s ago; it expires after ${Math.round(leaseMs / 1000)} s without renewal)` : '';
          throw new RunLockedError(dir, other, stale === null ? detail : ' (it keeps being re-taken)');
        }
        notice(`${dir}: taking over the run lock: ${stale}`);
        const aside = join(dir, `.${LOCK_FILE}.stale.${process.pid}.${Date.now()}.tmp`); // removeStaleTemporaries' pattern
        try { renameSync(path, aside); rmSync(aside, { force: true }); } catch { /* another process got there first */ }
      }
    } catch (e) {
      server?.close();
      throw e;
    }
  }

  /** Fencing: throws RunLockLostError if another writer has taken the run over; renews the lease. Cheap to call often. */
  check(): void {
    const now = Date.now();
    if (now - this.lastCheck < CHECK_EVERY_MS) return;
    this.verify();
  }

  /** `check` without the once-a-second throttle: before a commit. */
  verify(): void {
    if (this.released) throw new RunLockLostError(this.dir, null);
    const held = readOwner(this.path);
    if (!held || held.owner?.token !== this.owner.token) throw new RunLockLostError(this.dir, held?.owner ?? null);
    const now = Date.now();
    this.lastCheck = now;
    if (now - this.lastRenew >= this.leaseMs / 4) {
      // renewing touches the time only: if another writer replaced the file in between, this extends its lease, never
      // overwrites its ownership
      try { utimesSync(this.path, now / 1000, now / 1000); } catch (e) { throw fsError('renew the lease of', this.path, e); }
      this.lastRenew = now;
    }
  }

  /** Gives the run up: removes the owner file if it is still ours and drops the host lock. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    try {
      if (readOwner(this.path)?.owner?.token === this.owner.token) unlinkSync(this.path);
    } catch { /* the next writer judges a leftover file by its holder */ }
    this.server?.close();
  }
}

/** Creates the owner file atomically with its full content (written aside, then hard-linked: fails if it exists). */
function createOwnerFile(path: string, owner: RunOwner): boolean {
  const tmp = join(dirname(path), `.${LOCK_FILE}.${process.pid}.${Date.now()}.tmp`); // removeStaleTemporaries' pattern
  writeFileSynced(tmp, JSON.stringify(owner, null, 1) + '\n');
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fsError('create', path, e);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The current holder of a run directory, if any (for messages). */
export function runOwner(dir: string): RunOwner | null {
  return existsSync(join(dir, LOCK_FILE)) ? readOwner(join(dir, LOCK_FILE))?.owner ?? null : null;
}

/**
 * The owner of a lock another process holds. It takes the kernel lock before it writes its owner file, so right after
 * it started the file may not be there yet: wait for it a little (a busy machine can take a while) before giving up.
 */
async function ownerOfHeldLock(path: string, waitMs = 3000): Promise<RunOwner | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const owner = readOwner(path)?.owner ?? null;
    if (owner || Date.now() >= deadline) return owner;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
