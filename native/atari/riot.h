// The RIOT (6532): 128 bytes of RAM, the interval timer and the two I/O ports (SWCHA: joysticks / paddle buttons;
// SWCHB: console switches). The timer is computed from the cycle counter when it is read, not ticked per cycle.
#pragma once
#include <cstdint>
#include "state.h"

namespace hrl::atari {

// SWCHB bits (a switch reads 0 while pressed / in the named position).
enum ConsoleSwitch : uint8_t {
  kSwitchReset = 0x01, kSwitchSelect = 0x02, kSwitchColor = 0x08, kSwitchDifficulty0 = 0x40, kSwitchDifficulty1 = 0x80,
};

class Riot {
 public:
  uint8_t ram[128] = {};

  // Power-on: ports and timer (RAM is left to the machine, which fills it from its seeded generator). `timer_start` is
  // the timer's value at `cycle` (ALE: 25 + rng % 75), counting down by one every 1024 cycles.
  void reset(uint64_t cycle, uint8_t timer_start);

  // I/O and timer registers: addresses with A7 = 1 and A9 = 1 (A12 = 0); the bus reads RAM itself.
  uint8_t read(uint16_t address, uint64_t cycle);
  void write(uint16_t address, uint8_t value, uint64_t cycle);

  // What the controllers drive onto the port pins: SWCHA high nibble = left port (P0: right, left, down, up in bits
  // 7..4, low while pushed), low nibble = right port; SWCHB = the console switches (ConsoleSwitch). A read returns,
  // for each pin, the output register where the data-direction register makes it an output, else these inputs.
  uint8_t swcha_in = 0xFF;
  uint8_t swchb_in = 0x0B;  // reset and select up, colour, both difficulties B

  void save(StateWriter& w) const;
  void load(StateReader& r);

 private:
  // The implementation's state (riot.cc).
};

}  // namespace hrl::atari
