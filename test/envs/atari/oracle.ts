/**
 * The 6502.ts oracle: a driver of 6502.ts (npm, MIT; a cycle-exact 2600 emulator in TypeScript) that mirrors an
 * AtariMachine, so the two can be run side by side and compared frame by frame (compare.ts).
 *
 * Mirrored from our machine (native/atari/machine.cc, ALE's conventions):
 * - power-on: RAM and the RIOT timer from std::mt19937(seed) (ALE's M6532: 128 RAM bytes, then the timer
 *   25 + rng() % 75 counting down every 64 cycles, `myIntervalShift = 6`), A = X = Y = 0, SP = $FF, P = $20, PC from
 *   the reset vector, no cycles spent on the reset sequence (6502.ts boots through it; we then overwrite its state and
 *   reset its TIA, cartridge and cycle counter), the power-on banks of ALE's Stella (F8: bank 1, F6/F4: bank 0, E0:
 *   slices 4, 5, 6, 7);
 * - inputs: SWCHA / SWCHB read back the bytes set here (like ALE's M6532, the data-direction registers are ignored;
 *   paddle buttons are SWCHA bits), the fire buttons through 6502.ts's latch, and paddles by ALE's charge model
 *   (TIA.cxx INPT0–3: bit 7 sets once the cycles since the dump was switched off exceed 1.6·R·1e-8 s × 1.19 MHz);
 *   INPT0–5 read bit 6 as 0 (ALE; 6502.ts would let the data bus through);
 * - frames as ALE's TIA counts them: a frame ends at the write that switches VSYNC off at least 228 colour clocks
 *   after it was switched on (or at a TIA write past scanline 290), and the next one starts at the beginning of that
 *   scanline; the picture is `height` scanlines from `ystart` scanlines after a frame's start (ALE: 34 and 210). 6502.ts's
 *   own frame detection is replaced by a recorder that keeps every scanline the TIA draws, as palette indices
 *   (the COLUxx value & 0xFE; VBLANK and HMOVE blanks are index 0).
 * Stepping: runToCycle(n) runs exactly to CPU cycle n (the comparison uses our machine's info().cycles after each
 * frame); runFrames(n) runs to the end of the instruction that ends each frame, as our machine does, or, like ALE's
 * TIA::update(), of the 25,000th instruction without one.
 * Not mirrored: SuperChip RAM contents at power-on (6502.ts randomises them), 4K SuperChip (6502.ts has no such
 * cartridge). RSYNC moves the beam, as in 6502.ts and our TIA (ALE ignores it).
 */
import { createRequire } from 'node:module';
import type { CartScheme, ConsoleSwitches, Joystick } from '../../../src/envs/atari/index.js';
import { ALE_SYSTEM_SEED, DEFAULT_SWCHB, encodeJoystick, encodeSwitches } from '../../../src/envs/atari/index.js';

const require = createRequire(import.meta.url);

// The parts of 6502.ts this driver touches, typed here (several are private fields of its classes).
interface Switch { toggle(state: boolean): void }
interface Cpu {
  executionState: number;
  state: { a: number; x: number; y: number; s: number; p: number; flags: number };
  getLastInstructionPointer(): number;
}
interface Pia {
  ram: Uint8Array;
  _timerValue: number; _subTimer: number; _timerDivide: number; _interruptFlag: number; _timerWrapped: boolean;
  _readIo(address: number): number;
  _writeIo(address: number, value: number): void;
}
interface PaddleInput { inpt(): number; vblank(value: number): void; reset(): void }
interface Tia {
  _hctr: number;
  _frameManager: unknown;
  _paddles: PaddleInput[];
  reset(): void;
  read(address: number): number;
  write(address: number, value: number): void;
}
interface Cartridge {
  reset(): void;
  peek(address: number): number;
  notifyCpuCycleComplete(): void;  // called by the board at the end of every instruction
  _supportSC?: boolean; _hasSC?: boolean;
  _banks?: Uint8Array[]; _activeBanks?: Uint8Array[];  // E0: the eight 1K slices, the four mapped ones
}
interface Bus { setDataBusValue(v: number): void; peek(address: number): number }
interface Board {
  boot(): Board;
  tick(colourClocks: number): number;
  getCpu(): Cpu;
  getBus(): Bus;
  getJoystick0(): { getFire(): Switch };
  getJoystick1(): { getFire(): Switch };
  trap: { addHandler(h: (payload: { message?: string }) => void): void };
  _cpuCycles: number; _subClock: number; _trap: boolean;
  _tia: Tia; _pia: Pia; _cartridge: Cartridge;
}
type BoardConstructor = new (config: object, cartridge: Cartridge) => Board;
interface ConfigModule { create(config: object): object }
interface CartridgeFactoryInstance { createCartridge(rom: Uint8Array, type: string): Promise<Cartridge> }

const Board = (require('6502.ts/lib/machine/stella/Board.js') as { default: BoardConstructor }).default;
const Config = (require('6502.ts/lib/machine/stella/Config.js') as { default: ConfigModule }).default;
const CartridgeFactory = (require('6502.ts/lib/machine/stella/cartridge/CartridgeFactory.js') as {
  default: new () => CartridgeFactoryInstance;
}).default;
const NTSC = (require('6502.ts/lib/machine/stella/tia/palette.js') as { NTSC: Uint32Array }).NTSC;

/** Our scheme names → 6502.ts's cartridge types. */
const CARTRIDGE_TYPES: Record<CartScheme, string | undefined> = {
  '2K': 'vanilla_2k', '4K': 'vanilla_4k', F8: 'bankswitch_8k_F8', F6: 'bankswitch_16k_F6', E0: 'bankswitch_8k_E0',
  FE: 'bankswitch_8k_FE', F8SC: 'bankswitch_8k_F8', F6SC: 'bankswitch_16k_F6', F4: 'bankswitch_32k_F4',
  F4SC: 'bankswitch_32k_F4', '4KSC': undefined,
};

/** std::mt19937 (the standard's 32-bit Mersenne Twister): ALE draws the power-on RAM and timer from it. */
export class Mt19937 {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  next(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** ALE's nextDouble: next() / 2^32. */
  nextDouble(): number {
    return this.next() / 4294967296;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % 624]! & 0x7fffffff);
      mt[i] = mt[(i + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }
}

/** ALE's power-on RAM ($80–$FF) and RIOT timer value for a system seed (M6532.cxx). */
export function powerOnState(seed: number): { ram: Uint8Array; timer: number } {
  const rng = new Mt19937(seed);
  const ram = new Uint8Array(128);
  for (let i = 0; i < 128; i++) ram[i] = rng.next() & 0xff;
  return { ram, timer: 25 + (rng.next() % 75) };
}

const RING_LINES = 1024;    // scanlines kept by the recorder (a frame and the picture of the one before fit easily)
const MAX_SCANLINES = 290;  // ALE's NTSC cap (TIA.cxx myMaximumNumberOfScanlines)
const INSTRUCTIONS_PER_STEP = 25000;  // ALE's TIA::update() runs at most this many instructions

/**
 * Stands in for 6502.ts's FrameManager inside its TIA: always "rendering", into a ring of scanlines indexed by the
 * TIA's own line count. Row 0 mirrors the row before row 1, because the TIA's line cache copies the previous row.
 */
class LineRecorder {
  vblank = false;
  readonly surfaceBuffer = new Uint32Array((RING_LINES + 1) * 160);
  line = 0;     // scanlines since power-on
  private row = 1;

  nextLine(): void {
    this.line++;
    if (this.row === RING_LINES) {
      this.surfaceBuffer.copyWithin(0, RING_LINES * 160, (RING_LINES + 1) * 160);
      this.row = 1;
    } else {
      this.row++;
    }
  }
  isRendering(): boolean { return true; }
  setVblank(on: boolean): void { this.vblank = on; }
  setVsync(): void { /* frames are tracked from the TIA writes (see Oracle6502) */ }
  getCurrentLine(): number { return this.row; }
  getHeight(): number { return 210; }
  reset(): void { /* the recorder lives from power-on */ }
  setSurfaceFactory(): void { /* not used */ }
  getDebugState(): string { return `line ${this.line}`; }

  /** Palette index of pixel x of scanline `line` (which must still be in the ring). */
  rowOffset(line: number): number {
    return ((line % RING_LINES) + 1) * 160;
  }
}

/** A paddle read by ALE's model (TIA.cxx, INPT0–3): `ohms` 0 means no paddle (reads 0, like ALE's joystick). */
class AlePaddle implements PaddleInput {
  ohms = 0;
  private dumped = false;
  private dumpOffCycle = 0;

  constructor(private readonly cycles: () => number) {}

  inpt(): number {
    if (this.ohms === 0 || this.dumped) return 0;
    const needed = Math.floor(1.6 * this.ohms * 0.01e-6 * 1.19e6);
    return this.cycles() > this.dumpOffCycle + needed ? 0x80 : 0;
  }
  vblank(value: number): void {
    if (value & 0x80) {
      this.dumped = true;
    } else if (this.dumped) {
      this.dumped = false;
      this.dumpOffCycle = this.cycles();
    }
  }
  reset(): void {
    this.dumped = false;
    this.dumpOffCycle = 0;
  }
}

export interface OracleOptions {
  /** Our bank-switching scheme (required: detection is ours, not 6502.ts's). */
  scheme: CartScheme;
  /** System seed of the power-on RAM and timer (default ALE's 4753849). */
  seed?: number;
}

/** 6502.ts run as an AtariMachine: same inputs, same frame boundaries, RAM and palette-index pictures. */
export class Oracle6502 {
  private readonly board: Board;
  private readonly recorder = new LineRecorder();
  private readonly paddles: AlePaddle[];
  private readonly indexOf = new Map<number, number>();
  private swcha = 0xff;
  private swchb = DEFAULT_SWCHB;
  private readonly ddr = [0, 0];  // SWACNT, SWBCNT as written (ALE reads them back; 6502.ts ignores them)
  private ystart = 34;
  private viewHeight = 210;
  // Frame tracking in ALE's terms (colour clocks since power-on; a frame starts at the beginning of a scanline).
  private frameStartLines: number[] = [0];  // the TIA's scanline count at the last frame starts
  private frameStartClock = 0;
  private completed = 0;
  private vsyncFinishClock = Infinity;
  private stopAtFrameEnd = false;
  private instructions = 0;
  private instructionLimit = Infinity;
  private trapMessage: string | undefined;

  private constructor(board: Board, scheme: CartScheme, seed: number) {
    this.board = board;
    NTSC.forEach((colour, i) => this.indexOf.set(colour, 2 * i));
    board.trap.addHandler((payload) => { this.trapMessage = payload.message ?? 'trap'; });
    board.boot();  // 6502.ts's reset sequence; everything it set up is overwritten below
    this.paddles = [0, 1, 2, 3].map(() => new AlePaddle(() => this.board._cpuCycles));
    this.replaceTiaParts();
    this.replacePorts();
    this.countInstructions();
    this.powerOn(scheme, seed);
  }

  /** Our frame recorder, ALE's paddles and INPT bit 6, no line cache, and frame tracking on every TIA write. */
  private replaceTiaParts(): void {
    const tia = this.board._tia;
    tia._frameManager = this.recorder;
    tia.reset();
    tia._paddles = this.paddles;
    // 6502.ts copies a scanline instead of running it once two lines look unchanged, which loses a sprite copy that
    // runs past the right edge into the next line; the chip (and ALE) draw that tail: run every line.
    Object.defineProperty(tia, '_linesSinceChange', { get: () => 0, set: () => undefined });
    const read = tia.read.bind(tia), write = tia.write.bind(tia);
    tia.read = (address) => {
      const reg = address & 0x0f;
      return reg >= 0x08 && reg <= 0x0d ? read(address) & 0xbf : read(address);
    };
    tia.write = (address, value) => {
      this.onTiaWrite(address & 0x3f, value);
      write(address, value);
    };
  }

  /** SWCHA / SWCHB read back the bytes set by the input methods; SWACNT / SWBCNT what was written to them. */
  private replacePorts(): void {
    const pia = this.board._pia;
    pia._readIo = (address) => {
      switch (address & 0x0283) {
        case 0x280: return this.swcha;
        case 0x281: return this.ddr[0]!;
        case 0x282: return this.swchb;
        default: return this.ddr[1]!;
      }
    };
    pia._writeIo = (address, value) => {
      if (address & 1) this.ddr[(address >> 1) & 1] = value;
    };
  }

  /** The board tells the cartridge when an instruction ends: count them (ALE's 25,000-instruction steps). */
  private countInstructions(): void {
    const cart = this.board._cartridge;
    const done = cart.notifyCpuCycleComplete.bind(cart);
    cart.notifyCpuCycleComplete = () => {
      done();
      if (++this.instructions >= this.instructionLimit && this.stopAtFrameEnd) this.board._trap = true;
    };
  }

  /** The machine as Machine::power_on leaves it, with ALE's power-on banks; no cycles spent. */
  private powerOn(scheme: CartScheme, seed: number): void {
    const { _pia: pia, _cartridge: cart } = this.board;
    cart.reset();
    if (scheme === 'E0') {
      const slices = cart._banks!, active = cart._activeBanks!;
      for (let i = 0; i < 4; i++) active[i] = slices[4 + i]!;
    }
    if (cart._supportSC !== undefined) cart._supportSC = cart._hasSC = scheme.endsWith('SC');

    const power = powerOnState(seed);
    pia.ram.set(power.ram);
    pia._timerValue = power.timer;
    pia._timerDivide = 64;
    pia._subTimer = 0;
    pia._interruptFlag = 0;
    pia._timerWrapped = false;

    const s = this.board.getCpu().state, bus = this.board.getBus();
    s.a = s.x = s.y = 0;
    s.s = 0xff;
    s.flags = 0x20;
    s.p = bus.peek(0xfffc) | (bus.peek(0xfffd) << 8);
    bus.setDataBusValue(0);
    this.board._cpuCycles = 0;
    this.board._subClock = 0;
  }

  /** Loads `rom` into 6502.ts as `scheme` and powers on as our machine does. */
  static async create(rom: Uint8Array, options: OracleOptions): Promise<Oracle6502> {
    const type = CARTRIDGE_TYPES[options.scheme];
    if (type === undefined) throw new Error(`6502.ts has no ${options.scheme} cartridge`);
    const cartridge = await new CartridgeFactory().createCartridge(rom, type);
    const board = new Board(Config.create({ enableAudio: false, randomSeed: 1, emulatePaddles: true }), cartridge);
    return new Oracle6502(board, options.scheme, options.seed ?? ALE_SYSTEM_SEED);
  }

  setJoystick(port: 0 | 1, j: Joystick): void {
    const shift = port === 0 ? 4 : 0;
    this.swcha = (this.swcha & ~(0x0f << shift)) | (encodeJoystick(j) << shift);
    (port === 0 ? this.board.getJoystick0() : this.board.getJoystick1()).getFire().toggle(j.fire ?? false);
  }

  setPaddle(index: 0 | 1 | 2 | 3, ohms: number, button = false): void {
    this.paddles[index]!.ohms = Math.round(ohms);
    const bit = [0x80, 0x40, 0x08, 0x04][index]!;
    this.swcha = button ? this.swcha & ~bit : this.swcha | bit;
  }

  setSwitches(s: ConsoleSwitches): void {
    this.swchb = encodeSwitches(s);
  }

  setView(ystart: number, height: number): void {
    this.ystart = ystart;
    this.viewHeight = height;
  }

  /** CPU cycles since power-on. */
  get cycles(): number {
    return this.board._cpuCycles;
  }

  /** Frames completed since power-on (ALE's frame boundaries). */
  get frames(): number {
    return this.completed;
  }

  /** Runs to CPU cycle `target` exactly (throws if 6502.ts traps, e.g. on an opcode it does not know). */
  runToCycle(target: number): void {
    while (this.board._cpuCycles < target) {
      this.board.tick(3 * (target - this.board._cpuCycles));
      this.checkTrap();
    }
  }

  /**
   * Runs `n` of ALE's emulator steps (TIA::update()): each to the end of the instruction that ends a frame, or of the
   * 25,000th instruction when no frame ends before (a partial frame, continued by the next step).
   */
  runFrames(n = 1): void {
    for (let k = 0; k < n; k++) {
      const goal = this.frames + 1;
      this.instructionLimit = this.instructions + INSTRUCTIONS_PER_STEP;
      this.stopAtFrameEnd = true;
      try {
        while (this.frames < goal && this.instructions < this.instructionLimit) {
          this.board.tick(3 * 76 * MAX_SCANLINES);
          this.checkTrap();
        }
        while (this.board.getCpu().executionState !== 1) this.board.tick(3);
      } finally {
        this.stopAtFrameEnd = false;
      }
    }
  }

  /** The 128 bytes of RIOT RAM. */
  ram(out: Uint8Array = new Uint8Array(128)): Uint8Array {
    out.set(this.board._pia.ram);
    return out;
  }

  /**
   * The picture of the last completed frame as palette indices (view height × 160). Returns the number of rows the
   * TIA drew for that frame; rows past a frame that ended early are left as they were in `out`.
   */
  frame(out: Uint8Array = new Uint8Array(this.viewHeight * 160)): { pixels: Uint8Array; rows: number } {
    const n = this.frameStartLines.length;
    const start = n >= 2 ? this.frameStartLines[n - 2]! : 0;
    const end = n >= 2 ? this.frameStartLines[n - 1]! : this.recorder.line;
    const first = start + this.ystart;
    const rows = Math.max(0, Math.min(this.viewHeight, end - first));
    if (this.recorder.line - first >= RING_LINES) throw new Error('oracle: the frame is no longer in the line ring');
    const buf = this.recorder.surfaceBuffer;
    for (let y = 0; y < rows; y++) {
      const src = this.recorder.rowOffset(first + y);
      for (let x = 0; x < 160; x++) out[y * 160 + x] = this.indexOf.get(buf[src + x]!) ?? 0;
    }
    return { pixels: out, rows };
  }

  /** The CPU's registers (PC is the next instruction's address at an instruction boundary). */
  registers(): { a: number; x: number; y: number; sp: number; p: number; pc: number } {
    const s = this.board.getCpu().state;
    return { a: s.a, x: s.x, y: s.y, sp: s.s, p: s.flags, pc: s.p };
  }

  private onTiaWrite(reg: number, value: number): void {
    // The write of CPU cycle k (0-based) acts at colour clock 3(k + 1), as in Stella (cycles are counted first).
    const clock = 3 * (this.board._cpuCycles + 1);
    if (Math.floor((clock - this.frameStartClock) / 228) > MAX_SCANLINES) this.endFrame(clock);
    if (reg !== 0x00) return;
    if (value & 0x02) {
      this.vsyncFinishClock = clock + 228;
    } else if (clock >= this.vsyncFinishClock) {
      this.vsyncFinishClock = Infinity;
      this.endFrame(clock);
    }
  }

  /**
   * The next frame starts at the beginning of the TIA's current scanline. That is the beam's line, which RSYNC moves
   * (6502.ts and our TIA do; ALE ignores RSYNC): Tetris writes it twice after power-on.
   */
  private endFrame(clock: number): void {
    const line = this.recorder.line;
    if (line === this.frameStartLines[this.frameStartLines.length - 1]) return;  // already ended on this line
    this.frameStartLines.push(line);
    this.frameStartClock = clock - this.board._tia._hctr;
    this.completed++;
    if (this.frameStartLines.length > 8) this.frameStartLines = this.frameStartLines.slice(-4);
    if (this.stopAtFrameEnd) this.board._trap = true;  // ends board.tick() after this colour clock
  }

  private checkTrap(): void {
    if (this.trapMessage === undefined) return;
    const pc = this.board.getCpu().getLastInstructionPointer();
    const message = this.trapMessage;
    this.trapMessage = undefined;
    throw new Error(`6502.ts stopped: ${message} at $${pc.toString(16).padStart(4, '0')} (cycle ${this.cycles})`);
  }
}
