// The NTSC palette and conversions of palette-index frames to RGB and grayscale.
//
// Colours: ALE's NTSC table (src/ale/common/Palettes.hpp, "standard" palette), one per even index. Grayscale: ALE's
// observation, the ITU-R BT.601 luma round(0.2989 R + 0.5870 G + 0.1140 B) of the colour (ALE stores it at the odd
// index; computing it gives the same 128 values).
#include "palette.h"

#include <cmath>
#include <cstring>

namespace hrl::atari {

namespace {

constexpr uint32_t kNtsc[128] = {
    0x000000, 0x4a4a4a, 0x6f6f6f, 0x8e8e8e, 0xaaaaaa, 0xc0c0c0, 0xd6d6d6, 0xececec,
    0x484800, 0x69690f, 0x86861d, 0xa2a22a, 0xbbbb35, 0xd2d240, 0xe8e84a, 0xfcfc54,
    0x7c2c00, 0x904811, 0xa26221, 0xb47a30, 0xc3903d, 0xd2a44a, 0xdfb755, 0xecc860,
    0x901c00, 0xa33915, 0xb55328, 0xc66c3a, 0xd5824a, 0xe39759, 0xf0aa67, 0xfcbc74,
    0x940000, 0xa71a1a, 0xb83232, 0xc84848, 0xd65c5c, 0xe46f6f, 0xf08080, 0xfc9090,
    0x840064, 0x97197a, 0xa8308f, 0xb846a2, 0xc659b3, 0xd46cc3, 0xe07cd2, 0xec8ce0,
    0x500084, 0x68199a, 0x7d30ad, 0x9246c0, 0xa459d0, 0xb56ce0, 0xc57cee, 0xd48cfc,
    0x140090, 0x331aa3, 0x4e32b5, 0x6848c6, 0x7f5cd5, 0x956fe3, 0xa980f0, 0xbc90fc,
    0x000094, 0x181aa7, 0x2d32b8, 0x4248c8, 0x545cd6, 0x656fe4, 0x7580f0, 0x8490fc,
    0x001c88, 0x183b9d, 0x2d57b0, 0x4272c2, 0x548ad2, 0x65a0e1, 0x75b5ef, 0x84c8fc,
    0x003064, 0x185080, 0x2d6d98, 0x4288b0, 0x54a0c5, 0x65b7d9, 0x75cceb, 0x84e0fc,
    0x004030, 0x18624e, 0x2d8169, 0x429e82, 0x54b899, 0x65d1ae, 0x75e7c2, 0x84fcd4,
    0x004400, 0x1a661a, 0x328432, 0x48a048, 0x5cba5c, 0x6fd26f, 0x80e880, 0x90fc90,
    0x143c00, 0x355f18, 0x527e2d, 0x6e9c42, 0x87b754, 0x9ed065, 0xb4e775, 0xc8fc84,
    0x303800, 0x505916, 0x6d762b, 0x88923e, 0xa0ab4f, 0xb7c25f, 0xccd86e, 0xe0ec7c,
    0x482c00, 0x694d14, 0x866a26, 0xa28638, 0xbb9f47, 0xd2b656, 0xe8cc63, 0xfce070,
};

struct Tables {
  uint8_t rgb[256 * 3];
  uint8_t gray[256];
  Tables() {
    for (int i = 0; i < 256; ++i) {
      const uint32_t c = kNtsc[i >> 1];
      const uint8_t r = c >> 16 & 0xFF, g = c >> 8 & 0xFF, b = c & 0xFF;
      rgb[3 * i] = r;
      rgb[3 * i + 1] = g;
      rgb[3 * i + 2] = b;
      gray[i] = static_cast<uint8_t>(std::round(r * 0.2989 + g * 0.5870 + b * 0.1140));
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

const uint8_t* ntsc_rgb() { return tables().rgb; }
const uint8_t* ntsc_gray() { return tables().gray; }

void indices_to_rgb(const uint8_t* idx, size_t n, uint8_t* rgb) {
  const uint8_t* t = tables().rgb;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* c = t + 3 * idx[i];
    rgb[3 * i] = c[0];
    rgb[3 * i + 1] = c[1];
    rgb[3 * i + 2] = c[2];
  }
}

void indices_to_gray(const uint8_t* idx, size_t n, uint8_t* gray) {
  const uint8_t* t = tables().gray;
  for (size_t i = 0; i < n; ++i) gray[i] = t[idx[i]];
}

bool convert_picture(const uint8_t* idx, size_t n, int format, uint8_t* out) {
  switch (format) {
    case 0: std::memcpy(out, idx, n); return true;
    case 1: indices_to_rgb(idx, n, out); return true;
    case 2: indices_to_gray(idx, n, out); return true;
    default: return false;
  }
}

}  // namespace hrl::atari
