/** `hrl worker --redis URL --out DIR`: runs sweep jobs from a BullMQ queue (docs/distributed.md). */
import { numberFlag, parse, UsageError } from '../args.js';

const USAGE = `usage: hrl worker --redis URL --out DIR [--concurrency N] [--queue NAME] [--lock-ms MS] [--stalled-ms MS]

Takes sweep runs queued by 'hrl sweep FILE --out DIR --redis URL' and trains them into DIR, a folder every worker
and the sweep command share (e.g. an NFS mount, the same path on each machine). Runs until stopped; Ctrl-C or
SIGTERM checkpoints the running runs and returns their jobs to the queue. A worker that dies has its runs resumed
from their checkpoints by another worker once their locks expire. See docs/distributed.md.
  --redis URL        redis://HOST:PORT[/DB] (required)
  --out DIR          the shared sweep folder (required)
  --concurrency N    runs at a time (default 1; one per core the runs may use)
  --queue NAME       queue name (default hrl-sweep)
  --lock-ms MS       job lock duration: how soon a dead worker's run is retried (default 30000)
  --stalled-ms MS    interval of the stalled-job check (default 15000)`;

export async function workerCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    redis: { type: 'string' }, out: { type: 'string' }, concurrency: { type: 'string' }, queue: { type: 'string' },
    'lock-ms': { type: 'string' }, 'stalled-ms': { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (values['help']) { console.log(USAGE); return; }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'\n\n${USAGE}`);
  const redis = values['redis'], out = values['out'];
  if (typeof redis !== 'string' || typeof out !== 'string') throw new UsageError(`--redis URL and --out DIR are required\n\n${USAGE}`);
  const { startWorker } = await import('../../experiments/sweep/distributed.js');
  const w = startWorker({
    redis, out, queue: typeof values['queue'] === 'string' ? values['queue'] : undefined,
    concurrency: numberFlag(values, 'concurrency', 1, { min: 1, integer: true }),
    lockDurationMs: numberFlag(values, 'lock-ms', 30_000, { min: 500, integer: true }),
    stalledIntervalMs: numberFlag(values, 'stalled-ms', 15_000, { min: 200, integer: true }),
  });
  const stop = (sig: string): void => {
    console.log(`worker: ${sig}, checkpointing running runs and returning their jobs to the queue`);
    void w.close();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await w.closed;
}
