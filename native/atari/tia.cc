// STUB: to be written (issue 15, TIA helper). Frames are one blank scanline cap long.
#include "tia.h"

namespace hrl::atari {

namespace { uint8_t g_blank[Tia::kWidth * Tia::kMaxHeight]; }

void Tia::reset() { halted_ = frame_done_ = false; }
uint8_t Tia::read(uint8_t, uint64_t, uint8_t bus) { return bus & 0x3F; }
void Tia::write(uint8_t, uint8_t, uint64_t) {}
void Tia::begin_frame() { frame_done_ = false; frame_limit_cycle_ += 76 * 262; }
void Tia::finish_frame(uint64_t) { frame_done_ = true; }
const uint8_t* Tia::frame() const { return g_blank; }
int Tia::view_height() const { return 210; }
void Tia::set_view(int, int) {}
int Tia::scanlines_last_frame() const { return 262; }
void Tia::set_render(bool) {}
void Tia::set_fire(int, bool) {}
void Tia::set_paddle_resistance(int, int32_t) {}
void Tia::save(StateWriter&) const {}
void Tia::load(StateReader&) {}

}  // namespace hrl::atari
