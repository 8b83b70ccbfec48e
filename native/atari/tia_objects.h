// The TIA's five movable objects (two players, two missiles, the ball) and the playfield, as the TIA helper's tia.cc
// drives them. Each sprite has a position counter (0..159) that advances once per visible colour clock and once per
// HMOVE motion clock in horizontal blank; reaching a start position ("decode") begins a copy, which is drawn a few
// clocks later. The behaviour follows 6502.ts / modern Stella clock for clock (the oracle); tick() is one colour clock,
// and advance(n) is the same n clocks in closed form for the states a steady picture goes through, falling back to
// tick() for the rare in-between states (a NUSIZ change mid-copy, a moving missile's starfield effect).
//
// Pixel output: advance() writes one byte per clock, 0xFF where the object draws and 0 elsewhere, but only when it may
// draw at all in those clocks (it returns false and writes nothing when it certainly does not). `drawn` is the output
// of the last clock (what the collision logic sees between clocks).
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

  // n >= 1 visible clocks.
  bool advance(int n, uint8_t* out) {
    if (divider_change >= 0) return slow_advance(n, out);
    bool wrote = false;
    int i = 0;
    while (i < n) {
      if (!rendering) {
        const int t = kDecodes.next[mode][counter];
        if (i + t >= n) {  // idle to the end
          counter = static_cast<uint8_t>((counter + (n - i)) % kCounterWrap);
          drawn = false;
          if (wrote) std::memset(out + i, 0, n - i);
          return wrote;
        }
        if (!wrote) { std::memset(out, 0, n); wrote = true; }
        // idle clocks, then the start clock (which draws nothing: the copy begins after it)
        counter = static_cast<uint8_t>(wrap_counter(counter + t));
        i += t;
        drawn = false;
        rendering = true;
        render_counter = -5;
        sample = 0;
        counter = static_cast<uint8_t>(wrap_counter(counter + 1));
        ++i;
        continue;
      }
      if (sample != sample_of(render_counter, divider) || render_counter < -5 || render_counter >= end_of(divider)) {
        // A state no steady copy has (after a mid-copy NUSIZ change): clock by clock until the copy ends.
        if (!wrote) { std::memset(out, 0, n); wrote = true; }
        tick();
        out[i++] = drawn ? 0xFF : 0;
        continue;
      }
      if (!wrote) { std::memset(out, 0, n); wrote = true; }
      const int remaining = end_of(divider) - render_counter;  // clocks until the copy ends
      const int restart = kDecodes.next[mode][counter];         // clocks until a new copy starts
      int m = n - i;
      const bool restarts = restart < remaining && restart < m;
      if (restarts) m = restart + 1;
      else if (remaining < m) m = remaining;
      const int tp = trip();
      int rc = render_counter;
      for (int j = 0; j < m; ++j, ++rc) {
        const bool p = rc >= tp && (pattern >> sample_of(rc, divider) & 1);
        out[i + j] = p ? 0xFF : 0;
      }
      drawn = out[i + m - 1] != 0;
      i += m;
      counter = static_cast<uint8_t>((counter + m) % kCounterWrap);
      if (restarts) {
        render_counter = -5;
        sample = 0;
      } else {
        render_counter = static_cast<int8_t>(rc);
        sample = static_cast<int8_t>(sample_of(rc, divider));
        if (sample > 7) rendering = false;
      }
    }
    return wrote;
  }

  bool slow_advance(int n, uint8_t* out) {
    for (int i = 0; i < n; ++i) {
      tick();
      out[i] = drawn ? 0xFF : 0;
    }
    return true;
  }
};

// Missiles and the ball share their drawing: a copy `width` pixels wide starts 4 clocks after a start position, and
// while HMOVE is moving them in the visible part of the line, the "starfield" effect changes their width.
struct Missile {
  bool enam = false, enabled = false, resmp = false;
  uint8_t width = 1, effective_width = 0, mode = 0, hm_clocks = 0;
  bool moving = false;
  uint8_t counter = 0, last_movement_tick = 0;
  bool rendering = false, drawn = true;
  int8_t render_counter = -4;

  template <class V>
  void visit(V& v) {
    v(enam); v(enabled); v(resmp); v(width); v(effective_width); v(mode); v(hm_clocks); v(moving); v(counter);
    v(last_movement_tick); v(rendering); v(drawn); v(render_counter);
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

  bool starts_at(int c) const { return kDecodes.start[mode][c] && !resmp; }
  int next_start() const { return resmp ? 1 << 20 : kDecodes.next[mode][counter]; }

  void start_copy(bool starfield) {
    const int delta = (counter - last_movement_tick + kCounterWrap) % 4;
    rendering = true;
    render_counter = -4;
    if (starfield && delta == 3 && width < 4) ++render_counter;
    effective_width = static_cast<uint8_t>(delta == 3 ? (width == 1 ? 2 : width) : delta == 2 ? 0 : width);
  }

  void tick(bool hclock) {
    drawn = rendering && render_counter >= 0 && enabled;
    const bool starfield = moving && hclock;
    if (starts_at(counter)) start_copy(starfield);
    else if (rendering && ++render_counter >= (starfield ? effective_width : width)) rendering = false;
    counter = static_cast<uint8_t>(wrap_counter(counter + 1));
  }

  bool movement_tick(int clock, bool apply) {
    last_movement_tick = counter;
    if (clock == hm_clocks) moving = false;
    if (moving && apply) tick(false);
    return moving;
  }

  // n >= 1 visible clocks while not moving (no starfield effect).
  bool advance(int n, uint8_t* out) {
    if (moving) {
      for (int i = 0; i < n; ++i) {
        tick(true);
        out[i] = drawn ? 0xFF : 0;
      }
      return true;
    }
    bool wrote = false;
    int i = 0;
    while (i < n) {
      if (!rendering) {
        const int t = next_start();
        if (i + t >= n) {
          counter = static_cast<uint8_t>((counter + (n - i)) % kCounterWrap);
          drawn = false;
          if (wrote) std::memset(out + i, 0, n - i);
          return wrote;
        }
        if (!wrote) { std::memset(out, 0, n); wrote = true; }
        counter = static_cast<uint8_t>(wrap_counter(counter + t));
        i += t;
        drawn = false;
        start_copy(false);
        counter = static_cast<uint8_t>(wrap_counter(counter + 1));
        ++i;
        continue;
      }
      const int remaining = render_counter < width ? width - render_counter : 1;
      const int restart = next_start();
      int m = n - i;
      const bool restarts = restart < remaining && restart < m;
      if (restarts) m = restart + 1;
      else if (remaining < m) m = remaining;
      if (enabled && render_counter + m > 0) {  // some pixels: rc >= 0 within the m clocks
        if (!wrote) { std::memset(out, 0, n); wrote = true; }
        const int first = render_counter >= 0 ? 0 : -render_counter;
        std::memset(out + i + first, 0xFF, m - first);
        drawn = true;
      } else {
        if (wrote) std::memset(out + i, 0, m);
        drawn = false;
      }
      i += m;
      if (restarts) {  // the last clock was at a start position
        counter = static_cast<uint8_t>((counter + m - 1) % kCounterWrap);
        start_copy(false);
        counter = static_cast<uint8_t>(wrap_counter(counter + 1));
      } else {
        counter = static_cast<uint8_t>((counter + m) % kCounterWrap);
        render_counter = static_cast<int8_t>(render_counter + m);
        if (render_counter >= width) rendering = false;
      }
    }
    return wrote;
  }
};

struct Ball {
  bool enabled_new = false, enabled_old = false, enabled = false, vdel = false;
  uint8_t width = 1, effective_width = 0, hm_clocks = 0;
  bool moving = false;
  uint8_t counter = 0, last_movement_tick = 0;
  bool rendering = false, drawn = true;
  int8_t render_counter = -4;

  template <class V>
  void visit(V& v) {
    v(enabled_new); v(enabled_old); v(enabled); v(vdel); v(width); v(effective_width); v(hm_clocks); v(moving);
    v(counter); v(last_movement_tick); v(rendering); v(drawn); v(render_counter);
  }

  void update_enabled() { enabled = vdel ? enabled_old : enabled_new; }
  void enabl(bool on) { enabled_new = on; if (!vdel) update_enabled(); }
  void shuffle() { enabled_old = enabled_new; if (vdel) update_enabled(); }
  void set_vdel(bool d) { vdel = d; update_enabled(); }
  void resbl(int c) {
    counter = static_cast<uint8_t>(c);
    rendering = true;
    render_counter = static_cast<int8_t>(-4 + (c - 157));
  }

  void start_copy(bool starfield) {
    const int delta = (counter - last_movement_tick + kCounterWrap) % 4;
    rendering = true;
    render_counter = -4;
    if (starfield && delta == 3 && width < 4) ++render_counter;
    effective_width = static_cast<uint8_t>(delta == 3 ? (width == 1 ? 2 : width) : delta == 2 ? 0 : width);
  }

  void tick(bool hclock) {
    drawn = rendering && render_counter >= 0 && enabled;
    const bool starfield = moving && hclock;
    if (counter == 156) start_copy(starfield);
    else if (rendering && ++render_counter >= (starfield ? effective_width : width)) rendering = false;
    counter = static_cast<uint8_t>(wrap_counter(counter + 1));
  }

  bool movement_tick(int clock, bool apply) {
    last_movement_tick = counter;
    if (clock == hm_clocks) moving = false;
    if (moving && apply) tick(false);
    return moving;
  }

  bool advance(int n, uint8_t* out) {
    if (moving) {
      for (int i = 0; i < n; ++i) {
        tick(true);
        out[i] = drawn ? 0xFF : 0;
      }
      return true;
    }
    bool wrote = false;
    int i = 0;
    while (i < n) {
      const int t = counter <= 156 ? 156 - counter : 156 + kCounterWrap - counter;
      if (!rendering) {
        if (i + t >= n) {
          counter = static_cast<uint8_t>((counter + (n - i)) % kCounterWrap);
          drawn = false;
          if (wrote) std::memset(out + i, 0, n - i);
          return wrote;
        }
        if (!wrote) { std::memset(out, 0, n); wrote = true; }
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
      if (enabled && render_counter + m > 0) {
        if (!wrote) { std::memset(out, 0, n); wrote = true; }
        const int first = render_counter >= 0 ? 0 : -render_counter;
        std::memset(out + i + first, 0xFF, m - first);
        drawn = true;
      } else {
        if (wrote) std::memset(out + i, 0, m);
        drawn = false;
      }
      i += m;
      if (restarts) {  // the last clock was at a start position
        counter = static_cast<uint8_t>((counter + m - 1) % kCounterWrap);
        start_copy(false);
        counter = static_cast<uint8_t>(wrap_counter(counter + 1));
      } else {
        counter = static_cast<uint8_t>((counter + m) % kCounterWrap);
        render_counter = static_cast<int8_t>(render_counter + m);
        if (render_counter >= width) rendering = false;
      }
    }
    return wrote;
  }
};

}  // namespace hrl::atari::tia
