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

// A picture of n palette indices written out as format 0 (the indices), 1 (RGB, 3n bytes) or 2 (grayscale);
// picture_bytes is what it needs, convert_picture returns false for another format.
inline size_t picture_bytes(size_t n, int format) { return format == 1 ? 3 * n : n; }
bool convert_picture(const uint8_t* indices, size_t n, int format, uint8_t* out);

}  // namespace hrl::atari
