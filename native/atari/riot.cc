// STUB: to be written (issue 15, RIOT/cartridge helper).
#include "riot.h"

namespace hrl::atari {

void Riot::reset(uint64_t, uint8_t) {}
uint8_t Riot::read(uint16_t, uint64_t) { return 0; }
void Riot::write(uint16_t, uint8_t, uint64_t) {}
void Riot::save(StateWriter&) const {}
void Riot::load(StateReader&) {}

}  // namespace hrl::atari
