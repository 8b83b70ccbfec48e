// conv2d as im2col + GEMM over chunks of images, and max pooling. The measured alternative (direct convolution) is
// slower for every layer shape of the target nets.
//
// A chunk of images is unfolded into one matrix, so that each op is one GEMM per chunk with a long dimension instead
// of one tiny GEMM per image (K = c·kh·kw, P = oh·ow, and image b's pixels follow image b − 1's):
//   forward:  out [o × B·P] = W [o × K] · col [K × B·P]        (col read in place by the GEMM, m = o small)
//   bwdW:     gW [o × K] += gy [o × B·P] · rows [B·P × K]      (rows read in place; k = B·P long)
//   bwdX:     rows [B·P × K] = gyᵀ · W, then added back onto the input positions (row2im)
// rows holds one window per row, so its copies are contiguous kernel-row segments; col needs, per stride-sw window
// row, every sw-th input column, so each input plane is first deinterleaved into sw phase planes (phase r holds columns
// r, r+sw, …) where those become contiguous too. The batch is split into one contiguous part per thread, each running
// its chunks with single-threaded GEMMs and its own scratch (bwdW sums into per-part partial gradients, reduced at
// the end); a call with fewer images than threads threads its GEMMs instead.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include "kernels.h"

namespace hrl {
namespace {

// Chunks aim for a column matrix of about this many floats (it then stays in L2 between im2col and the GEMM).
constexpr int64_t kColFloats = 1 << 17;
// The widest GEMM micro-kernel's column strip (AVX-512: 32; the narrower kernels' strips divide it).
constexpr int64_t kStrip = 32;
// Below this many multiply-adds a call stays on the calling thread (a pool wake-up costs a few µs).
constexpr int64_t kParallelMacs = 1 << 18;

// Window rows are short (a few to a few dozen floats): GCC would turn their copy loops into memcpy calls that cost more
// than the copy itself.
#if defined(__GNUC__) && !defined(__clang__)
#define HRL_INLINE_COPIES __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define HRL_INLINE_COPIES
#endif

enum Slot { kCol, kMat, kPlanes, kPartial, kFrames, kSlots };

// This thread's scratch buffer `slot`, grown to at least `bytes` (64-byte aligned, kept for the thread's life).
void* scratch(Slot slot, int64_t bytes) {
  thread_local void* buf[kSlots] = {};
  thread_local int64_t cap[kSlots] = {};
  if (bytes > cap[slot]) {
    std::free(buf[slot]);
    if (posix_memalign(&buf[slot], 64, static_cast<size_t>(bytes)) != 0) std::abort();
    cap[slot] = bytes;
  }
  return buf[slot];
}
float* scratch_floats(Slot slot, int64_t n) { return static_cast<float*>(scratch(slot, n * int64_t{sizeof(float)})); }

// Leading dimension ≥ n that is not a multiple of 1 KiB (such strides make the GEMM's in-place B reads thrash L1).
int64_t padded_ld(int64_t n) { return n % 256 == 0 ? n + 16 : n; }

// Valid output columns [lo, hi) of kernel column kj: 0 ≤ ox·sw + kj − pw < w.
inline void valid_cols(const ConvGeom& g, int64_t kj, int64_t* lo, int64_t* hi) {
  const int64_t ix0 = kj - g.pw, sw = g.sw;
  int64_t l = ix0 >= 0 ? 0 : (-ix0 + sw - 1) / sw;
  int64_t h = g.w - ix0 <= 0 ? 0 : (g.w - ix0 + sw - 1) / sw;
  if (l > g.ow) l = g.ow;
  if (h > g.ow) h = g.ow;
  if (h < l) h = l;
  *lo = l;
  *hi = h;
}

// Per kernel column kj: the valid output range, and where window column ox lives in the phase planes:
// input column ox·sw + kj − pw = (ox + q)·sw + r, i.e. phase r, phase column ox + q.
struct ColMap { int64_t lo, hi, r, q; };

void col_maps(const ConvGeom& g, ColMap* maps) {
  for (int64_t kj = 0; kj < g.kw; kj++) {
    ColMap& m = maps[kj];
    valid_cols(g, kj, &m.lo, &m.hi);
    const int64_t d = kj - g.pw;
    m.q = d >= 0 ? d / g.sw : -((-d + g.sw - 1) / g.sw);
    m.r = d - m.q * g.sw;
  }
}

// The maps of all kernel columns (on the stack unless kw > 64).
struct ColMaps {
  ColMap local[64];
  std::unique_ptr<ColMap[]> heap;
  ColMap* m;
  explicit ColMaps(const ConvGeom& g) : heap(g.kw > 64 ? new ColMap[g.kw] : nullptr), m(heap ? heap.get() : local) {
    col_maps(g, m);
  }
};

// Phase planes of one channel: phase r, row iy, column q holds x[iy][q·sw + r]; wq = ⌈w / sw⌉ columns per row.
// (With sw = 1 that is a copy of the plane, in a buffer with room for im2col's block copies to read past its end.)
inline int64_t phase_cols(const ConvGeom& g) { return (g.w + g.sw - 1) / g.sw; }

template <int S>
inline __attribute__((always_inline)) void deinterleave_fixed(const float* __restrict x, int64_t h, int64_t w, int64_t wq,
                                                              float* __restrict ph) {
  const int64_t full = w / S;
  for (int64_t iy = 0; iy < h; iy++) {
    const float* row = x + iy * w;
    for (int64_t q = 0; q < full; q++)
      for (int r = 0; r < S; r++) ph[(r * h + iy) * wq + q] = row[q * S + r];
    for (int64_t c = full * S; c < w; c++) ph[(c % S * h + iy) * wq + full] = row[c];
  }
}

// When S divides the row width, the phase planes are a flat deinterleave of the whole plane: phase r, index i holds
// x[i·S + r] (row iy, column q of phase r is index iy·(w / S) + q). L outputs per phase from L·S inputs take S − 1
// two-source shuffles each (one instruction each for 16 floats on AVX-512) instead of L·S scalar moves: for the Nature
// CNN's first layer the deinterleave was 13 % of the forward pass. The AVX2 copy uses L = 8: there GCC lowers the
// 16-float shuffles lane by lane (9 % of a forced-AVX2 Nature training step at batch 256), while an 8-float
// two-source shuffle with a constant pattern is a few ymm shuffles.
#if defined(__GNUC__) && !defined(__clang__)
typedef float f16v __attribute__((vector_size(64)));
typedef int32_t i16v __attribute__((vector_size(64)));
typedef float f8v __attribute__((vector_size(32)));
typedef int32_t i8v __attribute__((vector_size(32)));

// The shuffle patterns for L lanes: even / odd lanes of a pair (S = 2); lanes r, r+4, … of a pair, twice (S = 4),
// then the low halves of two such results.
template <int L> struct Deinterleave;
template <> struct Deinterleave<16> {
  using F = f16v;
  using I = i16v;
  static constexpr I even = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30};
  static constexpr I pick = {0, 4, 8, 12, 16, 20, 24, 28, 0, 4, 8, 12, 16, 20, 24, 28};
  static constexpr I lows = {0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23};
};
template <> struct Deinterleave<8> {
  using F = f8v;
  using I = i8v;
  static constexpr I even = {0, 2, 4, 6, 8, 10, 12, 14};
  static constexpr I pick = {0, 4, 8, 12, 0, 4, 8, 12};
  static constexpr I lows = {0, 1, 2, 3, 8, 9, 10, 11};
};

template <int S, int L>
inline __attribute__((always_inline)) void flat_deinterleave(const float* __restrict x, int64_t n, float* __restrict ph) {
  using D = Deinterleave<L>;
  using F = typename D::F;
  int64_t i = 0;
  if (S == 2) {
    for (; i + L <= n; i += L) {
      F a, b;
      __builtin_memcpy(&a, x + 2 * i, sizeof a);
      __builtin_memcpy(&b, x + 2 * i + L, sizeof b);
      const F e = __builtin_shuffle(a, b, D::even), o = __builtin_shuffle(a, b, D::even + 1);
      __builtin_memcpy(ph + i, &e, sizeof e);
      __builtin_memcpy(ph + n + i, &o, sizeof o);
    }
  } else if (S == 4) {
    for (; i + L <= n; i += L) {
      F v0, v1, v2, v3;
      __builtin_memcpy(&v0, x + 4 * i, sizeof v0);
      __builtin_memcpy(&v1, x + 4 * i + L, sizeof v1);
      __builtin_memcpy(&v2, x + 4 * i + 2 * L, sizeof v2);
      __builtin_memcpy(&v3, x + 4 * i + 3 * L, sizeof v3);
#pragma GCC unroll 4
      for (int r = 0; r < 4; r++) {
        const typename D::I m = D::pick + r;
        const F out = __builtin_shuffle(__builtin_shuffle(v0, v1, m), __builtin_shuffle(v2, v3, m), D::lows);
        __builtin_memcpy(ph + r * n + i, &out, sizeof out);
      }
    }
  }
  for (; i < n; i++)
    for (int r = 0; r < S; r++) ph[r * n + i] = x[i * S + r];
}
#define HRL_FLAT_DEINTERLEAVE 1
#endif

}  // namespace

namespace {

// Copies n floats in whole blocks of kCopyBlock, so up to kCopyBlock − 1 floats past n are read and written.
constexpr int64_t kCopyBlock = 8;

inline __attribute__((always_inline)) void copy_blocks(float* __restrict dst, const float* __restrict src, int64_t n) {
  for (int64_t i = 0; i < n; i += kCopyBlock)
    for (int64_t j = 0; j < kCopyBlock; j++) dst[i + j] = src[i + j];
}

// Output rows [lo, hi) whose kernel row ki reads inside the image: 0 ≤ oy·sh + ki − ph < h.
inline void valid_rows(const ConvGeom& g, int64_t ki, int64_t* lo, int64_t* hi) {
  const int64_t a = g.ph - ki, b = g.h + g.ph - ki;
  int64_t l = a <= 0 ? 0 : (a + g.sh - 1) / g.sh;
  int64_t h = b <= 0 ? 0 : (b + g.sh - 1) / g.sh;
  if (l > g.oh) l = g.oh;
  if (h > g.oh) h = g.oh;
  if (h < l) h = l;
  *lo = l;
  *hi = h;
}

// Rows [0, P) of rows [· × ldr] ← the windows of one padded image, one window per row (K = c·kh·kw values in the
// weight order), each kernel row a block copy; what a block writes past its segment is rewritten next (segments and
// rows are filled in address order). Narrow kernels use half-size blocks: fewer of the overlapping stores straddle
// cache lines.
template <int B>
inline __attribute__((always_inline)) void copy_windows(const float* xp, const ConvGeom& g, float* __restrict rows,
                                                        int64_t ldr) {
  const int64_t hp = g.h + 2 * g.ph, wp = g.w + 2 * g.pw;
  for (int64_t oy = 0; oy < g.oh; oy++) {
    for (int64_t ox = 0; ox < g.ow; ox++) {
      float* dst = rows + (oy * g.ow + ox) * ldr;
      const float* win = xp + oy * g.sh * wp + ox * g.sw;
      for (int64_t c = 0; c < g.c; c++)
        for (int64_t ki = 0; ki < g.kh; ki++) {
          float* d = dst + (c * g.kh + ki) * g.kw;
          const float* s = win + (c * hp + ki) * wp;
          for (int64_t i = 0; i < g.kw; i += B)
            for (int j = 0; j < B; j++) d[i + j] = s[i + j];
        }
    }
  }
}

// gx (one image, overwritten) ← row2im of rows [P × ldr], the transpose of im2row: every window value is added to
// the input position it was read from, in the zero-padded plane xp, whose interior is then copied out.
template <int KW>
inline __attribute__((always_inline)) void add_window_rows(const float* __restrict rows, int64_t ldr,
                                                           const ConvGeom& g, int64_t kw, float* __restrict xp) {
  const int64_t hp = g.h + 2 * g.ph, wp = g.w + 2 * g.pw, n = KW > 0 ? KW : kw;
  for (int64_t oy = 0; oy < g.oh; oy++) {
    for (int64_t ox = 0; ox < g.ow; ox++) {
      const float* src = rows + (oy * g.ow + ox) * ldr;
      float* win = xp + oy * g.sh * wp + ox * g.sw;
      for (int64_t c = 0; c < g.c; c++)
        for (int64_t ki = 0; ki < g.kh; ki++) {
          float* d = win + (c * hp + ki) * wp;
          const float* s = src + (c * g.kh + ki) * n;
          for (int64_t j = 0; j < n; j++) d[j] += s[j];
        }
    }
  }
}

// Runs t on this thread, or through gemm(), which splits it across the pool when it is large enough.
void run_gemm(const GemmTask& t, bool threaded) {
  if (!threaded) return gemm_serial(t);
  const bool ta = t.acs != 1, tb = t.bcs != 1;
  gemm(ta, tb, t.m, t.n, t.k, t.alpha, t.a, ta ? t.acs : t.ars, 0, t.b, tb ? t.bcs : t.brs, 0, t.beta, t.c, t.ldc, 0, 1);
}

GemmTask task(int64_t m, int64_t n, int64_t k, const float* a, int64_t ars, int64_t acs, const float* b, int64_t brs,
              int64_t bcs, float beta, float* c, int64_t ldc) {
  return GemmTask{m, n, k, 1.0f, beta, a, ars, acs, b, brs, bcs, c, ldc};
}

// How a call is split: `parts` contiguous image ranges, run in parallel, each in chunks of up to `chunk` images; a
// call with a single part threads its GEMMs when it is large. Forward and bwdX use one part per thread (their results
// do not depend on the chunking). bwdW sums over the images, so its parts, chunks and summation order must not depend
// on the thread count (results are bit-identical on any number of threads): its parts follow the work instead.
struct Plan {
  int64_t K, P, parts, chunk;
  bool threadedGemm;
};

constexpr int64_t kMacsPerSumPart = 1 << 19;
constexpr int64_t kMaxSumParts = 8;

Plan make_plan(const ConvGeom& g, bool threadIndependent) {
  Plan p;
  p.K = g.c * g.kh * g.kw;
  p.P = g.oh * g.ow;
  const int64_t threads = pool_threads(), macs = g.n * g.o * p.K * p.P;
  const bool big = macs >= kParallelMacs;
  int64_t parts = threadIndependent ? macs / kMacsPerSumPart : big ? threads : 1;
  if (threadIndependent && parts > kMaxSumParts) parts = kMaxSumParts;
  if (parts > g.n) parts = g.n;
  p.parts = parts < 1 ? 1 : parts;
  p.threadedGemm = big && p.parts == 1;
  const int64_t perImage = p.K * p.P > 0 ? p.K * p.P : 1;
  const int64_t perPart = (g.n + p.parts - 1) / p.parts, fit = kColFloats / perImage;
  p.chunk = fit < 1 ? 1 : fit < perPart ? fit : perPart;
  // The forward GEMM's n is chunk·P, and its last 32-column strip costs a full strip: near the L2-sized chunk, take
  // the size that wastes least (Nature conv3, P = 49: 4 images waste 12.5 % of the GEMM, 5 images 4.5 %).
  int64_t best = p.chunk;
  double bestWaste = 1.0;
  for (int64_t c = p.chunk - 2; c <= p.chunk + 2; c++) {
    if (c < 1 || c > perPart || (c > p.chunk && c * perImage > kColFloats + kColFloats / 2)) continue;
    const int64_t n = c * p.P, padded = (n + kStrip - 1) / kStrip * kStrip;
    const double waste = static_cast<double>(padded - n) / static_cast<double>(n);
    if (waste <= bestWaste) { best = c; bestWaste = waste; }
  }
  p.chunk = best;
  return p;
}

// Runs f(part, b0, nb) for every chunk [b0, b0 + nb) of every part; parts run in parallel.
template <class F>
void for_chunks(const ConvGeom& g, const Plan& p, const F& f) {
  parallel_range(p.parts, 1, [&](int64_t lo, int64_t hi) {
    for (int64_t part = lo; part < hi; part++) {
      const int64_t end = g.n * (part + 1) / p.parts;
      for (int64_t b0 = g.n * part / p.parts; b0 < end; b0 += p.chunk)
        f(part, b0, end - b0 < p.chunk ? end - b0 : p.chunk);
    }
  });
}

// This thread's buffers for one chunk. im2col's columns and im2row's rows both get kCopyBlock spare floats at the
// end, the phase / padded planes room for block reads past their end.
int64_t chunk_ld(const Plan& p) { return padded_ld(p.chunk * p.P + kCopyBlock); }
int64_t rows_ld(const Plan& p) { return padded_ld(p.K); }
float* col_buffer(const Plan& p) { return scratch_floats(kCol, p.K * chunk_ld(p)); }
float* rows_buffer(const Plan& p) { return scratch_floats(kCol, p.chunk * p.P * rows_ld(p) + kCopyBlock); }
float* mat_buffer(const ConvGeom& g, const Plan& p) { return scratch_floats(kMat, g.o * chunk_ld(p)); }
float* phase_buffer(const ConvGeom& g) { return scratch_floats(kPlanes, g.sw * g.h * phase_cols(g) + kCopyBlock); }
float* padded_buffer(const ConvGeom& g) {
  return scratch_floats(kPlanes, g.c * (g.h + 2 * g.ph) * (g.w + 2 * g.pw) + kCopyBlock);
}

// The o bias sums (double) at the end of a part's slot.
double* bias_sums(float* partials, int64_t part, int64_t slot, int64_t o) {
  return reinterpret_cast<double*>(partials + (part + 1) * slot - 2 * o);
}

// The hot loops, once per instruction set (isa_copies.h).
#define HRL_ISA_LOOPS "conv_loops.inc"
#include "isa_copies.h"

// The image as im2row reads it: x itself when there is no padding (except for the batch's last image, where the
// block copies could read past the end of x), else its zero-padded copy in xp.
const float* padded_image(const float* x, const ConvGeom& g, bool last, float* xp) {
  if (g.ph == 0 && g.pw == 0 && !last) return x;
  HRL_ISA_SWITCH(isa::pad_image(x, g, xp));
  return xp;
}

// The input as floats: x.f, or the byte frames converted into the calling thread's buffer (for the paths that do not
// read bytes themselves; kept for the thread's life, as the other scratch).
const float* float_images(const ConvInput& x, const ConvGeom& g) {
  if (!x.u8) return x.f;
  const int64_t n = g.n * g.c * g.h * g.w;
  float* f = scratch_floats(kFrames, n + kCopyBlock);
  scale_bytes(x.u8, x.scale, f, n);
  return f;
}

void conv2d_forward_im2col(const float* x, const float* w, const float* bias, float* out, const ConvGeom& g, bool relu) {
  const Plan p = make_plan(g, false);
  const ColMaps cm(g);
  const int64_t xImage = g.c * g.h * g.w, yImage = g.o * p.P, ld = chunk_ld(p);
  for_chunks(g, p, [&](int64_t, int64_t b0, int64_t nb) {
    float *col = col_buffer(p), *mat = mat_buffer(g, p), *phases = phase_buffer(g);
    for (int64_t b = 0; b < nb; b++) HRL_ISA_SWITCH(isa::im2col(x + (b0 + b) * xImage, g, cm.m, phases, col + b * p.P, ld));
    // mat [o × nb·P] = W [o × K] · col
    run_gemm(task(g.o, nb * p.P, p.K, w, p.K, 1, col, ld, 1, 0.0f, mat, ld), p.threadedGemm);
    HRL_ISA_SWITCH(isa::scatter_chunk(mat, ld, nb, g.o, p.P, bias, relu, out + b0 * yImage));
  });
}

// The Winograd transforms mix the inputs of a tile, so a NaN or Inf reaches every output of its tile, and an Inf can
// become NaN (Inf − Inf). Images whose output is not all finite (nonfinite[b], checked by the Winograd kernels while
// the output was in cache) are computed again by im2col, whose NaN and Inf are exactly PyTorch's; finite outputs show
// the Winograd results were exact to rounding. Training only gets here when it is diverging.
void redo_nonfinite_images(const uint8_t* nonfinite, const ConvInput& in, const float* w, const float* bias, float* out,
                           const ConvGeom& g, bool relu) {
  const int64_t xImage = g.c * g.h * g.w, yImage = g.o * g.oh * g.ow;
  ConvGeom one = g;
  one.n = 1;
  std::unique_ptr<float[]> frame;
  for (int64_t b = 0; b < g.n; b++) {
    if (!nonfinite[b]) continue;
    const float* x = in.f ? in.f + b * xImage : nullptr;
    if (in.u8) {
      if (!frame) frame.reset(new float[xImage]);
      scale_bytes_serial(in.u8 + b * xImage, in.scale, frame.get(), xImage);
      x = frame.get();
    }
    conv2d_forward_im2col(x, w, bias, out + b * yImage, one, relu);
  }
}

}  // namespace

void conv_deinterleave(const float* x, const ConvGeom& g, float* ph) {
  HRL_ISA_SWITCH(isa::conv_deinterleave_loop(x, g, ph));
}

void conv2d_forward(const ConvInput& in, const float* w, const float* bias, float* out, const ConvGeom& g, bool relu) {
  std::unique_ptr<uint8_t[]> nonfinite(new uint8_t[g.n]);
  if (conv2d_forward_winograd(in, w, bias, out, g, relu, nonfinite.get()))
    return redo_nonfinite_images(nonfinite.get(), in, w, bias, out, g, relu);
  const float* x = float_images(in, g);
  if (conv2d_forward_winograd3(x, w, bias, out, g, relu, nonfinite.get()))
    return redo_nonfinite_images(nonfinite.get(), in, w, bias, out, g, relu);
  conv2d_forward_im2col(x, w, bias, out, g, relu);
}

void conv2d_backward_input(const float* gy, const float* w, float* gx, const ConvGeom& g, const float* reluOut) {
  if (conv2d_backward_input_winograd(gy, w, gx, g, reluOut) || conv2d_backward_input_winograd3(gy, w, gx, g, reluOut))
    return;
  const Plan p = make_plan(g, false);
  const ColMaps cm(g);
  const int64_t xImage = g.c * g.h * g.w, yImage = g.o * p.P, ld = chunk_ld(p), ldr = rows_ld(p);
  // The rows GEMM has n = K: when K is not a multiple of the widest micro-kernel (32 columns), its last column strip
  // is mostly waste, and with unit column stride the col order (m = K) is cheap to add back (MinAtar: 44 → 25 µs;
  // for Nature's conv3, K = 576, the rows order is 1.5× faster).
  const bool colOrder = g.sw == 1 && p.K % 32 != 0;
  for_chunks(g, p, [&](int64_t, int64_t b0, int64_t nb) {
    float* mat = mat_buffer(g, p);
    HRL_ISA_SWITCH(isa::gather_chunk(gy + b0 * yImage, reluOut ? reluOut + b0 * yImage : nullptr, nb, g.o, p.P, mat, ld));
    if (colOrder) {
      // col [K × nb·P] = Wᵀ [K × o] · gy
      float* col = col_buffer(p);
      run_gemm(task(p.K, nb * p.P, g.o, w, 1, p.K, mat, ld, 1, 0.0f, col, ld), p.threadedGemm);
      for (int64_t b = 0; b < nb; b++) HRL_ISA_SWITCH(isa::col2im_unit_stride(col + b * p.P, ld, g, cm.m, gx + (b0 + b) * xImage));
    } else {
      // rows [nb·P × K] = gyᵀ [nb·P × o] · W [o × K]
      float *rows = rows_buffer(p), *xp = padded_buffer(g);
      run_gemm(task(nb * p.P, p.K, g.o, mat, 1, ld, w, p.K, 1, 0.0f, rows, ldr), p.threadedGemm);
      for (int64_t b = 0; b < nb; b++) HRL_ISA_SWITCH(isa::row2im(rows + b * p.P * ldr, ldr, g, xp, gx + (b0 + b) * xImage));
    }
  });
}

void conv2d_backward_weight(const ConvInput& in, const float* gy, float* gw, float* gb, const ConvGeom& g,
                            const float* reluOut) {
  if (conv2d_backward_weight_winograd(in, gy, gw, gb, g, reluOut)) return;
  const float* x = float_images(in, g);
  if (conv2d_backward_weight_winograd3(x, gy, gw, gb, g, reluOut)) return;
  const Plan p = make_plan(g, true);
  const int64_t xImage = g.c * g.h * g.w, yImage = g.o * p.P, wSize = g.o * p.K, ld = chunk_ld(p), ldr = rows_ld(p);
  // Per part: a partial gW (part 0 accumulates into gw itself and leaves its slot unused), then its bias sums in
  // double; they are added up in part order. Slots are an even number of floats so the doubles stay aligned.
  const int64_t slot = (wSize + 1) / 2 * 2 + 2 * g.o;
  float* partials = scratch_floats(kPartial, p.parts * slot);
  std::memset(partials, 0, p.parts * slot * sizeof(float));
  for_chunks(g, p, [&](int64_t part, int64_t b0, int64_t nb) {
    float *rows = rows_buffer(p), *mat = mat_buffer(g, p), *xp = padded_buffer(g);
    for (int64_t b = 0; b < nb; b++) {
      const float* xb = padded_image(x + (b0 + b) * xImage, g, b0 + b == g.n - 1, xp);
      HRL_ISA_SWITCH(isa::im2row(xb, g, rows + b * p.P * ldr, ldr));
    }
    HRL_ISA_SWITCH(isa::gather_chunk(gy + b0 * yImage, reluOut ? reluOut + b0 * yImage : nullptr, nb, g.o, p.P, mat, ld));
    // gW [o × K] += gy [o × nb·P] · rows [nb·P × K]
    float* dst = part == 0 ? gw : partials + part * slot;
    run_gemm(task(g.o, p.K, nb * p.P, mat, ld, 1, rows, ldr, 1, 1.0f, dst, p.K), p.threadedGemm);
    if (gb) HRL_ISA_SWITCH(isa::add_row_sums(mat, ld, g.o, nb * p.P, bias_sums(partials, part, slot, g.o)));
  });
  for (int64_t part = 1; part < p.parts; part++) {
    const float* src = partials + part * slot;
    for (int64_t i = 0; i < wSize; i++) gw[i] += src[i];
  }
  if (gb) {
    for (int64_t o = 0; o < g.o; o++) {
      double s = 0;
      for (int64_t part = 0; part < p.parts; part++) s += bias_sums(partials, part, slot, g.o)[o];
      gb[o] = static_cast<float>(gb[o] + s);
    }
  }
}

void maxpool_forward(const float* x, float* out, int32_t* argmax, const ConvGeom& g) {
  for (int64_t plane = 0; plane < g.n * g.c; plane++) {
    const float* xb = x + plane * g.h * g.w;
    const int64_t ob = plane * g.oh * g.ow;
    for (int64_t oy = 0; oy < g.oh; oy++) {
      for (int64_t ox = 0; ox < g.ow; ox++) {
        float best = -INFINITY;
        int32_t arg = -1;
        for (int64_t ki = 0; ki < g.kh; ki++) {
          const int64_t iy = oy * g.sh - g.ph + ki;
          if (iy < 0 || iy >= g.h) continue;
          for (int64_t kj = 0; kj < g.kw; kj++) {
            const int64_t ix = ox * g.sw - g.pw + kj;
            if (ix < 0 || ix >= g.w) continue;
            const float v = xb[iy * g.w + ix];
            // the last NaN of the window wins, as PyTorch's max_pool2d
            if (v > best || v != v || arg < 0) { best = v; arg = static_cast<int32_t>(iy * g.w + ix); }
          }
        }
        out[ob + oy * g.ow + ox] = best;
        argmax[ob + oy * g.ow + ox] = arg;
      }
    }
  }
}

void maxpool_backward(const float* gy, const int32_t* argmax, float* gx, const ConvGeom& g) {
  std::memset(gx, 0, g.n * g.c * g.h * g.w * sizeof(float));
  for (int64_t plane = 0; plane < g.n * g.c; plane++) {
    const int64_t xb = plane * g.h * g.w, ob = plane * g.oh * g.ow;
    for (int64_t q = 0; q < g.oh * g.ow; q++) gx[xb + argmax[ob + q]] += gy[ob + q];
  }
}

Isa conv_copy_isa() { return HRL_ISA_SWITCH(isa::kIsa); }

}  // namespace hrl
