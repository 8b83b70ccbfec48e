// The RIOT (6532): 128 bytes of RAM, the interval timer and the two I/O ports (SWCHA: joysticks / paddle buttons;
// SWCHB: console switches). The timer is computed from the cycle counter when it is accessed, not ticked per cycle.
//
// Registers (A12 = 0, A9 = 1, A7 = 1; the bus reads and writes RAM itself):
//   A2 = 0: A1A0 picks SWCHA, SWACNT, SWCHB, SWBCNT (read and write).
//   A2 = 1, read: A0 = 0 INTIM (the timer; clears the timer flag), A0 = 1 TIMINT (the flags: bit 7 timer, bit 6 PA7
//          edge; clears the PA7 flag).
//   A2 = 1, write: A4 = 1 sets the timer (A1A0: 1, 8, 64 or 1024 cycles per count; A3: interrupt enable) and clears
//          the timer flag; A4 = 0 is the PA7 edge-detect control (A0 = 1 rising edge, A1 interrupt enable).
// Timer: after a write of N on cycle w, INTIM reads N − 1 on cycles w+1 … w+interval, N − 2 for the next interval, …,
// 0, then $FF on cycle w + N·interval + 1, where the timer flag rises; from then on it counts down once per cycle
// (wrapping) until INTIM is read (except on that very cycle) or the timer written; a read goes back to counting once
// per interval, in the phase of the last write. This is 6502.ts's and Stella 6's model; the IRQ line is not wired on
// the 2600, so the interrupt-enable bits only live in the state.
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

  // Power-on: ports and timer (RAM is left to the machine, which fills it from its seeded generator). As ALE's
  // M6532::reset: the timer holds `timer_start` (ALE: 25 + rng % 75) at interval 64, as if written on the cycle
  // before `cycle`, so an INTIM read on `cycle` sees timer_start − 1.
  void reset(uint64_t cycle, uint8_t timer_start);

  // I/O and timer registers: addresses with A7 = 1 and A9 = 1 (A12 = 0); the bus reads RAM itself. `cycle` is the
  // index of the access's CPU cycle (never decreasing from one call to the next).
  uint8_t read(uint16_t address, uint64_t cycle);
  void write(uint16_t address, uint8_t value, uint64_t cycle);

  // What the controllers drive onto the port pins: SWCHA high nibble = left port (P0: right, left, down, up in bits
  // 7..4, low while pushed), low nibble = right port; SWCHB = the console switches (ConsoleSwitch). A read of SWCHA
  // gives, per pin, input AND (output register where SWACNT makes it an output): the joystick's switches pull a pin
  // low whatever the RIOT drives. SWCHB gives the output register where SWBCNT makes the pin an output, else these
  // inputs. (ALE and 6502.ts ignore the data-direction registers on reads.)
  uint8_t swcha_in = 0xFF;
  uint8_t swchb_in = 0x3F;  // reset and select up, colour, both difficulties B; unused bits 2, 4, 5 high (as ALE)

  // Timer, ports and the inputs above (a snapshot resumes with the controls it was taken with); load() leaves the RIOT
  // as it was and sets r.ok = false on a corrupt state.
  void save(StateWriter& w) const;
  void load(StateReader& r);

 private:
  static constexpr uint8_t kTimerFlag = 0x80, kPa7Flag = 0x40;

  void catch_up(uint64_t cycle);  // the timer as of `cycle`, after that cycle's count
  void sample_pa7();              // raises the PA7 flag on the selected edge of the PA7 pin
  uint8_t pin_a() const { return static_cast<uint8_t>((out_a_ | ~ddr_a_) & swcha_in); }

  // Timer: `timer_` and `prescale_` are the values after cycle next_ − 1. prescale_ counts the cycles of the current
  // interval (0: the next cycle decrements); while the timer flag is up the timer counts every cycle instead.
  uint64_t next_ = 0;
  uint8_t timer_ = 0;
  uint8_t shift_ = 6;  // interval = 1 << shift_
  uint16_t prescale_ = 0;
  bool wrapped_now_ = false;  // the timer reached $FF on cycle next_ − 1 itself (an INTIM read then keeps the flag)
  uint8_t flags_ = 0;         // kTimerFlag | kPa7Flag
  bool timer_irq_ = false, pa7_irq_ = false;
  // Ports.
  uint8_t out_a_ = 0, ddr_a_ = 0, out_b_ = 0, ddr_b_ = 0;
  bool edge_rising_ = false;  // PA7 edge that sets the flag (power-on: falling)
  bool pa7_ = true;           // the PA7 pin as last sampled
};

}  // namespace hrl::atari
