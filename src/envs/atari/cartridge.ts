/**
 * Cartridge bank-switching schemes and their detection: by the ROM's md5 first (a table of known ROMs), then by
 * content heuristics. The scheme ids are native/atari/cart.h's CartScheme. STUB: detection by size only, to be
 * completed (issue 15, RIOT/cartridge helper).
 */
import { createHash } from 'node:crypto';

export const CART_SCHEMES = ['2K', '4K', 'F8', 'F6', 'E0', 'FE', 'F8SC', 'F6SC', 'F4', 'F4SC', '4KSC'] as const;
export type CartScheme = (typeof CART_SCHEMES)[number];

export function schemeId(scheme: CartScheme): number {
  return CART_SCHEMES.indexOf(scheme);
}

export function romMd5(rom: Uint8Array): string {
  return createHash('md5').update(rom).digest('hex');
}

/** The scheme of a ROM; throws an error naming the size when no supported scheme fits. */
export function detectScheme(rom: Uint8Array): CartScheme {
  switch (rom.length) {
    case 2048: return '2K';
    case 4096: return '4K';
    case 8192: return 'F8';
    case 16384: return 'F6';
    default:
      throw new Error(`unsupported cartridge: ${rom.length} bytes (supported: 2K, 4K, F8, F6, E0, FE, SuperChip)`);
  }
}
