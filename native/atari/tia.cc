// The TIA: register writes with the chip's delays, lazy drawing in runs of colour clocks, collisions, frames, inputs.
//
// Between two accesses nothing changes but time, so run_to() catches up in runs: a run ends at a pending delayed write,
// at the end of horizontal blank and at the end of the line. In horizontal blank only HMOVE's motion clocks (every 4th
// colour clock) do anything; a visible run asks each object for its pixels over the run in closed form
// (tia_objects.h), composes them by priority into the frame row and ANDs them pairwise for the collision latches.
#include "tia.h"

#include <cstring>
#include <type_traits>

namespace hrl::atari {

namespace {

using tia::Player;

// Register addresses (writes).
enum : uint8_t {
  kVSYNC = 0x00, kVBLANK, kWSYNC, kRSYNC, kNUSIZ0, kNUSIZ1, kCOLUP0, kCOLUP1, kCOLUPF, kCOLUBK, kCTRLPF, kREFP0, kREFP1,
  kPF0, kPF1, kPF2, kRESP0, kRESP1, kRESM0, kRESM1, kRESBL, kGRP0 = 0x1B, kGRP1, kENAM0, kENAM1, kENABL, kHMP0, kHMP1,
  kHMM0, kHMM1, kHMBL, kVDELP0, kVDELP1, kVDELBL, kRESMP0, kRESMP1, kHMOVE, kHMCLR, kCXCLR,
  // Pseudo-registers for the delayed side effects of a GRPx write: the other player's (and the ball's) VDEL copy.
  kShuffleP0 = 0xF0, kShuffleP1, kShuffleBL,
};

// Colour clocks from the write to its effect (6502.ts / modern Stella); 0: at once.
constexpr uint8_t delay_of(uint8_t reg) {
  switch (reg) {
    case kVBLANK: case kREFP0: case kREFP1: case kGRP0: case kGRP1: case kENAM0: case kENAM1: case kENABL: return 1;
    case kPF0: case kPF1: case kPF2: case kHMP0: case kHMP1: case kHMM0: case kHMM1: case kHMBL: case kHMCLR: return 2;
    case kHMOVE: return 6;
    default: return 0;
  }
}

// Collision latch bit (see collisions_ in tia.h) of each object pair, by object index (P0 P1 M0 M1 BL PF).
struct PairBits {
  uint16_t bit[6][6] = {};
  uint16_t by_drawn[64] = {};  // latches set when the objects in the 6-bit set all draw at once
  constexpr PairBits() {
    enum { P0, P1, M0, M1, BL, PF };
    const int pairs[15][3] = {{M0, P1, 1}, {M0, P0, 0}, {M1, P0, 3}, {M1, P1, 2}, {P0, PF, 5}, {P0, BL, 4},
                              {P1, PF, 7}, {P1, BL, 6}, {M0, PF, 9}, {M0, BL, 8}, {M1, PF, 11}, {M1, BL, 10},
                              {BL, PF, 13}, {P0, P1, 15}, {M0, M1, 14}};
    for (const auto& p : pairs) bit[p[0]][p[1]] = bit[p[1]][p[0]] = static_cast<uint16_t>(1 << p[2]);
    for (int s = 0; s < 64; ++s)
      for (int a = 0; a < 6; ++a)
        for (int b = a + 1; b < 6; ++b)
          if ((s >> a & 1) && (s >> b & 1)) by_drawn[s] = static_cast<uint16_t>(by_drawn[s] | bit[a][b]);
  }
};
constexpr PairBits kPairs{};

// Bottom-to-top drawing order of the objects for each priority mode.
constexpr int kLayers[3][6] = {
    {5, 4, 3, 1, 2, 0},  // normal: PF BL M1 P1 M0 P0
    {3, 1, 2, 0, 5, 4},  // CTRLPF priority: M1 P1 M0 P0 PF BL
    {4, 3, 1, 5, 2, 0},  // score mode (6502.ts): BL M1 P1 PF M0 P0
};

// 4 playfield bits -> their 16 pixels.
struct NibblePixels {
  uint8_t px[16][16] = {};
  constexpr NibblePixels() {
    for (int n = 0; n < 16; ++n)
      for (int i = 0; i < 16; ++i) px[n][i] = (n >> (i / 4) & 1) ? 0xFF : 0;
  }
};
constexpr NibblePixels kNibbles{};

uint32_t reverse20(uint32_t p) {
  uint32_t r = 0;
  for (int i = 0; i < 20; ++i) r |= (p >> i & 1) << (19 - i);
  return r;
}

bool any_overlap(const uint8_t* a, const uint8_t* b, int n) {
  uint8_t acc = 0;
  for (int i = 0; i < n; ++i) acc |= a[i] & b[i];
  return acc != 0;
}

void blend(uint8_t* out, const uint8_t* mask, uint8_t color, int n) {
  for (int i = 0; i < n; ++i) out[i] = static_cast<uint8_t>((mask[i] & color) | (~mask[i] & out[i]));
}

// ALE has no such cap; it returns a frame after 25,000 instructions without one. About as many cycles.
constexpr uint64_t kFrameBackstopCycles = 76 * 1000;
// ALE (NTSC): a TIA write more than this many scanlines into the frame ends it.
constexpr uint64_t kMaxScanlines = 290;

}  // namespace

Tia::Tia() : frames_(2 * kWidth * kMaxHeight, 0) {}

void Tia::reset() {
  const int ystart = ystart_, height = view_height_;
  const bool render = render_, fire0 = fire_[0], fire1 = fire_[1];
  int32_t ohms[4];
  std::memcpy(ohms, paddle_ohms_, sizeof ohms);
  *this = Tia();
  ystart_ = ystart;
  view_height_ = height;
  render_ = render;
  fire_[0] = fire0;
  fire_[1] = fire1;
  std::memcpy(paddle_ohms_, ohms, sizeof ohms);
}

void Tia::set_view(int ystart, int height) {
  ystart_ = ystart;
  view_height_ = height;
}

uint8_t* Tia::row() {
  if (!render_) return nullptr;
  const int r = line_in_frame_ - ystart_;
  if (r < 0 || r >= view_height_) return nullptr;
  return frames_.data() + (static_cast<size_t>(drawing_) * kMaxHeight + r) * kWidth;
}

// ---- Clocking ----------------------------------------------------------------------------------------------------

void Tia::run_to(uint64_t target) {
  while (clock_ < target) {
    if (pending_count_ && pending_[0].clock == clock_) {
      apply_pending();
      continue;
    }
    uint64_t stop = target;
    if (pending_count_ && pending_[0].clock < stop) stop = pending_[0].clock;
    run_clocks(stop - clock_);
  }
}

void Tia::run_clocks(uint64_t n) {
  while (n > 0) {
    int len;
    if (hblank_) {
      if (hctr_ == 0) hmove_blank_ = false;  // after any write due on this clock, as on the chip
      const int end = hmove_blank_ ? kHblank + 8 : kHblank;
      len = hctr_ < end ? end - hctr_ : kLineClocks - hctr_;
      if (static_cast<uint64_t>(len) > n) len = static_cast<int>(n);
      hblank_clocks(len);
    } else {
      len = kLineClocks - hctr_;
      if (static_cast<uint64_t>(len) > n) len = static_cast<int>(n);
      visible_clocks(len);
    }
    n -= len;
  }
}

void Tia::hblank_clocks(int n) {
  const int h0 = hctr_, h1 = hctr_ + n;
  if (moving_ || hmove_blank_) {
    for (int h = (h0 + 3) & ~3; h < h1; h += 4) {
      bool update = false;
      if (moving_) {
        movement_tick(true);
        update = moving_;
      }
      if (hmove_blank_ && h >= kHblank && h < kHblank + 8) pf_tick(h - kHblank);
      if (update && !vblank_) collisions_ |= kPairs.by_drawn[drawn_set()];
    }
  }
  hctr_ = h1;
  clock_ += n;
  if (h1 == (hmove_blank_ ? kHblank + 8 : kHblank)) hblank_ = false;
  if (h1 == kLineClocks) next_line();
}

void Tia::visible_clocks(int n) {
  while (n > 0) {
    int len = n;
    if (moving_) {
      if ((hctr_ & 3) == 0) movement_tick(false);  // motion clocks late in the line only count down
      if (moving_) {
        const int to_next = 4 - (hctr_ & 3);
        if (len > to_next) len = to_next;
      }
    }
    visible_run(len);
    n -= len;
  }
}

void Tia::movement_tick(bool apply) {
  const int clock = movement_clock_ > 15 ? 0 : movement_clock_;
  bool m = m0_.movement_tick(clock, apply);
  m = m1_.movement_tick(clock, apply) || m;
  m = p0_.movement_tick(clock, apply) || m;
  m = p1_.movement_tick(clock, apply) || m;
  m = bl_.movement_tick(clock, apply) || m;
  moving_ = m;
  ++movement_clock_;
}

int Tia::drawn_set() const {
  return p0_.drawn | p1_.drawn << 1 | m0_.drawn << 2 | m1_.drawn << 3 | bl_.drawn << 4 | pf_drawn_ << 5;
}

void Tia::visible_run(int n) {
  const int x0 = hctr_ - kHblank + x_shift_;
  bool active[kObjects];
  active[kP0] = p0_.advance(n, run_[kP0]);
  active[kP1] = p1_.advance(n, run_[kP1]);
  active[kM0] = m0_.advance(n, run_[kM0]);
  active[kM1] = m1_.advance(n, run_[kM1]);
  active[kBL] = bl_.advance(n, run_[kBL]);
  active[kPF] = pf_fill(x0, n, run_[kPF]);
  if (!vblank_) {
    for (int a = 0; a < kObjects; ++a) {
      if (!active[a]) continue;
      for (int b = a + 1; b < kObjects; ++b) {
        const uint16_t bit = kPairs.bit[a][b];
        if (active[b] && !(collisions_ & bit) && any_overlap(run_[a], run_[b], n)) collisions_ |= bit;
      }
    }
  }
  if (uint8_t* r = row()) compose(r, x0, n, active);
  hctr_ += n;
  clock_ += n;
  if (hctr_ == kLineClocks) next_line();
}

void Tia::compose(uint8_t* r, int x0, int n, const bool* active) {
  const int xs = x0 < 0 ? 0 : x0, xe = x0 + n > kWidth ? kWidth : x0 + n;
  if (xs >= xe) return;
  uint8_t* out = r + xs;
  const int len = xe - xs, off = xs - x0;
  if (vblank_) {
    std::memset(out, 0, len);
    return;
  }
  std::memset(out, colors_[3], len);
  for (int obj : kLayers[priority_]) {
    if (!active[obj]) continue;
    const uint8_t* mask = run_[obj] + off;
    switch (obj) {
      case kP0: case kM0: blend(out, mask, colors_[0], len); break;
      case kP1: case kM1: blend(out, mask, colors_[1], len); break;
      case kBL: blend(out, mask, colors_[2], len); break;
      default:
        if (!pf_score_) {
          blend(out, mask, colors_[2], len);
        } else {  // score mode: the left half in COLUP0, the right half in COLUP1
          const int split = xs >= 80 ? 0 : xe <= 80 ? len : 80 - xs;
          blend(out, mask, colors_[0], split);
          blend(out + split, mask + split, colors_[1], len - split);
        }
    }
  }
}

void Tia::next_line() {
  hctr_ = 0;
  hblank_ = true;
  x_shift_ = 0;
  pf_tick(0);
  ++line_in_frame_;
}

// ---- Playfield -------------------------------------------------------------------------------------------------------

void Tia::pf_tick(int x) {
  if (x == 0 || x == 80) pf_reflect_latched_ = pf_reflect_;
  if (x & 3) return;
  pf_drawn_ = pf_bit(x);
}

bool Tia::pf_bit(int x) const {
  if (x < 80) return pf_pattern_ >> (x >> 2) & 1;
  if (x >= kWidth) return false;
  return pf_pattern_ >> (pf_reflect_latched_ ? 39 - (x >> 2) : (x >> 2) - 20) & 1;
}

const uint8_t* Tia::pf_pixels() {
  if (!pf_line_valid_ || pf_line_pattern_ != pf_pattern_ || pf_line_reflect_ != pf_reflect_latched_) {
    const uint32_t right = pf_reflect_latched_ ? reverse20(pf_pattern_) : pf_pattern_;
    for (int k = 0; k < 5; ++k) {
      std::memcpy(pf_line_ + 16 * k, kNibbles.px[pf_pattern_ >> (4 * k) & 15], 16);
      std::memcpy(pf_line_ + 80 + 16 * k, kNibbles.px[right >> (4 * k) & 15], 16);
    }
    pf_line_pattern_ = pf_pattern_;
    pf_line_reflect_ = pf_reflect_latched_;
    pf_line_valid_ = true;
  }
  return pf_line_;
}

// The playfield over n visible clocks from pixel x0: each pixel shows the bit sampled at the last multiple of 4.
bool Tia::pf_fill(int x0, int n, uint8_t* out) {
  if (pf_pattern_ == 0 && !pf_drawn_) {
    if (x0 <= 0 && 0 < x0 + n) pf_reflect_latched_ = pf_reflect_;
    if (x0 <= 80 && 80 < x0 + n) pf_reflect_latched_ = pf_reflect_;
    return false;
  }
  int i = 0;
  while (i < n) {
    const int x = x0 + i;
    if (x == 0 || x == 80) pf_reflect_latched_ = pf_reflect_;
    int seg = x < 80 ? 80 - x : x < kWidth ? kWidth - x : n - i;
    if (seg > n - i) seg = n - i;
    if (x & 3) {  // the rest of a group sampled before this run
      const int head = seg < 4 - (x & 3) ? seg : 4 - (x & 3);
      std::memset(out + i, pf_drawn_ ? 0xFF : 0, head);
      i += head;
      continue;
    }
    if (x >= kWidth) {  // only after RSYNC
      std::memset(out + i, 0, seg);
      pf_drawn_ = false;
      i += seg;
      continue;
    }
    const uint8_t* px = pf_pixels();
    std::memcpy(out + i, px + x, seg);
    pf_drawn_ = px[(x + seg - 1) & ~3] != 0;
    i += seg;
  }
  return true;
}

void Tia::set_ctrlpf(uint8_t value) {
  priority_ = value & 0x04 ? 1 : value & 0x02 ? 2 : 0;
  pf_reflect_ = value & 0x01;
  pf_score_ = (value & 0x06) == 0x02;
  bl_.width = static_cast<uint8_t>(1 << (value >> 4 & 3));
}

// ---- Registers -------------------------------------------------------------------------------------------------------

void Tia::schedule(uint8_t reg, uint8_t value, uint64_t clock) {
  int n = pending_count_;
  for (int i = 0; i < n; ++i) {  // a newer write to the same register replaces one still pending
    if (pending_[i].reg == reg) {
      for (int j = i; j + 1 < n; ++j) pending_[j] = pending_[j + 1];
      --n;
      break;
    }
  }
  int at = n;
  while (at > 0 && pending_[at - 1].clock > clock) {
    pending_[at] = pending_[at - 1];
    --at;
  }
  pending_[at] = Pending{clock, reg, value};
  pending_count_ = n + 1;
}

void Tia::apply_pending() {
  int done = 0;
  while (done < pending_count_ && pending_[done].clock == clock_) {
    apply_delayed(pending_[done].reg, pending_[done].value);
    ++done;
  }
  for (int i = done; i < pending_count_; ++i) pending_[i - done] = pending_[i];
  pending_count_ -= done;
}

void Tia::start_hmove() {
  movement_clock_ = 0;
  moving_ = true;
  if (!hmove_blank_) {
    if (hblank_) {
      if (uint8_t* r = row()) std::memset(r, 0, 8);  // the HMOVE blank: 8 black pixels at the line's start
    }
    hmove_blank_ = true;
  }
  m0_.moving = m1_.moving = p0_.moving = p1_.moving = bl_.moving = true;
}

void Tia::apply_delayed(uint8_t reg, uint8_t v) {
  switch (reg) {
    case kVBLANK: vblank_ = v & 0x02; break;
    case kHMOVE: start_hmove(); break;
    case kPF0:
    case kPF1:
    case kPF2: {
      pf_regs_[reg - kPF0] = v;
      const uint8_t pf0 = pf_regs_[0] >> 4, pf1 = pf_regs_[1], pf2 = pf_regs_[2];
      uint32_t rev1 = 0;  // PF1 is drawn from bit 7 down
      for (int i = 0; i < 8; ++i) rev1 |= static_cast<uint32_t>(pf1 >> i & 1) << (7 - i);
      pf_pattern_ = pf0 | rev1 << 4 | static_cast<uint32_t>(pf2) << 12;
      break;
    }
    case kGRP0: p0_.grp(v); break;
    case kGRP1: p1_.grp(v); break;
    case kShuffleP0: p0_.shuffle(); break;
    case kShuffleP1: p1_.shuffle(); break;
    case kShuffleBL: bl_.shuffle(); break;
    case kHMP0: p0_.hm_clocks = tia::motion_clocks(v); break;
    case kHMP1: p1_.hm_clocks = tia::motion_clocks(v); break;
    case kHMM0: m0_.hm_clocks = tia::motion_clocks(v); break;
    case kHMM1: m1_.hm_clocks = tia::motion_clocks(v); break;
    case kHMBL: bl_.hm_clocks = tia::motion_clocks(v); break;
    case kHMCLR:
      m0_.hm_clocks = m1_.hm_clocks = p0_.hm_clocks = p1_.hm_clocks = bl_.hm_clocks = tia::motion_clocks(0);
      break;
    case kREFP0: p0_.set_reflect(v & 0x08); break;
    case kREFP1: p1_.set_reflect(v & 0x08); break;
    case kENABL: bl_.enabl(v & 0x02); break;
    case kENAM0: m0_.set_enam(v & 0x02); break;
    case kENAM1: m1_.set_enam(v & 0x02); break;
    default: break;
  }
}

void Tia::write(uint8_t reg, uint8_t value, uint64_t cycle) {
  const uint64_t pos = 3 * (cycle + 1);
  run_to(pos);
  if ((pos - frame_start_clock_) / kLineClocks > kMaxScanlines) frame_done_ = true;  // ALE's scanline cap
  if (const uint8_t d = delay_of(reg)) {
    schedule(reg, value, pos + d);
    if (reg == kGRP0) schedule(kShuffleP1, 0, pos + d);
    if (reg == kGRP1) {
      schedule(kShuffleP0, 0, pos + d);
      schedule(kShuffleBL, 0, pos + d);
    }
    if (reg != kVBLANK) return;
  }
  switch (reg) {
    case kVSYNC:  // ALE's frame rule
      if (value & 0x02) {
        vsync_finish_clock_ = pos + kLineClocks;
      } else if (pos >= vsync_finish_clock_) {
        vsync_finish_clock_ = kNever;
        frame_done_ = true;
      }
      break;
    case kVBLANK:  // the picture blank follows one clock later (scheduled above); the input ports change now
      if (value & 0x40) {
        latch_mode_ = true;
      } else {
        latch_mode_ = false;
        latched_[0] = latched_[1] = 0x80;
      }
      if (!(vblank_reg_ & 0x80) && (value & 0x80)) dump_enabled_ = true;
      if ((vblank_reg_ & 0x80) && !(value & 0x80)) {
        dump_enabled_ = false;
        dump_disabled_cycle_ = cycle + 1;
      }
      vblank_reg_ = value;
      break;
    case kWSYNC: {  // the CPU sleeps until the line's end; its next cycle is the one after colour clock 0
      const uint64_t line_start = hctr_ == 0 ? pos : pos + (kLineClocks - hctr_);
      resume_cycle_ = line_start / 3;
      halted_ = true;
      break;
    }
    case kRSYNC: {  // restarts the line counter 3 clocks before its end (6502.ts); rarely used
      const int x = hctr_ > kHblank ? hctr_ - kHblank : 0;
      x_shift_ = 157 - x;
      if (uint8_t* r = row()) std::memset(r + x, 0, kWidth - x);
      hctr_ = kLineClocks - 3;
      break;
    }
    case kNUSIZ0:
      m0_.nusiz(value);
      p0_.nusiz(value, hblank_);
      break;
    case kNUSIZ1:
      m1_.nusiz(value);
      p1_.nusiz(value, hblank_);
      break;
    case kCOLUP0: colors_[0] = value & 0xFE; break;
    case kCOLUP1: colors_[1] = value & 0xFE; break;
    case kCOLUPF: colors_[2] = value & 0xFE; break;
    case kCOLUBK: colors_[3] = value & 0xFE; break;
    case kCTRLPF: set_ctrlpf(value); break;
    case kRESP0: p0_.resp(resx_counter()); break;
    case kRESP1: p1_.resp(resx_counter()); break;
    case kRESM0: m0_.resm(resx_counter(), hblank_); break;
    case kRESM1: m1_.resm(resx_counter(), hblank_); break;
    case kRESBL: bl_.resbl(resx_counter()); break;
    case kVDELP0: p0_.set_vdel(value & 0x01); break;
    case kVDELP1: p1_.set_vdel(value & 0x01); break;
    case kVDELBL: bl_.set_vdel(value & 0x01); break;
    case kRESMP0: m0_.set_resmp(value & 0x02, p0_); break;
    case kRESMP1: m1_.set_resmp(value & 0x02, p1_); break;
    case kCXCLR: collisions_ = 0; break;
    default: break;  // audio
  }
}

// ---- Reads and inputs ------------------------------------------------------------------------------------------------

uint8_t Tia::read_paddle(int index, uint64_t cycle) const {
  const int32_t r = paddle_ohms_[index];
  if (r <= 0 || r == 0x7FFFFFFF || dump_enabled_) return 0;  // no paddle / ALE's maximum resistance / dumped
  // ALE: the capacitor reads charged once (1.6 · R · 0.01 µF) × 1.19 MHz cycles have passed since the dump ended.
  const double t = 1.6 * r * 0.01E-6;
  const uint32_t needed = static_cast<uint32_t>(t * 1.19E6);
  return cycle + 1 > dump_disabled_cycle_ + needed ? 0x80 : 0;
}

uint8_t Tia::read(uint8_t reg, uint64_t cycle, uint8_t bus) {
  reg &= 0x0F;
  if (reg < 8) {  // collision latches: bits 7 and 6
    run_to(3 * (cycle + 1));
    return static_cast<uint8_t>((collisions_ >> (2 * reg) & 3) << 6 | (bus & 0x3F));
  }
  if (reg < 12) return static_cast<uint8_t>(read_paddle(reg - 8, cycle) | (bus & 0x7F));
  if (reg < 14) {
    const int port = reg - 12;
    uint8_t v = fire_[port] ? 0 : 0x80;
    if (latch_mode_) {  // VBLANK bit 6: a press is remembered until latch mode is switched off
      latched_[port] &= v;
      v = latched_[port];
    }
    return static_cast<uint8_t>(v | (bus & 0x7F));
  }
  return bus & 0x3F;
}

// ---- Frames ----------------------------------------------------------------------------------------------------------

void Tia::begin_frame(uint64_t cycle) {
  const uint64_t at = 3 * cycle;
  const uint64_t ahead = hctr_ + (at - clock_);  // colour clocks from the start of the TIA's current line to `at`
  scanlines_last_frame_ = static_cast<int>((at - frame_start_clock_) / kLineClocks);
  frame_start_clock_ = at - ahead % kLineClocks;
  line_in_frame_ = -static_cast<int>(ahead / kLineClocks);
  drawing_ ^= 1;
  frame_done_ = false;
  frame_limit_cycle_ = cycle + kFrameBackstopCycles;
}

void Tia::finish_frame(uint64_t) { frame_done_ = true; }

// ---- Save states -----------------------------------------------------------------------------------------------------

template <class V>
void Tia::visit_state(V& v) {
  v(halted_); v(frame_done_); v(resume_cycle_); v(frame_limit_cycle_);
  v(clock_); v(hctr_); v(hblank_); v(hmove_blank_); v(x_shift_); v(moving_); v(movement_clock_);
  v(pending_count_);
  for (Pending& p : pending_) { v(p.clock); v(p.reg); v(p.value); }
  p0_.visit(v); p1_.visit(v); m0_.visit(v); m1_.visit(v); bl_.visit(v);
  v(pf_pattern_);
  for (uint8_t& b : pf_regs_) v(b);
  v(pf_reflect_); v(pf_reflect_latched_); v(pf_score_); v(pf_drawn_); v(priority_);
  for (uint8_t& c : colors_) v(c);
  v(collisions_); v(vblank_); v(vblank_reg_);
  v(latch_mode_); v(latched_[0]); v(latched_[1]); v(dump_enabled_); v(dump_disabled_cycle_);
  v(frame_start_clock_); v(vsync_finish_clock_); v(line_in_frame_); v(scanlines_last_frame_); v(drawing_);
  v(ystart_); v(view_height_);
}

void Tia::save(StateWriter& w) const {
  auto put = [&w](const auto& field) { w.put(field); };
  const_cast<Tia*>(this)->visit_state(put);
  // Both frame buffers' view rows: the frame being drawn, and the one a short next frame would leave rows of.
  for (int b = 0; b < 2; ++b) w.put_bytes(frames_.data() + static_cast<size_t>(b) * kMaxHeight * kWidth, static_cast<size_t>(view_height_) * kWidth);
}

void Tia::load(StateReader& r) {
  auto get = [&r](auto& field) { field = r.get<std::remove_reference_t<decltype(field)>>(); };
  visit_state(get);
  if (pending_count_ < 0 || pending_count_ > kMaxPending || view_height_ < 1 || ystart_ < 0 ||
      ystart_ + view_height_ > kMaxHeight || (drawing_ & ~1) || hctr_ < 0 || hctr_ >= kLineClocks) {
    r.ok = false;
    return;
  }
  for (int b = 0; b < 2; ++b) r.get_bytes(frames_.data() + static_cast<size_t>(b) * kMaxHeight * kWidth, static_cast<size_t>(view_height_) * kWidth);
  pf_line_valid_ = false;
}

}  // namespace hrl::atari
