// The TIA: register writes with the chip's delays, lazy drawing in runs of colour clocks, collisions, frames, inputs.
//
// Between two accesses nothing changes but time, so run_to() catches up in runs: a run ends at a pending delayed write,
// at the end of horizontal blank and at the end of the line. In horizontal blank only HMOVE's motion clocks (every 4th
// colour clock) do anything; a visible run asks each object for its pixels over the run in closed form
// (tia_objects.h), composes them by priority into the frame row and ANDs them pairwise for the collision latches.
#include "tia.h"

#include <cstdlib>
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
struct Delays {
  uint8_t of[64] = {};
  constexpr Delays() {
    for (uint8_t r : {kVBLANK, kREFP0, kREFP1, kGRP0, kGRP1, kENAM0, kENAM1, kENABL}) of[r] = 1;
    for (uint8_t r : {kPF0, kPF1, kPF2, kHMP0, kHMP1, kHMM0, kHMM1, kHMBL, kHMCLR}) of[r] = 2;
    of[kHMOVE] = 6;
  }
};
constexpr Delays kDelays{};

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

// 16 pixels at a time (SSE2 / NEON through GCC's vector extension).
typedef uint8_t Pixels16 __attribute__((vector_size(16)));
inline Pixels16 load16(const uint8_t* p) {
  Pixels16 v;
  std::memcpy(&v, p, 16);
  return v;
}

// Whether the two objects' pixels meet in n pixels. The line buffers have room to read whole vectors past the end.
bool any_overlap(const uint8_t* a, const uint8_t* b, int n) {
  Pixels16 acc = {};
  int i = 0;
  for (; i + 16 <= n; i += 16) acc |= load16(a + i) & load16(b + i);
  if (i < n) {
    Pixels16 tail = load16(a + i) & load16(b + i);
    for (int k = n - i; k < 16; ++k) tail[k] = 0;
    acc |= tail;
  }
  uint64_t w[2];
  std::memcpy(w, &acc, 16);
  return (w[0] | w[1]) != 0;
}

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
  reference_ok_ = false;
}

uint8_t* Tia::row() {
  if (!render_) return nullptr;
  const int r = line_in_frame_ - ystart_;
  if (r < 0 || r >= view_height_) return nullptr;
  return frames_.data() + (static_cast<size_t>(drawing_) * kMaxHeight + r) * kWidth;
}

// ---- Clocking ----------------------------------------------------------------------------------------------------
//
// The global walk (run_to) moves the beam: line starts and ends, horizontal blank, HMOVE's motion clocks and the
// delayed writes. Objects follow lazily: each is advanced to a colour clock (catch_up) only when a write touches it or
// the line is finished, writing its pixels into its line buffer; the line is composed and its collisions found when
// it ends (flush), with the colour writes met on the way replayed at their pixel.

void Tia::run_to(uint64_t target) {
  for (;;) {
    const bool due = pending_count_ && pending_[0].clock < target;
    const uint64_t stop = due ? pending_[0].clock : target;
    if (clock_ < stop) {
      const uint64_t n = stop - clock_;
      if (!hblank_ && !moving_ && !lockstep_ && n < static_cast<uint64_t>(kLineClocks - hctr_)) {
        hctr_ += static_cast<int>(n);  // the common case: the beam moves on in the visible part of the line
        clock_ = stop;
      } else {
        run_clocks(n);
      }
    }
    if (!due) return;  // a write due at `target` itself takes effect after the access
    apply_pending();
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
      if (moving_) {  // objects take their extra clocks now, in step (none of them has visible clocks pending)
        movement_tick(true);
        update = moving_;
      }
      if (hmove_blank_ && h >= kHblank && h < kHblank + 8) pf_tick(h - kHblank);
      if (update && !vblank_) collisions_ |= kPairs.by_drawn[drawn_set()];
    }
  }
  hctr_ = h1;
  clock_ += n;
  if (h1 == (hmove_blank_ ? kHblank + 8 : kHblank)) {
    hblank_ = false;
    visible_clock_ = clock_;
  }
  if (h1 == kLineClocks) end_line();
}

void Tia::visible_clocks(int n) {
  while (n > 0) {
    int len = n;
    if (moving_) {  // HMOVE late in the line: its motion clocks only count down, but missiles and the ball see them
      if ((hctr_ & 3) == 0) {
        catch_up_all(clock_);
        movement_tick(false);
      }
      if (moving_) {
        const int to_next = 4 - (hctr_ & 3);
        if (len > to_next) len = to_next;
      }
    }
    hctr_ += len;
    clock_ += len;
    if (lockstep_) flush(clock_);
    n -= len;
  }
  if (hctr_ == kLineClocks) end_line();
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
  for (bool& d : dirty_) d = true;
}

int Tia::drawn_set() const {
  return p0_.drawn | p1_.drawn << 1 | m0_.drawn << 2 | m1_.drawn << 3 | bl_.drawn << 4 | pf_drawn_ << 5;
}

bool Tia::may_draw(int obj) const {
  switch (obj) {
    case kP0: return p0_.may_draw();
    case kP1: return p1_.may_draw();
    case kM0: return m0_.may_draw();
    case kM1: return m1_.may_draw();
    case kBL: return bl_.may_draw();
    default: return pf_pattern_ != 0 || pf_drawn_;
  }
}

// An object's state as bytes (settings included), to recognise a line that repeats the last one.
static_assert(sizeof(tia::Missile) <= 32 && sizeof(tia::Ball) <= 32 && offsetof(tia::Player, copy) <= 32, "state bytes");
int Tia::snapshot(int obj, uint8_t* out) const {
  switch (obj) {
    case kP0: std::memcpy(out, &p0_, kPlayerState); return kPlayerState;
    case kP1: std::memcpy(out, &p1_, kPlayerState); return kPlayerState;
    case kM0: std::memcpy(out, &m0_, sizeof m0_); return sizeof m0_;
    case kM1: std::memcpy(out, &m1_, sizeof m1_); return sizeof m1_;
    case kBL: std::memcpy(out, &bl_, sizeof bl_); return sizeof bl_;
    default:  // a whole line of playfield depends on its settings only (it samples and latches from pixel 0 on)
      std::memcpy(out, &pf_pattern_, 4);
      out[4] = pf_reflect_;
      return 5;
  }
}

// Runs object `obj` over its visible colour clocks before `clock` in the current line. A whole line that ended in the
// state it began in repeats exactly while nothing touches the object, and its pixels are still in the object's line
// buffer: such lines are not run again.
void Tia::catch_up(int obj, uint64_t clock) {
  const uint64_t from = obj_clock_[obj] > visible_clock_ ? obj_clock_[obj] : visible_clock_;
  const uint64_t line_end = line_clock_ + kLineClocks, to = clock < line_end ? clock : line_end;
  if (clock > obj_clock_[obj]) obj_clock_[obj] = clock;
  if (to <= from) return;
  const int n = static_cast<int>(to - from), x0 = static_cast<int>(from - line_clock_) - kHblank + x_shift_;
  const bool whole_line = n == kWidth && to == line_end && !lockstep_;
  if (buf_line_[obj] != line_serial_) {  // the object's first run in this line
    if (whole_line && replay_ok_[obj] && !dirty_[obj]) {
#ifdef HRL_TIA_CHECK_REPLAY
      uint8_t state[kStateBytes];
      if (std::memcmp(state, run_start_[obj], snapshot(obj, state)) != 0) std::abort();
#endif
      buf_line_[obj] = line_serial_;
      return;
    }
    buf_line_[obj] = line_serial_;
    has_pixels_[obj] = false;
  }
  if (!has_pixels_[obj] && may_draw(obj)) {
    std::memset(line_[obj], 0, sizeof line_[obj]);
    has_pixels_[obj] = true;
  }
  if (whole_line) snapshot(obj, run_start_[obj]);
  uint8_t* out = line_[obj] + x0;
  switch (obj) {
    case kP0: p0_.advance(n, out); break;
    case kP1: p1_.advance(n, out); break;
    case kM0: m0_.advance(n, out); break;
    case kM1: m1_.advance(n, out); break;
    case kBL: bl_.advance(n, out); break;
    default: pf_fill(x0, n, out); break;
  }
  // A whole line that ends as it began repeats while nothing touches the object (the playfield's end state, its last
  // sample, is replaced at the line's end anyway).
  replay_ok_[obj] = false;
  if (whole_line) {
    uint8_t end[kStateBytes];
    replay_ok_[obj] = std::memcmp(end, run_start_[obj], snapshot(obj, end)) == 0;
  }
  dirty_[obj] = false;
}

void Tia::touch(int obj, uint64_t clock) {
  catch_up(obj, clock);
  dirty_[obj] = true;
}

void Tia::catch_up_all(uint64_t clock) {
  const bool whole = clock >= line_clock_ + kLineClocks && visible_clock_ == line_clock_ + kHblank && !lockstep_;
  for (int obj = 0; obj < kObjects; ++obj) {
    if (whole && buf_line_[obj] != line_serial_ && replay_ok_[obj] && !dirty_[obj] && obj_clock_[obj] <= visible_clock_) {
      buf_line_[obj] = line_serial_;  // a repeated line (see catch_up), without the call
      obj_clock_[obj] = clock;
#ifndef HRL_TIA_CHECK_REPLAY
      continue;
#endif
    }
    catch_up(obj, clock);
  }
}

// Everything before `clock` in the current line: objects, collisions, picture.
void Tia::flush(uint64_t clock) {
  catch_up_all(clock);
  const uint64_t line_end = line_clock_ + kLineClocks, to = clock < line_end ? clock : line_end;
  if (to <= visible_clock_) return;  // nothing visible yet
  if (done_clock_ < visible_clock_) done_clock_ = visible_clock_;
  if (to <= done_clock_) return;
  const int x0 = static_cast<int>(done_clock_ - line_clock_) - kHblank + x_shift_, x1 = x0 + static_cast<int>(to - done_clock_);
  if (!vblank_) collisions_ |= collide(x0, x1);
  compose_until(x0, x1);
  done_clock_ = to;
  reference_ok_ = false;  // the line is not drawn in one piece: no reference for the next
}

// The collision pairs whose objects overlap between pixels x0 and x1 (pairs already latched are not looked at).
uint16_t Tia::collide(int x0, int x1) const {
  const int n = x1 - x0;
  uint16_t found = 0;
  for (int a = 0; a < kObjects; ++a) {
    if (!shows(a)) continue;
    for (int b = a + 1; b < kObjects; ++b) {
      const uint16_t bit = kPairs.bit[a][b];
      if (shows(b) && !(collisions_ & bit) && any_overlap(line_[a] + x0, line_[b] + x0, n)) found |= bit;
    }
  }
  return found;
}

// The picture from pixel x0 to x1 of the current line, replaying the colour writes recorded in between.
void Tia::compose_until(int x0, int x1) {
  uint8_t* r = row();
  int x = x0;
  while (x < x1) {
    int stop = x1;
    if (color_event_next_ < color_event_count_) {
      const ColorEvent& e = color_events_[color_event_next_];
      if (e.x <= x) {
        colors_[e.index] = e.value;
        ++color_event_next_;
        continue;
      }
      if (e.x < stop) stop = e.x;
    }
    if (r) compose(r, x, stop - x);
    x = stop;
  }
}

void Tia::compose(uint8_t* r, int x0, int n) {
  const int xs = x0 < 0 ? 0 : x0, xe = x0 + n > kWidth ? kWidth : x0 + n;
  if (xs >= xe) return;
  if (vblank_) {
    std::memset(r + xs, 0, xe - xs);
    return;
  }
  if (pf_score_ && xs < 80 && xe > 80 && shows(kPF)) {  // score mode: the playfield's colour changes at the middle
    compose(r, xs, 80 - xs);
    compose(r, 80, xe - 80);
    return;
  }
  // The objects that draw in this line, bottom to top, with their colours.
  const uint8_t* masks[kObjects];
  uint8_t colors[kObjects];
  int k = 0;
  for (int obj : kLayers[priority_]) {
    if (!shows(obj)) continue;
    masks[k] = line_[obj];
    colors[k++] = obj == kP0 || obj == kM0 ? colors_[0]
                  : obj == kP1 || obj == kM1 ? colors_[1]
                  : obj == kPF && pf_score_ ? colors_[xs < 80 ? 0 : 1]
                                            : colors_[2];
  }
  // Whole vectors (the line buffers have room past the last pixel); the last one is stored in part.
  for (int x = xs; x < xe; x += 16) {
    Pixels16 out = Pixels16{} + colors_[3];
    for (int j = 0; j < k; ++j) {
      const Pixels16 m = load16(masks[j] + x);
      out = (m & colors[j]) | (~m & out);
    }
    if (xe - x >= 16) std::memcpy(r + x, &out, 16);
    else for (int i = 0; i < xe - x; ++i) r[x + i] = out[i];
  }
}

// The line's end: everything not done yet, then the next line. A line drawn in one piece also leaves its collision
// pairs and row for finish_line, which lets the next line copy them if it repeats this one.
void Tia::end_line() {
  const uint64_t line_end = line_clock_ + kLineClocks;
  line_whole_ = done_clock_ <= visible_clock_ && visible_clock_ < line_end && !lockstep_;
  if (line_whole_) {
    catch_up_all(line_end);
    const int x0 = static_cast<int>(visible_clock_ - line_clock_) - kHblank;
    const uint16_t latched = collisions_;
    collisions_ = 0;  // every overlapping pair, for the lines that repeat this one
    line_pairs_ = collide(x0, kWidth);
    collisions_ = latched;
    if (!vblank_) collisions_ |= line_pairs_;
    compose_until(x0, kWidth);
    uint8_t* r = row();
    line_row_ = r ? static_cast<int>(r - frames_.data()) : -1;
    done_clock_ = line_end;
  } else {
    flush(line_end);
  }
  while (color_event_next_ < color_event_count_) {  // writes after the last pixel (RSYNC lines)
    colors_[color_events_[color_event_next_].index] = color_events_[color_event_next_].value;
    ++color_event_next_;
  }
  start_line(clock_);
}

void Tia::start_line(uint64_t clock) {
  color_event_count_ = color_event_next_ = 0;
  line_running_ = false;
  lockstep_ = false;
  hctr_ = 0;
  hblank_ = true;
  x_shift_ = 0;
  line_clock_ = clock;
  done_clock_ = clock;
  visible_clock_ = clock + kLineClocks;  // until horizontal blank ends
  pf_tick(0);
  ++line_in_frame_;
}

void Tia::set_color(int index, uint8_t value, uint64_t clock) {
  value &= 0xFE;
  if (clock <= line_clock_ + kHblank || clock <= done_clock_ || lockstep_ || color_event_count_ == kMaxColorEvents) {
    if (clock > done_clock_ && clock > line_clock_ + kHblank) flush(clock);
    colors_[index] = value;
    return;
  }
  const int x = static_cast<int>(clock - line_clock_) - kHblank + x_shift_;
  color_events_[color_event_count_++] = ColorEvent{static_cast<int16_t>(x), static_cast<uint8_t>(index), value};
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

void Tia::set_ctrlpf(uint8_t value, uint64_t clock) {
  const uint8_t priority = value & 0x04 ? 1 : value & 0x02 ? 2 : 0;
  const bool score = (value & 0x06) == 0x02;
  if (priority != priority_ || score != pf_score_) flush(clock);  // the picture so far was composed the old way
  touch(kPF, clock);
  touch(kBL, clock);
  priority_ = priority;
  pf_score_ = score;
  pf_reflect_ = value & 0x01;
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
  for (int obj = 0; obj < kObjects; ++obj) touch(obj, clock_);
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

void Tia::set_pf(int index, uint8_t v) {
  if (pf_regs_[index] == v) return;
  touch(kPF, clock_);
  pf_regs_[index] = v;
  const uint8_t pf0 = pf_regs_[0] >> 4, pf1 = pf_regs_[1], pf2 = pf_regs_[2];
  uint32_t rev1 = 0;  // PF1 is drawn from bit 7 down
  for (int i = 0; i < 8; ++i) rev1 |= static_cast<uint32_t>(pf1 >> i & 1) << (7 - i);
  pf_pattern_ = pf0 | rev1 << 4 | static_cast<uint32_t>(pf2) << 12;
}

// A delayed write taking effect now, at colour clock clock_.
void Tia::apply_delayed(uint8_t reg, uint8_t v) {
  const uint64_t c = clock_;
  switch (reg) {
    case kVBLANK:
      if (vblank_ != bool(v & 0x02)) {
        flush(c);
        vblank_ = v & 0x02;
      }
      break;
    case kHMOVE: start_hmove(); break;
    case kPF0: set_pf(0, v); break;
    case kPF1: set_pf(1, v); break;
    case kPF2: set_pf(2, v); break;
    case kGRP0: if (v != p0_.grp_new) { touch(kP0, c); p0_.grp(v); } break;
    case kGRP1: if (v != p1_.grp_new) { touch(kP1, c); p1_.grp(v); } break;
    case kShuffleP0: if (p0_.grp_old != p0_.grp_new) { touch(kP0, c); p0_.shuffle(); } break;
    case kShuffleP1: if (p1_.grp_old != p1_.grp_new) { touch(kP1, c); p1_.shuffle(); } break;
    case kShuffleBL: if (bl_.enabled_old != bl_.enabled_new) { touch(kBL, c); bl_.shuffle(); } break;
    // HMxx only matter at motion clocks, when every object is caught up anyway
    case kHMP0: p0_.hm_clocks = tia::motion_clocks(v); break;
    case kHMP1: p1_.hm_clocks = tia::motion_clocks(v); break;
    case kHMM0: m0_.hm_clocks = tia::motion_clocks(v); break;
    case kHMM1: m1_.hm_clocks = tia::motion_clocks(v); break;
    case kHMBL: bl_.hm_clocks = tia::motion_clocks(v); break;
    case kHMCLR:
      m0_.hm_clocks = m1_.hm_clocks = p0_.hm_clocks = p1_.hm_clocks = bl_.hm_clocks = tia::motion_clocks(0);
      break;
    case kREFP0: if (bool(v & 0x08) != p0_.reflect) { touch(kP0, c); p0_.set_reflect(v & 0x08); } break;
    case kREFP1: if (bool(v & 0x08) != p1_.reflect) { touch(kP1, c); p1_.set_reflect(v & 0x08); } break;
    case kENABL: if (bool(v & 0x02) != bl_.enabled_new) { touch(kBL, c); bl_.enabl(v & 0x02); } break;
    case kENAM0: if (bool(v & 0x02) != m0_.enam) { touch(kM0, c); m0_.set_enam(v & 0x02); } break;
    case kENAM1: if (bool(v & 0x02) != m1_.enam) { touch(kM1, c); m1_.set_enam(v & 0x02); } break;
    default: break;
  }
}

// ---- Lines in batches ------------------------------------------------------------------------------------------------
//
// The writes of a line are kept (batch_) until the line is over, unless something needs the picture or the collisions
// sooner (sync_to). Then finish_line either runs them, or, when the line began in the state the line before began in
// and got the same writes at the same clocks, and that line ended in the state it began in, copies that line's row and
// collision pairs: the same inputs give the same line.

// The state a line's pixels, collisions and end state depend on, besides its writes.
int Tia::line_key(uint8_t* out) const {
  uint8_t* p = out;
  for (int obj = 0; obj < kObjects; ++obj) p += snapshot(obj, p);
  *p++ = pf_score_;
  *p++ = priority_;
  std::memcpy(p, colors_, 4);
  p += 4;
  *p++ = vblank_;
  *p++ = moving_;
  *p++ = static_cast<uint8_t>(moving_ ? movement_clock_ : 0);
  *p++ = static_cast<uint8_t>(pending_count_);
  for (int i = 0; i < pending_count_; ++i) {
    const uint16_t offset = static_cast<uint16_t>(pending_[i].clock - line_clock_);
    std::memcpy(p, &offset, 2);
    p[2] = pending_[i].reg;
    p[3] = pending_[i].value;
    p += 4;
  }
  return static_cast<int>(p - out);
}

// The line's objects get fresh line buffers once it is run (a repeated line leaves them to the line it repeats).
void Tia::begin_run() {
  if (!line_running_) {
    ++line_serial_;
    line_running_ = true;
  }
}

bool Tia::same_writes(const Write* a, const Write* b, int n) {
  for (int i = 0; i < n; ++i)
    if (a[i].offset != b[i].offset || a[i].reg != b[i].reg || a[i].value != b[i].value) return false;
  return true;
}

void Tia::process_batch() {
  for (int i = 0; i < batch_count_; ++i) apply_write(batch_[i].reg, batch_[i].value, line_clock_ + batch_[i].offset);
  batch_count_ = 0;
}

// The picture and collisions up to `clock` are needed now (a collision read, a frame's end, RSYNC).
void Tia::sync_to(uint64_t clock) {
  if (batch_count_ || clock > line_clock_) batch_broken_ = true;
  begin_run();
  process_batch();
  run_to(clock);
  flush(clock);
}

// Lines that ended before `clock`.
void Tia::finish_lines(uint64_t clock) {
  while (clock >= line_clock_ + kLineClocks) finish_line();
}

void Tia::finish_line() {
  const uint64_t line_end = line_clock_ + kLineClocks;
  // Unless part of it was run early, the line began in the state the last line ended in (key_).
  if (!batch_broken_ && reference_ok_ && batch_count_ == ref_batch_count_ && same_writes(batch_, ref_batch_, batch_count_)) {
    uint8_t* r = row();
    if (r == nullptr || ref_row_ >= 0) {
#ifdef HRL_TIA_CHECK_REPLAY
      uint8_t key[kKeyBytes];
      if (line_key(key) != key_size_ || std::memcmp(key, key_, key_size_) != 0) std::abort();
#endif
      // A repeat: the previous line's results; the state is where it was at the line's start, a line later.
      if (r) std::memcpy(r, frames_.data() + ref_row_, kWidth);
      if (!vblank_) collisions_ |= ref_pairs_;
      for (int i = 0; i < pending_count_; ++i) pending_[i].clock += kLineClocks;
      batch_count_ = 0;
      clock_ = line_end;
      start_line(line_end);
      return;
    }
  }
  const bool repeatable = !batch_broken_;
  const int ref_count = batch_count_;
  std::memcpy(ref_batch_, batch_, sizeof(Write) * batch_count_);
  begin_run();
  process_batch();
  run_to(line_end);  // ends the line (end_line) and starts the next
  // This line can stand for the next if it was drawn in one piece and ended in the state it began in.
  uint8_t key[kKeyBytes];
  const int size = line_key(key);
  reference_ok_ = repeatable && line_whole_ && size == key_size_ && std::memcmp(key, key_, size) == 0;
  ref_batch_count_ = ref_count;
  ref_pairs_ = line_pairs_;
  ref_row_ = line_row_;
  std::memcpy(key_, key, size);
  key_size_ = size;
  batch_broken_ = false;
}

void Tia::end_frame(uint64_t clock) {
  sync_to(clock);  // the frame's picture up to here; the rest of the line belongs to the next frame
  frame_done_ = true;
}

// A full batch (impossible within one line of CPU writes, but safe): the line is run so far.
void Tia::run_full_batch() {
  batch_broken_ = true;
  begin_run();
  process_batch();
}

// The lines the beam finished before `pos`, and ALE's scanline cap (looked at on every write).
void Tia::cross(uint64_t pos) {
  finish_lines(pos);
  if (pos >= frame_cap_clock_) end_frame(pos);
}

void Tia::write_special(uint8_t reg, uint8_t value, uint64_t cycle, uint64_t pos) {
  shadow_[reg] = value;
  switch (reg) {
    case kVSYNC:  // ALE's frame rule
      if (value & 0x02) {
        vsync_finish_clock_ = pos + kLineClocks;
      } else if (pos >= vsync_finish_clock_) {
        vsync_finish_clock_ = kNever;
        end_frame(pos);
      }
      return;
    case kWSYNC: {  // the CPU sleeps until the line's end; its next cycle is the one after colour clock 0
      const uint64_t h = pos - line_clock_;
      resume_cycle_ = (h == 0 ? pos : pos + (kLineClocks - h)) / 3;
      halted_ = true;
      return;
    }
    case kRSYNC:
      sync_to(pos);
      rsync(pos);
      return;
    case kVBLANK:  // the input ports change now; the picture's blank (a colour clock later) is a batched write
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
    case kCXCLR:
      batch_broken_ = true;  // a repeated line would not clear the latches
      break;
    case kHMCLR:  // the motion registers now hold 0 (for dropping unchanged writes)
      for (uint8_t r = kHMP0; r <= kHMBL; ++r) shadow_[r] = 0;
      break;
    default: break;
  }
  record(reg, value, pos);
}

void Tia::rsync(uint64_t pos) {  // restarts the line counter 3 clocks before its end (6502.ts); rarely used
  const int x = hctr_ > kHblank ? hctr_ - kHblank : 0;
  if (uint8_t* r = row()) std::memset(r + x, 0, kWidth - x);
  x_shift_ = 157 - x;
  hctr_ = kLineClocks - 3;
  line_clock_ = pos - hctr_;
  done_clock_ = pos;
  // the last 3 clocks land on pixels already drawn: draw them as they run
  lockstep_ = true;
  for (int obj = 0; obj < kObjects; ++obj) {
    std::memset(line_[obj], 0, sizeof line_[obj]);
    has_pixels_[obj] = true;
    buf_line_[obj] = line_serial_;
    replay_ok_[obj] = false;
  }
}

// A write (or its immediate part) at colour clock `pos`, in order with the beam.
void Tia::apply_write(uint8_t reg, uint8_t value, uint64_t pos) {
  run_to(pos);
  if (const uint8_t d = kDelays.of[reg]) {
    schedule(reg, value, pos + d);
    if (reg == kGRP0) schedule(kShuffleP1, 0, pos + d);
    if (reg == kGRP1) {
      schedule(kShuffleP0, 0, pos + d);
      schedule(kShuffleBL, 0, pos + d);
    }
    return;
  }
  switch (reg) {
    case kNUSIZ0:
    case kNUSIZ1: {  // the player's copies and size, the missile's copies and width
      const int i = reg - kNUSIZ0;
      touch(kM0 + i, pos);
      touch(kP0 + i, pos);
      (i ? m1_ : m0_).nusiz(value);
      (i ? p1_ : p0_).nusiz(value, hblank_);
      break;
    }
    case kCOLUP0: set_color(0, value, pos); break;
    case kCOLUP1: set_color(1, value, pos); break;
    case kCOLUPF: set_color(2, value, pos); break;
    case kCOLUBK: set_color(3, value, pos); break;
    case kCTRLPF: set_ctrlpf(value, pos); break;
    case kRESP0: touch(kP0, pos); p0_.resp(resx_counter()); break;
    case kRESP1: touch(kP1, pos); p1_.resp(resx_counter()); break;
    case kRESM0: touch(kM0, pos); m0_.resm(resx_counter(), hblank_); break;
    case kRESM1: touch(kM1, pos); m1_.resm(resx_counter(), hblank_); break;
    case kRESBL: touch(kBL, pos); bl_.resbl(resx_counter()); break;
    case kVDELP0: if (bool(value & 0x01) != p0_.vdel) { touch(kP0, pos); p0_.set_vdel(value & 0x01); } break;
    case kVDELP1: if (bool(value & 0x01) != p1_.vdel) { touch(kP1, pos); p1_.set_vdel(value & 0x01); } break;
    case kVDELBL: if (bool(value & 0x01) != bl_.vdel) { touch(kBL, pos); bl_.set_vdel(value & 0x01); } break;
    case kRESMP0: touch(kM0, pos); catch_up(kP0, pos); m0_.set_resmp(value & 0x02, p0_); break;
    case kRESMP1: touch(kM1, pos); catch_up(kP1, pos); m1_.set_resmp(value & 0x02, p1_); break;
    case kCXCLR:
      flush(pos);
      collisions_ = 0;
      break;
    default: break;
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

uint8_t Tia::read_collisions(uint8_t reg, uint64_t cycle, uint8_t bus) {
  const uint64_t pos = 3 * (cycle + 1);
  finish_lines(pos);
  sync_to(pos);
  return static_cast<uint8_t>((collisions_ >> (2 * reg) & 3) << 6 | (bus & 0x3F));
}

uint8_t Tia::read_fire(int port) {
  uint8_t v = fire_[port] ? 0 : 0x80;
  if (latch_mode_) {  // VBLANK bit 6: a press is remembered until latch mode is switched off
    latched_[port] &= v;
    v = latched_[port];
  }
  return v;
}

// ---- Frames ----------------------------------------------------------------------------------------------------------

void Tia::begin_frame(uint64_t cycle) {
  const uint64_t at = 3 * cycle;
  const uint64_t ahead = hctr_ + (at - clock_);  // colour clocks from the start of the TIA's current line to `at`
  scanlines_last_frame_ = static_cast<int>((at - frame_start_clock_) / kLineClocks);
  frame_start_clock_ = at - ahead % kLineClocks;
  frame_cap_clock_ = frame_start_clock_ + (kMaxScanlines + 1) * kLineClocks;
  line_in_frame_ = -static_cast<int>(ahead / kLineClocks);
  showing_ = drawing_;
  drawing_ ^= 1;
  frame_greyed_ = false;
  reference_ok_ = false;
  frame_done_ = false;
}

void Tia::partial_frame(uint64_t cycle) {
  showing_ = drawing_;
  if (frame_greyed_) return;
  frame_greyed_ = true;
  int from = static_cast<int>((3 * cycle - frame_start_clock_) / kLineClocks);  // the beam's scanline in the frame
  if (from < ystart_) from = ystart_;
  uint8_t* rows = frames_.data() + static_cast<size_t>(drawing_) * kMaxHeight * kWidth;
  for (int s = from; s < ystart_ + view_height_; ++s)
    for (int x = 0; x < kWidth; ++x) {
      uint8_t& px = rows[(s - ystart_) * kWidth + x];
      px = static_cast<uint8_t>((px & 0x0F) >> 1);
    }
}

// ---- Save states -----------------------------------------------------------------------------------------------------

template <class V>
void Tia::visit_state(V& v) {
  v(halted_); v(frame_done_); v(resume_cycle_); v(showing_); v(frame_greyed_);
  v(clock_); v(hctr_); v(hblank_); v(hmove_blank_); v(x_shift_); v(moving_); v(movement_clock_);
  v(line_clock_); v(visible_clock_); v(done_clock_); v(lockstep_);
  v(line_serial_);
  for (int o = 0; o < kObjects; ++o) {
    v(obj_clock_[o]); v(has_pixels_[o]); v(buf_line_[o]); v(replay_ok_[o]);
    v(dirty_[o]);
    for (uint8_t& b : run_start_[o]) v(b);
  }
  v(color_event_count_); v(color_event_next_);
  for (ColorEvent& e : color_events_) { v(e.x); v(e.index); v(e.value); }
  for (uint8_t& r : shadow_) v(r);
  v(line_whole_); v(line_pairs_); v(line_row_);
  v(batch_count_); v(batch_broken_); v(line_running_);
  for (Write& e : batch_) { v(e.offset); v(e.reg); v(e.value); }
  v(key_size_);
  for (uint8_t& b : key_) v(b);
  v(reference_ok_); v(ref_pairs_); v(ref_row_); v(ref_batch_count_);
  for (Write& e : ref_batch_) { v(e.offset); v(e.reg); v(e.value); }
  v(pending_count_);
  for (Pending& p : pending_) { v(p.clock); v(p.reg); v(p.value); }
  p0_.visit(v); p1_.visit(v); m0_.visit(v); m1_.visit(v); bl_.visit(v);
  v(pf_pattern_);
  for (uint8_t& b : pf_regs_) v(b);
  v(pf_reflect_); v(pf_reflect_latched_); v(pf_score_); v(pf_drawn_); v(priority_);
  for (uint8_t& c : colors_) v(c);
  v(collisions_); v(vblank_); v(vblank_reg_);
  v(latch_mode_); v(latched_[0]); v(latched_[1]); v(dump_enabled_); v(dump_disabled_cycle_);
  v(frame_start_clock_); v(frame_cap_clock_); v(vsync_finish_clock_); v(line_in_frame_); v(scanlines_last_frame_); v(drawing_);
  v(ystart_); v(view_height_);
}

void Tia::save(StateWriter& w) const {
  auto put = [&w](const auto& field) { w.put(field); };
  const_cast<Tia*>(this)->visit_state(put);
  w.put_bytes(line_, sizeof line_);
  // Both frame buffers' view rows: the frame being drawn, and the one a short next frame would leave rows of.
  for (int b = 0; b < 2; ++b) w.put_bytes(frames_.data() + static_cast<size_t>(b) * kMaxHeight * kWidth, static_cast<size_t>(view_height_) * kWidth);
}

void Tia::load(StateReader& r) {
  auto get = [&r](auto& field) { field = r.get<std::remove_reference_t<decltype(field)>>(); };
  visit_state(get);
  if (pending_count_ < 0 || pending_count_ > kMaxPending || color_event_count_ < 0 ||
      color_event_count_ > kMaxColorEvents || color_event_next_ < 0 || color_event_next_ > color_event_count_ ||
      batch_count_ < 0 || batch_count_ > kMaxBatch || ref_batch_count_ < 0 || ref_batch_count_ > kMaxBatch ||
      key_size_ < 0 || key_size_ > kKeyBytes || ref_row_ < -1 || ref_row_ > 2 * kMaxHeight * kWidth - kWidth ||
      line_row_ < -1 || line_row_ > 2 * kMaxHeight * kWidth - kWidth ||
      view_height_ < 1 || ystart_ < 0 ||
      ystart_ + view_height_ > kMaxHeight || (drawing_ & ~1) || (showing_ & ~1) || hctr_ < 0 || hctr_ >= kLineClocks) {
    r.ok = false;
    return;
  }
  r.get_bytes(line_, sizeof line_);
  for (int b = 0; b < 2; ++b) r.get_bytes(frames_.data() + static_cast<size_t>(b) * kMaxHeight * kWidth, static_cast<size_t>(view_height_) * kWidth);
  pf_line_valid_ = false;
}

}  // namespace hrl::atari
