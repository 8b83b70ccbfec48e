// Emulated 6502 cycles per second of Cpu::step (native/atari/cpu_impl.h) on a flat 64 KiB bus that only counts cycles:
// the interpreter's own speed, without the TIA, RIOT or cartridge behind the 2600's bus. Two workloads:
//   loop    a hand-assembled program shaped like game code: indexed copies across pages, zero-page read-modify-write,
//           a subroutine with abs,X shifts, a BCD score update, branches (listing below);
//   random  64 KiB of random bytes (JAM opcodes replaced by NOP) as read-only memory (writes take their cycle but are
//           dropped, so no JAM appears), with PC moved to a random address every 32 instructions so that no loop
//           takes over: every opcode and addressing mode, with unpredictable dispatch.
// Speed is cycles over the process' CPU time (the machines this runs on are shared), wall time beside it.
//
//   g++ -O3 -std=c++17 -I native/atari scripts/atari/cpu-bench.cc -o /tmp/cpu-bench && /tmp/cpu-bench [MCYCLES=200]
#include <chrono>
#include <cstdint>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "cpu_impl.h"

using hrl::atari::Cpu;

namespace {

template <bool kWritable>
struct CountingBus {
  uint8_t ram[0x10000] = {};
  uint64_t cycles = 0;
  uint8_t read(uint16_t address) { ++cycles; return ram[address]; }
  void write(uint16_t address, uint8_t value) {
    ++cycles;
    if (kWritable) ram[address] = value;
  }
};

// $F000, assembled by hand.
const uint8_t kLoop[] = {
    0xA2, 0xFF,              // F000 LDX #$FF
    0x9A,                    // F002 TXS
    0xD8,                    // F003 CLD
    0xA9, 0x00,              // F004 LDA #$00
    0x85, 0x80,              // F006 STA $80        score, low byte (BCD)
    0x85, 0x81,              // F008 STA $81        score, high byte
    0xA0, 0x3F,              // F00A LDY #$3F       loop:
    0xB9, 0xE0, 0xF0,        // F00C LDA $F0E0,Y    copy: crosses into $F1xx for Y >= $20
    0x99, 0x00, 0x03,        // F00F STA $0300,Y
    0x4A,                    // F012 LSR A
    0x26, 0x90,              // F013 ROL $90
    0x88,                    // F015 DEY
    0x10, 0xF4,              // F016 BPL copy
    0x20, 0x40, 0xF0,        // F018 JSR $F040
    0xF8,                    // F01B SED
    0x18,                    // F01C CLC
    0xA5, 0x80,              // F01D LDA $80
    0x69, 0x01,              // F01F ADC #$01
    0x85, 0x80,              // F021 STA $80
    0xA5, 0x81,              // F023 LDA $81
    0x69, 0x00,              // F025 ADC #$00
    0x85, 0x81,              // F027 STA $81
    0xD8,                    // F029 CLD
    0xE6, 0x91,              // F02A INC $91
    0xA6, 0x91,              // F02C LDX $91
    0xB5, 0x00,              // F02E LDA $00,X
    0x5D, 0x00, 0xF0,        // F030 EOR $F000,X
    0x91, 0x92,              // F033 STA ($92),Y    ($92) = $0400, Y = $FF after the copy
    0x4C, 0x0A, 0xF0,        // F035 JMP loop
    0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA,  // F038 padding
    0xA2, 0x07,              // F040 LDX #$07       subroutine:
    0x1E, 0x00, 0x02,        // F042 ASL $0200,X
    0xCA,                    // F045 DEX
    0xD0, 0xFA,              // F046 BNE $F042
    0x60,                    // F048 RTS
};

bool is_jam(uint8_t op) { return (op & 0x0F) == 0x02 && op != 0x82 && op != 0xA2 && op != 0xC2 && op != 0xE2; }

double cpu_seconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

struct Result {
  double cpu_seconds, wall_seconds;
  uint64_t cycles, instructions;
};

// Steps until `target` cycles; with kScatter, PC jumps to a pseudo-random address every 32 instructions.
template <bool kScatter, class Bus>
Result run(Bus& bus, Cpu& cpu, uint64_t target) {
  uint64_t instructions = 0;
  uint32_t state = 0x6507;
  const double cpu_start = cpu_seconds();
  const auto wall_start = std::chrono::steady_clock::now();
  while (bus.cycles < target && !cpu.jammed) {
    if (kScatter && (instructions & 31) == 0) {
      state ^= state << 13; state ^= state >> 17; state ^= state << 5;  // xorshift32
      cpu.pc = static_cast<uint16_t>(state);
    }
    cpu.step(bus);
    ++instructions;
  }
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
  return {cpu_seconds() - cpu_start, wall.count(), bus.cycles, instructions};
}

bool report(const char* name, const Result& r, const Cpu& cpu) {
  if (cpu.jammed) {
    std::printf("%s: the CPU jammed at $%04X (opcode $%02X)\n", name, cpu.jam_pc, cpu.jam_opcode);
    return false;
  }
  std::printf("%-7s %6.1f M cycles/s of CPU time (%.1f by the wall clock): %llu cycles, %.2f cycles/instruction\n", name,
              r.cycles / r.cpu_seconds / 1e6, r.cycles / r.wall_seconds / 1e6, static_cast<unsigned long long>(r.cycles),
              static_cast<double>(r.cycles) / r.instructions);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t target = (argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200) * 1000000ull;

  static CountingBus<true> loop_bus;
  for (size_t i = 0; i < sizeof kLoop; ++i) loop_bus.ram[0xF000 + i] = kLoop[i];
  loop_bus.ram[0x92] = 0x00;
  loop_bus.ram[0x93] = 0x04;
  Cpu loop_cpu;
  loop_cpu.pc = 0xF000;
  const bool loop_ok = report("loop", run<false>(loop_bus, loop_cpu, target), loop_cpu);

  static CountingBus<false> random_bus;
  std::mt19937 rng(6502);
  for (uint8_t& b : random_bus.ram) {
    b = static_cast<uint8_t>(rng());
    if (is_jam(b)) b = 0xEA;
  }
  Cpu random_cpu;
  const bool random_ok = report("random", run<true>(random_bus, random_cpu, target), random_cpu);
  return loop_ok && random_ok ? 0 : 1;
}
