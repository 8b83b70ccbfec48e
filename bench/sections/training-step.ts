/**
 * Training-step benchmark against PyTorch (issue 3): the Nature-CNN DQN step (uint8 84×84×4 input scaled to [0, 1],
 * conv 32 8×8/4 → 64 4×4/2 → 64 3×3/1 with ReLU → dense 512 tanh, or a Hadamard tanh layer (two 3136→512 branches
 * multiplied) → 18 actions, MSE loss against a random target, Adam) at batch 32 and 256; the MinAtar network (10×10×4,
 * conv 16 3×3/1 → ReLU → dense 128 → ReLU → 3 actions) at batch 32; and batch-1 acting forwards of both.
 *
 * PyTorch runs bench/torch/training_step.py (same networks, shapes, optimizer and step) twice, with OMP_NUM_THREADS
 * 1 and 2, with the OpenBLAS library path; the better time per row is reported with its thread count.
 * Ours runs each step in a scratch scope with the input batch temporary, as the agents do (the step's storage is
 * reused by the next step).
 * Medians over the timed repetitions, after warm-up. On the TypeScript reference backend the batch-256 rows are
 * skipped and slow rows get few repetitions, to keep the section within about three minutes.
 *
 * Flags: --quick (fewer repetitions, one round), --no-torch (skip PyTorch), --rows=a,b (only those rows),
 * --rounds=N (default 3: rounds of ours-then-PyTorch per row; the ratio is the median of the per-round ratios).
 */
import { backend, mseLoss, noGrad, scratch, tensor, type Tensor } from '../../src/tensor/index.js';
import { Activation, Conv2d, Flatten, Hadamard, Linear, Sequential, type Module } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';
import { Rng } from '../../src/util/rng.js';
import { obsToTensor } from '../../src/training/observations.js';
import { median, runTorchScript, torchIsaSettings } from '../lib/torch.js';

interface RowResult { medianMs: number; reps: number }
interface TorchOutput { torch: string; threads: number; rows: Record<string, RowResult> }

function natureCnn(hadamard: boolean, rng: Rng): Module {
  const hidden: Module[] = hadamard
    ? [Hadamard.dense(3136, 512, { activation: 'tanh', rng })]
    : [new Linear(3136, 512, { rng }), new Activation('tanh')];
  return new Sequential(
    new Conv2d(4, 32, 8, { stride: 4, rng }), new Activation('relu'),
    new Conv2d(32, 64, 4, { stride: 2, rng }), new Activation('relu'),
    new Conv2d(64, 64, 3, { stride: 1, rng }), new Activation('relu'),
    new Flatten(), ...hidden, new Linear(512, 18, { rng }),
  );
}

function minatarNet(rng: Rng): Module {
  return new Sequential(
    new Conv2d(4, 16, 3, { stride: 1, rng }), new Activation('relu'), new Flatten(),
    new Linear(16 * 8 * 8, 128, { rng }), new Activation('relu'), new Linear(128, 3, { rng }),
  );
}

function randomObs(n: number, rng: Rng): Uint8Array {
  const obs = new Uint8Array(n);
  for (let i = 0; i < n; i++) obs[i] = rng.nextU32() & 255;
  return obs;
}

/** One DQN-style update: the uint8 batch to a scaled float input (as the agents do it), forward, MSE to a fixed random target, backward, Adam step. */
function trainStep(net: Module, obsShape: readonly number[], batch: number, actions: number, lr: number): () => void {
  const rng = new Rng(1);
  const shape = [batch, ...obsShape];
  const obs = randomObs(shape.reduce((a, b) => a * b, 1), rng);
  const target = tensor(Array.from({ length: batch * actions }, () => rng.normal()), [batch, actions]);
  const opt = new Adam(net.parameters(), { lr });
  // in a scratch scope, as the agents run their updates: the step's storage is recycled into the next one
  return () => scratch(() => {
    const x = obsToTensor(obs, batch, obsShape, 1 / 255);
    const loss: Tensor = mseLoss(net.forward(x), target);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  });
}

function actStep(net: Module, obsShape: readonly number[]): () => void {
  const shape = [1, ...obsShape];
  const obs = randomObs(shape.reduce((a, b) => a * b, 1), new Rng(2));
  return () => scratch(() => noGrad(() => void net.forward(obsToTensor(obs, 1, obsShape, 1 / 255)).argmax(1)));
}

interface RowSpec { name: string; label: string; heavy: boolean; make: () => () => void }

const ROWS: RowSpec[] = [
  { name: 'nature-tanh-b32', label: 'Nature CNN, tanh, train step, batch 32', heavy: false, make: () => trainStep(natureCnn(false, new Rng(0)), [4, 84, 84], 32, 18, 1e-4) },
  { name: 'nature-hr-tanh-b32', label: 'Nature CNN, HR tanh, train step, batch 32', heavy: false, make: () => trainStep(natureCnn(true, new Rng(0)), [4, 84, 84], 32, 18, 1e-4) },
  { name: 'nature-tanh-b256', label: 'Nature CNN, tanh, train step, batch 256', heavy: true, make: () => trainStep(natureCnn(false, new Rng(0)), [4, 84, 84], 256, 18, 1e-4) },
  { name: 'nature-hr-tanh-b256', label: 'Nature CNN, HR tanh, train step, batch 256', heavy: true, make: () => trainStep(natureCnn(true, new Rng(0)), [4, 84, 84], 256, 18, 1e-4) },
  { name: 'minatar-b32', label: 'MinAtar net, train step, batch 32', heavy: false, make: () => trainStep(minatarNet(new Rng(0)), [4, 10, 10], 32, 3, 2.5e-4) },
  { name: 'nature-act-b1', label: 'Nature CNN, act (forward), batch 1', heavy: false, make: () => actStep(natureCnn(false, new Rng(0)), [4, 84, 84]) },
  { name: 'minatar-act-b1', label: 'MinAtar net, act (forward), batch 1', heavy: false, make: () => actStep(minatarNet(new Rng(0)), [4, 10, 10]) },
];

/**
 * Median over repetitions after warm-up. The repetition count follows the cost of one call: at least `minReps`
 * (10 normally), more for fast rows, fewer (down to 3) when a row would exceed `budgetMs`.
 */
function timeRow(fn: () => void, budgetMs: number, minReps: number): RowResult {
  let t0 = performance.now();
  fn(); // warm-up: JIT, buffer allocation
  const first = performance.now() - t0;
  // cheap rows warm up for ~100 ms more: V8 optimises a function only after many calls (a 25 µs step is still
  // unoptimised after 3), and the steady state is what a training run sees
  if (first < budgetMs / 20) for (const end = performance.now() + 100; performance.now() < end;) fn();
  t0 = performance.now();
  fn();
  const once = Math.max(performance.now() - t0, 1e-3);
  const reps = Math.max(3, Math.min(200, Math.max(Math.min(minReps, Math.floor(budgetMs / once)), Math.floor(500 / once))));
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return { medianMs: median(times), reps };
}

function runTorch(threads: number, rows: readonly string[], quick: boolean): TorchOutput | string {
  return runTorchScript<TorchOutput>('training_step.py', ['--rows', rows.join(','), ...(quick ? ['--reps', '5', '--warmup', '1'] : [])], threads);
}

const fmtMs = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));

interface TorchRow extends RowResult { threads: number }

/** PyTorch's best of 1 and 2 threads on one row (null when it could not run; the reason goes to `notes`). */
function torchBestOf(row: string, quick: boolean, notes: Set<string>): TorchRow | null {
  let best: TorchRow | null = null;
  for (const threads of [1, 2]) {
    const out = runTorch(threads, [row], quick);
    if (typeof out === 'string') { notes.add(`${threads} thread(s): ${out}`); continue; }
    notes.add(`torch ${out.torch} (OpenBLAS; ${torchIsaSettings().describe})`);
    const res = out.rows[row];
    if (res && (!best || res.medianMs < best.medianMs)) best = { ...res, threads };
  }
  return best;
}

/** One round of a row: our median and PyTorch's, measured back to back. */
interface Round { ours: RowResult; torch: TorchRow | null }

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const noTorch = args.includes('--no-torch');
  const rowsArg = args.find((a) => a.startsWith('--rows='))?.slice('--rows='.length);
  const roundsArg = Number(args.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? (quick ? 1 : 3));
  if (!Number.isInteger(roundsArg) || roundsArg < 1) throw new Error(`--rounds must be a positive integer (got ${roundsArg})`);
  const be = backend();
  const isReference = be.name === 'ts';
  let rows = ROWS.filter((r) => !rowsArg || rowsArg.split(',').includes(r.name));
  const skipped = isReference ? rows.filter((r) => r.heavy).map((r) => r.name) : [];
  rows = rows.filter((r) => !skipped.includes(r.name));
  console.log(`ours: backend ${be.name} (${be.describe()}), Node ${process.version}`);
  if (skipped.length) console.log(`skipped on the reference backend (too slow): ${skipped.join(', ')}`);
  // This VM's speed drifts by tens of percent within minutes, so each row is measured in rounds, ours then
  // PyTorch's back to back, and the ratio is taken within each round: a slow spell then slows both sides alike.
  console.log(`${roundsArg} round(s); in each, every row runs ours and then PyTorch (best of 1 and 2 threads)`);

  const rounds = new Map<string, Round[]>(rows.map((r) => [r.name, []]));
  const notes = new Set<string>();
  for (let k = 0; k < roundsArg; k++) {
    for (const r of rows) {
      const ours = timeRow(r.make(), quick ? 3_000 : isReference ? 15_000 : 8_000 / roundsArg, quick ? 3 : 10);
      const torch = noTorch ? null : torchBestOf(r.name, quick, notes);
      rounds.get(r.name)!.push({ ours, torch });
      const vs = torch ? ` | PyTorch ${fmtMs(torch.medianMs)} ms (${torch.threads}T) → ${(ours.medianMs / torch.medianMs).toFixed(2)}×` : '';
      console.log(`  round ${k + 1} ${r.name}: ours ${fmtMs(ours.medianMs)} ms (median of ${ours.reps})${vs}`);
    }
  }
  const ranTorch = [...rounds.values()].some((rs) => rs.some((x) => x.torch));
  console.log(noTorch ? 'PyTorch not run (--no-torch)' : ranTorch ? `PyTorch: ${[...notes].join('; ')}` : `PyTorch unavailable: ${[...notes].join('; ')}; showing our numbers only`);

  console.log('');
  console.log('Medians over the rounds; the ratio is the median of the per-round ratios (their range in brackets).');
  console.log('| row | ours median ms | PyTorch median ms (threads) | ours / PyTorch |');
  console.log('|---|---:|---:|---:|');
  for (const r of ROWS) {
    if (rowsArg && !rowsArg.split(',').includes(r.name)) continue;
    const rs = rounds.get(r.name) ?? [];
    if (!rs.length) { console.log(`| ${r.label} | skipped | — | — |`); continue; }
    const oursMs = median(rs.map((x) => x.ours.medianMs));
    const paired = rs.filter((x): x is { ours: RowResult; torch: TorchRow } => x.torch !== null);
    const oStr = `${fmtMs(oursMs)} (n=${rs.map((x) => x.ours.reps).join('+')})`;
    let tStr = '—', ratio = '—';
    if (paired.length) {
      const threads = [...new Set(paired.map((x) => `${x.torch.threads}T`))].join('/');
      tStr = `${fmtMs(median(paired.map((x) => x.torch.medianMs)))} (${threads}, n=${paired.map((x) => x.torch.reps).join('+')})`;
      const ratios = paired.map((x) => x.ours.medianMs / x.torch.medianMs);
      ratio = `${median(ratios).toFixed(2)}×` + (ratios.length > 1 ? ` [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]` : '');
    }
    console.log(`| ${r.label} | ${oStr} | ${tStr} | ${ratio} |`);
  }
}
