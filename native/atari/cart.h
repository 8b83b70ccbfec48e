// Cartridges: the ROM as four 1 KiB slices mapped at $1000–$1FFF, and the bank-switching schemes the Atari-57 need
// (2K, 4K, F8, F6, E0, FE) plus SuperChip RAM (F8SC, F6SC, 4K SC). The TypeScript side picks the scheme (md5 table,
// then content heuristics: src/envs/atari/cartridge.ts); load() checks that the size fits it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "state.h"

namespace hrl::atari {

// The ids are shared with src/envs/atari/cartridge.ts: append, never renumber.
enum class CartScheme : uint8_t { K2 = 0, K4 = 1, F8 = 2, F6 = 3, E0 = 4, FE = 5, F8SC = 6, F6SC = 7, F4 = 8, F4SC = 9, K4SC = 10 };
const char* scheme_name(CartScheme s);

class Cart {
 public:
  // Copies the ROM; false with a message in *error when the size does not fit the scheme or the scheme is unknown.
  bool load(const uint8_t* rom, size_t size, CartScheme scheme, std::string* error);
  void reset();  // the power-on bank(s)

  // Accesses with A12 = 1 (address & 0x1FFF); may switch banks (hotspots) or touch SuperChip RAM. Every opcode
  // fetch comes through read(): keep its common path (no hotspot, no SuperChip) inline in this header.
  uint8_t read(uint16_t address);
  void write(uint16_t address, uint8_t value);
  // Every bus access, for schemes that watch the bus outside the cartridge (FE); needs_snoop says whether to call it.
  bool needs_snoop() const { return snoop_; }
  void snoop(uint16_t address, uint8_t value);

  CartScheme scheme() const { return scheme_; }
  int bank() const;  // the bank (or E0: the packed slice numbers) now selected, for tests and save states

  void save(StateWriter& w) const;
  void load(StateReader& r);

 private:
  CartScheme scheme_ = CartScheme::K4;
  bool snoop_ = false;
  std::vector<uint8_t> rom_;
  // The rest of the state is the implementation's (cart.cc).
};

}  // namespace hrl::atari
