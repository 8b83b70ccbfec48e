// STUB: to be written (issue 15, TIA helper).
#include "palette.h"

namespace hrl::atari {

namespace { uint8_t g_rgb[256 * 3], g_gray[256]; }
const uint8_t* ntsc_rgb() { return g_rgb; }
const uint8_t* ntsc_gray() { return g_gray; }
void indices_to_rgb(const uint8_t* idx, size_t n, uint8_t* rgb) {
  for (size_t i = 0; i < n; ++i) for (int c = 0; c < 3; ++c) rgb[3 * i + c] = g_rgb[3 * idx[i] + c];
}
void indices_to_gray(const uint8_t* idx, size_t n, uint8_t* gray) { for (size_t i = 0; i < n; ++i) gray[i] = g_gray[idx[i]]; }

}  // namespace hrl::atari
