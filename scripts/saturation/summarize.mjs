#!/usr/bin/env node
// Saturation over training, one table per run: reads each RUN_DIR/metrics.jsonl (hrl train --diag-every N) and prints,
// per diagnostics row of the representation layer (and its HR branches), the fraction of neurons saturated on every
// probe state (strict), on ≥ 99 % and ≥ 90 % of them, the fraction of all activations that are saturated (act), the
// dead fractions likewise (ReLU), srank, erank, and the mean
// return of the episodes that ended since the previous row. `--final` prints only each run's last row.
// usage: node scripts/saturation/summarize.mjs [--final] RUN_DIR...
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const finalOnly = args[0] === '--final';
const dirs = finalOnly ? args.slice(1) : args;
if (dirs.length === 0) {
  console.error('usage: node scripts/saturation/summarize.mjs [--final] RUN_DIR...');
  process.exit(2);
}
const pct = (v) => (v === null || v === undefined ? '   –' : (100 * v).toFixed(1).padStart(5));
const num = (v, d = 1) => (v === null || v === undefined ? '   –' : v.toFixed(d).padStart(6));

for (const dir of dirs) {
  let text;
  try {
    text = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
  } catch (e) {
    console.error(`${dir}: no metrics.jsonl (${e.message})`);
    continue;
  }
  const rows = text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const returns = [];
  const lines = [];
  let lastTime = null;
  for (const r of rows) {
    if (r.kind === 'episode') returns.push(r.return);
    if (r.kind !== 'diagnostics' || !r.layers) continue;
    const recent = returns.splice(0);
    const ret = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : null;
    const names = Object.keys(r.layers).sort();
    const rep = names.filter((n) => !n.includes('.branch')).at(-1);
    for (const name of names.filter((n) => n === rep || n.startsWith(`${rep}.branch`))) {
      const s = r.layers[name];
      lines.push(
        `${String(r.step).padStart(9)} ${name.padEnd(16)} ${pct(s.saturated)} ${pct(s.saturated99)} ${pct(s.saturated90)} ${pct(s.saturatedActivations)}` +
          ` ${pct(s.dead)} ${pct(s.dead99)} ${pct(s.dead90)} ${pct(s.deadActivations)} ${pct(s.dormant)} ${num(s.srank, 0)} ${num(s.erank)} ${name === rep ? num(ret, 2) : ''}`,
      );
    }
    lastTime = r.step;
  }
  const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  const c = cfg.config ?? cfg;
  console.log(`\n${dir}: ${c.algo} ${c.env} ${c.activation}${c.hadamard !== 'none' ? '-hr' : ''} ln=${c['layer-norm']} lr=${c.lr} seed=${c.seed} steps=${c.steps}`);
  console.log('     step layer            sat  sat99 sat90 satAct dead dead99 dead90 deadAct dorm srank erank return');
  for (const l of finalOnly ? lines.slice(-(lines.length && lastTime !== null ? 1 : 0)) : lines) console.log(l);
}
