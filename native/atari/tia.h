// The TIA (video part; no audio): registers, objects, collisions, input ports, and the frame it draws.
//
// Clocking: the bus calls read()/write() with the index of the CPU cycle the access happens on (cycles since power-on;
// one CPU cycle = 3 colour clocks, 228 colour clocks = 76 CPU cycles a scanline). An access on cycle k happens at
// colour clock 3(k + 1): the TIA has run the colour clocks before it (as in ALE's Stella and in 6502.ts, where the CPU
// cycle follows its three colour clocks). The TIA draws lazily: before an access takes effect it catches up its picture
// to that point with the state that held until then, so nothing runs per colour clock between accesses.
//
// Frames follow ALE's Stella: a frame ends when VSYNC is switched off at least one scanline (228 colour clocks) after it
// was last switched on, or at a TIA write more than 290 scanlines into the frame (ALE's cap); the next frame starts at
// the beginning of the scanline the CPU is on when the frame ended. The picture kept is kWidth × view height palette
// indices starting view_ystart scanlines after the frame's start (ALE's Display.YStart, default 34, and height 210).
// Like ALE, the TIA draws into two buffers in turn, so rows a short frame never reaches keep the frame before last.
// The machine runs ALE's steps: a frame, or 25,000 instructions of one (partial_frame).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>
#include "state.h"
#include "tia_objects.h"

namespace hrl::atari {

namespace tia {
// How Tia::write treats each register: kept for the line's batch, the same but dropped when it holds the value already
// (writing it again changes nothing; the delays of these registers are under a CPU cycle, so no earlier write to one
// can still be pending; NUSIZ only while no player divider change is under way), ignored (audio, no register), or
// looked at now (VSYNC, VBLANK's input ports, WSYNC, RSYNC, HMCLR, CXCLR).
enum WriteKind : uint8_t { kBatched, kUnchangedDrops, kIgnored, kSpecial };
struct WriteKinds {
  uint8_t of[64] = {};
  constexpr WriteKinds() {
    for (int r = 0; r < 64; ++r) of[r] = r > 0x2C || (r >= 0x15 && r <= 0x1A) ? kIgnored : kBatched;
    // NUSIZ0/1, COLUxx, CTRLPF, REFP0/1, PF0-2, ENAM0/1, ENABL, HMP0-HMBL, VDELP0-VDELBL, RESMP0/1
    for (int r : {0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x1D, 0x1E, 0x1F, 0x20, 0x21,
                  0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29})
      of[r] = kUnchangedDrops;
    for (int r : {0x00, 0x01, 0x02, 0x03, 0x2B, 0x2C}) of[r] = kSpecial;  // VSYNC VBLANK WSYNC RSYNC HMCLR CXCLR
  }
};
inline constexpr WriteKinds kWriteKinds{};
}  // namespace tia

class Tia {
 public:
  static constexpr int kWidth = 160;
  static constexpr int kMaxHeight = 320;

  Tia();

  void reset();  // power-on state (the machine calls it once, then the CPU starts)

  // reg = address & 0x0F for reads, address & 0x3F for writes. `bus` is the last value on the data bus: the bits a
  // TIA read does not drive (the low 6) come from it, as on the real chip; INPTx's bit 6 reads 0, as in ALE.
  uint8_t read(uint8_t reg, uint64_t cycle, uint8_t bus);
  void write(uint8_t reg, uint8_t value, uint64_t cycle);

  // WSYNC: after the CPU finished the instruction that wrote it, the machine asks halted() and, if so, moves its cycle
  // counter to resume_cycle() (the CPU sleeps until the start of the next scanline) and calls clear_halt().
  bool halted() const { return halted_; }
  uint64_t resume_cycle() const { return resume_cycle_; }
  void clear_halt() { halted_ = false; }

  // Set when the last access ended a frame; begin_frame(cycle) clears it and starts the next one at the scanline
  // that `cycle` (the machine's cycle counter once the CPU finished its instruction) falls in.
  bool frame_done() const { return frame_done_; }
  void begin_frame(uint64_t cycle);
  // ALE's step ended without a frame's end (25,000 instructions): ALE then shows the frame in progress, with the rows
  // from the beam's scanline down greyed out once per frame (TIA::greyOutFrame); the frame goes on at the next step.
  void partial_frame(uint64_t cycle);

  // The last completed frame (after a partial step: the frame in progress, see partial_frame): view_height() rows of
  // kWidth NTSC palette indices (the COLUxx value & 0xFE).
  const uint8_t* frame() const { return frames_.data() + static_cast<size_t>(showing_) * kMaxHeight * kWidth; }
  int view_height() const { return view_height_; }
  void set_view(int ystart, int height);
  int scanlines_last_frame() const { return scanlines_last_frame_; }
  // Drawing off: registers, objects and collisions are still emulated, only the picture is not written (frames that
  // frameskip will never show).
  void set_render(bool on) { render_ = on; }

  // Inputs. Fire buttons of the two joysticks (INPT4/INPT5, bit 7 low while pressed, VBLANK's latch mode included).
  void set_fire(int port, bool pressed) { fire_[port & 1] = pressed; }
  // Paddle i (INPT0–3) as a resistance in ohms, ALE's model: the dump capacitor charges in time proportional to it.
  // 0 (or less): no paddle attached, bit 7 reads 0 (as ALE's joystick does).
  void set_paddle_resistance(int index, int32_t ohms) { paddle_ohms_[index & 3] = ohms; }

  void save(StateWriter& w) const;
  void load(StateReader& r);

 private:
  static constexpr int kLineClocks = 228;
  static constexpr int kHblank = 68;  // colour clocks of horizontal blank (76 on a line with an HMOVE blank)
  static constexpr int kMaxPending = 16;
  static constexpr uint64_t kNever = ~uint64_t{0};
  enum Object { kP0, kP1, kM0, kM1, kBL, kPF, kObjects };

  struct Pending {  // a register write that takes effect a few colour clocks after the access (the chip's delays)
    uint64_t clock;
    uint8_t reg, value;
  };

  struct ColorEvent {  // a COLUxx write met in the visible part of the line, replayed when the line is composed
    int16_t x;
    uint8_t index, value;
  };
  static constexpr int kMaxColorEvents = 80;
  struct Write {  // a write kept until its line is run: colour clocks after the line's start, register, value
    uint16_t offset;
    uint8_t reg, value;
  };
  static constexpr int kMaxBatch = 80;
  static constexpr int kKeyBytes = 5 * 32 + 16 + 4 * 16;
  static constexpr int kLineBuffer = 336;  // pixels a line's clocks can map to (beyond 160 only after RSYNC), + a vector

  template <class V>
  void visit_state(V& v);

  // The beam.
  void run_to(uint64_t clock);  // runs every colour clock before `clock`
  void run_clocks(uint64_t n);  // n colour clocks with no pending write among them
  void hblank_clocks(int n);    // within horizontal blank
  void visible_clocks(int n);   // within the visible part of the line
  void movement_tick(bool apply);
  void end_line();
  void start_line(uint64_t clock);
  void end_frame(uint64_t clock);
  // Lines in batches.
  int line_key(uint8_t* out) const;
  void begin_run();
  static bool same_writes(const Write* a, const Write* b, int n);
  void process_batch();
  void sync_to(uint64_t clock);
  void finish_lines(uint64_t clock);
  void finish_line();
  void apply_write(uint8_t reg, uint8_t value, uint64_t pos);
  void record(uint8_t reg, uint8_t value, uint64_t pos) {
    if (batch_count_ == kMaxBatch) run_full_batch();
    batch_[batch_count_++] = Write{static_cast<uint16_t>(pos - line_clock_), reg, value};
  }
  void run_full_batch();
  uint8_t read_collisions(uint8_t reg, uint64_t cycle, uint8_t bus);
  uint8_t read_fire(int port);
  void cross(uint64_t pos);
  void write_special(uint8_t reg, uint8_t value, uint64_t cycle, uint64_t pos);
  void rsync(uint64_t pos);
  // Objects, collisions, picture.
  static constexpr int kPlayerState = offsetof(tia::Player, copy);  // the player's state bytes (its cache follows)
  static constexpr int kStateBytes = 32;
  int snapshot(int obj, uint8_t* out) const;
  bool shows(int obj) const { return has_pixels_[obj] && buf_line_[obj] == line_serial_; }
  bool may_draw(int obj) const;
  void catch_up(int obj, uint64_t clock);  // the object's pixels and state up to `clock`
  void touch(int obj, uint64_t clock);     // catch_up before changing the object
  void catch_up_all(uint64_t clock);
  void flush(uint64_t clock);  // everything up to `clock`: objects, collisions, picture
  uint16_t collide(int x0, int x1) const;
  void compose_until(int x0, int x1);
  void compose(uint8_t* row, int x0, int n);
  int drawn_set() const;  // the objects that drew on their last clock, as a 6-bit set (collision pairs)
  uint8_t* row();         // the frame row of the current scanline, or null when it is not drawn
  void set_color(int index, uint8_t value, uint64_t clock);
  // Playfield.
  void pf_tick(int x);
  bool pf_bit(int x) const;
  const uint8_t* pf_pixels();
  bool pf_fill(int x0, int n, uint8_t* out);
  void set_pf(int index, uint8_t value);
  void set_ctrlpf(uint8_t value, uint64_t clock);
  // Registers.
  void schedule(uint8_t reg, uint8_t value, uint64_t clock);
  void apply_pending();
  void apply_delayed(uint8_t reg, uint8_t value);
  void start_hmove();
  int resx_counter() const { return !hblank_ ? 157 : hctr_ >= 73 ? 158 : 159; }  // where RESxx puts a counter
  uint8_t read_paddle(int index, uint64_t cycle) const;

  bool halted_ = false, frame_done_ = false;
  uint64_t resume_cycle_ = 0;

  // Horizontal timing.
  uint64_t clock_ = 0;  // the next colour clock to run
  int hctr_ = 0;        // its position in the scanline, 0..227
  bool hblank_ = true, hmove_blank_ = false;
  int x_shift_ = 0;  // RSYNC's shift of the pixel position for the rest of the line
  uint64_t line_clock_ = 0;                 // colour clock of the line's start
  uint64_t visible_clock_ = kLineClocks;    // of its first visible clock (its end while in horizontal blank)
  uint64_t done_clock_ = 0;                 // collisions and picture are done before this clock
  uint64_t obj_clock_[kObjects] = {};       // each object has run the visible clocks before this one
  uint32_t line_serial_ = 0;                // lines run so far (tells whose line buffer is current)
  bool line_running_ = false;               // the current line has a serial (is being run, not repeated)
  uint32_t buf_line_[kObjects] = {};        // the line line_[obj] belongs to
  bool has_pixels_[kObjects] = {};          // line_[obj] was cleared for that line and may hold pixels
  bool replay_ok_[kObjects] = {};           // its last run was a whole line that ended in the state it began in
  bool dirty_[kObjects] = {};               // changed since its last run
  uint8_t run_start_[kObjects][kStateBytes] = {};  // the state that whole line began in
  bool lockstep_ = false;                   // after RSYNC: draw every clock range as it runs
  int color_event_count_ = 0, color_event_next_ = 0;
  ColorEvent color_events_[kMaxColorEvents] = {};
  uint8_t shadow_[64] = {};  // the last value written to each register
  bool line_whole_ = false;  // the last line ended was drawn in one piece, with these results:
  uint16_t line_pairs_ = 0;  // its overlapping collision pairs
  int line_row_ = -1;        // the offset of its row in frames_ (-1: not drawn)

  // The current line's writes, and the state it began in; the last line, when the next one may copy it.
  Write batch_[kMaxBatch] = {};
  int batch_count_ = 0;
  bool batch_broken_ = false;  // part of the line was run early: it cannot copy or be copied
  uint8_t key_[kKeyBytes] = {};
  int key_size_ = 0;
  bool reference_ok_ = false;
  Write ref_batch_[kMaxBatch] = {};
  int ref_batch_count_ = 0, ref_row_ = -1;
  uint16_t ref_pairs_ = 0;
  bool moving_ = false;
  int movement_clock_ = 0;
  Pending pending_[kMaxPending] = {};
  int pending_count_ = 0;

  // Objects and registers.
  tia::Player p0_, p1_;
  tia::Missile m0_, m1_;
  tia::Ball bl_;
  uint32_t pf_pattern_ = 0;  // PF0..PF2 in drawing order, bit i = playfield pixels 4i..4i+3 of the left half
  uint8_t pf_regs_[3] = {0, 0, 0};
  bool pf_reflect_ = false, pf_reflect_latched_ = false, pf_score_ = false, pf_drawn_ = true;
  uint8_t priority_ = 0;              // 0 normal, 1 playfield and ball on top (CTRLPF bit 2), 2 score mode
  uint8_t colors_[4] = {0, 0, 0, 0};  // COLUP0, COLUP1, COLUPF, COLUBK (& 0xFE)
  uint16_t collisions_ = 0;           // bit 2r + 1 / 2r: bit 7 / 6 of collision register r
  bool vblank_ = false;               // VBLANK bit 1 as the picture sees it (one colour clock after the write)
  uint8_t vblank_reg_ = 0;

  // Inputs.
  bool fire_[2] = {false, false};
  bool latch_mode_ = false;
  uint8_t latched_[2] = {0, 0};
  int32_t paddle_ohms_[4] = {0, 0, 0, 0};
  bool dump_enabled_ = false;
  uint64_t dump_disabled_cycle_ = 0;

  // Frames.
  uint64_t frame_start_clock_ = 0, frame_cap_clock_ = kNever, vsync_finish_clock_ = kNever;
  int line_in_frame_ = 0;
  int ystart_ = 34, view_height_ = 210, scanlines_last_frame_ = 0;
  bool render_ = true;
  int drawing_ = 0;                // the buffer being drawn; the other holds the last completed frame
  int showing_ = 1;                // the one frame() returns
  bool frame_greyed_ = false;      // partial_frame greyed this frame already
  std::vector<uint8_t> frames_;    // 2 × kMaxHeight rows of kWidth

  // Each object's pixels in the current line, by x (0xFF where it draws), until the line is composed.
  alignas(64) uint8_t line_[kObjects][kLineBuffer] = {};

  // Derived data (not state): the playfield's pixels for a pattern and right-half reflection.
  uint8_t pf_line_[kWidth] = {};
  uint32_t pf_line_pattern_ = 0;
  bool pf_line_reflect_ = false, pf_line_valid_ = false;
};

// Every TIA access comes through these: the common cases (a write kept for its line or dropped, an input port) here.
inline void Tia::write(uint8_t reg, uint8_t value, uint64_t cycle) {
  reg &= 0x3F;
  const uint64_t pos = 3 * (cycle + 1);
  if (pos >= line_clock_ + kLineClocks || pos >= frame_cap_clock_) cross(pos);
  switch (tia::kWriteKinds.of[reg]) {
    case tia::kUnchangedDrops:
      if (shadow_[reg] == value && (reg != 0x04 || p0_.divider_change < 0) && (reg != 0x05 || p1_.divider_change < 0))
        return;
      break;
    case tia::kBatched: break;
    case tia::kIgnored: return;
    default: write_special(reg, value, cycle, pos); return;
  }
  shadow_[reg] = value;
  record(reg, value, pos);
}

inline uint8_t Tia::read(uint8_t reg, uint64_t cycle, uint8_t bus) {
  reg &= 0x0F;
  if (reg < 8) return read_collisions(reg, cycle, bus);  // bits 7 and 6
  // The input ports drive bit 7 only; the rest is left on the data bus. Bit 6 reads 0 (ALE's TIA::peek; 6502.ts would
  // leave the bus's bit 6 there too).
  if (reg < 12) return static_cast<uint8_t>(read_paddle(reg - 8, cycle) | (bus & 0x3F));
  if (reg < 14) return static_cast<uint8_t>(read_fire(reg - 12) | (bus & 0x3F));
  return bus & 0x3F;
}

}  // namespace hrl::atari
