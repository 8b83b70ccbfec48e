/**
 * For checkpoint-safety.test.ts: `node crash-child.js CONFIG_JSON RUN_DIR` trains a run and, with CRASH_AT=k, kills
 * itself with SIGKILL just before its k-th file-system change under RUN_DIR/checkpoints (opening a file for writing, a
 * write or fsync to it, a rename, a removal, a mkdir, a link): a kill -9 at a chosen moment of a checkpoint save.
 * With CRASH_AT=0 it prints the number of such changes of the whole run. Without arguments it does nothing (node --test
 * may load it as a test file).
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const [configJson, runDir] = process.argv.slice(2);
if (configJson && runDir) await main(JSON.parse(configJson) as Record<string, string | number | boolean>, runDir);

async function main(config: Record<string, string | number | boolean>, dir: string): Promise<void> {
  const crashAt = Number(process.env['CRASH_AT'] ?? 0);
  const inCheckpoints = (p: unknown): boolean => String(p).includes(`${dir}/checkpoints`);
  const fds = new Set<number>();
  let changes = 0;
  const change = (): void => {
    changes++;
    if (changes === crashAt) process.kill(process.pid, 'SIGKILL');
  };
  type AnyFn = (...args: unknown[]) => unknown;
  const wrap = (name: keyof typeof fs, before: (args: unknown[]) => void, after?: (result: unknown, args: unknown[]) => void): void => {
    const original = fs[name] as unknown as AnyFn;
    (fs as unknown as Record<string, AnyFn>)[name] = (...args: unknown[]): unknown => {
      before(args);
      const result = original(...args);
      after?.(result, args);
      return result;
    };
  };
  wrap('openSync', (a) => { if (inCheckpoints(a[0]) && /[wa]/.test(String(a[1] ?? 'r'))) change(); },
    (fd, a) => { if (inCheckpoints(a[0]) && /[wa]/.test(String(a[1] ?? 'r'))) fds.add(fd as number); });
  wrap('writeSync', (a) => { if (fds.has(a[0] as number)) change(); });
  wrap('fsyncSync', (a) => { if (fds.has(a[0] as number)) change(); });
  wrap('closeSync', (a) => { fds.delete(a[0] as number); });
  for (const name of ['renameSync', 'linkSync', 'rmSync', 'unlinkSync', 'mkdirSync'] as const) {
    wrap(name, (a) => { if (inCheckpoints(a[0]) || inCheckpoints(a[1])) change(); });
  }
  syncBuiltinESMExports();
  await import('../../src/agents/index.js');
  const { resolveConfig } = await import('../../src/training/config.js');
  const { train } = await import('../../src/training/train.js');
  await train(resolveConfig(config), dir, { progress: false });
  if (crashAt === 0) console.log(JSON.stringify({ changes }));
}
