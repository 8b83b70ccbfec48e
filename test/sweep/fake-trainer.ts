/**
 * A stand-in for `hrl train` in sweep tests: writes a run directory per docs/run-format.md (config.json, status.json,
 * metrics.jsonl with episode/train/diagnostics rows, a checkpoint marker), honours --resume, checkpoints and stops on
 * SIGTERM/SIGINT. Like `hrl train` it holds the run directory's lock (src/training/run-lock.ts) and exits 75 when
 * another process holds it. Each invocation is appended to DIR/invocations.txt ("start" or "resume@STEP"). Environment:
 * FAKE_STEP_MS (delay per step, default 1), FAKE_STOP_MS (time a stop takes before its checkpoint, default 0),
 * FAKE_FAIL (a run fails when its name contains this string).
 * Without arguments it does nothing (node --test may load it as a test file).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RunLock, RunLockedError } from '../../src/training/run-lock.js';

const argv = process.argv.slice(2);
if (argv[0] === 'train') await main(argv.slice(1));

function opt(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const resumeDir = opt(args, 'resume');
  const dir = resumeDir ?? opt(args, 'out')!;
  const ckPath = join(dir, 'checkpoints', 'latest.safetensors');
  let lock: RunLock;
  try {
    lock = await RunLock.acquire(dir);
  } catch (e) {
    if (!(e instanceof RunLockedError)) throw e;
    console.error(`fake trainer: ${e.message}`);
    process.exit(e.exitCode);
  }
  let step = 0;
  let cfg: Record<string, string | number | boolean>;
  if (resumeDir) {
    cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as typeof cfg;
    step = (JSON.parse(readFileSync(`${ckPath}.json`, 'utf8')) as { step: number }).step;
    const kept = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l && (JSON.parse(l) as { step: number }).step <= step);
    writeFileSync(join(dir, 'metrics.jsonl'), kept.map((l) => l + '\n').join(''));
  } else {
    cfg = { ...(JSON.parse(readFileSync(opt(args, 'config')!, 'utf8')) as typeof cfg), version: 1 };
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify(cfg));
    writeFileSync(join(dir, 'metrics.jsonl'), '');
  }
  appendFileSync(join(dir, 'invocations.txt'), resumeDir ? `resume@${step}\n` : 'start\n');
  const total = Number(cfg['steps'] ?? 100);
  const every = Number(cfg['checkpoint-every'] ?? 10) || 10;
  const seed = Number(cfg['seed'] ?? 1);
  const hr = cfg['hadamard'] === 'last' ? 1 : 0;
  const tanh = cfg['activation'] === 'tanh';
  const delay = Number(process.env['FAKE_STEP_MS'] ?? 1);
  const status = (state: string): void => writeFileSync(join(dir, 'status.json'), JSON.stringify({ state, step, totalSteps: total, updatedAt: new Date().toISOString() }));
  const checkpoint = (): void => {
    mkdirSync(join(dir, 'checkpoints'), { recursive: true });
    writeFileSync(ckPath, 'fake');
    writeFileSync(`${ckPath}.json`, JSON.stringify({ step }));
  };
  const row = (r: object): void => {
    lock.check();
    appendFileSync(join(dir, 'metrics.jsonl'), JSON.stringify(r) + '\n');
  };
  let stop = false;
  process.on('SIGTERM', () => { stop = true; });
  process.on('SIGINT', () => { stop = true; });
  status('running');
  console.log(`fake training ${basename(dir)} from step ${step}`);
  if (process.env['FAKE_FAIL'] && dir.includes(process.env['FAKE_FAIL'])) {
    console.error('fake failure');
    status('failed');
    process.exit(1);
  }
  while (step < total) {
    if (stop) {
      await new Promise((r) => setTimeout(r, Number(process.env['FAKE_STOP_MS'] ?? 0)));
      checkpoint();
      status('interrupted');
      process.exit(130);
    }
    step++;
    // Returns grow with training; HR and the seed shift them, so groups differ in a known way.
    if (step % 5 === 0) row({ kind: 'episode', step, return: (step / total) * 100 + 10 * hr + seed, length: 5 });
    if (step % 10 === 0) row({ kind: 'train', step, loss: 1 / step, lr: 1e-3, sps: 1000 });
    if (step % 20 === 0 || step === total) {
      const frac = 0.5 * (1 - step / total) * (hr ? 0.5 : 1);
      const layer: Record<string, unknown> = {
        width: 8, dead: tanh ? null : frac, saturated: tanh ? frac : null, dormant: frac, dormant0: frac, constant: frac,
        srank: 8 - 4 * frac, erank: 6 - 4 * frac, stableRank: 2,
        hiddenBias: { inactive: 2, dead: [3 + hr, 5 + hr], live: [1, 1], deadAbs: [4, 5], liveAbs: [1, 1] },
      };
      if (step === total) {
        const x = Array.from({ length: 21 }, (_, i) => -1.1 + (2.2 * i) / 20);
        layer['kde'] = { neurons: [0, 1, 2, 3], x, density: [0, 1, 2, 3].map((n) => x.map((v) => Math.exp(-((v - (tanh && !hr ? 0.95 : 0.2 * n - 0.3)) ** 2) / 0.02))) };
      }
      row({ kind: 'diagnostics', step, layers: { 'hidden.0': layer } });
    }
    if (step % every === 0) { checkpoint(); status('running'); }
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  }
  checkpoint();
  status('finished');
  console.log('finished');
}
