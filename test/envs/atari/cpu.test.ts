// The 6507 CPU (native/atari/cpu_impl.h), one instruction at a time on a flat 64 KiB bus (atariCpuStep):
// - single-step vectors for every opcode but $0C (test/fixtures/atari/cpu-single-step, README there): registers, memory
//   and every bus cycle (address, value, read/write) must equal the vector's; JAM opcodes must set jammed;
// - NOP abs and NOP abs,X with a page cross, hand-written: those vectors get their bus cycles wrong (fixture README);
// - an exhaustive decimal-mode ADC/SBC sweep against a reference written here from the documented NMOS rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { atariAvailable } from '../../../src/envs/atari/index.js';
import { atariAddon, type CpuTestInput, type CpuTestResult } from '../../../src/envs/atari/native.js';

type Regs = [pc: number, s: number, a: number, x: number, y: number, p: number];
type Ram = [number, number][];
/** One fixture line: [initial regs, initial ram, final regs, final ram, cycles]. */
type Case = [Regs, Ram, Regs, Ram, [number, number, 'r' | 'w'][]];

const JAM = new Set([0x02, 0x12, 0x22, 0x32, 0x42, 0x52, 0x62, 0x72, 0x92, 0xb2, 0xd2, 0xf2]);
const hex = (v: number, digits = 2): string => v.toString(16).padStart(digits, '0');

type Step = (input: CpuTestInput, watch: number[]) => CpuTestResult;
function stepper(): Step | null {
  if (!atariAvailable()) return null;
  const step = atariAddon().atariCpuStep;
  return step ? step.bind(atariAddon()) : null;
}
const step = stepper();
const skip = step ? false : 'the native addon (with atariCpuStep) is not built';

function loadCases(opcode: number): Case[] {
  const url = new URL(`../../../../test/fixtures/atari/cpu-single-step/${hex(opcode)}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as Case[];
}

/** Differences between what the CPU did and what the vector says (empty when they agree). */
function compare(run: Step, c: Case, jam: boolean): string[] {
  const [[pc, s, a, x, y, p], ram, expected, finalRam, cycles] = c;
  const got = run({ pc, s, a, x, y, p, ram }, finalRam.map(([address]) => address));
  const diffs: string[] = [];
  const names = ['pc', 's', 'a', 'x', 'y', 'p'] as const;
  names.forEach((name, i) => {
    if (got[name] !== expected[i]) diffs.push(`${name} ${hex(got[name])} != ${hex(expected[i]!)}`);
  });
  if (got.jammed !== jam) diffs.push(`jammed ${got.jammed}`);
  finalRam.forEach(([address, value], i) => {
    if (got.ram[i]![1] !== value) diffs.push(`ram[${hex(address, 4)}] ${hex(got.ram[i]![1])} != ${hex(value)}`);
  });
  const trace = (list: [number, number, string][]): string =>
    list.map(([address, value, kind]) => `${hex(address, 4)}:${hex(value)}${kind[0]}`).join(' ');
  const want = trace(cycles), have = trace(got.cycles);
  if (want !== have) diffs.push(`cycles\n      want ${want}\n      got  ${have}`);
  return diffs;
}

test('CPU: single-step vectors for every opcode but $0C (hand-tested below): registers, memory, every bus cycle', { skip }, () => {
  const failures: string[] = [];
  let cases = 0, cycles = 0, opcodes = 0;
  for (let opcode = 0; opcode < 256; opcode++) {
    const vectors = loadCases(opcode);
    if (vectors.length) opcodes++;
    else assert.equal(opcode, 0x0c, `no vectors for opcode ${hex(opcode)}`);
    for (const c of vectors) {
      const diffs = compare(step!, c, JAM.has(opcode));
      cases++;
      cycles += c[4].length;
      if (diffs.length && failures.length < 20) failures.push(`opcode ${hex(opcode)} at ${hex(c[0][0], 4)}: ${diffs.join('; ')}`);
    }
  }
  console.log(`single-step vectors: ${opcodes} opcodes, ${cases} cases, ${cycles} bus cycles compared`);
  assert.ok(cases >= 255 * 25, `only ${cases} cases in the fixture`);
  assert.deepEqual(failures, []);
});

test('CPU: NOP abs reads its operand; NOP abs,X reads the unfixed address first when the index crosses a page', { skip }, () => {
  const ram: Ram = [[0x0401, 0xf0], [0x0402, 0x12], [0x12f0, 0x3c], [0x1210, 0x5a], [0x1310, 0xa5]];
  const run = (opcode: number): CpuTestResult =>
    step!({ pc: 0x0400, s: 0xfd, a: 0x11, x: 0x20, y: 0x22, p: 0xe3, ram: [[0x0400, opcode], ...ram] }, []);
  const fetch = (opcode: number): [number, number, 'read'][] => [[0x0400, opcode, 'read'], [0x0401, 0xf0, 'read'], [0x0402, 0x12, 'read']];
  for (const opcode of [0x0c, 0x1c, 0x3c, 0x5c, 0x7c, 0xdc, 0xfc]) {
    const got = run(opcode);
    const operand: [number, number, 'read'][] = opcode === 0x0c ? [[0x12f0, 0x3c, 'read']] : [[0x1210, 0x5a, 'read'], [0x1310, 0xa5, 'read']];
    assert.deepEqual(got.cycles, [...fetch(opcode), ...operand], `opcode ${hex(opcode)}`);
    assert.deepEqual([got.pc, got.a, got.x, got.y, got.s, got.p, got.jammed], [0x0403, 0x11, 0x20, 0x22, 0xfd, 0xe3, false]);
  }
});

// NMOS 6502 decimal mode, literally as 6502.org's "Decimal Mode" (Bruce Clark), appendix A, gives it: ADC's A and C by
// sequence 1, N and V by sequence 2 (signed arithmetic), Z from the binary sum; SBC's A by sequence 3, every flag
// binary. Valid and invalid BCD alike.
function referenceAdc(a: number, b: number, c: number): { a: number; n: boolean; v: boolean; z: boolean; c: boolean } {
  const lowNibble = (): number => {
    let al = (a & 0x0f) + (b & 0x0f) + c;
    if (al >= 0x0a) al = ((al + 0x06) & 0x0f) + 0x10;
    return al;
  };
  let seq1 = (a & 0xf0) + (b & 0xf0) + lowNibble();
  if (seq1 >= 0xa0) seq1 += 0x60;
  const signed = (v: number): number => (v & 0x80 ? v - 0x100 : v);
  const seq2 = signed(a & 0xf0) + signed(b & 0xf0) + lowNibble();
  return { a: seq1 & 0xff, c: seq1 >= 0x100, n: (seq2 & 0x80) !== 0, v: seq2 < -128 || seq2 > 127, z: ((a + b + c) & 0xff) === 0 };
}

function referenceSbc(a: number, b: number, c: number): { a: number; n: boolean; v: boolean; z: boolean; c: boolean } {
  let al = (a & 0x0f) - (b & 0x0f) + c - 1;
  if (al < 0) al = ((al - 0x06) & 0x0f) - 0x10;
  let r = (a & 0xf0) - (b & 0xf0) + al;
  if (r < 0) r -= 0x60;
  const signed = (v: number): number => (v & 0x80 ? v - 0x100 : v);
  const binary = signed(a) - signed(b) + c - 1;
  return { a: r & 0xff, c: a - b + c - 1 >= 0, n: (binary & 0x80) !== 0, v: binary < -128 || binary > 127, z: ((a - b + c - 1) & 0xff) === 0 };
}

test('CPU: decimal ADC and SBC equal the NMOS rules for every A, operand and carry', { skip }, () => {
  const N = 0x80, V = 0x40, D = 0x08, I = 0x04, Z = 0x02, C = 0x01;
  let compared = 0;
  const failures: string[] = [];
  for (const [opcode, reference] of [[0x69, referenceAdc], [0xe9, referenceSbc]] as const) {
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b++) {
        for (const c of [0, 1]) {
          // V, N and Z start opposite to a plain guess so a flag the CPU forgets to write shows up.
          const p = 0x20 | D | I | c | (a & 1 ? N | V | Z : 0);
          const got = step!({ pc: 0x0200, s: 0xff, a, x: 0, y: 0, p, ram: [[0x0200, opcode], [0x0201, b]] }, []);
          const r = reference(a, b, c);
          const want = 0x20 | D | I | (r.n ? N : 0) | (r.v ? V : 0) | (r.z ? Z : 0) | (r.c ? C : 0);
          compared++;
          if ((got.a !== r.a || got.p !== want) && failures.length < 10) {
            failures.push(`${hex(opcode)} A=${hex(a)} M=${hex(b)} C=${c}: got A=${hex(got.a)} P=${hex(got.p)}, want A=${hex(r.a)} P=${hex(want)}`);
          }
        }
      }
    }
  }
  console.log(`decimal sweep: ${compared} ADC/SBC cases (2 opcodes × 256 A × 256 operands × 2 carries) compared`);
  assert.deepEqual(failures, []);
});
