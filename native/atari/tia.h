// The TIA (video part; no audio): registers, objects, collisions, input ports, and the frame it draws.
//
// Clocking: the bus calls read()/write() with the index of the CPU cycle the access happens on (cycles since power-on;
// one CPU cycle = 3 colour clocks, 228 colour clocks = 76 CPU cycles a scanline). The TIA draws lazily: before an access
// takes effect it catches up its picture to that point with the state that held until then, so nothing runs per
// colour clock between accesses.
//
// Frames follow ALE's Stella: a frame ends when VSYNC is switched off after being on for at least one scanline (or at
// a scanline cap), and the picture kept is kWidth × view height palette indices starting view_ystart scanlines after
// the frame's start (ALE's Display.YStart, default 34, and height 210).
#pragma once
#include <cstdint>
#include "state.h"

namespace hrl::atari {

class Tia {
 public:
  static constexpr int kWidth = 160;
  static constexpr int kMaxHeight = 320;

  void reset();  // power-on state (the machine calls it once, then the CPU starts)

  // reg = address & 0x0F for reads, address & 0x3F for writes. `bus` is the last value on the data bus: the bits a
  // TIA read does not drive (the low 6) come from it, as on the real chip.
  uint8_t read(uint8_t reg, uint64_t cycle, uint8_t bus);
  void write(uint8_t reg, uint8_t value, uint64_t cycle);

  // WSYNC: after the CPU finished the instruction that wrote it, the machine asks halted() and, if so, moves its cycle
  // counter to resume_cycle() (the CPU sleeps until the start of the next scanline) and calls clear_halt().
  bool halted() const { return halted_; }
  uint64_t resume_cycle() const { return resume_cycle_; }
  void clear_halt() { halted_ = false; }

  // Set when the last access ended a frame; begin_frame() clears it and starts the next one.
  bool frame_done() const { return frame_done_; }
  void begin_frame();
  // The machine ends a frame that never VSYNCs at this cycle (ALE's scanline cap); finish_frame(cycle) does that.
  uint64_t frame_limit_cycle() const { return frame_limit_cycle_; }
  void finish_frame(uint64_t cycle);

  // The last completed frame: view_height() rows of kWidth NTSC palette indices (the COLUxx value & 0xFE).
  const uint8_t* frame() const;
  int view_height() const;
  void set_view(int ystart, int height);
  int scanlines_last_frame() const;
  // Drawing off: registers, objects and collisions are still emulated, only the picture is not written (frames that
  // frameskip will never show).
  void set_render(bool on);

  // Inputs. Fire buttons of the two joysticks (INPT4/INPT5, bit 7 low while pressed, VBLANK's latch mode included).
  void set_fire(int port, bool pressed);
  // Paddle i (INPT0–3) as a resistance in ohms, ALE's model: the dump capacitor charges in time proportional to it.
  void set_paddle_resistance(int index, int32_t ohms);

  void save(StateWriter& w) const;
  void load(StateReader& r);

 private:
  bool halted_ = false, frame_done_ = false;
  uint64_t resume_cycle_ = 0, frame_limit_cycle_ = 0;
  // The rest of the state is the TIA implementation's (tia.cc).
};

}  // namespace hrl::atari
