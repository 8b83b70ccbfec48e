/**
 * A Tetris player for the oracle tests: it reads the game's RAM (Tetris 2600 by Colin Hughes) and plays well enough to
 * clear lines, so that a fixed run exercises moves, rotations, drops and line clears. Deterministic: its input depends
 * only on the frame number, the RAM and its seed (both machines see the same RAM while they agree).
 *
 * RAM layout (read off the running game with the oracle): rows count from the bottom (0–21); the cells of row k are
 * $80+k (PF1 bits 5..0 = columns 0–5) and $96+k (PF2 bits 0..3 = columns 6–9), on some frames with the falling piece
 * in them; the falling piece's four cells are
 * rows $DC–$DF with PF1 masks $E0–$E3 and PF2 masks $E4–$E7; $EB is piece type × 16 + rotation × 4. Holding a
 * direction moves the piece every 4 frames, holding fire rotates it every 4 frames, holding down makes it fall faster.
 */
import type { Joystick } from '../../../src/envs/atari/index.js';
import { Rng } from '../../../src/util/rng.js';
import type { InputScript } from './oracle-compare.js';

const ROWS = 22, COLS = 10;
type Cell = [row: number, col: number];

function columnsOfMasks(pf1: number, pf2: number): number[] {
  const cols: number[] = [];
  for (let c = 0; c < 6; c++) if (pf1 & (0x20 >> c)) cols.push(c);
  for (let c = 0; c < 4; c++) if (pf2 & (1 << c)) cols.push(6 + c);
  return cols;
}

/** The settled cells (the game also writes the falling piece into these rows now and then: it is taken out). */
function board(ram: Uint8Array, piece: Cell[]): boolean[][] {
  return Array.from({ length: ROWS }, (_, k) => {
    const filled = columnsOfMasks(ram[k]!, ram[0x16 + k]!);
    return Array.from({ length: COLS }, (_, c) => filled.includes(c) && !piece.some(([r, pc]) => r === k && pc === c));
  });
}

function pieceCells(ram: Uint8Array): Cell[] {
  const cells: Cell[] = [];
  for (let i = 0; i < 4; i++) for (const c of columnsOfMasks(ram[0x60 + i]!, ram[0x64 + i]!)) cells.push([ram[0x5c + i]!, c]);
  return cells;
}

/** Cells relative to their lowest row and leftmost column. */
function normalise(cells: Cell[]): Cell[] {
  const r0 = Math.min(...cells.map((c) => c[0])), c0 = Math.min(...cells.map((c) => c[1]));
  return cells.map(([r, c]) => [r - r0, c - c0]);
}

/** Drops `shape` at left column `col`; the board after it and the lines it clears, or undefined if it does not fit. */
function drop(grid: boolean[][], shape: Cell[], col: number): { grid: boolean[][]; lines: number } | undefined {
  if (shape.some(([, c]) => col + c >= COLS)) return undefined;
  const fits = (base: number): boolean => shape.every(([r, c]) => base + r >= 0 && (base + r >= ROWS || !grid[base + r]![col + c]));
  let base = ROWS - 4;
  if (!fits(base)) return undefined;
  while (fits(base - 1)) base--;
  const next = grid.map((row) => row.slice());
  for (const [r, c] of shape) if (base + r < ROWS) next[base + r]![col + c] = true;
  const kept = next.filter((row) => !row.every(Boolean));
  const lines = ROWS - kept.length;
  while (kept.length < ROWS) kept.push(new Array<boolean>(COLS).fill(false));
  return { grid: kept, lines };
}

/** The usual hand-tuned placement score: lines cleared against height, holes and bumpiness. */
function score(grid: boolean[][], lines: number): number {
  let height = 0, holes = 0, bumpiness = 0, previous = -1;
  for (let c = 0; c < COLS; c++) {
    let h = 0;
    for (let r = ROWS - 1; r >= 0; r--) if (grid[r]![c]) { h = r + 1; break; }
    for (let r = 0; r < h; r++) if (!grid[r]![c]) holes++;
    height += h;
    if (previous >= 0) bumpiness += Math.abs(h - previous);
    previous = h;
  }
  return 0.76 * lines - 0.51 * height - 0.36 * holes - 0.18 * bumpiness;
}

/**
 * Plays Tetris: for each new piece it learns the piece's rotations by turning it once round (the shapes are kept per
 * type), picks the best rotation and column, then rotates, moves and drops. Each decision is held for a few frames
 * with a seeded random length, and one piece in `randomEvery` is placed at random, so runs differ by seed.
 */
export function tetrisPlayer(seed: number, randomEvery = 8): InputScript {
  const rng = new Rng(seed);
  const shapes = new Map<number, Cell[]>();  // $EB → normalised shape
  let settled = '';
  let target: { rotation: number; col: number } | undefined;
  let held: Joystick = {};
  let holdUntil = 0;
  let pieces = 0;

  return (frame, ram) => {
    // After a game over ($F3 bit 7) only RESET starts a new game, and the game waits for its release without VSYNC
    // (ALE ends such a step after 25,000 instructions, our machine after its own backstop): the player does not press
    // it, it taps fire and the run stays on the game-over screen.
    if (ram[0x73]! & 0x80) return { joystick0: { fire: frame % 8 < 4 }, switches: {} };
    const cells = pieceCells(ram);
    if (cells.length !== 4) return { joystick0: {}, switches: {} };
    const rotationKey = ram[0x6b]!;
    const type = rotationKey & 0xf0;
    shapes.set(rotationKey, normalise(cells));
    const grid = board(ram, cells);
    const gridKey = grid.map((row) => row.map(Number).join('')).join();
    if (gridKey !== settled) { settled = gridKey; target = undefined; pieces++; }  // a piece landed: plan the next
    if (frame < holdUntil) return { joystick0: held, switches: {} };

    const known = [0, 4, 8, 12].filter((r) => shapes.has(type | r));
    if (!target && known.length < 4) {
      held = { fire: true };  // turn once round to learn this type's shapes
    } else {
      if (!target) {
        let best = -Infinity;
        const options: { rotation: number; col: number }[] = [];
        for (const r of known) {
          for (let col = 0; col < COLS; col++) {
            const result = drop(grid, shapes.get(type | r)!, col);
            if (!result) continue;
            options.push({ rotation: r, col });
            const s = score(result.grid, result.lines);
            if (s > best) { best = s; target = { rotation: r, col }; }
          }
        }
        if (pieces % randomEvery === 0 && options.length > 0) target = options[rng.int(options.length)];
        target ??= { rotation: rotationKey & 0x0c, col: 0 };
      }
      const left = Math.min(...cells.map((c) => c[1]));
      if ((rotationKey & 0x0c) !== target.rotation) held = { fire: true };
      else if (left > target.col) held = { left: true };
      else if (left < target.col) held = { right: true };
      else held = { down: true };
    }
    holdUntil = frame + 1 + rng.int(3);
    return { joystick0: held, switches: {} };
  };
}
