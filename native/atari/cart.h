// Cartridges: the ROM seen through four 1 KiB slices mapped at $1000–$1FFF, and the bank-switching schemes the
// Atari-57 need (2K, 4K, F8, F6, E0, FE) plus F4 and SuperChip RAM (F8SC, F6SC, F4SC, 4K SC). The TypeScript side
// picks the scheme (md5 table, then content heuristics: src/envs/atari/cartridge.ts); load() checks that the size fits.
//
// Hotspots switch on reads and writes alike, as on hardware:
//   F8 $1FF8–$1FF9, F6 $1FF6–$1FF9, F4 $1FF4–$1FFB: bank = address − first hotspot (4 KiB banks).
//   E0: $1FE0–$1FE7 / $1FE8–$1FEF / $1FF0–$1FF7 pick the 1 KiB slice (0–7) shown at $1000 / $1400 / $1800; $1C00 is
//       always the last slice.
//   FE (Activision): no hotspot in the cartridge. It watches the bus: on the access after one to $01FE (JSR and RTS
//       touch it with the stack at $FF), data bit 5 selects the bank: 1 → bank 0 (code at $Fxxx), 0 → bank 1 ($Dxxx).
//   SuperChip: 128 bytes of RAM, written at $1000–$107F and read at $1080–$10FF.
// Power-on banks follow ALE's Stella (src/ale/emucore/Cart*.cxx): F8 bank 1, F6 and F4 bank 0, E0 slices 4/5/6/7,
// FE bank 0.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "inline.h"
#include "state.h"

namespace hrl::atari {

// The ids are shared with src/envs/atari/cartridge.ts: append, never renumber.
enum class CartScheme : uint8_t { K2 = 0, K4 = 1, F8 = 2, F6 = 3, E0 = 4, FE = 5, F8SC = 6, F6SC = 7, F4 = 8, F4SC = 9, K4SC = 10 };
const char* scheme_name(CartScheme s);

class Cart {
 public:
  static constexpr int kRamSize = 128;  // SuperChip

  // Copies the ROM; false with a message in *error when the size does not fit the scheme or the scheme is unknown.
  // A 2K or 4K image may come doubled (4K holding the same 2K twice, 8K the same 4K twice), as ALE accepts them.
  bool load(const uint8_t* rom, size_t size, CartScheme scheme, std::string* error);
  void reset();  // the power-on bank(s); SuperChip RAM to zeros (see ram())

  // Accesses with A12 = 1 (address & 0x1FFF); may switch banks (hotspots) or touch SuperChip RAM. Every opcode
  // fetch comes through read(), so its common path (no hotspot, no SuperChip) is the inline test below: offsets in
  // [fast_lo_, fast_lo_ + fast_span_) hold neither.
  HRL_ATARI_INLINE uint8_t read(uint16_t address) {
    const uint32_t offset = address & 0xFFF;
    if (offset - fast_lo_ < fast_span_) return rom_[slice_[offset >> 10] + (offset & 0x3FF)];
    return read_special(offset);
  }
  void write(uint16_t address, uint8_t value);
  // Every bus access, for schemes that watch the bus outside the cartridge (FE); needs_snoop says whether to call it.
  bool needs_snoop() const { return snoop_; }
  void snoop(uint16_t address, uint8_t value) {
    if (after_01fe_) map_bank((value & 0x20) ? 0 : 1);
    after_01fe_ = address == 0x01FE;
  }

  CartScheme scheme() const { return scheme_; }
  int bank() const;  // the bank (or E0: the slices at $1000/$1400/$1800 packed as s0 | s1 << 3 | s2 << 6) now selected

  // SuperChip RAM, or nullptr when the scheme has none. ALE fills it from the system generator at each reset, after
  // the RIOT's timer draw (System::reset resets the cartridge last); the machine does that through this pointer.
  uint8_t* ram() { return has_ram_ ? ram_ : nullptr; }

  void save(StateWriter& w) const;
  // Refuses (r.ok = false, and a message in *error when given) a snapshot of another scheme or ROM.
  bool load(StateReader& r, std::string* error);
  void load(StateReader& r) { load(r, nullptr); }

 private:
  uint8_t read_special(uint32_t offset);
  void hotspot(uint32_t offset);
  void map_bank(int bank);      // 4 KiB bank `bank` at $1000–$1FFF (F8/F6/F4/FE and SuperChip variants)
  void map_e0();                // e0_slice_[0..2] and the fixed last slice

  CartScheme scheme_ = CartScheme::K4;
  bool snoop_ = false;
  std::vector<uint8_t> rom_;
  uint32_t slice_[4] = {0, 0x400, 0x800, 0xC00};  // ROM offset of the 1 KiB slice at $1000, $1400, $1800, $1C00
  uint32_t fast_lo_ = 0, fast_span_ = 0x1000;
  uint32_t hot_first_ = 0x1000, hot_count_ = 0;  // F-scheme hotspots: bank = offset − hot_first_ when < hot_count_
  int banks_ = 1, bank_ = 0;
  uint8_t e0_slice_[3] = {4, 5, 6};
  bool after_01fe_ = false;  // FE: the last bus access was to $01FE
  bool has_ram_ = false;
  uint8_t ram_[kRamSize] = {};
  uint64_t rom_hash_ = 0;  // FNV-1a of the ROM, so a snapshot of another ROM is refused
};

}  // namespace hrl::atari
