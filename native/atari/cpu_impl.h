// Cpu::step: the instruction interpreter (cpu.h has the contract). STUB: to be written (issue 15, CPU helper).
#pragma once
#include "cpu.h"

namespace hrl::atari {

template <class Bus>
void Cpu::step(Bus& bus) {
  if (jammed) return;
  const uint8_t op = bus.read(pc);
  jammed = true;
  jam_opcode = op;
  jam_pc = pc;
}

}  // namespace hrl::atari
