// Shared pieces of the Winograd convolutions (conv_winograd.cc: kernels twice their stride via space-to-depth,
// F(2×2, 2×2) and F(3×3, 2×2); conv_winograd3.cc: small 3×3 stride-1 convolutions, F(2×2, 3×3), F(3×3, 2×2) and
// F(3×3, 3×3)). Everything is in an anonymous namespace (hrl::{anonymous}: each including file has its own copy).
// GCC only (vector extensions with __builtin_shuffle); other compilers keep the direct paths.
#pragma once
#include <cstdint>
#include <cstdlib>
#include "kernels.h"

#if defined(__GNUC__) && !defined(__clang__)
#define HRL_WINO_VECTORS 1

namespace hrl {
namespace {

// Buffers of this thread (64-byte aligned, kept for the thread's life): one input channel's (phase) planes, the
// chunk's transformed input V and products M (or transformed gradient Q), the transformed filter U, partial sums, one
// byte frame plane as floats, the lane arrays of conv_winograd3.cc.
enum WinoSlot { kPhases, kV, kM, kU, kPartial, kFrame, kLanes, kWinoSlots };

inline float* wino_scratch(WinoSlot slot, int64_t floats) {
  thread_local void* buf[kWinoSlots] = {};
  thread_local int64_t cap[kWinoSlots] = {};
  const int64_t bytes = floats * int64_t{sizeof(float)};
  if (bytes > cap[slot]) {
    std::free(buf[slot]);
    if (posix_memalign(&buf[slot], 64, static_cast<size_t>(bytes)) != 0) std::abort();
    cap[slot] = bytes;
  }
  return static_cast<float*>(buf[slot]);
}

// A chunk's V and M stay within about this many floats (L2).
constexpr int64_t kChunkFloats = 3 << 16;
constexpr int64_t kParallelMacs = 1 << 18;
// Smaller batches keep the direct path: the filter transform (per call) and a single image's serial GEMMs cost more
// than the multiplies saved (Nature conv2, 2 threads: batch 2 0.21 ms against 0.10, batch 8 0.39 against 0.36,
// batch 32 1.14 against 1.40). A fixed threshold, so a result does not depend on the thread count.
constexpr int64_t kMinBatch = 16;
// Weight gradient: partial sums over parts of this many images or more, at most kMaxSumParts of them.
constexpr int64_t kImagesPerSumPart = 16;
constexpr int64_t kMaxSumParts = 8;

// Row length of V and M for T tiles: not a multiple of 1 KiB (the GEMM reads V in place; such strides thrash L1).
// (16 more: the vector input transform's last store of a row writes up to 15 tiles past T.)
inline int64_t padded_tiles(int64_t T) { return (T + 16) % 256 == 0 ? T + 32 : T + 16; }

// At the AVX-512 and AVX2 levels (active_isa(), so HRL_ISA=scalar turns them off, as a CPU without AVX2 does), unless
// HRL_CONV_WINOGRAD=0 (off) or =1 (on at any level, to measure them there). At AVX2, with the transforms on f8x2
// halves, every Nature CNN convolution measured faster than the direct path with the AVX2 GEMM (1 thread, paired
// rounds, CPU time, batch 32 / 256: forwards 0.60–0.77 of its time, input gradients 0.85–0.91, weight gradients
// 0.77–0.95); below AVX2 the vectors are lowered to whatever the target has.
inline bool use_winograd() {
  static const int forced = [] {
    const char* e = std::getenv("HRL_CONV_WINOGRAD");
    return e && e[0] == '0' ? 0 : e && e[0] == '1' ? 1 : -1;
  }();
  return forced >= 0 ? forced == 1 : active_isa() == Isa::Avx512 || active_isa() == Isa::Avx2;
}

// Images per chunk of a forward: within the budget, and of the sizes near it the one whose GEMM n = chunk·tiles
// wastes least in its last 32-column strip (Nature conv2, 25 tiles per image: 4 images waste 22 %, 5 images 2 %).
inline int64_t forward_chunk(int64_t perImage, int64_t tiles, int64_t perPart) {
  int64_t chunk = kChunkFloats / perImage;
  if (chunk < 1) chunk = 1;
  if (chunk > perPart) chunk = perPart;
  int64_t best = chunk;
  double bestWaste = 1.0;
  for (int64_t c = chunk - 2; c <= chunk + 2; c++) {
    if (c < 1 || c > perPart || (c > chunk && c * perImage > kChunkFloats + kChunkFloats / 2)) continue;
    const int64_t n = c * tiles, padded = (n + 31) / 32 * 32;
    const double waste = static_cast<double>(padded - n) / static_cast<double>(n);
    if (waste <= bestWaste) { best = c; bestWaste = waste; }
  }
  return best;
}

// How a forward or input gradient splits its n images: over all threads once it has kParallelMacs multiply-adds (at
// most one per image), else on the calling thread; and its images per chunk (forward_chunk).
struct ImageSplit {
  int64_t parts, chunk;
};
inline ImageSplit image_split(int64_t n, int64_t macs, int64_t perImage, int64_t tiles) {
  const int64_t parts = macs >= kParallelMacs ? (pool_threads() < n ? pool_threads() : n) : 1;
  return ImageSplit{parts, forward_chunk(perImage, tiles, (n + parts - 1) / parts)};
}

// Images per chunk of a weight gradient, whose GEMMs' k is chunk·tiles, in blocks of KC = 192: a chunk whose last
// block is short wastes a pass over the accumulators; the largest chunk within the budget whose tiles fit one block
// or end in at least half a one.
inline int64_t weight_grad_chunk(int64_t perImage, int64_t tiles, int64_t perPart) {
  int64_t limit = (kChunkFloats + kChunkFloats / 2) / perImage;
  if (limit > perPart) limit = perPart;
  int64_t chunk = 1;
  for (int64_t c = 1; c <= limit; c++) {
    const int64_t k = c * tiles;
    if (k <= 192 || k % 192 == 0 || k % 192 >= 96) chunk = c;
  }
  return chunk;
}

// The partial sums of a weight gradient. Parts follow the work, not the thread count, and are summed in part order:
// results are bit-identical on any number of threads (as the direct path's). Part p holds nxi products M[ξ][o][c]
// (o·c floats each, written by its first chunk with β = 0), then o bias sums in double (at an even float offset, so
// the doubles are aligned). At least kImagesPerSumPart
// images per part: each part fills and hands in nxi·o·c floats (Nature conv2: 512 KB), which in parts of 4 images cost
// more than the multiplies saved (batch 32, 2 threads: 1.08 ms against the direct path's 1.00; in parts of 16, 0.79).
struct SumParts {
  int64_t parts, nxi, o, c, sums, slot;  // sums: where a part's bias sums start, in floats
  float* base;

  // False when the batch makes fewer than two parts (parts are what runs in parallel: it keeps the direct path).
  bool init(int64_t n, int64_t xis, int64_t outs, int64_t ins) {
    if (n < 2 * kImagesPerSumPart) return false;
    parts = n / kImagesPerSumPart < kMaxSumParts ? n / kImagesPerSumPart : kMaxSumParts;
    nxi = xis;
    o = outs;
    c = ins;
    sums = (nxi * o * c + 1) / 2 * 2;
    slot = sums + 2 * o;
    base = wino_scratch(kPartial, parts * slot);
    for (int64_t p = 0; p < parts; p++)
      for (int64_t k = 0; k < o; k++) bias(p)[k] = 0.0;
    return true;
  }
  float* products(int64_t part) const { return base + part * slot; }
  double* bias(int64_t part) const { return reinterpret_cast<double*>(base + part * slot + sums); }
  // Part 0's M[ξ] rows of output channels [lo, hi) += the other parts', in part order.
  void add_up(int64_t lo, int64_t hi) const {
    for (int64_t p = 1; p < parts; p++)
      for (int64_t x = 0; x < nxi; x++) {
        const float* src = products(p) + x * o * c;
        float* dst = base + x * o * c;
        for (int64_t i = lo * c; i < hi * c; i++) dst[i] += src[i];
      }
  }
  // gb[k] += the parts' bias sums (added in part order, in double).
  void add_bias(float* gb) const {
    for (int64_t k = 0; k < o; k++) {
      double sum = 0;
      for (int64_t p = 0; p < parts; p++) sum += bias(p)[k];
      gb[k] = static_cast<float>(gb[k] + sum);
    }
  }
};

// f(part, b0, nb) for every chunk [b0, b0 + nb) of `parts` contiguous ranges of n images; parts run in parallel.
template <class F>
void for_chunks(int64_t n, int64_t parts, int64_t chunk, const F& f) {
  parallel_range(parts, 1, [&](int64_t lo, int64_t hi) {
    for (int64_t part = lo; part < hi; part++) {
      const int64_t end = n * (part + 1) / parts;
      for (int64_t b0 = n * part / parts; b0 < end; b0 += chunk) f(part, b0, end - b0 < chunk ? end - b0 : chunk);
    }
  });
}

// f(b0, nb) for chunks [b0, b0 + nb) of n images, for ops whose results per image do not depend on the chunking
// (forwards, input gradients), over `parts` threads. With many chunks per thread, each chunk goes to whichever
// thread is free: a thread the VM slows down then takes fewer, instead of the other one waiting for its fixed half
// (conv3's input gradient at batch 256: 7.3 → 6.2 ms by the median). With few (batch 32: 5 chunks of 7 images), the
// fixed halves of for_chunks balance better (dynamic: 0.90 → 1.01 ms).
template <class F>
void for_image_chunks(int64_t n, int64_t parts, int64_t chunk, const F& f) {
  const int64_t chunks = (n + chunk - 1) / chunk;
  if (parts < 2 || chunks < 4 * parts) {
    for_chunks(n, parts, chunk, [&](int64_t, int64_t b0, int64_t nb) { f(b0, nb); });
    return;
  }
  struct Ctx { const F* f; int64_t n, chunk; } ctx{&f, n, chunk};
  parallel_for(chunks, [](void* c, int64_t i) {
    const Ctx& s = *static_cast<const Ctx*>(c);
    const int64_t b0 = i * s.chunk;
    (*s.f)(b0, s.n - b0 < s.chunk ? s.n - b0 : s.chunk);
  }, &ctx);
}

// M[ξ] [rows × T] = U[ξ]ᵀ [rows × k] · V[ξ] [k × T] for the nxi transform positions ξ of a forward-like chunk: U[ξ] is
// k × rows, V[ξ] and M[ξ] have rows of ld tiles (V read in place by the GEMM, as im2col's columns are).
inline void transform_products(int nxi, int64_t rows, int64_t k, int64_t T, int64_t ld, const float* u, const float* v,
                               float* m) {
  for (int xi = 0; xi < nxi; xi++)
    gemm_serial(GemmTask{rows, T, k, 1.0f, 0.0f, u + xi * k * rows, 1, rows, v + xi * k * ld, ld, 1,
                         m + xi * rows * ld, ld});
}

// The transforms: mostly one tile row (up to 16 tiles, 32 s2d columns) per step, in 16-lane vector values (`vec` in
// the loops files): at the AVX-512 level (and in the portable copy) a 16-float GCC vector, one zmm; at the AVX2 level
// a pair of 8-float ones (f8x2), since GCC splits a 16-float vector's shuffles and selects on AVX2 lane by lane (the
// transforms lost to the direct path that way). The primitives below that shuffle or select have one overload per
// type. Without GCC the direct path runs. Loads read up to 32 columns from the row start and stores write 16 tiles
// (or 32 output columns), past what is valid: the buffers have room, and what a store writes past its row is
// rewritten by a later store (rows are filled in address order), except at the end of an output plane, which is
// stored exactly.
typedef float f16v __attribute__((vector_size(64)));
typedef int32_t i16v __attribute__((vector_size(64)));
typedef float f8v __attribute__((vector_size(32)));
typedef int32_t i8v __attribute__((vector_size(32)));

// 16 lanes as two 8-float halves (lanes 0–7, 8–15): each operation is one ymm instruction per half.
struct f8x2 {
  f8v lo, hi;
  f8x2() = default;
  f8x2(f8v l, f8v h) : lo(l), hi(h) {}
  // Copies member by member: as a plain aggregate copy into a stack array (one GCC keeps in memory), GCC moved an
  // f8x2 in 8- and 16-byte pieces through general registers, and the 32-byte loads after waited on those stores.
  f8x2(const f8x2& o) : lo(o.lo), hi(o.hi) {}
  f8x2& operator=(const f8x2& o) {
    lo = o.lo;
    hi = o.hi;
    return *this;
  }
};
#define HRL_F8X2_OP inline __attribute__((always_inline)) f8x2
HRL_F8X2_OP operator+(const f8x2& a, const f8x2& b) { return {a.lo + b.lo, a.hi + b.hi}; }
HRL_F8X2_OP operator-(const f8x2& a, const f8x2& b) { return {a.lo - b.lo, a.hi - b.hi}; }
HRL_F8X2_OP operator*(const f8x2& a, const f8x2& b) { return {a.lo * b.lo, a.hi * b.hi}; }
HRL_F8X2_OP operator-(const f8x2& a) { return {-a.lo, -a.hi}; }
HRL_F8X2_OP operator+(const f8x2& a, float b) { return {a.lo + b, a.hi + b}; }
HRL_F8X2_OP operator*(float a, const f8x2& b) { return {a * b.lo, a * b.hi}; }
HRL_F8X2_OP& operator+=(f8x2& a, const f8x2& b) { return a = a + b; }
#undef HRL_F8X2_OP

// The 16-lane type of each instruction set's copy of the loops (isa_copies.h's kIsa).
template <Isa I> struct VecFor { using type = f16v; };
template <> struct VecFor<Isa::Avx2> { using type = f8x2; };

// (out-parameters, not return values: a vector returned by value would have a per-ISA calling convention)
inline __attribute__((always_inline)) void load16(f16v& v, const float* p) { __builtin_memcpy(&v, p, sizeof v); }
inline __attribute__((always_inline)) void store16(float* p, const f16v& v) { __builtin_memcpy(p, &v, sizeof v); }
// (through an unaligned vector type, not memcpy: GCC expanded the copies into a stack array of f8x2 as 16-byte moves,
// which the 32-byte loads after them waited on, store forwarding failing)
typedef float f8u __attribute__((vector_size(32), aligned(4), may_alias));
typedef int32_t i8u __attribute__((vector_size(32), aligned(4), may_alias));
inline __attribute__((always_inline)) void load16(f8x2& v, const float* p) {
  v.lo = *reinterpret_cast<const f8u*>(p);
  v.hi = *reinterpret_cast<const f8u*>(p + 8);
}
inline __attribute__((always_inline)) void store16(float* p, const f8x2& v) {
  *reinterpret_cast<f8u*>(p) = v.lo;
  *reinterpret_cast<f8u*>(p + 8) = v.hi;
}

// v = max(v, 0) with NaN kept (`v < 0 ? 0 : v`, the fused relu).
inline __attribute__((always_inline)) void relu16(f16v& v) { v = v < f16v{} ? f16v{} : v; }
inline __attribute__((always_inline)) void relu16(f8x2& v) {
  const f8v zero = {};
  v.lo = v.lo < zero ? zero : v.lo;
  v.hi = v.hi < zero ? zero : v.hi;
}

// The sum of the 16 lanes in double, lane by lane in order.
template <class V>
inline __attribute__((always_inline)) double sum_lanes(const V& v) {
  alignas(64) float lanes[16];
  store16(lanes, v);
  double sum = 0;
  for (int l = 0; l < 16; l++) sum += lanes[l];
  return sum;
}

constexpr i16v kEven = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30};
constexpr i16v kLane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
constexpr i8v kEven8 = {0, 2, 4, 6, 8, 10, 12, 14};
constexpr i8v kLane8 = {0, 1, 2, 3, 4, 5, 6, 7};

// Of the 32 lanes a|b: ev = the even ones, od = the odd ones, and (even_odd_next) nx = ev rotated down by one lane
// (lane l: lane 2l + 2 of a|b, lane 15: lane 0).
inline __attribute__((always_inline)) void even_odd(const f16v& a, const f16v& b, f16v& ev, f16v& od) {
  ev = __builtin_shuffle(a, b, kEven);
  od = __builtin_shuffle(a, b, kEven + 1);
}
inline __attribute__((always_inline)) void even_odd(const f8x2& a, const f8x2& b, f8x2& ev, f8x2& od) {
  ev = {__builtin_shuffle(a.lo, a.hi, kEven8), __builtin_shuffle(b.lo, b.hi, kEven8)};
  od = {__builtin_shuffle(a.lo, a.hi, kEven8 + 1), __builtin_shuffle(b.lo, b.hi, kEven8 + 1)};
}
inline __attribute__((always_inline)) void even_odd_next(const f16v& a, const f16v& b, f16v& ev, f16v& od, f16v& nx) {
  even_odd(a, b, ev, od);
  nx = __builtin_shuffle(a, b, kEven + 2);
}
inline __attribute__((always_inline)) void even_odd_next(const f8x2& a, const f8x2& b, f8x2& ev, f8x2& od,
                                                         f8x2& nx) {
  even_odd(a, b, ev, od);
  nx = {__builtin_shuffle(ev.lo, ev.hi, kLane8 + 1), __builtin_shuffle(ev.hi, ev.lo, kLane8 + 1)};
}

// Lanes 0–7 (interleave_lo) or 8–15 (interleave_hi) of a and b interleaved: a0 b0 a1 b1 … (pairs: a0 a1 b0 b1 a2 a3 …
// from lanes 0–7 or 8–15 of each).
inline __attribute__((always_inline)) void interleave_lo(const f16v& a, const f16v& b, f16v& out) {
  constexpr i16v lo = {0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23};
  out = __builtin_shuffle(a, b, lo);
}
inline __attribute__((always_inline)) void interleave_hi(const f16v& a, const f16v& b, f16v& out) {
  constexpr i16v hi = {8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31};
  out = __builtin_shuffle(a, b, hi);
}
inline __attribute__((always_inline)) void interleave_pairs_lo(const f16v& a, const f16v& b, f16v& out) {
  constexpr i16v lo2 = {0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23};
  out = __builtin_shuffle(a, b, lo2);
}
inline __attribute__((always_inline)) void interleave_pairs_hi(const f16v& a, const f16v& b, f16v& out) {
  constexpr i16v hi2 = {8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31};
  out = __builtin_shuffle(a, b, hi2);
}
// (on halves: lanes 0–3 of two 8-lane vectors interleaved, then lanes 4–7)
constexpr i8v kZipLo = {0, 8, 1, 9, 2, 10, 3, 11}, kZipHi = kZipLo + 4;
constexpr i8v kZip2Lo = {0, 1, 8, 9, 2, 3, 10, 11}, kZip2Hi = kZip2Lo + 4;
inline __attribute__((always_inline)) void interleave_lo(const f8x2& a, const f8x2& b, f8x2& out) {
  out = {__builtin_shuffle(a.lo, b.lo, kZipLo), __builtin_shuffle(a.lo, b.lo, kZipHi)};
}
inline __attribute__((always_inline)) void interleave_hi(const f8x2& a, const f8x2& b, f8x2& out) {
  out = {__builtin_shuffle(a.hi, b.hi, kZipLo), __builtin_shuffle(a.hi, b.hi, kZipHi)};
}
inline __attribute__((always_inline)) void interleave_pairs_lo(const f8x2& a, const f8x2& b, f8x2& out) {
  out = {__builtin_shuffle(a.lo, b.lo, kZip2Lo), __builtin_shuffle(a.lo, b.lo, kZip2Hi)};
}
inline __attribute__((always_inline)) void interleave_pairs_hi(const f8x2& a, const f8x2& b, f8x2& out) {
  out = {__builtin_shuffle(a.hi, b.hi, kZip2Lo), __builtin_shuffle(a.hi, b.hi, kZip2Hi)};
}

// Shuffles by a table of 16 lane indices (run time or constant): permute1 takes lane idx[l] mod 16 of a, permute2
// lane idx[l] of a|b (0–31). On halves: each output half picks from a's two halves, and b's, by the index mod 16
// (vpermps ×2 and a blend each), then between a and b by bit 4.
inline __attribute__((always_inline)) void permute1(const f16v& a, const int32_t* idx, f16v& out) {
  i16v i;
  __builtin_memcpy(&i, idx, sizeof i);
  out = __builtin_shuffle(a, i);
}
inline __attribute__((always_inline)) void permute2(const f16v& a, const f16v& b, const int32_t* idx, f16v& out) {
  i16v i;
  __builtin_memcpy(&i, idx, sizeof i);
  out = __builtin_shuffle(a, b, i);
}
inline __attribute__((always_inline)) void permute1(const f8x2& a, const int32_t* idx, f8x2& out) {
  const i8v lo = *reinterpret_cast<const i8u*>(idx), hi = *reinterpret_cast<const i8u*>(idx + 8);
  out = {__builtin_shuffle(a.lo, a.hi, lo), __builtin_shuffle(a.lo, a.hi, hi)};
}
inline __attribute__((always_inline)) void permute2(const f8x2& a, const f8x2& b, const int32_t* idx, f8x2& out) {
  // (the table loaded as two ymm: copied through a 64-byte array, it stalled on store forwarding)
  const i8v lo = *reinterpret_cast<const i8u*>(idx), hi = *reinterpret_cast<const i8u*>(idx + 8);
  const f8v outLo = (lo & 16) != 0 ? __builtin_shuffle(b.lo, b.hi, lo) : __builtin_shuffle(a.lo, a.hi, lo);
  const f8v outHi = (hi & 16) != 0 ? __builtin_shuffle(b.lo, b.hi, hi) : __builtin_shuffle(a.lo, a.hi, hi);
  out = {outLo, outHi};
}

// out lane l = lane idx[l] mod 16 of a where idx[l] ≥ 16, else out's own (at AVX2: a one-source shuffle and a blend per
// half, where permute2 would also shuffle out's lanes into place).
inline __attribute__((always_inline)) void blend_lanes(const f8x2& a, const int32_t* idx, f8x2& out) {
  const i8v lo = *reinterpret_cast<const i8u*>(idx), hi = *reinterpret_cast<const i8u*>(idx + 8);
  out.lo = (lo & 16) != 0 ? __builtin_shuffle(a.lo, a.hi, lo) : out.lo;
  out.hi = (hi & 16) != 0 ? __builtin_shuffle(a.lo, a.hi, hi) : out.hi;
}

// Output transforms out = Aᵀ M A of tiles, for a float or for a vector of tiles; m holds the products in transform
// space row by row (m[k·i + j]). F(2×2, 2×2): Aᵀ = [[1, 1, 0], [0, 1, 1]].
template <class T>
inline __attribute__((always_inline)) void output_f22(const T m[9], T out[2][2]) {
  const T a0 = m[0] + m[3], a1 = m[1] + m[4], a2 = m[2] + m[5];
  const T b0 = m[3] + m[6], b1 = m[4] + m[7], b2 = m[5] + m[8];
  out[0][0] = a0 + a1;
  out[0][1] = a1 + a2;
  out[1][0] = b0 + b1;
  out[1][1] = b1 + b2;
}

// F(2×2, 3×3): Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]].
template <class T>
inline __attribute__((always_inline)) void output_f23(const T m[16], T out[2][2]) {
  T r[2][4];
  for (int j = 0; j < 4; j++) {
    r[0][j] = m[j] + m[4 + j] + m[8 + j];
    r[1][j] = m[4 + j] - m[8 + j] - m[12 + j];
  }
  for (int a = 0; a < 2; a++) {
    out[a][0] = r[a][0] + r[a][1] + r[a][2];
    out[a][1] = r[a][1] - r[a][2] - r[a][3];
  }
}

// F(3×3, 2×2): Gᵀ = [[1, ½, ½, 0], [0, ½, −½, 0], [0, ½, ½, 1]] (the weight gradients of 3×3 kernels from 2×2 gy
// tiles, and the forward of 2×2 s2d kernels in 3×3 output tiles).
template <class T>
inline __attribute__((always_inline)) void output_f32(const T m[16], T out[3][3]) {
  T r[3][4];
  for (int j = 0; j < 4; j++) {
    const T sum = m[4 + j] + m[8 + j];
    r[0][j] = m[j] + 0.5f * sum;
    r[1][j] = 0.5f * (m[4 + j] - m[8 + j]);
    r[2][j] = 0.5f * sum + m[12 + j];
  }
  for (int a = 0; a < 3; a++) {
    const T sum = r[a][1] + r[a][2];
    out[a][0] = r[a][0] + 0.5f * sum;
    out[a][1] = 0.5f * (r[a][1] - r[a][2]);
    out[a][2] = 0.5f * sum + r[a][3];
  }
}

// q[a][b] = tq[a][b] + bias, then relu when `relu`: one image's tile outputs (lanes over its tiles), stored for the
// scatter into the output planes.
template <int N, class V>
inline __attribute__((always_inline)) void bias_relu_tiles(const V (&tq)[N][N], float bias, bool relu,
                                                           float (&q)[N][N][16]) {
  for (int a = 0; a < N; a++)
    for (int b = 0; b < N; b++) {
      V c = tq[a][b] + bias;
      if (relu) relu16(c);
      store16(q[a][b], c);
    }
}

// Every third lane, from lane j (3×3 tiles: lanes past the tiles of a row are unused; permute1 takes them mod 16).
constexpr int32_t kThrees[5][16] = {{0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45},
                                     {1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40, 43, 46},
                                     {2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 32, 35, 38, 41, 44, 47},
                                     {3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48},
                                     {4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40, 43, 46, 49}};

// out = 16 floats of a gy row from src, zero in the lanes ≥ valid and where the fused relu's output msk (nullable) is
// ≤ 0 (a NaN output passes the gradient, as PyTorch's threshold_backward). Each select has one comparison as its
// condition, the lane test applied to the mask first: GCC 12 (x86-64-v4) takes a combined condition (c1 && c2, or
// c1 & c2 as a value) lane by lane, which had made the gy transform a quarter of conv1's weight gradient.
inline __attribute__((always_inline)) void masked16(const float* src, const float* msk, int64_t valid, f16v& out) {
  const f16v zero = f16v{};
  const i16v lanes = kLane;
  load16(out, src);
  if (msk) {
    f16v m;
    load16(m, msk);
    m = lanes < static_cast<int32_t>(valid) ? m : zero;
    out = m <= zero ? zero : out;
  } else {
    out = lanes < static_cast<int32_t>(valid) ? out : zero;
  }
}
inline __attribute__((always_inline)) void masked8(const float* msk, i8v lanes, int32_t valid, f8v& v) {
  const f8v zero = {};
  if (msk) {
    f8v m = *reinterpret_cast<const f8u*>(msk);
    m = lanes < valid ? m : zero;
    v = m <= zero ? zero : v;
  } else {
    v = lanes < valid ? v : zero;
  }
}
inline __attribute__((always_inline)) void masked16(const float* src, const float* msk, int64_t valid, f8x2& out) {
  const int32_t n = static_cast<int32_t>(valid);
  load16(out, src);
  masked8(msk, kLane8, n, out.lo);
  masked8(msk ? msk + 8 : nullptr, kLane8 + 8, n, out.hi);
}

// Row y of gy plane k (one image, planes of oh × ow) as two vectors, masked as masked16 masks. Read as 32 floats from
// the row start unless that would pass `end` (the end of gy).
template <class V>
inline __attribute__((always_inline)) void masked_row(const float* src, const float* msk, int64_t ow, V out[2]) {
  for (int h = 0; h < 2; h++) masked16(src + 16 * h, msk ? msk + 16 * h : nullptr, ow - 16 * h, out[h]);
}

// The last rows of the batch, whose 32-float reads would pass the end of gy: copied first.
template <class V>
__attribute__((noinline)) void masked_row_copied(const float* src, const float* msk, int64_t ow, V out[2]) {
  alignas(64) float tmp[2][32] = {};
  for (int64_t c = 0; c < ow; c++) tmp[0][c] = src[c];
  if (msk)
    for (int64_t c = 0; c < ow; c++) tmp[1][c] = msk[c];
  masked_row(tmp[0], msk ? tmp[1] : nullptr, ow, out);
}

template <class V>
inline __attribute__((always_inline)) void grad_row(const float* gy, const float* mask, const float* end, int64_t off,
                                                    int64_t ow, V out[2]) {
  const float* src = gy + off;
  const float* msk = mask ? mask + off : nullptr;
  if (__builtin_expect(src + 32 > end, 0)) masked_row_copied(src, msk, ow, out);
  else masked_row(src, msk, ow, out);
}

// Output row oy of a tile row: columns 2tx + b from q[b] (16 tiles each), interleaved. 32 floats are stored from the
// row start unless that would reach past `limit` floats from the plane start (past the next plane, or past this
// image's last plane: the next image may be another thread's); then exactly ow.
template <class V>
inline __attribute__((always_inline)) void store_output_row(float* plane, int64_t oy, int64_t ow, int64_t limit,
                                                            const V q[2]) {
  float* row = plane + oy * ow;
  V l, h;
  interleave_lo(q[0], q[1], l);
  interleave_hi(q[0], q[1], h);
  if (oy * ow + 32 <= limit) {
    store16(row, l);
    store16(row + 16, h);
  } else {
    alignas(64) float tmp[32];
    store16(tmp, l);
    store16(tmp + 16, h);
    for (int64_t c = 0; c < ow; c++) row[c] = tmp[c];
  }
}

}  // namespace
}  // namespace hrl
#endif
