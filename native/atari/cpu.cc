#include "cpu.h"

namespace hrl::atari {

void Cpu::save(StateWriter& w) const {
  w.put(pc); w.put(a); w.put(x); w.put(y); w.put(sp); w.put(p);
  w.put(jammed); w.put(jam_opcode); w.put(jam_pc);
}

void Cpu::load(StateReader& r) {
  pc = r.get<uint16_t>(); a = r.get<uint8_t>(); x = r.get<uint8_t>(); y = r.get<uint8_t>();
  sp = r.get<uint8_t>(); p = r.get<uint8_t>();
  jammed = r.get<bool>(); jam_opcode = r.get<uint8_t>(); jam_pc = r.get<uint16_t>();
}

}  // namespace hrl::atari
