/**
 * A small ordered list of grid entities with fixed capacity and no allocation: struct-of-arrays fields
 * x, y, right (moving right?), and two per-entity timers. Removal keeps the order of the others.
 */
export class EntityList {
  readonly x: Int32Array;
  readonly y: Int32Array;
  readonly right: Uint8Array;
  readonly timerA: Int32Array;
  readonly timerB: Int32Array;
  length = 0;

  constructor(readonly capacity: number) {
    this.x = new Int32Array(capacity);
    this.y = new Int32Array(capacity);
    this.right = new Uint8Array(capacity);
    this.timerA = new Int32Array(capacity);
    this.timerB = new Int32Array(capacity);
  }

  /** Appends an entity; returns false (and drops it) when full. */
  push(x: number, y: number, right: boolean, timerA = 0, timerB = 0): boolean {
    const n = this.length;
    if (n === this.capacity) return false;
    this.x[n] = x; this.y[n] = y; this.right[n] = right ? 1 : 0; this.timerA[n] = timerA; this.timerB[n] = timerB;
    this.length = n + 1;
    return true;
  }

  removeAt(i: number): void {
    const n = this.length - 1;
    for (let j = i; j < n; j++) {
      this.x[j] = this.x[j + 1]!; this.y[j] = this.y[j + 1]!; this.right[j] = this.right[j + 1]!;
      this.timerA[j] = this.timerA[j + 1]!; this.timerB[j] = this.timerB[j + 1]!;
    }
    this.length = n;
  }

  /** Index of the first entity at (x, y), or −1. */
  indexAt(x: number, y: number): number {
    for (let i = 0; i < this.length; i++) if (this.x[i] === x && this.y[i] === y) return i;
    return -1;
  }

  clear(): void {
    this.length = 0;
  }

  toJSON(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.length; i++) out.push([this.x[i]!, this.y[i]!, this.right[i]!, this.timerA[i]!, this.timerB[i]!]);
    return out;
  }

  load(rows: readonly (readonly number[])[]): void {
    this.clear();
    for (const r of rows) this.push(r[0]!, r[1]!, r[2] === 1, r[3]!, r[4]!);
  }
}
