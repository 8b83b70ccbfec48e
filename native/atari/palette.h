// The NTSC palette (ALE's colours) and the conversions of a frame of palette indices to RGB and to grayscale.
#pragma once
#include <cstddef>
#include <cstdint>

namespace hrl::atari {

// 256 × (R, G, B): entry i is the colour of palette index i (the TIA uses the even ones; an odd index has its even
// neighbour's colour).
const uint8_t* ntsc_rgb();
// ITU-R BT.601 luma of each palette entry (ALE's grayscale observation), 256 entries.
const uint8_t* ntsc_gray();

void indices_to_rgb(const uint8_t* indices, size_t n, uint8_t* rgb);  // rgb: 3n bytes
void indices_to_gray(const uint8_t* indices, size_t n, uint8_t* gray);

}  // namespace hrl::atari
