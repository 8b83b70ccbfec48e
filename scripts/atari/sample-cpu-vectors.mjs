#!/usr/bin/env node
// Samples the NMOS 6502 single-step test vectors (Thomas Harte's ProcessorTests "6502/v1", MIT) into the compact
// fixture test/fixtures/atari/cpu-single-step/XX.json that test/envs/atari/cpu.test.ts replays. Not run in CI.
//
//   node scripts/atari/sample-cpu-vectors.mjs DIR [CASES_PER_OPCODE=32]
//
// DIR holds one file per opcode: either the upstream JSON (00.json … ff.json) or the binary re-encoding of the same
// vectors by jepebe/ProcessorTestsBinaries (00.bin … ff.bin; big-endian words, see decodeBinary).
// Sampling is deterministic (a PRNG seeded with the opcode): first one case for each distinct (bus-cycle count,
// decimal flag) pair, so page crosses, taken branches and decimal mode are all represented, then uniformly at random.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'test/fixtures/atari/cpu-single-step');

// Known errors of the 2022 vectors, confirmed and fixed upstream later (ProcessorTests issue #46): NOP abs ($0C) lists
// 3 bus cycles, leaving out its read of the operand address, and NOP abs,X lists 4 even when the index crosses a page,
// where the chip reads the unfixed address first, as every abs,X read does. Those cases are left out here;
// cpu.test.ts checks both NOPs with hand-written cases instead.
const NOP_ABS_X = new Set([0x1c, 0x3c, 0x5c, 0x7c, 0xdc, 0xfc]);
function knownWrong(opcode, test) {
  if (opcode === 0x0c) return true;
  if (!NOP_ABS_X.has(opcode)) return false;
  const at = (address) => test.initial.ram.find(([a]) => a === address)?.[1] ?? 0;
  const base = at((test.initial.pc + 1) & 0xffff) | (at((test.initial.pc + 2) & 0xffff) << 8);
  return ((base ^ (base + test.initial.x)) & 0xff00) !== 0;
}

function decodeBinary(buf) {
  const tests = [];
  let i = 0;
  const u8 = () => buf[i++];
  const u16 = () => { const v = (buf[i] << 8) | buf[i + 1]; i += 2; return v; };
  const state = () => {
    const s = { pc: u16(), s: u8(), a: u8(), x: u8(), y: u8(), p: u8(), ram: [] };
    for (let n = u8(); n > 0; n--) s.ram.push([u16(), u8()]);
    return s;
  };
  while (i < buf.length) {
    const name = buf.subarray(i, i + 10).toString('latin1').replace(/\0.*$/s, '');
    i += 10;
    const initial = state(), final = state(), cycles = [];
    for (let n = u8(); n > 0; n--) {
      const address = u16(), value = u8(), kind = u8();
      cycles.push([address, value, kind === 0x77 ? 'write' : 'read']);
    }
    tests.push({ name, initial, final, cycles });
  }
  return tests;
}

function load(dir, opcode) {
  const hex = opcode.toString(16).padStart(2, '0');
  const json = path.join(dir, `${hex}.json`), bin = path.join(dir, `${hex}.bin`);
  if (fs.existsSync(json)) return JSON.parse(fs.readFileSync(json, 'utf8'));
  if (fs.existsSync(bin)) return decodeBinary(fs.readFileSync(bin));
  throw new Error(`no ${hex}.json or ${hex}.bin in ${dir}`);
}

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(opcode, tests, count) {
  const random = mulberry32(0x6502 + opcode);
  const order = tests.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const usable = order.filter((i) => !knownWrong(opcode, tests[i]));
  const chosen = [], seen = new Set();
  for (const i of usable) {
    const key = `${tests[i].cycles.length}:${tests[i].initial.p & 0x08}`;
    if (!seen.has(key)) { seen.add(key); chosen.push(i); }
  }
  for (const i of usable) {
    if (chosen.length >= count) break;
    if (!chosen.includes(i)) chosen.push(i);
  }
  return chosen.slice(0, count).sort((x, y) => x - y).map((i) => tests[i]);
}

// One case per line: [initial regs, initial ram, final regs, final ram, cycles], regs = [pc, s, a, x, y, p],
// ram = [[address, value], ...], cycles = [[address, value, 'r' | 'w'], ...].
function encode(test) {
  const regs = (s) => [s.pc, s.s, s.a, s.x, s.y, s.p];
  return JSON.stringify([
    regs(test.initial), test.initial.ram, regs(test.final), test.final.ram,
    test.cycles.map(([a, v, kind]) => [a, v, kind === 'write' ? 'w' : 'r']),
  ]);
}

const [dir, countArg] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node scripts/atari/sample-cpu-vectors.mjs DIR [CASES_PER_OPCODE]');
  process.exit(2);
}
const count = Number(countArg ?? 32);
fs.mkdirSync(outDir, { recursive: true });
let total = 0, bytes = 0;
for (let opcode = 0; opcode < 256; opcode++) {
  const cases = sample(opcode, load(dir, opcode), count);
  const text = cases.length ? `[\n${cases.map(encode).join(',\n')}\n]\n` : '[]\n';
  fs.writeFileSync(path.join(outDir, `${opcode.toString(16).padStart(2, '0')}.json`), text);
  total += cases.length;
  bytes += text.length;
}
console.log(`wrote ${total} cases (${count} per opcode), ${(bytes / 1e6).toFixed(2)} MB, to ${path.relative(root, outDir)}`);
