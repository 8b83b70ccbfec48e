/**
 * The per-game settings of the Atari environments (native/atari/games), run on synthetic RAM states through the
 * test-only entry points of games_test_binding.cc: score decoding (BCD carries across bytes, wraps, clipping), lives,
 * terminal rules, mode selection, save/load, and the registry against ../shared/research/atari57-roms.tsv.
 * Expected values are worked out by hand from the facts in ALE's src/ale/games/supported/<Game>.cpp.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { atariAvailable } from '../../../src/envs/atari/index.js';
import { atariAddon } from '../../../src/envs/atari/native.js';

interface GameFacts {
  id: string; md5: string;
  minimalActions: number[]; startingActions: number[]; modes: number[]; difficulties: number[]; legalActions: number[];
}
interface StepResult {
  rewards: Int32Array; terminals: Uint8Array; lives: Int32Array; livesAtReset: number; stateBytes: number;
}
interface SelectResult {
  ok: boolean; calls: string[]; lives: number; terminal: boolean; afterTerminals: Uint8Array; afterLives: Int32Array;
}
/** The test-only functions of native/atari/games/games_test_binding.cc. */
interface GamesTestAddon {
  atariGames(): GameFacts[];
  atariGameStep(id: string, rams: Uint8Array, resumeAt?: number): StepResult;
  atariGameSelectMode(id: string, mode: number, rams: Uint8Array, after?: Uint8Array): SelectResult;
}

const addon = (): GamesTestAddon => atariAddon() as unknown as GamesTestAddon;
const skip = !atariAvailable() ? 'the native addon with the Atari emulator is not built'
  : typeof (atariAddon() as unknown as Partial<GamesTestAddon>).atariGames !== 'function'
    ? 'this build of the addon has no game settings (rebuild it)' : false;

const ACTIONS = ['NOOP', 'FIRE', 'UP', 'RIGHT', 'LEFT', 'DOWN', 'UPRIGHT', 'UPLEFT', 'DOWNRIGHT', 'DOWNLEFT', 'UPFIRE',
  'RIGHTFIRE', 'LEFTFIRE', 'DOWNFIRE', 'UPRIGHTFIRE', 'UPLEFTFIRE', 'DOWNRIGHTFIRE', 'DOWNLEFTFIRE'];

// ---------------------------------------------------------------------------------------------------------------------
// Scenarios: each frame writes some RAM bytes (absolute addresses $80-$FF) over the previous frame's RAM (all zero at
// first) and states what the settings report after it: [writes, reward, terminal, lives].

type Frame = [writes: Record<number, number>, reward: number, terminal: boolean, lives: number];
interface Scenario { game: string; what: string; frames: Frame[] }

const scenarios: Scenario[] = [
  { game: 'alien', what: 'digits ×8 in every other byte, $80 blank, score ×10; lives $C0 low nibble', frames: [
    [{ 0xC0: 3 }, 0, false, 3],
    [{ 0x8B: 5 << 3 }, 50, false, 3],
    [{ 0x89: 0x80, 0x87: 2 << 3 }, 2000, false, 3],
    [{ 0x83: 1 << 3 }, 100000, false, 3],
    [{ 0xC0: 0xF2 }, 0, false, 2],
    [{ 0xC0: 0x10 }, 0, true, 0]] },
  { game: 'amidar', what: 'BCD carry into $DA and $DB; $D6 = $80 ends', frames: [
    [{ 0xD6: 3 }, 0, false, 3],
    [{ 0xD9: 0x99 }, 99, false, 3],
    [{ 0xD9: 0x00, 0xDA: 0x01 }, 1, false, 3],
    [{ 0xDB: 0x02 }, 20000, false, 3],
    [{ 0xD6: 0x82 }, 0, false, 2],
    [{ 0xD6: 0x80 }, 0, true, 0]] },
  { game: 'assault', what: 'three BCD bytes; nibbles $A-$F count 10-15 as in ALE; lives $E5', frames: [
    [{ 0xE5: 4 }, 0, false, 4],
    [{ 0x82: 0x21, 0x81: 0x03 }, 321, false, 4],
    [{ 0x80: 0x01 }, 10000, false, 4],
    [{ 0x82: 0x2F }, 14, false, 4],
    [{ 0xE5: 0 }, 0, true, 0]] },
  { game: 'asterix', what: 'ends when the death counter reads 1 on the last life', frames: [
    [{ 0xD3: 0x03 }, 0, false, 3],
    [{ 0xE0: 0x50, 0xDF: 0x01 }, 150, false, 3],
    [{ 0xDE: 0x01 }, 10000, false, 3],
    [{ 0xC7: 1 }, 0, false, 3],
    [{ 0xD3: 0xF1, 0xC7: 2 }, 0, false, 1],
    [{ 0xC7: 1 }, 0, true, 0]] },
  { game: 'asteroids', what: 'score ×10 wraps at 100,000; lives in the high nibble of $BC', frames: [
    [{ 0xBC: 0x40 }, 0, false, 4],
    [{ 0xBE: 0x25 }, 250, false, 4],
    [{ 0xBE: 0x99, 0xBD: 0x99 }, 99740, false, 4],
    [{ 0xBE: 0x05, 0xBD: 0x00 }, 60, false, 4],
    [{ 0xBC: 0x3F }, 0, false, 3],
    [{ 0xBC: 0x0F }, 0, true, 0]] },
  { game: 'atlantis', what: 'score ×100 from $A2, $A3, $A1; no reward on the game-over frame', frames: [
    [{ 0xF1: 6 }, 0, false, 6],
    [{ 0xA2: 0x12 }, 1200, false, 6],
    [{ 0xA3: 0x34, 0xA1: 0x01 }, 1340000, false, 6],
    [{ 0xF1: 5 }, 0, false, 5],
    [{ 0xF1: 0xFF, 0xA1: 0x77 }, 0, true, 0]] },
  { game: 'atlantis', what: 'the score is kept over the game-over frame', frames: [
    [{ 0xF1: 1, 0xA2: 0x01 }, 100, false, 1],
    [{ 0xF1: 0xFF, 0xA1: 0x99 }, 0, true, 0],
    [{ 0xF1: 1, 0xA1: 0x00, 0xA2: 0x02 }, 100, false, 1]] },
  { game: 'bank_heist', what: 'ends when the death timer reads 1 with no lives', frames: [
    [{ 0xD5: 4 }, 0, false, 4],
    [{ 0xDA: 0x10, 0xD9: 0x02, 0xD8: 0x01 }, 10210, false, 4],
    [{ 0xD5: 0, 0xCE: 2 }, 0, false, 0],
    [{ 0xCE: 1 }, 0, true, 0]] },
  { game: 'battle_zone', what: 'thousands from nibbles of $9D/$9E, $A reads 0; lives $BA', frames: [
    [{ 0xBA: 0x05 }, 0, false, 5],
    [{ 0x9D: 0x30 }, 3000, false, 5],
    [{ 0x9E: 0xA2 }, 20000, false, 5],
    [{ 0x9D: 0xA0, 0x9E: 0x1A }, 77000, false, 5],
    [{ 0x9D: 0xB0 }, 11000, false, 5],
    [{ 0xBA: 0xF0 }, 0, true, 0]] },
  { game: 'beam_rider', what: 'a loss of one life counts only when $8C reads 1', frames: [
    [{ 0x85: 2 }, 0, false, 3],
    [{ 0x89: 0x44, 0x8A: 0x01 }, 144, false, 3],
    [{ 0x8B: 0x01 }, 10000, false, 3],
    [{ 0x85: 1 }, 0, false, 3],
    [{ 0x8C: 1 }, 0, false, 2],
    [{ 0x85: 5, 0x8C: 0 }, 0, false, 6],
    [{ 0x85: 0xFF }, 0, true, 0]] },
  { game: 'berzerk', what: 'score $DF, $DE, $DD; $DA = lives - 1, $FF ends', frames: [
    [{ 0xDA: 2 }, 0, false, 3],
    [{ 0xDF: 0x50, 0xDE: 0x01 }, 150, false, 3],
    [{ 0xDD: 0x01 }, 10000, false, 3],
    [{ 0xDA: 0 }, 0, false, 1],
    [{ 0xDA: 0xFF }, 0, true, 0]] },
  { game: 'bowling', what: 'score $A1 + 100·$A6; ends after frame $10', frames: [
    [{}, 0, false, 0],
    [{ 0xA1: 0x45 }, 45, false, 0],
    [{ 0xA6: 0x01 }, 100, false, 0],
    [{ 0xA4: 0x10 }, 0, false, 0],
    [{ 0xA4: 0x11 }, 0, true, 0]] },
  { game: 'boxing', what: 'points difference; $C0 is a knockout (100)', frames: [
    [{ 0x90: 0x20 }, 0, false, 0],
    [{ 0x92: 0x12 }, 12, false, 0],
    [{ 0x93: 0x15 }, -15, false, 0],
    [{ 0x92: 0xC0 }, 88, true, 0]] },
  { game: 'boxing', what: 'ends when the clock reads 0:00 (minutes: high nibble of $90)', frames: [
    [{ 0x90: 0x0F, 0x91: 0x01 }, 0, false, 0],
    [{ 0x91: 0x00 }, 0, true, 0]] },
  { game: 'breakout', what: 'BCD $CD + 100·($CC & 15); ends at 0 lives only after 5 were shown', frames: [
    [{}, 0, false, 0],
    [{ 0xB9: 5 }, 0, false, 5],
    [{ 0xCD: 0x07 }, 7, false, 5],
    [{ 0xCD: 0x12, 0xCC: 0x01 }, 105, false, 5],
    [{ 0xCC: 0xF3 }, 200, false, 5],
    [{ 0xB9: 4 }, 0, false, 4],
    [{ 0xB9: 0 }, 0, true, 0]] },
  { game: 'centipede', what: 'a drop of the score gives 0; lives from bits 4-6 of $ED; bit 6 of $A6 ends', frames: [
    [{ 0xED: 0x20 }, 0, false, 3],
    [{ 0xF6: 0x50, 0xF5: 0x12 }, 1250, false, 3],
    [{ 0xF4: 0x01 }, 10000, false, 3],
    [{ 0xF4: 0x00, 0xF5: 0x00, 0xF6: 0x10 }, 0, false, 3],
    [{ 0xF6: 0x20 }, 10, false, 3],
    [{ 0xA6: 0x40, 0xED: 0x80 }, 0, true, 0]] },
  { game: 'chopper_command', what: 'score ×100; 0 lives end the game only once the chopper has faced right', frames: [
    [{}, 0, false, 0],
    [{ 0xE4: 3, 0xC2: 1 }, 0, false, 3],
    [{ 0xC2: 0, 0xEE: 0x05, 0xEC: 0x01 }, 10500, false, 3],
    [{ 0xE4: 0xF0 }, 0, true, 0]] },
  { game: 'crazy_climber', what: 'binary digits $82-$85, score ×100, drops give 0', frames: [
    [{ 0xAA: 5 }, 0, false, 5],
    [{ 0x82: 5, 0x83: 2 }, 2500, false, 5],
    [{ 0x85: 1 }, 100000, false, 5],
    [{ 0x85: 0 }, 0, false, 5],
    [{ 0xAA: 0 }, 0, true, 0]] },
  { game: 'defender', what: 'six low-nibble digits $9C-$A1, $A reads 0; lives $C2', frames: [
    [{ 0xC2: 3, 0x9C: 0x0A, 0x9D: 0x0A }, 0, false, 3],
    [{ 0x9D: 0x05, 0x9E: 0xF2 }, 250, false, 3],
    [{ 0xA1: 0x01 }, 100000, false, 3],
    [{ 0xC2: 0 }, 0, true, 0]] },
  { game: 'demon_attack', what: 'the $AB/$CD/$EA pattern reads 0; ends at 0 lives with $F1 = $BD', frames: [
    [{ 0xF2: 3 }, 0, false, 4],
    [{ 0x85: 0x20, 0x83: 0x01 }, 120, false, 4],
    [{ 0x81: 0xAB, 0x83: 0xCD, 0x85: 0xEA }, -120, false, 4],
    [{ 0x81: 0x01, 0x83: 0x00, 0x85: 0x00 }, 10000, false, 4],
    [{ 0xF2: 0 }, 0, false, 1],
    [{ 0xF1: 0xBD }, 0, true, 0]] },
  { game: 'double_dunk', what: 'points difference; ends at 24 when $FE reads $E7', frames: [
    [{ 0xF6: 0x02 }, 2, false, 0],
    [{ 0xF7: 0x03 }, -3, false, 0],
    [{ 0xF6: 0x24 }, 22, false, 0],
    [{ 0xFE: 0xE7 }, 0, true, 0]] },
  { game: 'enduro', what: 'cars passed from the cars left ($AB/$AC) and the day ($AD)', frames: [
    [{}, 0, false, 0],
    [{ 0xAD: 1, 0xAC: 0x02 }, 0, false, 0],
    [{ 0xAB: 0x99, 0xAC: 0x01 }, 1, false, 0],
    [{ 0xAD: 2, 0xAB: 0x00, 0xAC: 0x03 }, 199, false, 0],
    [{ 0xAB: 0x50, 0xAC: 0x02 }, 50, false, 0],
    [{ 0xAD: 3, 0xAB: 0x00, 0xAC: 0x03 }, 250, false, 0],
    [{ 0xAF: 0xFF }, 0, true, 0]] },
  { game: 'fishing_derby', what: 'catch difference; ends at 99', frames: [
    [{ 0xBD: 0x12 }, 12, false, 0],
    [{ 0xBE: 0x20 }, -20, false, 0],
    [{ 0xBD: 0x99 }, 87, true, 0]] },
  { game: 'freeway', what: 'reward clipped to [0, 1]; $96 = 1 ends', frames: [
    [{ 0xE7: 0x01 }, 1, false, 0],
    [{ 0xE7: 0x03 }, 1, false, 0],
    [{ 0xE7: 0x00 }, 0, false, 0],
    [{ 0xE7: 0x10 }, 1, false, 0],
    [{ 0x96: 2 }, 0, false, 0],
    [{ 0x96: 1 }, 0, true, 0]] },
  { game: 'frostbite', what: 'ends with no spare life and bit 7 of $F1', frames: [
    [{ 0xCC: 3 }, 0, false, 4],
    [{ 0xCA: 0x60, 0xC9: 0x01 }, 160, false, 4],
    [{ 0xC8: 0x02 }, 20000, false, 4],
    [{ 0xCC: 0xF0 }, 0, false, 1],
    [{ 0xF1: 0x80 }, 0, true, 0]] },
  { game: 'gopher', what: 'lives = carrots left (bits 0-2 of $B4)', frames: [
    [{ 0xB4: 0x07 }, 0, false, 3],
    [{ 0xB2: 0x20, 0xB1: 0x01 }, 120, false, 3],
    [{ 0xB4: 0xF5 }, 0, false, 2],
    [{ 0xB4: 0x04 }, 0, false, 1],
    [{ 0xB4: 0xF8 }, 0, true, 0]] },
  { game: 'gravitar', what: 'screen $81: 0 shows 6 lives, 1 ends; else $84 + 1', frames: [
    [{}, 0, false, 6],
    [{ 0x81: 2, 0x84: 4 }, 0, false, 5],
    [{ 0x89: 0x50, 0x88: 0x02, 0x87: 0x01 }, 10250, false, 5],
    [{ 0x81: 1 }, 0, true, 0]] },
  { game: 'hero', what: 'score $B9, $B8, $B7; lives $B3', frames: [
    [{ 0xB3: 4 }, 0, false, 4],
    [{ 0xB9: 0x75, 0xB8: 0x03 }, 375, false, 4],
    [{ 0xB7: 0x01 }, 10000, false, 4],
    [{ 0xB3: 0 }, 0, true, 0]] },
  { game: 'ice_hockey', what: 'reward capped at +1, drops kept; ends at 0:00', frames: [
    [{ 0x87: 3 }, 0, false, 0],
    [{ 0x8A: 0x01 }, 1, false, 0],
    [{ 0x8A: 0x03 }, 1, false, 0],
    [{ 0x8B: 0x05 }, -5, false, 0],
    [{ 0x87: 0, 0x86: 1 }, 0, false, 0],
    [{ 0x86: 0 }, 0, true, 0]] },
  { game: 'jamesbond', what: 'ends with no spare life on screen $68', frames: [
    [{ 0x86: 5 }, 0, false, 6],
    [{ 0xDC: 0x50, 0xDD: 0x01, 0xDE: 0x02 }, 20150, false, 6],
    [{ 0x86: 0xF0 }, 0, false, 1],
    [{ 0x8C: 0x68 }, 0, true, 0]] },
  { game: 'kangaroo', what: 'score ×100 from $A8/$A7; $AD = $FF ends', frames: [
    [{ 0xAD: 2 }, 0, false, 3],
    [{ 0xA8: 0x02, 0xA7: 0x01 }, 10200, false, 3],
    [{ 0xAD: 0xF9 }, 0, false, 2],
    [{ 0xAD: 0xFF }, 0, true, 0]] },
  { game: 'krull', what: 'ends with no spare life, $A2 = 3 and $80 = $80', frames: [
    [{ 0x9F: 2 }, 0, false, 3],
    [{ 0x9E: 0x10, 0x9D: 0x02, 0x9C: 0x01 }, 10210, false, 3],
    [{ 0x9F: 0, 0xA2: 3 }, 0, false, 1],
    [{ 0x80: 0x80 }, 0, true, 0]] },
  { game: 'kung_fu_master', what: 'lives from the low three bits of $9D; $FF ends', frames: [
    [{ 0x9D: 3 }, 0, false, 4],
    [{ 0x99: 0x15, 0x98: 0x01 }, 11500, false, 4],
    [{ 0x9D: 0x0A }, 0, false, 3],
    [{ 0x9D: 0xFF }, 0, true, 0]] },
  { game: 'montezuma_revenge', what: 'ends with no spare life and $FE = $60', frames: [
    [{ 0xBA: 5 }, 0, false, 6],
    [{ 0x94: 0x01 }, 100, false, 6],
    [{ 0x93: 0x01 }, 10000, false, 6],
    [{ 0xBA: 0 }, 0, false, 1],
    [{ 0xFE: 0x60 }, 0, true, 0]] },
  { game: 'ms_pacman', what: 'score $F8 low … $FA high; ends with no spare life and death timer $53', frames: [
    [{ 0xFB: 2 }, 0, false, 3],
    [{ 0xF8: 0x10, 0xF9: 0x01, 0xFA: 0x01 }, 10110, false, 3],
    [{ 0xFB: 0xF0 }, 0, false, 1],
    [{ 0xA7: 0x53 }, 0, true, 0]] },
  { game: 'name_this_game', what: 'lives in bits 0-2 of $C7', frames: [
    [{ 0xC7: 3 }, 0, false, 3],
    [{ 0xC6: 0x20, 0xC5: 0x01, 0xC4: 0x01 }, 10120, false, 3],
    [{ 0xC7: 0xF8 }, 0, true, 0]] },
  { game: 'phoenix', what: 'tens digit in the high nibble of $C7, the rest in $C8/$C9', frames: [
    [{ 0xCB: 5 }, 0, false, 5],
    [{ 0xC7: 0x20 }, 20, false, 5],
    [{ 0xC8: 0x15, 0xC9: 0x01 }, 11500, false, 5],
    [{ 0xCB: 0xFC }, 0, false, 4],
    [{ 0xCC: 0x80 }, 0, true, 0]] },
  { game: 'pitfall', what: 'the score starts at 2000 and can drop; lives from the high nibble of $80', frames: [
    [{ 0x80: 0xA0, 0xD6: 0x20 }, 0, false, 3],
    [{ 0xD7: 0x50 }, 50, false, 3],
    [{ 0xD6: 0x19 }, -100, false, 3],
    [{ 0x80: 0x80 }, 0, false, 2],
    [{ 0x80: 0x00 }, 0, false, 1],
    [{ 0x9E: 1 }, 0, true, 0]] },
  { game: 'pong', what: 'player $8E minus computer $8D, binary; 21 ends', frames: [
    [{ 0x8E: 1 }, 1, false, 0],
    [{ 0x8D: 3 }, -3, false, 0],
    [{ 0x8E: 21 }, 20, true, 0]] },
  { game: 'private_eye', what: 'the score starts at 1000; copyright timer other than 0/1 ends', frames: [
    [{ 0xC9: 0x10 }, 0, false, 0],
    [{ 0xCA: 0x25 }, 25, false, 0],
    [{ 0xC2: 1 }, 0, false, 0],
    [{ 0xC2: 2 }, 0, true, 0]] },
  { game: 'qbert', what: 'lives counted down on drops of one; 2 after -1 ends with no reward, score kept', frames: [
    [{ 0x88: 2 }, 0, false, 4],
    [{ 0xDB: 0x25 }, 25, false, 4],
    [{ 0x88: 1 }, 0, false, 3],
    [{ 0x88: 0 }, 0, false, 2],
    [{ 0x88: 0xFF }, 0, false, 1],
    [{ 0x88: 2, 0xDB: 0x99 }, 0, true, 0],
    [{ 0x88: 1 }, 74, false, 0]] },
  { game: 'qbert', what: '$88 = $FE ends', frames: [
    [{ 0x88: 0xFE, 0xD9: 0x01 }, 0, true, 0]] },
  { game: 'riverraid', what: 'digits ×8 in every other byte (others blank); $59 → $58 ends', frames: [
    [{ 0xC0: 0x58, 0xD7: 8 }, 1, false, 4],
    [{ 0xD5: 16, 0xCD: 72 }, 900020, false, 4],
    [{ 0xD7: 7 }, -1, false, 4],
    [{ 0xD7: 80 }, 0, false, 4],
    [{ 0xC0: 16 }, 0, false, 3],
    [{ 0xC0: 0x59 }, 0, false, 1],
    [{ 0xC0: 0x58 }, 0, true, 0]] },
  { game: 'road_runner', what: 'low-nibble digits $C9-$CC ×100; ends with no spare life while moving', frames: [
    [{ 0xC4: 2 }, 0, false, 3],
    [{ 0xC9: 0x0A, 0xCA: 0x05, 0xCB: 0xF1 }, 15000, false, 3],
    [{ 0xCC: 0x02 }, 200000, false, 3],
    [{ 0xC4: 0xF8 }, 0, false, 1],
    [{ 0xBD: 1 }, 0, true, 0]] },
  { game: 'robotank', what: '12 per squadron plus tanks; ends with no spare life and $B4 = $FF', frames: [
    [{ 0xA8: 3 }, 0, false, 4],
    [{ 0xB5: 5 }, 5, false, 4],
    [{ 0xB6: 1, 0xB5: 0 }, 7, false, 4],
    [{ 0xA8: 0 }, 0, false, 1],
    [{ 0xB4: 0xFF }, 0, true, 0]] },
  { game: 'seaquest', what: 'BCD carries from $BA into $B9 and $B8; $A3 ends', frames: [
    [{ 0xBB: 3 }, 0, false, 4],
    [{ 0xBA: 0x20 }, 20, false, 4],
    [{ 0xB9: 0x01, 0xBA: 0x00 }, 80, false, 4],
    [{ 0xB8: 0x01 }, 10000, false, 4],
    [{ 0xBB: 0 }, 0, false, 1],
    [{ 0xA3: 1 }, 0, true, 0]] },
  { game: 'skiing', what: 'reward = minus the centiseconds spent (minutes in $E8)', frames: [
    [{ 0xE9: 0x01, 0xEA: 0x50 }, -150, false, 0],
    [{ 0xE8: 1 }, -6000, false, 0],
    [{ 0xEA: 0x00 }, 50, false, 0],
    [{ 0x91: 0xFF }, 0, true, 0]] },
  { game: 'solaris', what: 'score ×10; lives the low nibble of $D9, ends when $D9 is 0', frames: [
    [{ 0xD9: 3 }, 0, false, 3],
    [{ 0xDC: 0x12, 0xDD: 0x01 }, 1120, false, 3],
    [{ 0xD9: 0x10 }, 0, false, 0],
    [{ 0xD9: 0 }, 0, true, 0]] },
  { game: 'space_invaders', what: 'wraps at 10,000; bit 7 of $98 ends', frames: [
    [{ 0xC9: 3 }, 0, false, 3],
    [{ 0xE8: 0x30, 0xE6: 0x99 }, 9930, false, 3],
    [{ 0xE8: 0x20, 0xE6: 0x00 }, 90, false, 3],
    [{ 0x98: 0x80 }, 0, true, 0]] },
  { game: 'space_invaders', what: '0 lives end', frames: [
    [{ 0xC9: 1 }, 0, false, 1],
    [{ 0xC9: 0 }, 0, true, 0]] },
  { game: 'star_gunner', what: 'lives read 5 until $87 has shown 5; only $A is a blank digit', frames: [
    [{ 0x87: 3 }, 0, false, 5],
    [{ 0x87: 5 }, 0, false, 5],
    [{ 0x87: 0xF4 }, 0, false, 4],
    [{ 0x83: 0x0A, 0x84: 0x05, 0x85: 0x0B }, 115000, false, 4],
    [{ 0x87: 0 }, 0, true, 0]] },
  { game: 'surround', what: 'no lives logic: lives 1 until the end; 10 points end', frames: [
    [{}, 0, false, 1],
    [{ 0xF7: 0x03 }, 3, false, 1],
    [{ 0xF6: 0x05 }, -5, false, 1],
    [{ 0xF7: 0x10 }, 7, true, 0]] },
  { game: 'tennis', what: 'a change of the points lead wins over the games lead', frames: [
    [{ 0xC7: 1 }, 1, false, 0],
    [{ 0xC8: 1 }, -1, false, 0],
    [{ 0xC5: 1, 0xC7: 0, 0xC8: 0 }, 1, false, 0],
    [{ 0xC6: 3, 0xC7: 2 }, 2, false, 0],
    [{ 0xC7: 6, 0xC8: 5 }, -1, false, 0],
    [{ 0xC7: 7 }, 1, true, 0]] },
  { game: 'tennis', what: 'six points with a lead of two end', frames: [
    [{ 0xC7: 6, 0xC8: 4 }, 2, true, 0]] },
  { game: 'time_pilot', what: 'lives read only on screen 2; $A0 ends', frames: [
    [{ 0x80: 2, 0x8B: 3 }, 0, false, 4],
    [{ 0x8D: 0x05, 0x8F: 0x01 }, 10500, false, 4],
    [{ 0x80: 0x13, 0x8B: 1 }, 0, false, 4],
    [{ 0x80: 0xF2 }, 0, false, 2],
    [{ 0xA0: 7 }, 0, true, 0]] },
  { game: 'tutankham', what: 'lives in bits 0-1 of $9E; ends at 0 unless $81 = $84', frames: [
    [{ 0x9E: 3 }, 0, false, 3],
    [{ 0x9C: 0x50, 0x9A: 0x02 }, 250, false, 3],
    [{ 0x9E: 0x06 }, 0, false, 2],
    [{ 0x9E: 0, 0x81: 0x84 }, 0, false, 0],
    [{ 0x81: 0 }, 0, true, 0]] },
  { game: 'up_n_down', what: 'ends with no spare life once the death timer passes $40', frames: [
    [{ 0x86: 4 }, 0, false, 5],
    [{ 0x82: 0x10, 0x81: 0x01, 0x80: 0x01 }, 10110, false, 5],
    [{ 0x86: 0xF0, 0x94: 0x40 }, 0, false, 1],
    [{ 0x94: 0x41 }, 0, true, 0]] },
  { game: 'venture', what: 'ends with no spare life, $CD = $FF and bit 7 of $BF', frames: [
    [{ 0xC6: 3 }, 0, false, 4],
    [{ 0xC8: 0x05, 0xC7: 0x01 }, 10500, false, 4],
    [{ 0xC6: 0, 0xCD: 0xFF }, 0, false, 1],
    [{ 0xBF: 0x80 }, 0, true, 0]] },
  { game: 'video_pinball', what: 'lives = 4 + extra ball - balls played; bit 0 of $AF ends', frames: [
    [{}, 0, false, 4],
    [{ 0x99: 1 }, 0, false, 3],
    [{ 0xA8: 1 }, 0, false, 4],
    [{ 0xB0: 0x50, 0xB2: 0x01, 0xB4: 0x02 }, 20150, false, 4],
    [{ 0xAF: 0x01 }, 0, true, 0]] },
  { game: 'wizard_of_wor', what: '8000 too many is taken off; lives read only while waiting', frames: [
    [{ 0x8D: 3 }, 0, false, 3],
    [{ 0x86: 0x12, 0x88: 0x01 }, 11200, false, 3],
    [{ 0x88: 0x80 }, -10000, false, 3],
    [{ 0xD7: 1, 0x8D: 2 }, 0, false, 3],
    [{ 0xD7: 0 }, 0, false, 2],
    [{ 0x8D: 0, 0xF4: 0xF8 }, 0, true, 0]] },
  { game: 'yars_revenge', what: 'lives in the high nibble of $9E', frames: [
    [{ 0x9E: 0x40 }, 0, false, 4],
    [{ 0xE2: 0x10, 0xE1: 0x01, 0xE0: 0x01 }, 10110, false, 4],
    [{ 0x9E: 0x0F }, 0, true, 0]] },
  { game: 'zaxxon', what: 'score ×100 from $E9/$E8; lives in bits 0-2 of $EA', frames: [
    [{ 0xEA: 5 }, 0, false, 5],
    [{ 0xE9: 0x05, 0xE8: 0x01 }, 10500, false, 5],
    [{ 0xEA: 0xF8 }, 0, true, 0]] },
  { game: 'tetris', what: 'only rises reward; game over restarts the score count at 0', frames: [
    [{ 0xF1: 0x05 }, 5, false, 0],
    [{ 0xF1: 0x10, 0xF2: 0x01 }, 105, false, 0],
    [{ 0xF1: 0x00 }, 0, false, 0],
    [{ 0xF3: 0x80 }, 0, true, 0],
    [{ 0xF3: 0x00, 0xF1: 0x05 }, 105, false, 0]] },
];

/** The RAM states of a scenario, 128 bytes each, writes accumulating from all-zero RAM. */
function ramStates(frames: readonly Frame[]): Uint8Array {
  const out = new Uint8Array(frames.length * 128);
  const ram = new Uint8Array(128);
  frames.forEach(([writes], i) => {
    for (const [address, value] of Object.entries(writes)) ram[Number(address) & 0x7F] = value;
    out.set(ram, i * 128);
  });
  return out;
}

/** A seeded RAM walk: each frame changes a few bytes, often to small or all-ones values that the rules test. */
function randomRams(seed: number, n: number): Uint8Array {
  let s = seed >>> 0;
  const next = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s >>> 8; };
  const special = [0, 1, 2, 3, 5, 0x10, 0x53, 0x58, 0x59, 0x68, 0x80, 0x99, 0xBD, 0xE7, 0xF8, 0xFE, 0xFF];
  const out = new Uint8Array(n * 128);
  const ram = new Uint8Array(128);
  for (let f = 0; f < n; f++) {
    for (let k = next() % 12; k > 0; k--) {
      ram[next() % 128] = next() % 2 ? special[next() % special.length]! : next() & 0xFF;
    }
    out.set(ram, f * 128);
  }
  return out;
}

let cases = 0;

test('every scenario: rewards, terminal flags and lives after each synthetic RAM state', { skip }, () => {
  const known = new Set(addon().atariGames().map((g) => g.id));
  for (const sc of scenarios) {
    assert.ok(known.has(sc.game), `${sc.game} is not registered`);
    const r = addon().atariGameStep(sc.game, ramStates(sc.frames));
    const label = `${sc.game} (${sc.what})`;
    assert.deepEqual([...r.rewards], sc.frames.map((f) => f[1]), `${label}: rewards`);
    assert.deepEqual([...r.terminals].map(Boolean), sc.frames.map((f) => f[2]), `${label}: terminal flags`);
    assert.deepEqual([...r.lives], sc.frames.map((f) => f[3]), `${label}: lives`);
    cases += sc.frames.length;
  }
  const covered = new Set(scenarios.map((s) => s.game));
  assert.deepEqual([...known].filter((id) => !covered.has(id)), [], 'games without a scenario');
});

test('save/load in the middle of every scenario and of random RAM walks resumes exactly', { skip }, () => {
  for (const sc of scenarios) {
    const rams = ramStates(sc.frames);
    const plain = addon().atariGameStep(sc.game, rams);
    for (let k = 1; k < sc.frames.length; k++) {
      const resumed = addon().atariGameStep(sc.game, rams, k);
      assert.deepEqual(resumed.rewards, plain.rewards, `${sc.game} resumed at ${k}: rewards`);
      assert.deepEqual(resumed.terminals, plain.terminals, `${sc.game} resumed at ${k}: terminals`);
      assert.deepEqual(resumed.lives, plain.lives, `${sc.game} resumed at ${k}: lives`);
      cases++;
    }
  }
  for (const g of addon().atariGames()) {
    const rams = randomRams(7 + g.id.length, 400);
    const plain = addon().atariGameStep(g.id, rams);
    for (const k of [1, 137, 399]) {
      const resumed = addon().atariGameStep(g.id, rams, k);
      assert.ok(resumed.stateBytes >= 13, `${g.id}: a state holds at least reward, score, lives and the flag`);
      assert.deepEqual(resumed.rewards, plain.rewards, `${g.id} resumed at ${k}: rewards`);
      assert.deepEqual(resumed.terminals, plain.terminals, `${g.id} resumed at ${k}: terminals`);
      assert.deepEqual(resumed.lives, plain.lives, `${g.id} resumed at ${k}: lives`);
      cases++;
    }
  }
});

test('games without lives report 0 on any RAM; the others report lives at reset', { skip }, () => {
  const noLives = ['bowling', 'boxing', 'double_dunk', 'enduro', 'fishing_derby', 'freeway', 'ice_hockey', 'pong',
    'private_eye', 'skiing', 'tennis', 'tetris'];
  for (const g of addon().atariGames()) {
    const r = addon().atariGameStep(g.id, randomRams(99, 300));
    if (noLives.includes(g.id)) {
      assert.equal(r.livesAtReset, 0, `${g.id}: lives at reset`);
      assert.ok(r.lives.every((l) => l === 0), `${g.id}: lives() is always 0`);
    } else if (g.id === 'surround') {
      assert.equal(r.livesAtReset, 1, 'surround: ALE\'s default lives() is 1 until terminal');
      r.lives.forEach((l, i) => assert.equal(l, r.terminals[i] ? 0 : 1, `surround: lives at frame ${i}`));
    } else {
      assert.ok(r.livesAtReset > 0, `${g.id}: lives at reset ${r.livesAtReset}`);
    }
    cases++;
  }
});

// ---------------------------------------------------------------------------------------------------------------------
// Mode selection against a scripted environment loop: each SELECT press, soft reset or agent step moves to the next
// RAM state and steps the settings on it.

/** RAM states where the given byte takes the given values in turn (other bytes 0), plus extra writes on all. */
function modeScript(address: number, values: number[], extra: Record<number, number> = {}): Uint8Array {
  return ramStates(values.map((v) => [{ ...extra, [address]: v }, 0, false, 0] as Frame));
}

test('mode selection: SELECT until RAM shows the mode, then a soft reset; the odd procedures', { skip }, () => {
  const a = addon();
  const select = (n: number, frames: number): string[] => Array<string>(n).fill(`select ${frames}`);
  // Breakout: 1-frame presses until $B2 = 8.
  let r = a.atariGameSelectMode('breakout', 8, modeScript(0xB2, [0, 4, 8]));
  assert.deepEqual([r.ok, r.calls], [true, [...select(2, 1), 'reset']]);
  // Already in the mode: no press.
  r = a.atariGameSelectMode('space_invaders', 0, modeScript(0xDC, [0]));
  assert.deepEqual(r.calls, ['reset']);
  // James Bond: the title screen shows the mode + $48; SELECT held 20 frames.
  r = a.atariGameSelectMode('jamesbond', 1, modeScript(0x8C, [0x48, 0x49]));
  assert.deepEqual(r.calls, [...select(1, 20), 'reset']);
  // Kangaroo: + $80 on the title screen.
  r = a.atariGameSelectMode('kangaroo', 1, modeScript(0xBA, [0x80, 0x81]));
  assert.deepEqual(r.calls, [...select(1, 2), 'reset']);
  // Surround shows mode + 1.
  r = a.atariGameSelectMode('surround', 2, modeScript(0xF9, [1, 2, 3]));
  assert.deepEqual(r.calls, [...select(2, 2), 'reset']);
  // Ms. Pac-Man mode 0 = game 1, variation 1 (two bytes); SELECT held 10 frames.
  const pac = ramStates([[{ 0x99: 1, 0xA1: 0 }, 0, false, 0], [{ 0xA1: 1 }, 0, false, 0]]);
  r = a.atariGameSelectMode('ms_pacman', 0, pac);
  assert.deepEqual(r.calls, [...select(1, 10), 'reset']);
  r = a.atariGameSelectMode('ms_pacman', 1, pac);
  assert.deepEqual(r.calls, ['reset'], 'mode 1 = game 1, variation 0');
  // Yars' Revenge: one 2-frame press opens the mode screen first.
  r = a.atariGameSelectMode('yars_revenge', 0x40, modeScript(0xE3, [0, 0, 0x20, 0x40]));
  assert.deepEqual(r.calls, ['select 2', ...select(2, 1), 'reset']);
  // Gopher: a soft reset first, then 5-frame presses.
  r = a.atariGameSelectMode('gopher', 2, modeScript(0xD3, [0, 0, 2]));
  assert.deepEqual(r.calls, ['reset', 'select 5', 'reset']);
  // Berzerk: 20 NOOP agent steps before SELECT is accepted.
  r = a.atariGameSelectMode('berzerk', 0x10, modeScript(0x80, [...Array<number>(21).fill(1), 0x10]));
  assert.deepEqual(r.calls, [...Array<string>(20).fill('act 0'), 'select 2', 'reset']);
  // Star Gunner: SELECT held 15 frames.
  r = a.atariGameSelectMode('star_gunner', 3, modeScript(0xF4, [0, 1, 2, 3]));
  assert.deepEqual(r.calls, [...select(3, 15), 'reset']);
  // RAM that never shows the mode: false after 1000 presses instead of ALE's endless loop.
  r = a.atariGameSelectMode('freeway', 7, modeScript(0x80, [0]));
  assert.equal(r.ok, false);
  assert.equal(r.calls.length, 1000);
  assert.throws(() => a.atariGameSelectMode('breakout', 2, modeScript(0xB2, [0])), /has no mode 2/);
  assert.throws(() => a.atariGameSelectMode('tetris', 1, modeScript(0x80, [0])), /has no mode 1/);
  cases += 15;
});

test('mode selection: Double Dunk sets four menu options with DOWN, RIGHT and LEFT', { skip }, () => {
  // Mode 0b0101: three-point shots on ($08), ten-second rule off ($10), three-second rule on ($04), fouls off ($20).
  // Script: the select press, then each tap (agent step + NOOP step) moves the scripted menu as the game would.
  const states: Frame[] = [];
  let line = 0, options = 0x10 | 0x20;  // start: ten-second rule and fouls on
  const push = (): void => { states.push([{ 0xB0: line, 0x80: options }, 0, false, 0]); };
  push();                              // before anything
  push();                              // after SELECT
  for (let i = 0; i < 2; i++) { line++; push(); push(); }  // DOWN, NOOP twice
  options |= 0x08; push(); push();     // RIGHT turns on three-point shots
  line++; push(); push();              // DOWN
  options &= ~0x10; push(); push();    // LEFT turns off the ten-second rule
  line++; push(); push();              // DOWN
  options |= 0x04; push(); push();     // RIGHT turns on the three-second rule
  line++; push(); push();              // DOWN
  options &= ~0x20; push(); push();    // LEFT turns off fouls
  const r = addon().atariGameSelectMode('double_dunk', 0b0101, ramStates(states));
  const tap = (a: number): string[] => [`act ${a}`, 'act 0'];
  const DOWN = 5, RIGHT = 3, LEFT = 4, UPFIRE = 10;
  assert.equal(r.ok, true);
  assert.deepEqual(r.calls, ['select 1', ...tap(DOWN), ...tap(DOWN), ...tap(RIGHT), ...tap(DOWN), ...tap(LEFT),
    ...tap(DOWN), ...tap(RIGHT), ...tap(DOWN), ...tap(LEFT), 'reset', `act ${UPFIRE}`, 'act 0']);
  cases++;
});

test('mode selection: Demon Attack\'s first frame after a mode change cannot end the game', { skip }, () => {
  const over = { 0xF2: 0, 0xF1: 0xBD };  // RAM showing 0 lives on the game-over screen
  const r = addon().atariGameSelectMode('demon_attack', 3, modeScript(0xEA, [1, 3], over), modeScript(0xEA, [3], over));
  assert.deepEqual([r.ok, r.calls], [true, ['select 1', 'reset']]);
  assert.equal(r.terminal, false, 'the soft reset\'s frame does not end the game');
  assert.deepEqual([...r.afterTerminals], [1], 'the next frame does');
  cases++;
});

// ---------------------------------------------------------------------------------------------------------------------
// The registry against ../shared/research/atari57-roms.tsv (md5, minimal actions, starting actions, lives reported).

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const tsvPath = `${root}../shared/research/atari57-roms.tsv`;
const tetrisPath = `${root}../shared/test-roms/tetris.bin`;

/** Where ALE's sources differ from the .tsv (its parser missed `ActionVect(16, …)`): ALE a9a043e Gravitar.cpp and
 * Skiing.cpp return 16 FIRE and 16 DOWN starting actions. */
const STARTING_CORRECTIONS: Record<string, string[]> = {
  gravitar: Array<string>(16).fill('FIRE'),
  skiing: Array<string>(16).fill('DOWN'),
};

test('registry: every Atari-57 game and Tetris, with the md5, actions and lives of atari57-roms.tsv', {
  skip: skip || (existsSync(tsvPath) ? false : `${tsvPath} is absent (../shared is not checked out)`),
}, () => {
  const rows = readFileSync(tsvPath, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
  const header = rows.shift()!;
  const col = (name: string): number => { const i = header.indexOf(name); assert.ok(i >= 0, name); return i; };
  const games = new Map(addon().atariGames().map((g) => [g.id, g]));
  assert.equal(rows.length, 57);
  assert.deepEqual([...games.keys()].sort(), [...rows.map((r) => r[0]!), 'tetris'].sort());
  const names = (ids: number[]): string[] => ids.map((a) => ACTIONS[a]!);
  for (const row of rows) {
    const id = row[0]!, g = games.get(id)!;
    assert.match(id, /^[a-z0-9]+(_[a-z0-9]+)*$/);
    assert.equal(g.md5, row[col('md5')], `${id}: md5`);
    const minimal = row[col('minimal_actions')] === 'all 18' ? ACTIONS : row[col('minimal_actions')]!.split(' ');
    assert.deepEqual(names(g.minimalActions), minimal, `${id}: minimal actions`);
    assert.equal(g.minimalActions.length, Number(row[col('n_minimal_actions')]), `${id}: minimal action count`);
    const starting = row[col('starting_actions')] === '-' ? [] : row[col('starting_actions')]!.split(' ');
    assert.deepEqual(names(g.startingActions), STARTING_CORRECTIONS[id] ?? starting, `${id}: starting actions`);
    const reported = row[col('lives_reported')]!;
    const r = addon().atariGameStep(id, randomRams(3, 200));
    if (reported.startsWith('no')) assert.ok(r.livesAtReset === 0 && r.lives.every((l) => l === 0), `${id}: no lives`);
    else if (reported === 'default') assert.equal(r.livesAtReset, 1, `${id}: default lives`);
    else assert.ok(r.livesAtReset > 0, `${id}: lives reported`);
    cases++;
  }
  for (const g of games.values()) {
    assert.ok(g.minimalActions.every((a) => g.legalActions.includes(a)), `${g.id}: minimal actions are legal`);
    assert.ok(g.startingActions.every((a) => g.legalActions.includes(a)), `${g.id}: starting actions are legal`);
    assert.ok(g.modes.length > 0 && new Set(g.modes).size === g.modes.length, `${g.id}: modes`);
    assert.ok(g.difficulties.length > 0, `${g.id}: difficulties`);
  }
  assert.deepEqual(names(games.get('skiing')!.legalActions), ACTIONS.filter((a) => !a.includes('FIRE')));
  assert.equal(new Set([...games.values()].map((g) => g.md5)).size, games.size, 'md5s are distinct');
});

test('registry: Tetris has the md5 of ../shared/test-roms/tetris.bin', {
  skip: skip || (existsSync(tetrisPath) ? false : `${tetrisPath} is absent (../shared is not checked out)`),
}, () => {
  const md5 = createHash('md5').update(readFileSync(tetrisPath)).digest('hex');
  assert.equal(addon().atariGames().find((g) => g.id === 'tetris')?.md5, md5);
  cases++;
});

test('summary', { skip }, () => {
  const games = addon().atariGames().length;
  console.log(`atari games: ${games} games, ${scenarios.length} scenarios, ${cases} cases checked`);
});
