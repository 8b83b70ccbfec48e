// The 6507 CPU (a 6502 core on a 13-bit address bus; the bus masks the address, the CPU does not).
//
// Contract with the bus: Cpu::step<Bus>() executes one whole instruction and performs exactly the memory accesses the
// NMOS 6502 performs for it, in order, dummy reads and RMW double writes included; each access is one CPU cycle:
//   uint8_t Bus::read(uint16_t address);             // one read cycle
//   void    Bus::write(uint16_t address, uint8_t v);  // one write cycle
// So cycle counts (page-crossing and branch penalties included) follow from the accesses, and the TIA and RIOT, which
// the bus clocks from them, see every write on its true cycle. Decimal mode follows the NMOS 6502 (flags included, for
// valid and invalid BCD). Undocumented opcodes: all of the NMOS 6502's, as ALE's Stella CPU implements them; for the
// unstable ones (ANE and LXA with the constant $EE; SHA/SHX/SHY/TAS storing reg & (target high byte + 1) at the target
// address) that is also what the single-step vectors we test against show. A JAM/KIL opcode stops the CPU after the
// two reads the chip makes: jammed is set with the opcode and its address (PC stays there), and step() does nothing
// more until reset.
#pragma once
#include <cstdint>
#include "state.h"

namespace hrl::atari {

enum Flag : uint8_t { kC = 0x01, kZ = 0x02, kI = 0x04, kD = 0x08, kB = 0x10, kU = 0x20, kV = 0x40, kN = 0x80 };

struct Cpu {
  uint16_t pc = 0;
  uint8_t a = 0, x = 0, y = 0, sp = 0xFF, p = kU;
  bool jammed = false;
  uint8_t jam_opcode = 0;
  uint16_t jam_pc = 0;

  // Executes one instruction (see the contract above). Defined in cpu_impl.h.
  template <class Bus>
  void step(Bus& bus);
  // Executes up to max_instructions instructions, stopping early after a jam or after an instruction for which
  // bool Bus::instruction_done() (called after each one that did not jam) returns true, then calls void Bus::flush();
  // returns how many ran. Same accesses as that many step() calls; the registers stay in machine registers between
  // instructions. Here the bus is a small handle taken by value (a copy whose address never escapes stays in
  // registers; flush() stores back what it holds). cpu_impl.h.
  template <class Bus>
  int run(Bus bus, int max_instructions);

  void save(StateWriter& w) const;
  void load(StateReader& r);
};

}  // namespace hrl::atari
