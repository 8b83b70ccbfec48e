// The Atari 2600: the bus that joins the CPU, TIA, RIOT and cartridge, clocks them, and runs a frame at a time.
//
// Address decoding (13 bits): A12 = 1 cartridge; else A7 = 0 TIA; else A9 = 0 RIOT RAM; else RIOT I/O and timer.
// Every access is one CPU cycle (see cpu.h); `cycles` counts them from power-on.
#pragma once
#include <cstdint>
#include <string>
#include "cart.h"
#include "cpu.h"
#include "inline.h"
#include "riot.h"
#include "state.h"
#include "tia.h"

namespace hrl::atari {

// What the controllers and console switches present for the next frames.
struct Controls {
  uint8_t swcha = 0xFF;               // joystick directions / paddle buttons (riot.h)
  uint8_t swchb = 0x3F;               // console switches (riot.h)
  bool fire[2] = {false, false};      // joystick fire buttons (INPT4, INPT5)
  int32_t paddle[4] = {0, 0, 0, 0};   // paddle resistances in ohms (0: no paddle attached)
};

class Machine {
 public:
  Cpu cpu;
  Tia tia;
  Riot riot;
  Cart cart;
  uint64_t cycles = 0;   // while Cpu::run runs, MachineBus holds the current count and data bus (see flush())
  uint8_t data_bus = 0;  // the last value read or written (TIA reads leave their low bits to it)
  uint64_t frame_number = 0;

  // Loads the ROM and powers on with ALE's conventions: RAM and the RIOT timer from std::mt19937(seed) (ALE's system
  // seed is 4753849), A = X = Y = 0, SP = $FF, P = $20, PC from the reset vector.
  bool load(const uint8_t* rom, size_t size, CartScheme scheme, uint32_t seed, std::string* error);
  void power_on(uint32_t seed);
  // Stella's System::reset as ALE calls it: every chip and the CPU to their power-on state with the cycle counter at 0;
  // RAM (RIOT and SuperChip) is kept; the RIOT timer starts at `timer_start`.
  void system_reset(uint8_t timer_start);

  void set_controls(const Controls& c);
  // One of ALE's emulator steps: runs the CPU until the TIA ends a frame, or for 25,000 instructions (the frame then
  // goes on in the next step; frame_number counts finished frames). False if the CPU jammed (error() says where).
  bool run_frame();
  const std::string& error() const { return error_; }

  // The TIA and RIOT registers (and, for writes, the cartridge's hotspots and SuperChip RAM).
  uint8_t read_io(uint16_t address);
  void write_io(uint16_t address, uint8_t value);

  std::vector<uint8_t> save() const;
  bool load_state(const uint8_t* data, size_t size, std::string* error);

 private:
  std::string error_;
};

// The machine as Cpu::run's bus, through which the CPU makes its every access: the cartridge and RAM (nearly all
// accesses) inline, the chips' registers out of line (read_io / write_io). A small handle that Cpu::run holds by value,
// so that the machine's address, the cycle counter and the data bus live in registers while the CPU runs: they are
// stored back into the machine before each chip access (the chips read them there) and by flush() at the end of the
// run. kSnoop: whether the cartridge watches the bus (cart.needs_snoop(), fixed by the scheme: FE); the other schemes
// skip that test on every access.
template <bool kSnoop>
class MachineBus {
 public:
  explicit MachineBus(Machine* machine) : m_(machine), cycles_(machine->cycles), data_bus_(machine->data_bus) {}

  HRL_ATARI_INLINE uint8_t read(uint16_t address) {
    address &= 0x1FFF;
    uint8_t v;
    if (address & 0x1000) {
      v = m_->cart.read(address);
    } else if ((address & 0x280) == 0x80) {
      v = m_->riot.ram[address & 0x7F];
    } else {
      flush();
      v = m_->read_io(address);
    }
    if (kSnoop) m_->cart.snoop(address, v);
    data_bus_ = v;
    ++cycles_;
    return v;
  }

  HRL_ATARI_INLINE void write(uint16_t address, uint8_t value) {
    address &= 0x1FFF;
    if ((address & 0x1280) == 0x80) {
      m_->riot.ram[address & 0x7F] = value;
    } else {
      flush();
      m_->write_io(address, value);
    }
    if (kSnoop) m_->cart.snoop(address, value);
    data_bus_ = value;
    ++cycles_;
  }

  // After each instruction: ends a WSYNC halt (the CPU sleeps to the cycle the TIA names); true when the TIA finished
  // the frame.
  HRL_ATARI_INLINE bool instruction_done() {
    Tia& tia = m_->tia;
    if (tia.halted()) {
      cycles_ = tia.resume_cycle();
      tia.clear_halt();
    }
    return tia.frame_done();
  }

  HRL_ATARI_INLINE void flush() {
    m_->cycles = cycles_;
    m_->data_bus = data_bus_;
  }

 private:
  Machine* m_;
  uint64_t cycles_;
  uint8_t data_bus_;
};

}  // namespace hrl::atari
