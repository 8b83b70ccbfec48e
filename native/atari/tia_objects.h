// The TIA's five movable objects (two players, two missiles, the ball) and the playfield, as the TIA helper's tia.cc
// drives them. Each sprite has a position counter (0..159) that advances once per visible colour clock and once per
// HMOVE motion clock in horizontal blank; reaching a start position ("decode") begins a copy, which is drawn a few
// clocks later. The behaviour follows 6502.ts / modern Stella clock for clock (the oracle); tick() is one colour clock,
// and advance(n) is the same n clocks in closed form for the states a steady picture goes through, falling back to
// tick() for the rare in-between states (a NUSIZ change mid-copy, a moving missile's starfield effect).
//
// Pixel output: advance(n, out) sets out[i] to 0xFF where the object draws on the i-th clock; `out` must hold zeros
// beforehand unless may_draw() is false (then nothing is written). `drawn` is the output of the last clock (what the
// collision logic sees between clocks).
#pragma once
#include <cstdint>
#include <cstring>

namespace hrl::atari::tia {

constexpr int kCounterWrap = 160;

// Start positions of copies by NUSIZ & 7 (the main copy starts at 156 on every setting), and for each counter value
// the clocks until the next start (0 when the counter is at one).
struct Decodes {
  bool start[8][kCounterWrap];
  uint8_t next[8][kCounterWrap];
  constexpr Decodes() : start(), next() {
    const int copies[8][3] = {{-1, -1, -1}, {12, -1, -1}, {28, -1, -1}, {12, 28, -1},
                              {60, -1, -1}, {-1, -1, -1}, {28, 60, -1}, {-1, -1, -1}};
    for (int m = 0; m < 8; ++m) {
      start[m][156] = true;
      for (int c : copies[m]) if (c >= 0) start[m][c] = true;
      for (int c = 0; c < kCounterWrap; ++c) {
        int d = 0;
        while (!start[m][(c + d) % kCounterWrap]) ++d;
        next[m][c] = static_cast<uint8_t>(d);
      }
    }
  }
};
inline constexpr Decodes kDecodes{};

inline int wrap_counter(int c) { return c >= kCounterWrap ? c - kCounterWrap : c; }

// HMxx: the motion clocks an object receives after HMOVE is (value >> 4) ^ 8 (8 = no net motion, since the HMOVE
// blank withholds 8 ordinary clocks).
inline uint8_t motion_clocks(uint8_t hm) { return static_cast<uint8_t>((hm >> 4) ^ 8); }

struct Player {
  // Registers.
  uint8_t grp_new = 0, grp_old = 0;
  bool reflect = false, vdel = false;
  uint8_t pattern = 0;  // the graphics in drawing order: bit i is the copy's i-th pixel
  uint8_t mode = 0;     // NUSIZ & 7 (copies)
  uint8_t hm_clocks = 0;
  bool moving = false;
  // Drawing state.
  uint8_t counter = 0;
  bool rendering = false, drawn = true;
  int8_t render_counter = -5, sample = 0;
  int8_t divider = 1, divider_pending = 1, divider_change = -1;  // divider: 1, 2 or 4 clocks per pixel

  template <class V>
  void visit(V& v) {
    v(grp_new); v(grp_old); v(reflect); v(vdel); v(pattern); v(mode); v(hm_clocks); v(moving); v(counter);
    v(rendering); v(drawn); v(render_counter); v(sample); v(divider); v(divider_pending); v(divider_change);
  }

  int trip() const { return divider == 1 ? 0 : 1; }
  // The pixel of the copy now being drawn that render counter rc shows, in a steady copy (no divider change pending).
  static int sample_of(int rc, int divider) { return divider == 1 ? (rc > 0 ? rc : 0) : (rc > 1 ? (rc - 1) / divider : 0); }
  static int end_of(int divider) { return divider == 1 ? 8 : 8 * divider + 1; }  // rc at which the copy ends
  bool pixel() const { return rendering && render_counter >= trip() && (pattern >> sample & 1); }

  void set_divider(int d) { divider = static_cast<int8_t>(d); }

  // A steady copy's pixels by render counter (index rc + 5), for the pattern and divider they were built for.
  struct CopyPixels {
    uint8_t px[40] = {};
    uint16_t key = 0xFFFF;
  } copy;
  const uint8_t* copy_pixels() {
    const uint16_t key = static_cast<uint16_t>(pattern | divider << 8);
    if (copy.key != key) {
      std::memset(copy.px, 0, sizeof copy.px);
      const int first = 5 + trip();  // rc = trip shows sample 0
      for (int s = 0; s < 8; ++s)
        if (pattern >> s & 1) std::memset(copy.px + first + s * divider, 0xFF, divider);
      copy.key = key;
    }
    return copy.px;
  }

  void update_pattern() {
    uint8_t p = vdel ? grp_old : grp_new;
    if (!reflect) {  // GRP bit 7 is the leftmost pixel unless reflected
      p = static_cast<uint8_t>((p & 0xF0) >> 4 | (p & 0x0F) << 4);
      p = static_cast<uint8_t>((p & 0xCC) >> 2 | (p & 0x33) << 2);
      p = static_cast<uint8_t>((p & 0xAA) >> 1 | (p & 0x55) << 1);
    }
    pattern = p;
  }
  void grp(uint8_t v) { grp_new = v; if (!vdel) update_pattern(); }
  void shuffle() { grp_old = grp_new; if (vdel) update_pattern(); }  // the other player's GRP was written
  void set_reflect(bool r) { reflect = r; update_pattern(); }
  void set_vdel(bool d) { vdel = d; update_pattern(); }

  // The clock position (0..159) a missile locked to this player (RESMP) is released at.
  int resp_clock() const {
    const int offset = divider == 1 ? 5 : divider == 2 ? 9 : 12;
    return (counter - offset + kCounterWrap) % kCounterWrap;
  }

  void resp(int c) {
    counter = static_cast<uint8_t>(c);
    if (rendering && render_counter + 5 < 4) render_counter = static_cast<int8_t>(-5 + (c - 157));
  }

  // NUSIZ written; `hblank`: during horizontal blank. Divider changes during a copy take effect after a delay that
  // depends on where the copy is.
  void nusiz(uint8_t value, bool hblank) {
    const int m = value & 7;
    divider_pending = static_cast<int8_t>(m == 5 ? 2 : m == 7 ? 4 : 1);
    const bool changed = decode_table(m) != decode_table(mode);
    mode = static_cast<uint8_t>(m);
    if (changed && rendering && render_counter + 5 < 2 &&
        !kDecodes.start[m][(counter - render_counter - 5 + 159) % kCounterWrap])
      rendering = false;
    if (divider_pending == divider) return;
    if (!rendering) { set_divider(divider_pending); return; }
    const int delta = render_counter + 5;
    switch (divider << 4 | divider_pending) {
      case 0x12:
      case 0x14:
        if (hblank) {
          if (delta < 4) set_divider(divider_pending);
          else divider_change = static_cast<int8_t>(delta < 5 ? 1 : 0);
        } else {
          if (delta < 3) set_divider(divider_pending);
          else divider_change = 1;
        }
        break;
      case 0x21:
      case 0x41:
        if (delta < (hblank ? 4 : 3)) {
          set_divider(divider_pending);
        } else if (delta < (hblank ? 6 : 5)) {
          set_divider(divider_pending);
          --render_counter;
        } else {
          divider_change = static_cast<int8_t>(hblank ? 0 : 1);
        }
        break;
      default:  // 0x24, 0x42
        if (render_counter < 1 || (hblank && render_counter % divider == 1)) set_divider(divider_pending);
        else divider_change = static_cast<int8_t>(divider - (render_counter - 1) % divider);
        break;
    }
  }
  // Settings 0, 5 and 7 share one decode table (only the main copy); switching between them is no change.
  static int decode_table(int m) { return m == 5 || m == 7 ? 0 : m; }

  void tick() {
    drawn = pixel();
    if (kDecodes.start[mode][counter]) {
      rendering = true;
      render_counter = -5;
      sample = 0;
    } else if (rendering) {
      ++render_counter;
      if (divider == 1) {
        if (render_counter > 0) ++sample;
        if (render_counter >= 0 && divider_change >= 0 && divider_change-- == 0) set_divider(divider_pending);
      } else {
        if (render_counter > 1 && (render_counter - 1) % divider == 0) ++sample;
        if (render_counter > 0 && divider_change >= 0 && divider_change-- == 0) set_divider(divider_pending);
      }
      if (sample > 7) rendering = false;
    }
    counter = static_cast<uint8_t>(wrap_counter(counter + 1));
  }

  bool movement_tick(int clock, bool apply) {
    if (clock == hm_clocks) moving = false;
    if (moving && apply) tick();
    return moving;
  }

  // n >= 1 visible clocks. A player without graphics only moves its state on.
  bool advance(int n, uint8_t* out) {
    if (divider_change >= 0) {  // a NUSIZ change mid-copy is pending: clock by clock
      for (int i = 0; i < n; ++i) {
        tick();
        out[i] = drawn ? 0xFF : 0;
      }
      return true;
    }
    if (pattern == 0) {
      run<false>(n, nullptr);
      return false;
    }
    return run<true>(n, out);
  }
  bool may_draw() const { return pattern != 0 || divider_change >= 0; }

  // Steady copies in closed form: idle stretches jump to the next start position, a copy in progress draws sample_of
  // its render counter. Returns whether a copy was in progress at some point.
  template <bool kDraw>
  bool run(int n, uint8_t* out) {
    bool busy = false;
    int i = 0;
    while (i < n) {
      if (!rendering) {
        const int t = kDecodes.next[mode][counter];
        if (i + t >= n) {  // idle to the end
          counter = static_cast<uint8_t>(wrap_counter(counter + (n - i) % kCounterWrap));
          drawn = false;
          return busy;
        }
        // idle clocks, then the start clock (which draws nothing: the copy begins after it)
        counter = static_cast<uint8_t>(wrap_counter(counter + t + 1));
        i += t + 1;
        drawn = false;
        rendering = true;
        render_counter = -5;
        sample = 0;
        busy = true;
        continue;
      }
      busy = true;
      if (sample != sample_of(render_counter, divider) || render_counter < -5 || render_counter >= end_of(divider)) {
        // A state no steady copy has (after a mid-copy NUSIZ change): clock by clock until the copy ends.
        tick();
        if (kDraw) out[i] = drawn ? 0xFF : 0;
        ++i;
        continue;
      }
      const int remaining = end_of(divider) - render_counter;  // clocks until the copy ends
      const int restart = kDecodes.next[mode][counter];         // clocks until a new copy starts
      int m = n - i;
      const bool restarts = restart < remaining && restart < m;
      if (restarts) m = restart + 1;
      else if (remaining < m) m = remaining;
      const int rc0 = render_counter, rc1 = rc0 + m;
      if (kDraw) {
        std::memcpy(out + i, copy_pixels() + rc0 + 5, m);
        drawn = out[i + m - 1] != 0;
      } else {
        drawn = false;
      }
      i += m;
      counter = static_cast<uint8_t>(wrap_counter(counter + m));
      if (restarts) {
        render_counter = -5;
        sample = 0;
      } else {
        render_counter = static_cast<int8_t>(rc1);
        sample = static_cast<int8_t>(sample_of(rc1, divider));
        if (sample > 7) rendering = false;
      }
    }
    return busy;
  }
};

// Missiles and the ball share their drawing: a copy `width` pixels wide starts 4 clocks after a start position, and
// while HMOVE is moving them in the visible part of the line, the "starfield" effect changes their width.
struct Streak {
  bool enabled = false;
  uint8_t width = 1, effective_width = 0, hm_clocks = 0;
  bool moving = false;
  uint8_t counter = 0, last_movement_tick = 0;
  bool rendering = false, drawn = true;
  int8_t render_counter = -4;

  template <class V>
  void visit_streak(V& v) {
    v(enabled); v(width); v(effective_width); v(hm_clocks); v(moving); v(counter); v(last_movement_tick);
    v(rendering); v(drawn); v(render_counter);
  }

  void start_copy(bool starfield) {
    const int delta = (counter - last_movement_tick + kCounterWrap) % 4;
    rendering = true;
    render_counter = -4;
    if (starfield && delta == 3 && width < 4) ++render_counter;
    effective_width = static_cast<uint8_t>(delta == 3 ? (width == 1 ? 2 : width) : delta == 2 ? 0 : width);
  }

  // One colour clock; `starts`: the counter is at a start position. `hclock`: a visible clock (not a motion clock).
  void tick(bool starts, bool hclock) {
    drawn = rendering && render_counter >= 0 && enabled;
    const bool starfield = moving && hclock;
    if (starts) start_copy(starfield);
    else if (rendering && ++render_counter >= (starfield ? effective_width : width)) rendering = false;
    counter = static_cast<uint8_t>(wrap_counter(counter + 1));
  }

  // n >= 1 visible clocks while not moving; next_start(c): clocks from counter c to the next start position (>= n if
  // none). Returns whether `out` got pixels.
  template <bool kDraw, class NextStart>
  bool run(int n, uint8_t* out, NextStart next_start) {
    bool any = false;
    int i = 0;
    while (i < n) {
      const int t = next_start(counter);
      if (!rendering) {
        if (i + t >= n) {
          counter = static_cast<uint8_t>(wrap_counter(counter + (n - i) % kCounterWrap));
          drawn = false;
          return any;
        }
        counter = static_cast<uint8_t>(wrap_counter(counter + t));
        i += t;
        drawn = false;
        start_copy(false);
        counter = static_cast<uint8_t>(wrap_counter(counter + 1));
        ++i;
        continue;
      }
      const int remaining = render_counter < width ? width - render_counter : 1;
      int m = n - i;
      const bool restarts = t < remaining && t < m;
      if (restarts) m = t + 1;
      else if (remaining < m) m = remaining;
      drawn = kDraw && render_counter + m > 0;  // pixels where rc >= 0 within the m clocks
      if (drawn) {
        const int first = render_counter >= 0 ? 0 : -render_counter;
        std::memset(out + i + first, 0xFF, m - first);
        any = true;
      }
      i += m;
      if (restarts) {  // the last clock was at a start position
        counter = static_cast<uint8_t>(wrap_counter(counter + m - 1));
        start_copy(false);
        counter = static_cast<uint8_t>(wrap_counter(counter + 1));
      } else {
        counter = static_cast<uint8_t>(wrap_counter(counter + m));
        render_counter = static_cast<int8_t>(render_counter + m);
        if (render_counter >= width) rendering = false;
      }
    }
    return any;
  }

  template <class NextStart, class Starts>
  bool advance(int n, uint8_t* out, NextStart next_start, Starts starts) {
    if (moving) {  // the starfield effect: clock by clock
      for (int i = 0; i < n; ++i) {
        tick(starts(counter), true);
        out[i] = drawn ? 0xFF : 0;
      }
      return true;
    }
    if (!enabled) {
      run<false>(n, nullptr, next_start);
      return false;
    }
    return run<true>(n, out, next_start);
  }
  bool may_draw() const { return enabled || moving; }

  bool movement_tick_streak(int clock, bool apply, bool starts) {
    last_movement_tick = counter;
    if (clock == hm_clocks) moving = false;
    if (moving && apply) tick(starts, false);
    return moving;
  }
};

struct Missile : Streak {
  bool enam = false, resmp = false;
  uint8_t mode = 0;  // NUSIZ & 7 (copies)

  template <class V>
  void visit(V& v) {
    visit_streak(v);
    v(enam); v(resmp); v(mode);
  }

  void set_enam(bool on) { enam = on; enabled = on && !resmp; }
  void nusiz(uint8_t value) {
    width = static_cast<uint8_t>(1 << (value >> 4 & 3));
    mode = value & 7;
    if (rendering && render_counter >= width) rendering = false;
  }
  void resm(int c, bool hblank) {
    counter = static_cast<uint8_t>(c);
    if (!rendering) return;
    if (render_counter < 0) {
      render_counter = static_cast<int8_t>(-4 + (c - 157));
      return;
    }
    switch (width) {
      case 8: render_counter = static_cast<int8_t>(c - 157 + (render_counter >= 4 ? 4 : 0)); break;
      case 4: render_counter = static_cast<int8_t>(c - 157); break;
      case 2:
        if (hblank) rendering = render_counter > 1;
        else if (render_counter == 0) ++render_counter;
        break;
      default:
        if (hblank) rendering = render_counter > 0;
        break;
    }
  }
  // RESMP: while set the missile is hidden and starts no copies; when cleared it sits at the player's position.
  void set_resmp(bool on, const Player& p) {
    if (on == resmp) return;
    resmp = on;
    if (on) {
      enabled = false;
    } else {
      enabled = enam;
      counter = static_cast<uint8_t>(p.resp_clock());
    }
  }

  bool starts(int c) const { return kDecodes.start[mode][c] && !resmp; }
  void tick(bool hclock) { Streak::tick(starts(counter), hclock); }
  bool movement_tick(int clock, bool apply) { return movement_tick_streak(clock, apply, starts(counter)); }
  bool advance(int n, uint8_t* out) {
    const uint8_t* next = kDecodes.next[mode];
    const bool locked = resmp;
    return Streak::advance(
        n, out, [next, locked](int c) { return locked ? 1 << 20 : static_cast<int>(next[c]); },
        [this](int c) { return starts(c); });
  }
};

struct Ball : Streak {
  bool enabled_new = false, enabled_old = false, vdel = false;

  template <class V>
  void visit(V& v) {
    visit_streak(v);
    v(enabled_new); v(enabled_old); v(vdel);
  }

  void update_enabled() { enabled = vdel ? enabled_old : enabled_new; }
  void enabl(bool on) { enabled_new = on; if (!vdel) update_enabled(); }
  void shuffle() { enabled_old = enabled_new; if (vdel) update_enabled(); }  // GRP1 was written
  void set_vdel(bool d) { vdel = d; update_enabled(); }
  void resbl(int c) {
    counter = static_cast<uint8_t>(c);
    rendering = true;
    render_counter = static_cast<int8_t>(-4 + (c - 157));
  }

  static int next_start(int c) { return c <= 156 ? 156 - c : 156 + kCounterWrap - c; }
  void tick(bool hclock) { Streak::tick(counter == 156, hclock); }
  bool movement_tick(int clock, bool apply) { return movement_tick_streak(clock, apply, counter == 156); }
  bool advance(int n, uint8_t* out) {
    return Streak::advance(n, out, next_start, [](int c) { return c == 156; });
  }
};

}  // namespace hrl::atari::tia
