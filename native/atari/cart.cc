#include "cart.h"

#include <cstring>

namespace hrl::atari {

namespace {

struct SchemeInfo {
  const char* name;
  uint32_t size;       // ROM bytes
  uint32_t hot_first;  // first F-scheme hotspot offset (0x1000: none)
  uint32_t hot_count;
  int power_on_bank;
  bool ram;
};

// Indexed by CartScheme.
constexpr SchemeInfo kSchemes[] = {
    {"2K", 2048, 0x1000, 0, 0, false},    {"4K", 4096, 0x1000, 0, 0, false},    {"F8", 8192, 0xFF8, 2, 1, false},
    {"F6", 16384, 0xFF6, 4, 0, false},    {"E0", 8192, 0x1000, 0, 0, false},    {"FE", 8192, 0x1000, 0, 0, false},
    {"F8SC", 8192, 0xFF8, 2, 1, true},    {"F6SC", 16384, 0xFF6, 4, 0, true},   {"F4", 32768, 0xFF4, 8, 0, false},
    {"F4SC", 32768, 0xFF4, 8, 0, true},   {"4KSC", 4096, 0x1000, 0, 0, true},
};
constexpr int kSchemeCount = sizeof kSchemes / sizeof kSchemes[0];

bool known(CartScheme s) { return static_cast<int>(s) < kSchemeCount; }

uint64_t fnv1a(const uint8_t* p, size_t n) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001B3ull;
  return h;
}

bool halves_equal(const uint8_t* rom, size_t size) {
  return std::memcmp(rom, rom + size / 2, size / 2) == 0;
}

}  // namespace

const char* scheme_name(CartScheme s) { return known(s) ? kSchemes[static_cast<int>(s)].name : "unknown"; }

bool Cart::load(const uint8_t* rom, size_t size, CartScheme scheme, std::string* error) {
  if (!known(scheme)) {
    *error = "unknown cartridge scheme id " + std::to_string(static_cast<int>(scheme));
    return false;
  }
  const SchemeInfo& info = kSchemes[static_cast<int>(scheme)];
  size_t used = size;
  // The doubled dumps ALE's detection maps to 2K and 4K.
  const bool doubled = (scheme == CartScheme::K2 || scheme == CartScheme::K4) && size == 2 * info.size &&
                       halves_equal(rom, size);
  if (doubled) used = info.size;
  if (used != info.size) {
    *error = "a " + std::to_string(size) + "-byte ROM does not fit the " + info.name + " scheme (" +
             std::to_string(info.size) + " bytes" +
             (scheme == CartScheme::K2 || scheme == CartScheme::K4
                  ? ", or " + std::to_string(2 * info.size) + " holding the same " + std::to_string(info.size) + " twice"
                  : std::string()) +
             ")";
    return false;
  }
  rom_.assign(rom, rom + used);
  rom_hash_ = fnv1a(rom_.data(), rom_.size());
  scheme_ = scheme;
  snoop_ = scheme == CartScheme::FE;
  has_ram_ = info.ram;
  banks_ = static_cast<int>(used >= 4096 ? used / 4096 : 1);
  hot_first_ = info.hot_first;
  hot_count_ = info.hot_count;
  // The inline fast path covers everything below the hotspots (E0: $1FE0) and above the SuperChip ports.
  fast_lo_ = has_ram_ ? 0x100 : 0;
  const uint32_t fast_end = scheme == CartScheme::E0 ? 0xFE0 : hot_first_;
  fast_span_ = fast_end - fast_lo_;
  reset();
  return true;
}

void Cart::reset() {
  std::memset(ram_, 0, sizeof ram_);
  after_01fe_ = false;
  switch (scheme_) {
    case CartScheme::K2:
      for (int i = 0; i < 4; ++i) slice_[i] = (i & 1) * 0x400;  // 2 KiB mirrored
      bank_ = 0;
      break;
    case CartScheme::E0:
      e0_slice_[0] = 4, e0_slice_[1] = 5, e0_slice_[2] = 6;
      map_e0();
      break;
    default:
      map_bank(kSchemes[static_cast<int>(scheme_)].power_on_bank);
  }
}

void Cart::map_bank(int bank) {
  bank_ = bank;
  for (int i = 0; i < 4; ++i) slice_[i] = static_cast<uint32_t>(bank) * 0x1000 + i * 0x400;
}

void Cart::map_e0() {
  for (int i = 0; i < 3; ++i) slice_[i] = e0_slice_[i] * 0x400u;
  slice_[3] = 7 * 0x400;
}

void Cart::hotspot(uint32_t offset) {
  if (offset - hot_first_ < hot_count_) {
    map_bank(static_cast<int>(offset - hot_first_));
  } else if (scheme_ == CartScheme::E0 && offset >= 0xFE0 && offset < 0xFF8) {
    e0_slice_[(offset - 0xFE0) >> 3] = offset & 7;
    map_e0();
  }
}

uint8_t Cart::read_special(uint32_t offset) {
  if (has_ram_ && offset < 0x100) {
    if (offset >= 0x80) return ram_[offset & 0x7F];
    // A read of the write port returns the ROM byte and leaves the RAM alone, as ALE's Stella does (on hardware it
    // would also store whatever is on the bus; no working program does it).
  }
  hotspot(offset);  // the byte comes from the bank just selected
  return rom_[slice_[offset >> 10] + (offset & 0x3FF)];
}

void Cart::write(uint16_t address, uint8_t value) {
  const uint32_t offset = address & 0xFFF;
  if (has_ram_ && offset < 0x80) {
    ram_[offset] = value;
    return;
  }
  hotspot(offset);
}

int Cart::bank() const {
  if (scheme_ == CartScheme::E0) return e0_slice_[0] | e0_slice_[1] << 3 | e0_slice_[2] << 6;
  return bank_;
}

void Cart::save(StateWriter& w) const {
  w.put(static_cast<uint8_t>(scheme_));
  w.put(static_cast<uint32_t>(rom_.size()));
  w.put(rom_hash_);
  w.put(static_cast<uint8_t>(bank_));
  w.put_bytes(e0_slice_, sizeof e0_slice_);
  w.put(after_01fe_);
  w.put_bytes(ram_, sizeof ram_);
}

bool Cart::load(StateReader& r, std::string* error) {
  const auto scheme = r.get<uint8_t>();
  const auto size = r.get<uint32_t>();
  const auto hash = r.get<uint64_t>();
  const int bank = r.get<uint8_t>();
  uint8_t e0[3];
  r.get_bytes(e0, sizeof e0);
  const bool after_01fe = r.get<bool>();
  uint8_t ram[kRamSize];
  r.get_bytes(ram, sizeof ram);
  if (!r.ok) return false;
  auto refuse = [&](const std::string& why) {
    r.ok = false;
    if (error) *error = why;
    return false;
  };
  if (scheme != static_cast<uint8_t>(scheme_) || size != rom_.size()) {
    return refuse(std::string("the snapshot is of a ") + std::to_string(size) + "-byte " +
                  scheme_name(static_cast<CartScheme>(scheme)) + " cartridge, this machine has a " +
                  std::to_string(rom_.size()) + "-byte " + scheme_name(scheme_) + " one");
  }
  if (hash != rom_hash_) return refuse("the snapshot is of another ROM");
  if (bank >= banks_ || e0[0] > 7 || e0[1] > 7 || e0[2] > 7) return refuse("corrupt cartridge state (bank out of range)");
  std::memcpy(ram_, ram, sizeof ram_);
  after_01fe_ = after_01fe;
  if (scheme_ == CartScheme::E0) {
    std::memcpy(e0_slice_, e0, sizeof e0_slice_);
    map_e0();
  } else if (scheme_ != CartScheme::K2) {
    map_bank(bank);
  }
  return true;
}

}  // namespace hrl::atari
