/**
 * Cartridges. Without the addon: detection (the Atari-57 md5 table, ALE's content rules on synthetic ROMs, the errors).
 * With it: the bank-* test carts (carts/*.asm; what each stores where is in its header) run in our machine and in the
 * 6502.ts oracle side by side, RAM compared after every frame; power-on banks; save states.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CartScheme } from '../../../src/envs/atari/index.js';
import {
  AtariMachine, atariAvailable, detectScheme, KNOWN_ROMS, romMd5, schemeFromContent,
} from '../../../src/envs/atari/index.js';
import { Rng } from '../../../src/util/rng.js';
import { Oracle6502 } from './oracle.js';
import { cartPath, compareRuns, compareWithOracle, describeComparison } from './oracle-compare.js';

const noAddon = atariAvailable() ? false : 'the native addon with the Atari emulator is not built';

/**
 * Seeded random bytes without $85 (STA zp), so no 3E/3F signature by chance (an 8K ROM would hold about one "STA $3F"
 * in eight); the longer signatures are too unlikely to need the same care.
 */
function randomRom(size: number, seed = 1): Uint8Array {
  const rng = new Rng(seed);
  const rom = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const b = rng.int(256);
    rom[i] = b === 0x85 ? 0x84 : b;
  }
  return rom;
}

function withBytes(rom: Uint8Array, offset: number, bytes: readonly number[]): Uint8Array {
  const out = rom.slice();
  out.set(bytes, offset);
  return out;
}

function doubled(rom: Uint8Array): Uint8Array {
  const out = new Uint8Array(rom.length * 2);
  out.set(rom);
  out.set(rom, rom.length);
  return out;
}

/** Every 4K bank's first 256 bytes set to one value: how SuperChip dumps look. */
function withSuperChipArea(rom: Uint8Array): Uint8Array {
  const out = rom.slice();
  for (let bank = 0; bank < out.length; bank += 4096) out.fill(0xff, bank, bank + 256);
  return out;
}

test('detection: the md5 table holds the Atari-57 (2K ×9, 4K ×24, F8 ×17, E0 ×3, FE ×1, F6 ×3) and Tetris (2K)', () => {
  const counts: Record<string, number> = {};
  for (const scheme of Object.values(KNOWN_ROMS)) counts[scheme] = (counts[scheme] ?? 0) + 1;
  assert.deepEqual(counts, { '2K': 10, '4K': 24, F8: 17, E0: 3, FE: 1, F6: 3 });
  assert.equal(KNOWN_ROMS['b0e1ee07fbc73493eac5651a52f90f00'], '2K');
});

test('detection: the md5 table agrees with ../shared/research/atari57-roms.tsv', (t) => {
  const tsv = fileURLToPath(new URL('../../../../../shared/research/atari57-roms.tsv', import.meta.url));
  if (!existsSync(tsv)) {
    t.skip(`${tsv} is not in this checkout`);
    return;
  }
  const rows = readFileSync(tsv, 'utf8').split('\n').filter((l) => l && !l.startsWith('#') && !l.startsWith('game\t'));
  assert.equal(rows.length, 57);
  for (const row of rows) {
    const [game, md5, scheme] = row.split('\t');
    assert.equal(KNOWN_ROMS[md5!], scheme!.split(' ')[0], game);
  }
});

test('detection: a known md5 decides, unless its scheme does not fit the size', () => {
  const rom = randomRom(8192);
  assert.equal(detectScheme(rom), 'F8');
  assert.equal(detectScheme(rom, { [romMd5(rom)]: 'E0' }), 'E0');
  assert.equal(detectScheme(rom, { [romMd5(rom)]: 'F6' }), 'F8', 'a 16K scheme for an 8K ROM falls back to the content');
});

test('detection by content follows ALE\'s Cart.cxx: size, then signatures', () => {
  const r2 = randomRom(2048), r4 = randomRom(4096), r8 = randomRom(8192), r16 = randomRom(16384), r32 = randomRom(32768);
  const cases: [string, Uint8Array, CartScheme][] = [
    ['2K', r2, '2K'],
    ['4K', r4, '4K'],
    ['4K holding one 2K twice', doubled(r2), '2K'],
    ['8K', r8, 'F8'],
    ['8K holding one 4K twice', doubled(r4), '4K'],
    ['8K with STA $1FE0', withBytes(r8, 0x1234, [0x8d, 0xe0, 0x1f]), 'E0'],
    ['8K with LDA $FFED', withBytes(r8, 0x0ffd, [0xad, 0xed, 0xff]), 'E0'],
    ['8K with JSR $D000; DEC $C5', withBytes(r8, 0x0800, [0x20, 0x00, 0xd0, 0xc6, 0xc5]), 'FE'],
    ['8K with JSR $F000; STY $D6', withBytes(r8, 0x1800, [0x20, 0x00, 0xf0, 0x84, 0xd6]), 'FE'],
    ['8K with both E0 and FE signatures (E0 is tried first)',
      withBytes(withBytes(r8, 0x0800, [0x20, 0x00, 0xd0, 0xc6, 0xc5]), 0x1234, [0x8d, 0xe0, 0x1f]), 'E0'],
    ['8K with one STA $3F (3F wants two)', withBytes(r8, 0x0100, [0x85, 0x3f]), 'F8'],
    ['8K with SuperChip ports', withSuperChipArea(r8), 'F8SC'],
    ['16K', r16, 'F6'],
    ['16K with SuperChip ports', withSuperChipArea(r16), 'F6SC'],
    ['32K', r32, 'F4'],
    ['32K with SuperChip ports', withSuperChipArea(r32), 'F4SC'],
  ];
  for (const [what, rom, scheme] of cases) {
    assert.equal(schemeFromContent(rom), scheme, what);
    assert.equal(detectScheme(rom), scheme, what);
  }
});

test('detection: unsupported sizes and schemes throw, naming the size and the md5', () => {
  const r8 = randomRom(8192), r16 = randomRom(16384);
  const e7 = r16.slice();
  e7.fill(0x55, 0x3800, 0x3a00);
  const cases: [string, Uint8Array, RegExp][] = [
    ['3F (STA $3F twice)', withBytes(withBytes(r8, 0x100, [0x85, 0x3f]), 0x900, [0x85, 0x3f]), /looks like a 3F cartridge/],
    ['3E', withBytes(r8, 0x200, [0x85, 0x3e, 0xa9, 0x00]), /looks like a 3E cartridge/],
    ['UA', withBytes(r8, 0x300, [0x8d, 0x40, 0x02]), /looks like a UA cartridge/],
    ['CV', withBytes(randomRom(2048), 0x10, [0x9d, 0xff, 0xf3]), /looks like a CV cartridge/],
    ['E7', e7, /looks like a E7 cartridge/],
    ['12K (FASC)', randomRom(12288), /looks like a FASC cartridge/],
    ['Supercharger', randomRom(8448), /looks like a AR cartridge/],
    ['1000 bytes', randomRom(1000), /no known scheme has 1000-byte ROMs/],
  ];
  for (const [what, rom, message] of cases) {
    assert.throws(() => detectScheme(rom), message, what);
    assert.throws(() => detectScheme(rom), new RegExp(`${rom.length} bytes, md5 ${romMd5(rom)}`), what);
  }
});

test('a ROM that does not fit its scheme is refused, naming both', { skip: noAddon }, () => {
  assert.throws(() => new AtariMachine(randomRom(4096), { scheme: 'F8' }),
    /a 4096-byte ROM does not fit the F8 scheme \(8192 bytes\)/);
  assert.throws(() => new AtariMachine(randomRom(8192), { scheme: '2K' }), /does not fit the 2K scheme/);
  assert.doesNotThrow(() => new AtariMachine(doubled(randomRom(2048)), { scheme: '2K' }));
});

/** The bank carts, the scheme our detection must find for each, and its power-on bank (info().bank). */
const CARTS: [string, CartScheme, number][] = [
  ['bank-2k', '2K', 0], ['bank-4k', '4K', 0], ['bank-f8', 'F8', 1], ['bank-f6', 'F6', 0], ['bank-f4', 'F4', 0],
  ['bank-e0', 'E0', 4 | 5 << 3 | 6 << 6], ['bank-fe', 'FE', 0], ['bank-f8sc', 'F8SC', 1], ['bank-f6sc', 'F6SC', 0],
  ['bank-f4sc', 'F4SC', 0],
];
const FRAMES = 12;

test('bank and riot carts: the committed binaries are what dasm makes of the sources', (t) => {
  try {
    execFileSync('dasm', [], { stdio: 'ignore' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      t.skip('dasm is not installed (Debian: apt-get install dasm)');
      return;
    }
  }
  const dir = dirname(cartPath('bank-f8.asm'));
  const out = mkdtempSync(join(tmpdir(), 'carts-'));
  try {
    const sources = readdirSync(dir).filter((f) => /^(bank|riot)-.*\.asm$/.test(f));
    assert.ok(sources.length >= 14);
    for (const asm of sources) {
      const bin = join(out, asm.replace(/\.asm$/, '.bin'));
      execFileSync('dasm', [asm, '-f3', `-o${bin}`], { cwd: dir, stdio: 'ignore' });
      assert.deepEqual(readFileSync(bin), readFileSync(join(dir, asm.replace(/\.asm$/, '.bin'))), asm);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

const readCart = (name: string): Uint8Array => readFileSync(cartPath(`${name}.bin`));

test('bank carts: our machine equals 6502.ts frame by frame (RAM), each detected by content', { skip: noAddon }, async () => {
  let frames = 0, bytes = 0;
  for (const [name, scheme, powerOnBank] of CARTS) {
    const rom = readCart(name);
    assert.equal(detectScheme(rom), scheme, name);
    assert.equal(new AtariMachine(rom).info().bank, powerOnBank, `${name}: power-on bank`);
    const c = await compareWithOracle(rom, { frames: FRAMES, pixels: false });
    assert.equal(c.divergence, undefined, `${name}: ${describeComparison(c)}`);
    frames += c.frames;
    bytes += c.ramBytes;
  }
  console.log(`bank carts: ${CARTS.length} carts, ${frames} frames, ${bytes} RAM bytes equal to 6502.ts`);
});

test('bank-4ksc: 4K SuperChip equals 6502.ts running the same code doubled as F8SC', { skip: noAddon }, async () => {
  const rom = readCart('bank-4ksc');
  const ours = new AtariMachine(rom, { scheme: '4KSC' });
  const oracle = await Oracle6502.create(doubled(rom), { scheme: 'F8SC' });
  const c = compareRuns(ours, oracle, { frames: FRAMES, pixels: false });
  assert.equal(c.divergence, undefined, describeComparison(c));
  // The last frame's body (frame number FRAMES - 1) wrote i EOR frame to SuperChip byte i and copied bytes 40-55 to
  // $C2-$D1; $D2 is byte 40 again after a write to its read port.
  const ram = ours.ram(), f = FRAMES - 1;
  for (let i = 0; i < 16; i++) assert.equal(ram[0x42 + i], (40 + i) ^ f, `SuperChip byte ${40 + i}`);
  assert.equal(ram[0x52], 40 ^ f);
});

test('cartridge state: a snapshot resumes exactly and is refused by another scheme or ROM', { skip: noAddon }, () => {
  for (const name of ['bank-f8', 'bank-e0', 'bank-fe', 'bank-f6sc']) {
    const m = new AtariMachine(readCart(name));
    m.runFrames(3);
    const state = m.getState();
    const bank = m.info().bank;
    const later: Uint8Array[] = [];
    for (let f = 0; f < 4; f++) {
      m.runFrames(1);
      later.push(m.ram());
    }
    m.setState(state);
    assert.equal(m.info().bank, bank, name);
    for (let f = 0; f < 4; f++) {
      m.runFrames(1);
      assert.deepEqual(m.ram(), later[f], `${name}, frame ${f + 1} after the restore`);
    }
  }
  const f8 = new AtariMachine(readCart('bank-f8'));
  const state = f8.getState();
  assert.throws(() => new AtariMachine(readCart('bank-f8sc')).setState(state));
  const other = readCart('bank-f8').slice();
  other[0x800] = other[0x800]! ^ 0xff;
  assert.throws(() => new AtariMachine(other, { scheme: 'F8' }).setState(state), 'the same scheme and size, another ROM');
});
