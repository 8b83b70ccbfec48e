/**
 * Cartridge bank-switching schemes and their detection: by the ROM's md5 first (the Atari-57 as ALE ships them), then
 * by content, the way ALE's Stella guesses (src/ale/emucore/Cart.cxx `autodetectType`): by size, and at 8K/16K/32K by
 * byte signatures of the bank-switching code. The scheme ids are native/atari/cart.h's CartScheme.
 */
import { createHash } from 'node:crypto';
import { ATARI_GAMES } from './games.js';

export const CART_SCHEMES = ['2K', '4K', 'F8', 'F6', 'E0', 'FE', 'F8SC', 'F6SC', 'F4', 'F4SC', '4KSC'] as const;
export type CartScheme = (typeof CART_SCHEMES)[number];

/** Schemes ALE's Stella can detect that this emulator does not implement. */
export type UnsupportedScheme = 'AR' | 'CV' | 'DPC' | 'FASC' | 'E7' | '3E' | '3F' | 'UA' | 'MB' | 'MC';

export function schemeId(scheme: CartScheme): number {
  return CART_SCHEMES.indexOf(scheme);
}

/** ROM bytes each scheme takes (2K and 4K also accept their image doubled, as ALE does). */
export const SCHEME_SIZE: Readonly<Record<CartScheme, number>> = {
  '2K': 2048, '4K': 4096, '4KSC': 4096, F8: 8192, F8SC: 8192, E0: 8192, FE: 8192, F6: 16384, F6SC: 16384,
  F4: 32768, F4SC: 32768,
};

export function romMd5(rom: Uint8Array): string {
  return createHash('md5').update(rom).digest('hex');
}

/** md5 → scheme of every known game's ROM (games.ts). */
export const KNOWN_ROMS: Readonly<Record<string, CartScheme>> = Object.fromEntries(ATARI_GAMES.map((g) => [g.md5, g.scheme]));

/**
 * The scheme of a ROM: the md5 table when it knows the ROM (and the size fits), else {@link schemeFromContent}.
 * Throws an error naming the size and md5 when no supported scheme fits.
 */
export function detectScheme(rom: Uint8Array, table: Readonly<Record<string, CartScheme>> = KNOWN_ROMS): CartScheme {
  const md5 = romMd5(rom);
  const known = table[md5];
  if (known && fits(rom, known)) return known;
  const guess = schemeFromContent(rom);
  if (isSupported(guess)) return guess;
  const what = guess === null
    ? `no known scheme has ${rom.length}-byte ROMs`
    : `it looks like a ${guess} cartridge, a scheme this emulator does not support`;
  throw new Error(`unsupported cartridge (${rom.length} bytes, md5 ${md5}): ${what}; supported: `
    + '2K, 4K, F8, E0, FE, F8SC (8K), F6, F6SC (16K), F4, F4SC (32K), 4KSC (by name only)');
}

/** Whether the ROM's size fits the scheme (2K and 4K also doubled, like the native loader). */
export function fits(rom: Uint8Array, scheme: CartScheme): boolean {
  const size = SCHEME_SIZE[scheme];
  if (rom.length === size) return true;
  return (scheme === '2K' || scheme === '4K') && rom.length === 2 * size && halvesEqual(rom);
}

function isSupported(s: CartScheme | UnsupportedScheme | null): s is CartScheme {
  return s !== null && (CART_SCHEMES as readonly string[]).includes(s);
}

/**
 * The scheme ALE's Stella would pick from the bytes alone: one of ours, one we lack, or null for a size it does not
 * know.
 */
export function schemeFromContent(rom: Uint8Array): CartScheme | UnsupportedScheme | null {
  const n = rom.length;
  if (n > 0 && n % 8448 === 0) return 'AR';  // Supercharger tape images
  const bankswitchedBig = (): '3E' | '3F' | null => (has3E(rom) ? '3E' : has3F(rom) ? '3F' : null);
  switch (n) {
    case 2048:
      return isCV(rom) ? 'CV' : '2K';
    case 4096:
      return isCV(rom) ? 'CV' : halvesEqual(rom) ? '2K' : '4K';
    case 8192:
      if (hasSuperChipRam(rom)) return 'F8SC';
      if (halvesEqual(rom)) return '4K';
      if (isE0(rom)) return 'E0';
      if (has3E(rom)) return '3E';
      if (has3F(rom)) return '3F';
      if (has(rom, UA_SIGNATURES)) return 'UA';
      if (has(rom, FE_SIGNATURES)) return 'FE';
      return 'F8';
    case 10240: case 10495: case 10496:
      return 'DPC';
    case 12288:
      return 'FASC';
    case 16384:
      if (hasSuperChipRam(rom)) return 'F6SC';
      if (isE7(rom)) return 'E7';
      return bankswitchedBig() ?? 'F6';
    case 32768:
      if (hasSuperChipRam(rom)) return 'F4SC';
      return bankswitchedBig() ?? 'F4';
    case 65536:
      return bankswitchedBig() ?? 'MB';
    case 131072:
      return bankswitchedBig() ?? 'MC';
    default:
      return bankswitchedBig();
  }
}

function halvesEqual(rom: Uint8Array): boolean {
  const half = rom.length / 2;
  for (let i = 0; i < half; i++) if (rom[i] !== rom[half + i]) return false;
  return true;
}

/**
 * A SuperChip cartridge's RAM ports are the first 256 bytes of every 4K bank; the ROM there is never read, so dumps
 * hold one repeated byte.
 */
function hasSuperChipRam(rom: Uint8Array): boolean {
  for (let bank = 0; bank < rom.length; bank += 4096) {
    for (let i = 1; i < 256; i++) if (rom[bank + i] !== rom[bank]) return false;
  }
  return true;
}

/**
 * How many times a byte signature occurs, counted as Stella counts (the last possible start is never tried, and a
 * hit skips its own bytes and the next one); stops at `enough`.
 */
function countSignature(rom: Uint8Array, sig: readonly number[], enough: number): number {
  let count = 0;
  for (let i = 0; i < rom.length - sig.length && count < enough; i++) {
    let j = 0;
    while (j < sig.length && rom[i + j] === sig[j]) j++;
    if (j === sig.length) {
      count++;
      i += sig.length;
    }
  }
  return count;
}

function has(rom: Uint8Array, signatures: readonly (readonly number[])[], times = 1): boolean {
  return signatures.some((sig) => countSignature(rom, sig, times) >= times);
}

// Parker Brothers' E0 games touch the segment hotspots with absolute addressing (signatures from MESS via Stella).
const E0_SIGNATURES = [
  [0x8d, 0xe0, 0x1f], // STA $1FE0
  [0x8d, 0xe0, 0x5f], // STA $5FE0
  [0x8d, 0xe9, 0xff], // STA $FFE9
  [0xad, 0xe9, 0xff], // LDA $FFE9
  [0xad, 0xed, 0xff], // LDA $FFED
  [0xad, 0xf3, 0xbf], // LDA $BFF3
] as const;
// Activision's FE games: characteristic subroutine calls (MESS via Stella).
const FE_SIGNATURES = [
  [0x20, 0x00, 0xd0, 0xc6, 0xc5], // JSR $D000; DEC $C5
  [0x20, 0xc3, 0xf8, 0xa5, 0x82], // JSR $F8C3; LDA $82
  [0xd0, 0xfb, 0x20, 0x73, 0xfe], // BNE *-3; JSR $FE73
  [0x20, 0x00, 0xf0, 0x84, 0xd6], // JSR $F000; STY $D6
] as const;
const UA_SIGNATURES = [[0x8d, 0x40, 0x02]] as const; // STA $0240
const CV_SIGNATURES = [[0x9d, 0xff, 0xf3], [0x99, 0x00, 0xf4]] as const; // STA $F3FF,X; STA $F400,Y

function isE0(rom: Uint8Array): boolean {
  return has(rom, E0_SIGNATURES);
}
function isCV(rom: Uint8Array): boolean {
  return has(rom, CV_SIGNATURES);
}
function has3E(rom: Uint8Array): boolean {
  return has(rom, [[0x85, 0x3e, 0xa9, 0x00]]); // STA $3E; LDA #$00
}
function has3F(rom: Uint8Array): boolean {
  return has(rom, [[0x85, 0x3f]], 2); // STA $3F, at least twice
}

/**
 * E7 maps RAM over ROM image bytes $3800–$39FF, so dumps hold one repeated byte there; the 32 bytes on either side
 * must not all be that byte too (else it is just an empty stretch of ROM).
 */
function isE7(rom: Uint8Array): boolean {
  const first = rom[0x3800];
  for (let i = 0x3800; i < 0x3a00; i++) if (rom[i] !== first) return false;
  for (let i = 0x3800 - 32; i < 0x3800; i++) if (rom[i] !== first) return true;
  for (let i = 0x3a00; i < 0x3a00 + 32; i++) if (rom[i] !== first) return true;
  return false;
}
