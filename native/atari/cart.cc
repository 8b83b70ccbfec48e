// STUB: to be written (issue 15, RIOT/cartridge helper). Only 4K cartridges.
#include "cart.h"

namespace hrl::atari {

const char* scheme_name(CartScheme) { return "4K"; }

bool Cart::load(const uint8_t* rom, size_t size, CartScheme scheme, std::string* error) {
  if (size != 4096) { *error = "stub: only 4K"; return false; }
  rom_.assign(rom, rom + size);
  scheme_ = scheme;
  return true;
}
void Cart::reset() {}
uint8_t Cart::read(uint16_t address) { return rom_[address & 0xFFF]; }
void Cart::write(uint16_t, uint8_t) {}
void Cart::snoop(uint16_t, uint8_t) {}
int Cart::bank() const { return 0; }
void Cart::save(StateWriter&) const {}
void Cart::load(StateReader&) {}

}  // namespace hrl::atari
