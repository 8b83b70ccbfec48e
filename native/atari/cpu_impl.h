// Cpu::step: the NMOS 6502 instruction interpreter (cpu.h has the contract). One switch over the opcode; addressing
// modes and operations are inline helpers of a small executor that keeps the registers in locals (the bus may write
// anywhere in the machine that holds this Cpu, so working on the members directly would reload them after every
// access).
//
// Bus accesses per addressing mode (one per cycle; "dummy" accesses are the ones the chip makes and throws away):
//   implied/accumulator  op, read PC                             immediate   op, read PC++
//   zp                   op, zp, access                         zp,X / zp,Y  op, zp, read zp, access (zp+i)&$FF
//   abs                  op, lo, hi, access
//   abs,X / abs,Y        op, lo, hi, read hi:(lo+i)&$FF, access  (a read skips the 4th access without a page cross)
//   (zp,X)               op, zp, read zp, lo, hi, access
//   (zp),Y               op, zp, lo, hi, read hi:(lo+Y)&$FF, access (same skip for reads)
//   read-modify-write    ...address as for a write, then read, write the old value, write the new one
// Decimal mode: the NMOS rules (6502.org, "Decimal Mode" by Bruce Clark, appendix A): ADC's N and V come from the
// sum after the low-nibble fix-up and before the high one, Z from the binary sum; SBC's flags are all binary.
#pragma once
#include "cpu.h"
#include "inline.h"

// The executor's helpers and its run() must be inlined into Cpu::step: only then are its registers locals whose
// address never escapes, which the compiler keeps in machine registers across bus accesses (a uint8_t the bus writes
// through could alias anything reached by a pointer).

namespace hrl::atari {
namespace cpu_detail {

template <class Bus>
struct Exec {
  Bus& bus;
  uint16_t pc;
  uint8_t a, x, y, s, p;
  uint8_t opcode = 0;

  // --- bus helpers ------------------------------------------------------------------------------------------------
  HRL_ATARI_INLINE uint8_t fetch() { return bus.read(pc++); }
  HRL_ATARI_INLINE void dummy_pc() { bus.read(pc); }  // the implied modes' second cycle reads the next byte and keeps PC
  HRL_ATARI_INLINE void push(uint8_t v) { bus.write(static_cast<uint16_t>(0x100 | s), v); --s; }
  HRL_ATARI_INLINE uint8_t pull() { ++s; return bus.read(static_cast<uint16_t>(0x100 | s)); }
  HRL_ATARI_INLINE void dummy_stack() { bus.read(static_cast<uint16_t>(0x100 | s)); }  // before a pull, or in JSR

  // --- addressing modes: each performs the accesses before the operand's and returns the operand's address --------
  HRL_ATARI_INLINE uint16_t zp() { return fetch(); }
  HRL_ATARI_INLINE uint16_t zp_indexed(uint8_t index) {
    const uint8_t base = fetch();
    bus.read(base);
    return static_cast<uint8_t>(base + index);
  }
  HRL_ATARI_INLINE uint16_t abs() {
    const uint16_t lo = fetch();
    return static_cast<uint16_t>(lo | fetch() << 8);
  }
  // Indexed absolute for a read: the unfixed address is read first only when the index crosses a page.
  HRL_ATARI_INLINE uint16_t abs_indexed_read(uint8_t index) {
    const uint16_t base = abs();
    const uint16_t ea = static_cast<uint16_t>(base + index);
    if ((base ^ ea) & 0xFF00) bus.read(static_cast<uint16_t>((base & 0xFF00) | (ea & 0xFF)));
    return ea;
  }
  // Indexed absolute for a write or read-modify-write: the unfixed address is always read first.
  HRL_ATARI_INLINE uint16_t abs_indexed_write(uint8_t index) {
    const uint16_t base = abs();
    const uint16_t ea = static_cast<uint16_t>(base + index);
    bus.read(static_cast<uint16_t>((base & 0xFF00) | (ea & 0xFF)));
    return ea;
  }
  HRL_ATARI_INLINE uint16_t indexed_indirect() {  // (zp,X)
    const uint8_t z = static_cast<uint8_t>(zp_indexed(x));
    const uint16_t lo = bus.read(z);
    return static_cast<uint16_t>(lo | bus.read(static_cast<uint8_t>(z + 1)) << 8);
  }
  HRL_ATARI_INLINE uint16_t indirect_base() {  // the pointer of (zp),Y
    const uint8_t z = fetch();
    const uint16_t lo = bus.read(z);
    return static_cast<uint16_t>(lo | bus.read(static_cast<uint8_t>(z + 1)) << 8);
  }
  HRL_ATARI_INLINE uint16_t indirect_indexed_read() {
    const uint16_t base = indirect_base();
    const uint16_t ea = static_cast<uint16_t>(base + y);
    if ((base ^ ea) & 0xFF00) bus.read(static_cast<uint16_t>((base & 0xFF00) | (ea & 0xFF)));
    return ea;
  }
  HRL_ATARI_INLINE uint16_t indirect_indexed_write() {
    const uint16_t base = indirect_base();
    const uint16_t ea = static_cast<uint16_t>(base + y);
    bus.read(static_cast<uint16_t>((base & 0xFF00) | (ea & 0xFF)));
    return ea;
  }

  // --- flags -------------------------------------------------------------------------------------------------------
  HRL_ATARI_INLINE void nz(uint8_t v) { p = static_cast<uint8_t>((p & ~(kN | kZ)) | (v & kN) | (v ? 0 : kZ)); }
  HRL_ATARI_INLINE void set(uint8_t flag, bool on) { p = static_cast<uint8_t>(on ? p | flag : p & ~flag); }
  HRL_ATARI_INLINE unsigned carry() const { return p & kC; }

  // --- operations on a value read ----------------------------------------------------------------------------------
  HRL_ATARI_INLINE void lda(uint8_t v) { nz(a = v); }
  HRL_ATARI_INLINE void ldx(uint8_t v) { nz(x = v); }
  HRL_ATARI_INLINE void ldy(uint8_t v) { nz(y = v); }
  HRL_ATARI_INLINE void lax(uint8_t v) { nz(a = x = v); }
  HRL_ATARI_INLINE void ora(uint8_t v) { nz(a |= v); }
  HRL_ATARI_INLINE void and_(uint8_t v) { nz(a &= v); }
  HRL_ATARI_INLINE void eor(uint8_t v) { nz(a ^= v); }
  HRL_ATARI_INLINE void compare(uint8_t reg, uint8_t v) {
    set(kC, reg >= v);
    nz(static_cast<uint8_t>(reg - v));
  }
  HRL_ATARI_INLINE void cmp(uint8_t v) { compare(a, v); }
  HRL_ATARI_INLINE void cpx(uint8_t v) { compare(x, v); }
  HRL_ATARI_INLINE void cpy(uint8_t v) { compare(y, v); }
  HRL_ATARI_INLINE void bit(uint8_t v) {
    p = static_cast<uint8_t>((p & ~(kN | kV | kZ)) | (v & (kN | kV)) | ((a & v) ? 0 : kZ));
  }
  HRL_ATARI_INLINE void adc(uint8_t v) {
    const unsigned c = carry();
    const unsigned binary = a + v + c;
    if (!(p & kD)) {
      set(kV, ~(a ^ v) & (a ^ binary) & 0x80);
      set(kC, binary > 0xFF);
      nz(a = static_cast<uint8_t>(binary));
      return;
    }
    unsigned lo = (a & 0x0F) + (v & 0x0F) + c;
    if (lo >= 0x0A) lo = ((lo + 0x06) & 0x0F) + 0x10;
    unsigned sum = (a & 0xF0) + (v & 0xF0) + lo;
    p = static_cast<uint8_t>((p & ~(kN | kV | kZ | kC)) | (sum & kN) | ((~(a ^ v) & (a ^ sum) & 0x80) ? kV : 0) |
                             ((binary & 0xFF) ? 0 : kZ));
    if (sum >= 0xA0) sum += 0x60;
    set(kC, sum > 0xFF);
    a = static_cast<uint8_t>(sum);
  }
  HRL_ATARI_INLINE void sbc(uint8_t v) {
    const unsigned borrow = 1 - carry();
    const unsigned binary = a - v - borrow;  // wraps; bit 8 set means a borrow
    set(kV, (a ^ v) & (a ^ binary) & 0x80);
    set(kC, binary < 0x100);
    nz(static_cast<uint8_t>(binary));
    if (!(p & kD)) {
      a = static_cast<uint8_t>(binary);
      return;
    }
    int lo = (a & 0x0F) - (v & 0x0F) - static_cast<int>(borrow);
    if (lo < 0) lo = ((lo - 0x06) & 0x0F) - 0x10;
    int diff = (a & 0xF0) - (v & 0xF0) + lo;
    if (diff < 0) diff -= 0x60;
    a = static_cast<uint8_t>(diff);
  }
  // Undocumented immediates (ANE and LXA use the magic constant $EE, like ALE's Stella and the single-step tests).
  HRL_ATARI_INLINE void anc(uint8_t v) { and_(v); set(kC, a & 0x80); }
  HRL_ATARI_INLINE void alr(uint8_t v) { a &= v; set(kC, a & 1); nz(a >>= 1); }
  HRL_ATARI_INLINE void ane(uint8_t v) { nz(a = static_cast<uint8_t>((a | 0xEE) & x & v)); }
  HRL_ATARI_INLINE void lxa(uint8_t v) { nz(a = x = static_cast<uint8_t>((a | 0xEE) & v)); }
  HRL_ATARI_INLINE void las(uint8_t v) { nz(a = x = s = static_cast<uint8_t>(s & v)); }
  HRL_ATARI_INLINE void sbx(uint8_t v) {
    const uint8_t ax = a & x;
    set(kC, ax >= v);
    nz(x = static_cast<uint8_t>(ax - v));
  }
  HRL_ATARI_INLINE void arr(uint8_t v) {
    const uint8_t t = a & v;
    const uint8_t c_in = static_cast<uint8_t>(carry() << 7);
    a = static_cast<uint8_t>((t >> 1) | c_in);
    if (!(p & kD)) {
      nz(a);
      set(kC, a & 0x40);
      set(kV, ((a >> 6) ^ (a >> 5)) & 1);
      return;
    }
    // Decimal ARR (64doc): N is the old carry, Z and V come from the rotated value, then each nibble is fixed up.
    p = static_cast<uint8_t>((p & ~(kN | kZ | kV)) | (c_in ? kN : 0) | (a ? 0 : kZ) | (((t ^ a) & 0x40) ? kV : 0));
    if ((t & 0x0F) + (t & 0x01) > 0x05) a = static_cast<uint8_t>((a & 0xF0) | ((a + 0x06) & 0x0F));
    const bool high_fix = (t & 0xF0) + (t & 0x10) > 0x50;
    if (high_fix) a = static_cast<uint8_t>(a + 0x60);
    set(kC, high_fix);
  }

  // --- read-modify-write operations: take the old value, return the new one ---------------------------------------
  HRL_ATARI_INLINE uint8_t asl(uint8_t v) { set(kC, v & 0x80); v = static_cast<uint8_t>(v << 1); nz(v); return v; }
  HRL_ATARI_INLINE uint8_t lsr(uint8_t v) { set(kC, v & 1); v >>= 1; nz(v); return v; }
  HRL_ATARI_INLINE uint8_t rol(uint8_t v) {
    const uint8_t r = static_cast<uint8_t>(v << 1 | carry());
    set(kC, v & 0x80);
    nz(r);
    return r;
  }
  HRL_ATARI_INLINE uint8_t ror(uint8_t v) {
    const uint8_t r = static_cast<uint8_t>(v >> 1 | carry() << 7);
    set(kC, v & 1);
    nz(r);
    return r;
  }
  HRL_ATARI_INLINE uint8_t inc(uint8_t v) { nz(++v); return v; }
  HRL_ATARI_INLINE uint8_t dec(uint8_t v) { nz(--v); return v; }
  HRL_ATARI_INLINE uint8_t slo(uint8_t v) { v = asl(v); ora(v); return v; }
  HRL_ATARI_INLINE uint8_t rla(uint8_t v) { v = rol(v); and_(v); return v; }
  HRL_ATARI_INLINE uint8_t sre(uint8_t v) { v = lsr(v); eor(v); return v; }
  HRL_ATARI_INLINE uint8_t rra(uint8_t v) { v = ror(v); adc(v); return v; }
  HRL_ATARI_INLINE uint8_t dcp(uint8_t v) { --v; cmp(v); return v; }
  HRL_ATARI_INLINE uint8_t isb(uint8_t v) { ++v; sbc(v); return v; }

  // SHA/SHX/SHY/TAS store reg & (high byte of the target address + 1), at the target address. On a page cross the
  // real chip's result is unstable; this is ALE's Stella behaviour, which the single-step vectors we test against
  // (ProcessorTests 6502 v1, 2022) also show.
  HRL_ATARI_INLINE void store_high_and(uint16_t address, uint8_t reg) {
    bus.write(address, static_cast<uint8_t>(reg & ((address >> 8) + 1)));
  }

  HRL_ATARI_INLINE void branch(bool taken) {
    const int8_t offset = static_cast<int8_t>(fetch());
    if (!taken) return;
    dummy_pc();
    const uint16_t target = static_cast<uint16_t>(pc + offset);
    if ((target ^ pc) & 0xFF00) bus.read(static_cast<uint16_t>((pc & 0xFF00) | (target & 0xFF)));
    pc = target;
  }

  // Returns false on a JAM opcode (after the two reads the chip makes before it locks up; PC stays on the opcode).
  HRL_ATARI_INLINE bool run();
};

// ALU group: the eight addressing modes of the documented opcodes at aaa bbb 01.
#define HRL_READ_GROUP(base, OP)                                       \
  case (base) + 0x01: OP(bus.read(indexed_indirect())); break;        \
  case (base) + 0x05: OP(bus.read(zp())); break;                      \
  case (base) + 0x09: OP(fetch()); break;                             \
  case (base) + 0x0D: OP(bus.read(abs())); break;                     \
  case (base) + 0x11: OP(bus.read(indirect_indexed_read())); break;   \
  case (base) + 0x15: OP(bus.read(zp_indexed(x))); break;             \
  case (base) + 0x19: OP(bus.read(abs_indexed_read(y))); break;       \
  case (base) + 0x1D: OP(bus.read(abs_indexed_read(x))); break;

// Read-modify-write: read, write the unmodified value back (as the NMOS 6502 does), write the new one.
#define HRL_MODIFY(ADDRESS, OP)                \
  {                                            \
    const uint16_t ea = (ADDRESS);             \
    const uint8_t old = bus.read(ea);          \
    bus.write(ea, old);                        \
    bus.write(ea, OP(old));                    \
  }                                            \
  break;

// Documented shifts/increments at aaa bbb 10 (memory forms).
#define HRL_MODIFY_GROUP(base, OP)                                    \
  case (base) + 0x06: HRL_MODIFY(zp(), OP)                            \
  case (base) + 0x0E: HRL_MODIFY(abs(), OP)                           \
  case (base) + 0x16: HRL_MODIFY(zp_indexed(x), OP)                   \
  case (base) + 0x1E: HRL_MODIFY(abs_indexed_write(x), OP)

// Undocumented read-modify-write combinations at aaa bbb 11.
#define HRL_COMBO_GROUP(base, OP)                                     \
  case (base) + 0x03: HRL_MODIFY(indexed_indirect(), OP)              \
  case (base) + 0x07: HRL_MODIFY(zp(), OP)                            \
  case (base) + 0x0F: HRL_MODIFY(abs(), OP)                           \
  case (base) + 0x13: HRL_MODIFY(indirect_indexed_write(), OP)        \
  case (base) + 0x17: HRL_MODIFY(zp_indexed(x), OP)                   \
  case (base) + 0x1B: HRL_MODIFY(abs_indexed_write(y), OP)            \
  case (base) + 0x1F: HRL_MODIFY(abs_indexed_write(x), OP)

template <class Bus>
HRL_ATARI_INLINE bool Exec<Bus>::run() {
  opcode = fetch();
  switch (opcode) {
    HRL_READ_GROUP(0x00, ora)
    HRL_READ_GROUP(0x20, and_)
    HRL_READ_GROUP(0x40, eor)
    HRL_READ_GROUP(0x60, adc)
    HRL_READ_GROUP(0xA0, lda)
    HRL_READ_GROUP(0xC0, cmp)
    HRL_READ_GROUP(0xE0, sbc)
    HRL_MODIFY_GROUP(0x00, asl)
    HRL_MODIFY_GROUP(0x20, rol)
    HRL_MODIFY_GROUP(0x40, lsr)
    HRL_MODIFY_GROUP(0x60, ror)
    HRL_MODIFY_GROUP(0xC0, dec)
    HRL_MODIFY_GROUP(0xE0, inc)
    HRL_COMBO_GROUP(0x00, slo)
    HRL_COMBO_GROUP(0x20, rla)
    HRL_COMBO_GROUP(0x40, sre)
    HRL_COMBO_GROUP(0x60, rra)
    HRL_COMBO_GROUP(0xC0, dcp)
    HRL_COMBO_GROUP(0xE0, isb)

    // Stores.
    case 0x81: bus.write(indexed_indirect(), a); break;
    case 0x85: bus.write(zp(), a); break;
    case 0x8D: bus.write(abs(), a); break;
    case 0x91: bus.write(indirect_indexed_write(), a); break;
    case 0x95: bus.write(zp_indexed(x), a); break;
    case 0x99: bus.write(abs_indexed_write(y), a); break;
    case 0x9D: bus.write(abs_indexed_write(x), a); break;
    case 0x86: bus.write(zp(), x); break;
    case 0x8E: bus.write(abs(), x); break;
    case 0x96: bus.write(zp_indexed(y), x); break;
    case 0x84: bus.write(zp(), y); break;
    case 0x8C: bus.write(abs(), y); break;
    case 0x94: bus.write(zp_indexed(x), y); break;
    case 0x83: bus.write(indexed_indirect(), a & x); break;  // SAX
    case 0x87: bus.write(zp(), a & x); break;
    case 0x8F: bus.write(abs(), a & x); break;
    case 0x97: bus.write(zp_indexed(y), a & x); break;
    case 0x93: store_high_and(indirect_indexed_write(), a & x); break;  // SHA (zp),Y
    case 0x9F: store_high_and(abs_indexed_write(y), a & x); break;      // SHA abs,Y
    case 0x9E: store_high_and(abs_indexed_write(y), x); break;          // SHX abs,Y
    case 0x9C: store_high_and(abs_indexed_write(x), y); break;          // SHY abs,X
    case 0x9B: {                                                        // TAS abs,Y
      const uint16_t address = abs_indexed_write(y);
      s = a & x;
      store_high_and(address, s);
      break;
    }

    // Loads of X and Y, LAX, LAS.
    case 0xA2: ldx(fetch()); break;
    case 0xA6: ldx(bus.read(zp())); break;
    case 0xAE: ldx(bus.read(abs())); break;
    case 0xB6: ldx(bus.read(zp_indexed(y))); break;
    case 0xBE: ldx(bus.read(abs_indexed_read(y))); break;
    case 0xA0: ldy(fetch()); break;
    case 0xA4: ldy(bus.read(zp())); break;
    case 0xAC: ldy(bus.read(abs())); break;
    case 0xB4: ldy(bus.read(zp_indexed(x))); break;
    case 0xBC: ldy(bus.read(abs_indexed_read(x))); break;
    case 0xA3: lax(bus.read(indexed_indirect())); break;
    case 0xA7: lax(bus.read(zp())); break;
    case 0xAF: lax(bus.read(abs())); break;
    case 0xB3: lax(bus.read(indirect_indexed_read())); break;
    case 0xB7: lax(bus.read(zp_indexed(y))); break;
    case 0xBF: lax(bus.read(abs_indexed_read(y))); break;
    case 0xBB: las(bus.read(abs_indexed_read(y))); break;

    // Compares with X and Y, BIT.
    case 0xE0: cpx(fetch()); break;
    case 0xE4: cpx(bus.read(zp())); break;
    case 0xEC: cpx(bus.read(abs())); break;
    case 0xC0: cpy(fetch()); break;
    case 0xC4: cpy(bus.read(zp())); break;
    case 0xCC: cpy(bus.read(abs())); break;
    case 0x24: bit(bus.read(zp())); break;
    case 0x2C: bit(bus.read(abs())); break;

    // Undocumented immediates; $EB is SBC.
    case 0x0B: case 0x2B: anc(fetch()); break;
    case 0x4B: alr(fetch()); break;
    case 0x6B: arr(fetch()); break;
    case 0x8B: ane(fetch()); break;
    case 0xAB: lxa(fetch()); break;
    case 0xCB: sbx(fetch()); break;
    case 0xEB: sbc(fetch()); break;

    // Accumulator shifts and implied register operations.
    case 0x0A: dummy_pc(); a = asl(a); break;
    case 0x2A: dummy_pc(); a = rol(a); break;
    case 0x4A: dummy_pc(); a = lsr(a); break;
    case 0x6A: dummy_pc(); a = ror(a); break;
    case 0x88: dummy_pc(); nz(--y); break;
    case 0xC8: dummy_pc(); nz(++y); break;
    case 0xCA: dummy_pc(); nz(--x); break;
    case 0xE8: dummy_pc(); nz(++x); break;
    case 0x8A: dummy_pc(); nz(a = x); break;
    case 0x98: dummy_pc(); nz(a = y); break;
    case 0xAA: dummy_pc(); nz(x = a); break;
    case 0xA8: dummy_pc(); nz(y = a); break;
    case 0xBA: dummy_pc(); nz(x = s); break;
    case 0x9A: dummy_pc(); s = x; break;
    case 0x18: dummy_pc(); p &= ~kC; break;
    case 0x38: dummy_pc(); p |= kC; break;
    case 0x58: dummy_pc(); p &= ~kI; break;
    case 0x78: dummy_pc(); p |= kI; break;
    case 0xB8: dummy_pc(); p &= ~kV; break;
    case 0xD8: dummy_pc(); p &= ~kD; break;
    case 0xF8: dummy_pc(); p |= kD; break;

    // NOPs: implied, immediate, and the ones that read memory (their reads count: a read can have side effects).
    case 0xEA: case 0x1A: case 0x3A: case 0x5A: case 0x7A: case 0xDA: case 0xFA: dummy_pc(); break;
    case 0x80: case 0x82: case 0x89: case 0xC2: case 0xE2: fetch(); break;
    case 0x04: case 0x44: case 0x64: bus.read(zp()); break;
    case 0x14: case 0x34: case 0x54: case 0x74: case 0xD4: case 0xF4: bus.read(zp_indexed(x)); break;
    case 0x0C: bus.read(abs()); break;
    case 0x1C: case 0x3C: case 0x5C: case 0x7C: case 0xDC: case 0xFC: bus.read(abs_indexed_read(x)); break;

    // Branches.
    case 0x10: branch(!(p & kN)); break;
    case 0x30: branch(p & kN); break;
    case 0x50: branch(!(p & kV)); break;
    case 0x70: branch(p & kV); break;
    case 0x90: branch(!(p & kC)); break;
    case 0xB0: branch(p & kC); break;
    case 0xD0: branch(!(p & kZ)); break;
    case 0xF0: branch(p & kZ); break;

    // Stack, jumps, subroutines, BRK.
    case 0x48: dummy_pc(); push(a); break;
    case 0x08: dummy_pc(); push(p | kB | kU); break;
    case 0x68: dummy_pc(); dummy_stack(); nz(a = pull()); break;
    case 0x28: dummy_pc(); dummy_stack(); p = (pull() & ~kB) | kU; break;
    case 0x4C: pc = abs(); break;
    case 0x6C: {  // the pointer's high byte is read from the same page (no carry into the high byte)
      const uint16_t ptr = abs();
      const uint16_t lo = bus.read(ptr);
      pc = static_cast<uint16_t>(lo | bus.read(static_cast<uint16_t>((ptr & 0xFF00) | ((ptr + 1) & 0xFF))) << 8);
      break;
    }
    case 0x20: {  // pushes the address of its own last byte, which it reads after the pushes
      const uint16_t lo = fetch();
      dummy_stack();
      push(static_cast<uint8_t>(pc >> 8));
      push(static_cast<uint8_t>(pc));
      pc = static_cast<uint16_t>(lo | bus.read(pc) << 8);
      break;
    }
    case 0x60: {
      dummy_pc();
      dummy_stack();
      const uint16_t lo = pull();
      pc = static_cast<uint16_t>(lo | pull() << 8);
      fetch();  // reads the return address' byte and steps past it
      break;
    }
    case 0x40: {
      dummy_pc();
      dummy_stack();
      p = (pull() & ~kB) | kU;
      const uint16_t lo = pull();
      pc = static_cast<uint16_t>(lo | pull() << 8);
      break;
    }
    case 0x00: {  // BRK skips a padding byte and pushes PC and P with B set; the 2600 wires no IRQ or NMI
      fetch();
      push(static_cast<uint8_t>(pc >> 8));
      push(static_cast<uint8_t>(pc));
      push(p | kB | kU);
      p |= kI;
      const uint16_t lo = bus.read(0xFFFE);
      pc = static_cast<uint16_t>(lo | bus.read(0xFFFF) << 8);
      break;
    }

    // JAM (KIL): $02 $12 $22 $32 $42 $52 $62 $72 $92 $B2 $D2 $F2, the only opcodes left for the default (every other
    // one has its case above, which the single-step tests check opcode by opcode).
    default:
      bus.read(pc);
      bus.read(pc);
      --pc;
      return false;
  }
  return true;
}

#undef HRL_READ_GROUP
#undef HRL_MODIFY
#undef HRL_MODIFY_GROUP
#undef HRL_COMBO_GROUP

}  // namespace cpu_detail

template <class Bus>
void Cpu::step(Bus& bus) {
  if (jammed) return;
  cpu_detail::Exec<Bus> e{bus, pc, a, x, y, sp, p};
  if (!e.run()) {
    jammed = true;
    jam_opcode = e.opcode;
    jam_pc = e.pc;
  }
  pc = e.pc; a = e.a; x = e.x; y = e.y; sp = e.s; p = e.p;
}

template <class Bus>
int Cpu::run(Bus bus, int max_instructions) {
  if (jammed) return 0;
  cpu_detail::Exec<Bus> e{bus, pc, a, x, y, sp, p};
  int n = 0;
  while (n < max_instructions) {
    ++n;
    if (!e.run()) {
      jammed = true;
      jam_opcode = e.opcode;
      jam_pc = e.pc;
      break;
    }
    if (bus.instruction_done()) break;
  }
  bus.flush();
  pc = e.pc; a = e.a; x = e.x; y = e.y; sp = e.s; p = e.p;
  return n;
}

}  // namespace hrl::atari

