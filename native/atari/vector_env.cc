#include "vector_env.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "../src/common.h"
#include "palette.h"

namespace hrl::atari {

using games::Action;
using Clock = std::chrono::steady_clock;

struct AleVectorEnv::Env {
  std::unique_ptr<AleEnv> ale;
  uint32_t noop[4] = {0, 0, 0, 0};        // NoopReset's xoshiro128** state
  // MaxAndSkip's last two frames as palette indices. The newer is always the TIA's picture (no frame runs between a
  // MaxAndSkip step or reset and the next), so only the older is kept, and only when it differs from it.
  std::vector<uint8_t> prev;
  bool prev_is_last = true;
  int32_t lives_left = 0;                 // EpisodicLife
  bool game_over = true;
  std::vector<uint8_t> frames;            // FrameStack's ring of k warped frames
  int32_t newest = 0;
  double game_return = 0;                 // RecordEpisodeStatistics: the game so far, raw score, frames
  int64_t game_frames = 0;
  Clock::time_point game_start;
  double run_return = 0;                  // SyncVectorEnv's running episode statistics (the learner's episode)
  int32_t run_length = 0;
  std::string error;
};

namespace {

constexpr uint32_t kVectorStateMagic = 0x31564541;  // "AEV1"

// JavaScript's Math.round for x >= 0: the nearest integer, halves up (floor(x + 0.5) would round 0.49999999999999994
// up).
inline double js_round(double x) {
  const double f = std::floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}

// WarpFrame's gray of the channel-wise maximum of two palette colours (MaxAndSkip's max, then BT.601 luma rounded),
// by the two indices' even halves, as doubles ready for the resize: 0.299 R + 0.587 G + 0.114 B summed left to right
// in double, as V8 does, rounded half up. 128 KiB; the diagonal (a colour with itself) is most lookups.
const double* max_gray_table() {
  static const std::vector<double> table = [] {
    std::vector<double> t(128 * 128);
    const uint8_t* rgb = ntsc_rgb();
    for (int a = 0; a < 128; ++a)
      for (int b = 0; b < 128; ++b) {
        const uint8_t* p = rgb + 3 * (2 * a);
        const uint8_t* q = rgb + 3 * (2 * b);
        const double r = std::max(p[0], q[0]), g = std::max(p[1], q[1]), bl = std::max(p[2], q[2]);
        t[a * 128 + b] = js_round(0.299 * r + 0.587 * g + 0.114 * bl);
      }
    return t;
  }();
  return table.data();
}

// The diagonal alone (rows where both frames agree), 1 KiB.
const double* gray_table() {
  static const std::vector<double> table = [] {
    std::vector<double> t(128);
    for (int a = 0; a < 128; ++a) t[a] = max_gray_table()[a * 128 + a];
    return t;
  }();
  return table.data();
}

// Whether n bytes (a multiple of 16) are equal: memcmp without its call or early exits, for rows of 160 (most rows
// of an Atari picture equal the one above).
static_assert(Tia::kWidth % 16 == 0, "same_bytes compares rows 16 bytes at a time");
inline bool same_bytes(const uint8_t* p, const uint8_t* q, int n) {
#if defined(__SSE2__)
  __m128i eq = _mm_set1_epi8(-1);
  for (int i = 0; i < n; i += 16)
    eq = _mm_and_si128(eq, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)),
                                          _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + i))));
  return _mm_movemask_epi8(eq) == 0xFFFF;
#else
  uint64_t diff = 0;
  for (int i = 0; i < n; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, p + i, 8);
    std::memcpy(&y, q + i, 8);
    diff |= x ^ y;
  }
  return diff == 0;
#endif
}

// util/rng.ts's xoshiro128** nextU32 and int(n) (rejection sampling).
uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
uint32_t next_u32(uint32_t* s) {
  const uint32_t result = rotl(s[1] * 5, 7) * 9;
  const uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}
uint32_t rng_int(uint32_t* s, uint32_t n) {
  const uint64_t limit = (uint64_t{1} << 32) - ((uint64_t{1} << 32) % n);
  uint32_t x = next_u32(s);
  while (x >= limit) x = next_u32(s);
  return x % n;
}

// A thread's scratch for the resize (grown once, then reused): the row sums, one padded gray row, one output row.
struct Scratch {
  std::vector<double> sums, acc, gray;
  std::vector<int32_t> row_id, last_of_class;
};
Scratch& scratch(size_t rows, size_t cols, size_t out_rows, size_t out_cols, size_t taps) {
  thread_local Scratch s;
  if (s.sums.size() < rows * out_cols) s.sums.resize(rows * out_cols);
  if (s.gray.size() < cols + taps) s.gray.assign(cols + taps, 0);  // the padding past the row stays 0
  if (s.acc.size() < out_cols) s.acc.resize(out_cols);
  if (s.row_id.size() < rows) s.row_id.resize(rows);
  if (s.last_of_class.size() < out_rows) s.last_of_class.resize(out_rows);
  return s;
}

// One input row's horizontal sums: output ox adds `taps` products (T of them when T > 0, known to the compiler).
template <int T>
inline void row_sums(const double* gray, const int32_t* x0, const double* w, int out_w, int taps, double* row) {
  const int n = T > 0 ? T : taps;
  for (int ox = 0; ox < out_w; ++ox) {
    const double* g = gray + x0[ox];
    const double* wo = w + ox * n;
    double acc = 0;
    for (int k = 0; k < n; ++k) acc += wo[k] * g[k];
    row[ox] = acc;
  }
}

// dst[i] = min(255, Math.round(x[i])) for 0 <= x[i] < 2^31: the truncation (= floor here) plus 1 where the fraction
// is at least 1/2, without a call to floor (x86-64's baseline has no rounding instruction); four at a time with SSE2,
// by the same operations.
inline void round_to_bytes(const double* x, int n, uint8_t* dst) {
  int i = 0;
#if defined(__SSE2__)
  const __m128d half = _mm_set1_pd(0.5), one = _mm_set1_pd(1.0), max = _mm_set1_pd(255.0);
  const auto rounded = [&](const double* p) {  // two values as int32 in the low half
    const __m128d v = _mm_loadu_pd(p);
    const __m128d f = _mm_cvtepi32_pd(_mm_cvttpd_epi32(v));
    return _mm_cvttpd_epi32(_mm_min_pd(_mm_add_pd(f, _mm_and_pd(_mm_cmpge_pd(_mm_sub_pd(v, f), half), one)), max));
  };
  for (; i + 4 <= n; i += 4) {
    const __m128i q = _mm_unpacklo_epi64(rounded(x + i), rounded(x + i + 2));  // 4 × int32 in [0, 255]
    const __m128i b = _mm_packus_epi16(_mm_packs_epi32(q, q), _mm_setzero_si128());
    const int32_t four = _mm_cvtsi128_si32(b);
    std::memcpy(dst + i, &four, 4);
  }
#endif
  for (; i < n; ++i) {
    const int32_t t = static_cast<int32_t>(x[i]);
    const int32_t r = t + (x[i] - static_cast<double>(t) >= 0.5 ? 1 : 0);
    dst[i] = static_cast<uint8_t>(r > 255 ? 255 : r);
  }
}

}  // namespace

bool AleVectorEnv::init(const uint8_t* rom, size_t size, CartScheme scheme, const games::GameSpec& game,
                        const AleConfig& config, const VectorProtocol& protocol, int num_envs, const AxisWeights& wy,
                        const AxisWeights& wx, const uint32_t noop_state[4], std::string* error) {
  rom_.assign(rom, rom + size);
  scheme_ = scheme;
  game_ = &game;
  config_ = config;
  config_.frame_skip = 1;  // the wrappers skip frames
  protocol_ = protocol;
  action_set_.clear();
  if (protocol.full_action_space)
    for (int a = 0; a < games::kNumActions; ++a) action_set_.push_back(static_cast<Action>(a));
  else
    action_set_ = game.minimal_actions;
  fire_reset_ = protocol.fire_reset && action_set_.size() > 1 && action_set_[1] == games::FIRE;
  if (fire_reset_ && action_set_.size() < 3) {
    *error = std::string("FireReset needs at least 3 actions; ") + game.id + " has " + std::to_string(action_set_.size());
    return false;
  }
  const auto fits = [&](const AxisWeights& w) {
    return static_cast<int>(w.start.size()) == protocol.screen && w.count.size() == w.start.size() && w.stride > 0 &&
           w.weight.size() == w.start.size() * w.stride;
  };
  if (protocol.frame_skip < 1 || protocol.noop_max < 0 || protocol.screen < 1 || protocol.frame_stack < 1 ||
      num_envs < 1 || !fits(wy) || !fits(wx) || wx.start.back() + wx.count.back() > Tia::kWidth) {
    *error = "invalid vector env settings or resize weights";
    return false;
  }
  for (size_t k = 0; k < wy.count.size(); ++k)
    if (wy.count[k] > wy.stride || wx.count[k] > wx.stride || wy.start[k] < 0 || wx.start[k] < 0) {
      *error = "invalid resize weights";
      return false;
    }
  wy_ = wy;
  wx_ = wx;
  for (AxisWeights* w : {&wy_, &wx_})  // warp() runs past an output's count over zero weights
    for (size_t o = 0; o < w->count.size(); ++o)
      for (int k = w->count[o]; k < w->stride; ++k) w->weight[o * w->stride + k] = 0;
  // Output rows by their vertical weights: the first row with the same count and weights names the class.
  weight_class_.assign(wy_.count.size(), 0);
  for (size_t o = 0; o < wy_.count.size(); ++o) {
    size_t c = 0;
    while (wy_.count[c] != wy_.count[o] ||
           std::memcmp(&wy_.weight[c * wy_.stride], &wy_.weight[o * wy_.stride], sizeof(double) * wy_.stride) != 0)
      ++c;
    weight_class_[o] = static_cast<int32_t>(c);
  }
  envs_.clear();
  for (int i = 0; i < num_envs; ++i) {
    auto e = std::make_unique<Env>();
    std::memcpy(e->noop, noop_state, sizeof e->noop);
    e->frames.assign(obs_size(), 0);
    envs_.push_back(std::move(e));
  }
  // Power every emulator on (ALE's construction: 60 frames each) over the pool.
  struct Ctx { AleVectorEnv* self; std::vector<std::string> errors; } ctx{this, std::vector<std::string>(num_envs)};
  parallel_for(num_envs, [](void* p, int64_t i) {
    auto& c = *static_cast<Ctx*>(p);
    Env& e = *c.self->envs_[i];
    e.ale = std::make_unique<AleEnv>();
    if (!e.ale->init(c.self->rom_.data(), c.self->rom_.size(), c.self->scheme_, *c.self->game_, c.self->config_,
                     &c.errors[i]))
      return;
    const size_t n = static_cast<size_t>(e.ale->machine.tia.view_height()) * Tia::kWidth;
    const AxisWeights& wy = c.self->wy_;
    if (wy.start.back() + wy.count.back() > e.ale->machine.tia.view_height()) {
      c.errors[i] = "the vertical resize weights reach past the screen's " +
                    std::to_string(e.ale->machine.tia.view_height()) + " rows";
      return;
    }
    e.prev.assign(n, 0);
  }, &ctx);
  for (const std::string& err : ctx.errors)
    if (!err.empty()) { *error = err; return false; }
  (void)gray_table();
  return true;
}

AleVectorEnv::AleVectorEnv() = default;
AleVectorEnv::~AleVectorEnv() = default;

const AleEnv& AleVectorEnv::ale(int i) const { return *envs_[i]->ale; }

int64_t AleVectorEnv::emulated_frames() const {
  int64_t n = 0;
  for (const auto& e : envs_) n += e->ale->emulated_frames();
  return n;
}

// ---- AtariEnv (frameskip 1) under RecordEpisodeStatistics ----

bool AleVectorEnv::base_reset(Env& e, const uint32_t* seed) {
  e.game_return = 0;
  e.game_frames = 0;
  e.game_start = Clock::now();
  if (seed) {  // AtariEnv.reset({seed}) creates the ALE again with that random_seed
    AleConfig c = config_;
    c.seed = *seed;
    auto ale = std::make_unique<AleEnv>();
    if (!ale->init(rom_.data(), rom_.size(), scheme_, *game_, c, &e.error)) return false;
    e.ale = std::move(ale);
  }
  if (!e.ale->reset()) { e.error = e.ale->error(); return false; }
  return true;
}

bool AleVectorEnv::base_step(Env& e, int action, Inner* t) {
  int reward = 0;
  if (!e.ale->act(action_set_[action], &reward)) { e.error = e.ale->error(); return false; }
  t->reward = reward;
  t->terminated = e.ale->game_over();
  t->truncated = e.ale->truncated();
  e.game_return += reward;
  ++e.game_frames;
  return true;
}

// ---- NoopReset ----

bool AleVectorEnv::noop_reset(Env& e, const uint32_t* seed, const uint32_t* noop_state) {
  if (protocol_.noop_max <= 0) return base_reset(e, seed);
  if (seed) std::memcpy(e.noop, noop_state, sizeof e.noop);
  if (!base_reset(e, seed)) return false;
  const uint32_t n = 1 + rng_int(e.noop, static_cast<uint32_t>(protocol_.noop_max));
  for (uint32_t i = 0; i < n; ++i) {
    Inner t;
    if (!base_step(e, 0, &t)) return false;
    if ((t.terminated || t.truncated) && !base_reset(e, nullptr)) return false;
  }
  return true;
}

// ---- MaxAndSkip (absent when frame_skip is 1) ----

bool AleVectorEnv::skip_reset(Env& e, const uint32_t* seed, const uint32_t* noop_state) {
  if (!noop_reset(e, seed, noop_state)) return false;
  if (protocol_.frame_skip > 1) {
    e.prev_is_last = true;
  }
  return true;
}

// Frame skip-2 is copied (it becomes the older of the two), unless the episode ends before frame skip-1: then
// MaxAndSkip's maximum is of the last frame with itself.
bool AleVectorEnv::skip_step(Env& e, int action, Inner* t) {
  const int skip = protocol_.frame_skip;
  if (skip <= 1) return base_step(e, action, t);
  *t = Inner{};
  e.prev_is_last = false;
  for (int i = 0; i < skip; ++i) {
    Inner f;
    if (!base_step(e, action, &f)) return false;
    t->reward += f.reward;
    t->terminated = f.terminated;
    t->truncated = f.truncated;
    if (f.terminated || f.truncated) {
      if (i < skip - 1) e.prev_is_last = true;
      break;
    }
    if (i == skip - 2) std::memcpy(e.prev.data(), e.ale->machine.tia.frame(), e.prev.size());
  }
  return true;
}

// ---- EpisodicLife ----

bool AleVectorEnv::life_reset(Env& e, const uint32_t* seed, const uint32_t* noop_state) {
  if (!protocol_.episodic_life) return skip_reset(e, seed, noop_state);
  if (e.game_over) {
    if (!skip_reset(e, seed, noop_state)) return false;
    e.game_over = false;
  } else {
    Inner t;
    if (!skip_step(e, 0, &t)) return false;
    if ((t.terminated || t.truncated) && !skip_reset(e, seed, noop_state)) return false;
  }
  e.lives_left = e.ale->lives();
  return true;
}

bool AleVectorEnv::life_step(Env& e, int action, Inner* t) {
  if (!skip_step(e, action, t)) return false;
  if (!protocol_.episodic_life) return true;
  e.game_over = t->terminated || t->truncated;
  const int lives = e.ale->lives();
  t->terminated = t->terminated || (lives < e.lives_left && lives > 0);
  e.lives_left = lives;
  return true;
}

// ---- FireReset, then WarpFrame + FrameStack ----

bool AleVectorEnv::top_reset(Env& e, const uint32_t* seed, const uint32_t* noop_state) {
  if (!life_reset(e, seed, noop_state)) return false;
  if (!fire_reset_) return true;
  for (int a : {1, 2}) {
    Inner t;
    if (!life_step(e, a, &t)) return false;
    if ((t.terminated || t.truncated) && !life_reset(e, nullptr, nullptr)) return false;
  }
  return true;
}

bool AleVectorEnv::stack_reset(Env& e, const uint32_t* seed, const uint32_t* noop_state) {
  if (!top_reset(e, seed, noop_state)) return false;
  const size_t n = static_cast<size_t>(protocol_.screen) * protocol_.screen;
  warp(e, e.frames.data());
  for (int i = 1; i < protocol_.frame_stack; ++i) std::memcpy(e.frames.data() + i * n, e.frames.data(), n);
  e.newest = protocol_.frame_stack - 1;
  return true;
}

// WarpFrame.writeObs over MaxAndSkip.writeObs: gray of the max of the two frames (of the screen alone without
// MaxAndSkip), then the area resize: for each input row the horizontal sums, then the vertical ones, each summed in
// warp-frame.ts's order (rowAcc over b, then acc over a), so the doubles are the same. Two shortcuts keep the results:
// a row whose two index rows equal the row above's has the same sums, kept once (Atari pictures repeat rows a lot; an
// output row with the weights of an earlier one over the same sums is copied), and the
// horizontal sums run over `stride` taps, the ones past an output's count adding w = 0 times a pixel (x + 0 = x).
void AleVectorEnv::warp(const Env& e, uint8_t* out) const {
  const uint8_t* screen = e.ale->machine.tia.frame();
  const uint8_t* a = protocol_.frame_skip > 1 && !e.prev_is_last ? e.prev.data() : screen;
  const uint8_t* b = screen;
  const double* table = max_gray_table();
  const double* single = gray_table();
  const int in_w = Tia::kWidth, in_h = static_cast<int>(e.prev.size()) / in_w;
  const int out_h = protocol_.screen, out_w = protocol_.screen;
  const int taps = wx_.stride;
  Scratch& s = scratch(in_h, in_w, out_h, out_w, taps);
  double* h = s.sums.data();
  int32_t* id = s.row_id.data();  // input row y's sums are in row id[y] of h (the first of a run of equal rows)
  double* gray = s.gray.data();  // in_w pixels, then `taps` zeros
  const int32_t* x0 = wx_.start.data();
  const double* w = wx_.weight.data();
  for (int y = 0; y < in_h; ++y) {
    const uint8_t* pa = a + y * in_w;
    const uint8_t* pb = b + y * in_w;
    double* row = h + static_cast<size_t>(y) * out_w;
    if (y > 0 && same_bytes(pa, pa - in_w, in_w) && (pa == pb || same_bytes(pb, pb - in_w, in_w))) {
      id[y] = id[y - 1];  // the sums stay in row id[y]
      continue;
    }
    id[y] = y;
    if (pa == pb || same_bytes(pa, pb, in_w)) {  // the two frames agree on this row: one colour per pixel
      for (int x = 0; x < in_w; ++x) gray[x] = single[pa[x] >> 1];
    } else {
      for (int x = 0; x < in_w; ++x) gray[x] = table[(pa[x] >> 1) * 128 + (pb[x] >> 1)];
    }
    switch (taps) {  // 160 → 84 has 3
      case 2: row_sums<2>(gray, x0, w, out_w, 2, row); break;
      case 3: row_sums<3>(gray, x0, w, out_w, 3, row); break;
      case 4: row_sums<4>(gray, x0, w, out_w, 4, row); break;
      default: row_sums<0>(gray, x0, w, out_w, taps, row);
    }
  }
  double* acc = s.acc.data();
  int32_t* last_of_class = s.last_of_class.data();
  std::fill(last_of_class, last_of_class + out_h, -1);
  for (int oy = 0; oy < out_h; ++oy) {
    const int y0 = wy_.start[oy], ny = wy_.count[oy];
    uint8_t* dst = out + oy * out_w;
    // An output row with the weights of an earlier one over rows of the same sums is that row again.
    const int32_t cls = weight_class_[oy], before = last_of_class[cls];
    last_of_class[cls] = oy;
    if (before >= 0) {
      const int b0 = wy_.start[before];
      int k = 0;
      while (k < ny && id[b0 + k] == id[y0 + k]) ++k;
      if (k == ny) {
        std::memcpy(dst, out + before * out_w, out_w);
        continue;
      }
    }
    const double* wo = wy_.weight.data() + oy * wy_.stride;
    const double* r = h + static_cast<size_t>(id[y0]) * out_w;
    for (int ox = 0; ox < out_w; ++ox) acc[ox] = wo[0] * r[ox];  // = 0 + w·r, as the sum starts from 0
    for (int k = 1; k < ny; ++k) {
      const double wk = wo[k];
      const double* rk = h + static_cast<size_t>(id[y0 + k]) * out_w;
      for (int ox = 0; ox < out_w; ++ox) acc[ox] += wk * rk[ox];
    }
    round_to_bytes(acc, out_w, dst);
  }
}

// FrameStack.writeObs: oldest first.
void AleVectorEnv::write_stack(const Env& e, uint8_t* out) const {
  const size_t n = static_cast<size_t>(protocol_.screen) * protocol_.screen;
  const int k = protocol_.frame_stack;
  for (int i = 0; i < k; ++i) std::memcpy(out + i * n, e.frames.data() + ((e.newest + 1 + i) % k) * n, n);
}

// ---- SyncVectorEnv's loop ----

namespace {
struct ResetArgs {
  const uint32_t* seeds;
  const uint32_t* noop_states;
  const VectorOutputs* out;
};
struct StepArgs {
  const int32_t* actions;
  const VectorOutputs* out;
};
}  // namespace

bool AleVectorEnv::run(int threads, std::string* error, bool (AleVectorEnv::*fn)(int, void*), void* arg) {
  for (auto& e : envs_) e->error.clear();
  struct Ctx { AleVectorEnv* self; bool (AleVectorEnv::*fn)(int, void*); void* arg; } ctx{this, fn, arg};
  const int before = pool_threads();
  if (threads > 0) pool_set_active(threads);
  parallel_for(num_envs(), [](void* p, int64_t i) {
    auto& c = *static_cast<Ctx*>(p);
    Env& e = *c.self->envs_[i];
    if (!(c.self->*c.fn)(static_cast<int>(i), c.arg) && e.error.empty()) e.error = "the emulator failed";
  }, &ctx);
  if (threads > 0) pool_set_active(before);
  for (int i = 0; i < num_envs(); ++i)
    if (!envs_[i]->error.empty()) {
      *error = "env " + std::to_string(i) + ": " + envs_[i]->error;
      return false;
    }
  return true;
}

bool AleVectorEnv::reset_one(int i, void* arg) {
  const auto& r = *static_cast<const ResetArgs*>(arg);
  Env& e = *envs_[i];
  if (!stack_reset(e, r.seeds ? r.seeds + i : nullptr, r.seeds ? r.noop_states + 4 * i : nullptr)) return false;
  write_stack(e, r.out->obs + i * obs_size());
  e.run_return = 0;
  e.run_length = 0;
  r.out->episode_ended[i] = 0;
  return true;
}

bool AleVectorEnv::step_one(int i, void* arg) {
  const auto& s = *static_cast<const StepArgs*>(arg);
  const VectorOutputs& out = *s.out;
  Env& e = *envs_[i];
  Inner t;
  if (!life_step(e, s.actions[i], &t)) return false;
  const double reward = protocol_.clip_reward ? (t.reward > 0 ? 1.0 : t.reward < 0 ? -1.0 : 0.0) : t.reward;
  e.newest = (e.newest + 1) % protocol_.frame_stack;
  warp(e, e.frames.data() + static_cast<size_t>(e.newest) * protocol_.screen * protocol_.screen);
  out.rewards[i] = static_cast<float>(reward);
  out.terminations[i] = t.terminated ? 1 : 0;
  out.truncations[i] = t.truncated ? 1 : 0;
  const double ret = e.run_return + reward;
  const int32_t len = e.run_length + 1;
  uint8_t* obs = out.obs + i * obs_size();
  if (t.terminated || t.truncated) {
    write_stack(e, out.final_obs + i * obs_size());
    out.episode_ended[i] = 1;
    out.episode_return[i] = ret;
    out.episode_length[i] = len;
    double* info = out.info + static_cast<size_t>(i) * kInfoFields;
    const AleEnv& ale = *e.ale;
    info[kLives] = ale.lives();
    info[kEpisodeFrame] = static_cast<double>(ale.episode_frame());
    info[kFrameNumber] = static_cast<double>(ale.frame_number());
    info[kEmulatedFrames] = static_cast<double>(ale.emulated_frames());
    info[kGameEnded] = ale.game_over() || ale.truncated() ? 1 : 0;
    info[kGameReturn] = e.game_return;
    info[kGameFrames] = static_cast<double>(e.game_frames);
    info[kGameSeconds] = std::chrono::duration<double>(Clock::now() - e.game_start).count();
    e.run_return = 0;
    e.run_length = 0;
    if (!stack_reset(e, nullptr, nullptr)) return false;
  } else {
    out.episode_ended[i] = 0;
    e.run_return = ret;
    e.run_length = len;
  }
  write_stack(e, obs);
  return true;
}

bool AleVectorEnv::reset(const uint32_t* seeds, const uint32_t* noop_states, const VectorOutputs& out, int threads,
                         std::string* error) {
  ResetArgs args{seeds, noop_states, &out};
  return run(threads, error, &AleVectorEnv::reset_one, &args);
}

bool AleVectorEnv::step(const int32_t* actions, const VectorOutputs& out, int threads, std::string* error) {
  StepArgs args{actions, &out};
  return run(threads, error, &AleVectorEnv::step_one, &args);
}

// ---- state ----

std::vector<uint8_t> AleVectorEnv::save(int i) const {
  const Env& e = *envs_[i];
  StateWriter w;
  w.put(kVectorStateMagic);
  const std::vector<uint8_t> ale = e.ale->save();
  w.put(static_cast<uint64_t>(ale.size()));
  w.put_bytes(ale.data(), ale.size());
  w.put_bytes(e.noop, sizeof e.noop);
  w.put(static_cast<uint32_t>(e.prev.size()));
  w.put_bytes(e.prev.data(), e.prev.size());
  w.put(static_cast<uint8_t>(e.prev_is_last));
  w.put(e.lives_left);
  w.put(static_cast<uint8_t>(e.game_over));
  w.put(static_cast<uint32_t>(e.frames.size()));
  w.put_bytes(e.frames.data(), e.frames.size());
  w.put(e.newest);
  w.put(e.game_return);
  w.put(e.game_frames);
  w.put(e.run_return);
  w.put(e.run_length);
  return std::move(w.bytes);
}

bool AleVectorEnv::load(int i, const uint8_t* data, size_t size, uint8_t* obs, std::string* error) {
  Env& e = *envs_[i];
  const std::string corrupt = "truncated or corrupt vector env state";
  StateReader r(data, size);
  if (r.get<uint32_t>() != kVectorStateMagic) { *error = "not an Atari vector env state"; return false; }
  const uint64_t n = r.get<uint64_t>();
  if (!r.ok || n > size) { *error = corrupt; return false; }
  std::vector<uint8_t> ale_bytes(n);
  r.get_bytes(ale_bytes.data(), n);
  Env next;
  r.get_bytes(next.noop, sizeof next.noop);
  const uint32_t view = r.get<uint32_t>();
  if (!r.ok || view != e.prev.size()) { *error = corrupt; return false; }
  next.prev.resize(view);
  r.get_bytes(next.prev.data(), view);
  next.prev_is_last = r.get<uint8_t>() != 0;
  next.lives_left = r.get<int32_t>();
  next.game_over = r.get<uint8_t>() != 0;
  const uint32_t stack = r.get<uint32_t>();
  if (!r.ok || stack != e.frames.size()) { *error = "the state's frame stack does not fit this vector env's protocol"; return false; }
  next.frames.resize(stack);
  r.get_bytes(next.frames.data(), stack);
  next.newest = r.get<int32_t>();
  next.game_return = r.get<double>();
  next.game_frames = r.get<int64_t>();
  next.run_return = r.get<double>();
  next.run_length = r.get<int32_t>();
  if (!r.ok || !r.at_end() || next.newest < 0 || next.newest >= protocol_.frame_stack) { *error = corrupt; return false; }
  if (!e.ale->load(ale_bytes.data(), ale_bytes.size(), error)) return false;
  next.ale = std::move(e.ale);
  next.game_start = e.game_start;
  e = std::move(next);
  write_stack(e, obs);
  return true;
}

}  // namespace hrl::atari
