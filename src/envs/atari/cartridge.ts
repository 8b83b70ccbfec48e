/**
 * Cartridge bank-switching schemes and their detection: by the ROM's md5 first (the Atari-57 as ALE ships them), then
 * by content, the way ALE's Stella guesses (src/ale/emucore/Cart.cxx `autodetectType`): by size, and at 8K/16K/32K by
 * byte signatures of the bank-switching code. The scheme ids are native/atari/cart.h's CartScheme.
 */
import { createHash } from 'node:crypto';

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

/**
 * The Atari-57 ROMs (ALE's md5s) and their schemes, from ../shared/research/atari57-roms.tsv (scheme by md5 in the
 * MiSTer or CuLE tables, or by title where marked).
 */
export const KNOWN_ROMS: Readonly<Record<string, CartScheme>> = {
  f1a0a23e6464d954e3a9579c4ccd01c8: '4K', // alien
  acb7750b4d0c4bd34969802a7deb2990: '4K', // amidar
  de78b3a064d374390ac0710f95edde92: '4K', // assault
  '89a68746eff7f266bbf08de2483abe55': 'F8', // asterix
  ccbd36746ed4525821a8083b0d6d2c2c: 'F8', // asteroids
  '9ad36e699ef6f45d9eb6c4cf90475c9f': '4K', // atlantis (by title)
  '00ce0bdd43aed84a983bef38fe7f5ee3': '4K', // bank_heist
  '41f252a66c6301f1e8ab3612c19bc5d4': 'F8', // battle_zone
  '79ab4123a83dc11d468fb2108ea09e2e': 'F8', // beam_rider
  '136f75c4dd02c29283752b7e5799f978': '4K', // berzerk
  c9b7afad3bfd922e006a6bfc1d4f3fe7: '2K', // bowling
  c3ef5c4653212088eda54dc91d787870: '2K', // boxing
  f34f08e5eb96e500e851a80be3277a56: '2K', // breakout
  '91c2098e88a6b13f977af8c003e0bca5': 'F8', // centipede
  c1cb228470a87beb5f36e90ac745da26: '4K', // chopper_command
  '55ef7b65066428367844342ed59f956c': 'F8', // crazy_climber
  '0f643c34e40e3f1daafd9c524d3ffe64': '4K', // defender
  f0e0addc07971561ab80d9abe1b8d333: '4K', // demon_attack (by title)
  '368d88a6c071caba60b4f778615aae94': 'F6', // double_dunk
  '94b92a882f6dbaa6993a46e2dcc58402': '4K', // enduro
  b8865f05676e64f3bec72b9defdacfa7: '2K', // fishing_derby
  '8e0ab801b1705a740b476b7f588c6d16': '2K', // freeway
  '4ca73eb959299471788f0b685c3ba0b5': '4K', // frostbite
  c16c79aad6272baffb8aae9a7fff0864: '4K', // gopher
  '8ac18076d01a6b63acf6e2cab4968940': 'F8', // gravitar
  fca4a5be1251927027f2c24774a02160: 'F8', // hero
  a4c08c4994eb9d24fb78be1793e82e26: '4K', // ice_hockey
  e51030251e440cffaab1ac63438b44ae: 'E0', // jamesbond
  '4326edb70ff20d0ee5ba58fa5cb09d60': 'F8', // kangaroo
  '4baada22435320d185c95b7dd2bcdb24': 'F8', // krull
  '5b92a93b23523ff16e2789b820e2a4c5': 'F8', // kung_fu_master
  '3347a6dd59049b15a38394aa2dafa585': 'E0', // montezuma_revenge
  '87e79cd41ce136fd4f72cc6e2c161bee': 'F8', // ms_pacman
  '36306070f0c90a72461551a7a4f3a209': '4K', // name_this_game
  '7e52a95074a66640fcfde124fffd491a': 'F8', // phoenix
  '3e90cf23106f2e08b2781e41299de556': '4K', // pitfall
  '60e0ea3cbe0913d39803477945e9e5ec': '2K', // pong
  ef3a4f64b6494ba770862768caf04b86: 'F8', // private_eye
  '484b0076816a104875e00467d431c2d2': '4K', // qbert
  '393948436d1f4cc3192410bb918f9724': '4K', // riverraid (by title)
  ce5cc62608be2cd3ed8abd844efb8919: 'F6', // road_runner (by title)
  '4f618c2429138e0280969193ed6c107e': 'FE', // robotank
  '240bfbac5163af4df5ae713985386f92': '4K', // seaquest
  b76fbadc8ffb1f83e2ca08b6fb4d6c9f: '2K', // skiing
  e72eb8d4410152bdcb69e7fba327b420: 'F6', // solaris
  '72ffbef6504b75e69ee1045af9075f66': '4K', // space_invaders
  a3c1c70024d7aabb41381adbfb6d3b25: '4K', // star_gunner
  '4d7517ae69f95cfbc053be01312b7dba': '2K', // surround (by title)
  '42cdd6a9e42a3639e190722b8ea3fc51': '2K', // tennis
  fc2104dd2dadf9a6176c1c1c8f87ced9: 'F8', // time_pilot
  '085322bae40d904f53bdcc56df0593fc': 'E0', // tutankham
  a499d720e7ee35c62424de882a3351b6: 'F8', // up_n_down
  '3e899eba0ca8cd2972da1ae5479b4f0d': '4K', // venture
  '107cc025334211e6d29da0b6be46aec7': '4K', // video_pinball
  '7e8aa18bc9502eb57daaf5e7c1e94da7': '4K', // wizard_of_wor
  c5930d0e8cdae3e037349bfa08e871be: '4K', // yars_revenge
  eea0da9b987d661264cce69a7c13c3bd: 'F8', // zaxxon
};

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
