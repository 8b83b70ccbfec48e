// conv2d as im2col + GEMM (per image; images spread over the pool, each thread with its own column buffer), and
// max pooling. The measured alternative (direct convolution) is slower for every layer shape of the target nets.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include "kernels.h"

namespace hrl {
namespace {

// Grows this thread's scratch buffer to at least n floats.
float* scratch(int64_t n) {
  thread_local float* buf = nullptr;
  thread_local int64_t cap = 0;
  if (n > cap) {
    std::free(buf);
    void* p = nullptr;
    if (posix_memalign(&p, 64, static_cast<size_t>(n) * sizeof(float)) != 0) std::abort();
    buf = static_cast<float*>(p);
    cap = n;
  }
  return buf;
}

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

// col [(c·kh·kw) × (oh·ow)], zero where the window reads padding. One source row (c, iy) serves all kw kernel columns
// while it is in L1; the valid column ranges are precomputed, so the copy loops carry no bounds tests or divisions.
void im2col(const float* x, const ConvGeom& g, float* col) {
  const int64_t cols = g.oh * g.ow, sw = g.sw;
  int64_t los[64], his[64];
  const bool cached = g.kw <= 64;
  if (cached) for (int64_t kj = 0; kj < g.kw; kj++) valid_cols(g, kj, &los[kj], &his[kj]);
  for (int64_t c = 0; c < g.c; c++) {
    for (int64_t ki = 0; ki < g.kh; ki++) {
      for (int64_t oy = 0; oy < g.oh; oy++) {
        const int64_t iy = oy * g.sh - g.ph + ki;
        const bool inside = iy >= 0 && iy < g.h;
        const float* row = x + (c * g.h + (inside ? iy : 0)) * g.w;
        for (int64_t kj = 0; kj < g.kw; kj++) {
          float* dst = col + ((c * g.kh + ki) * g.kw + kj) * cols + oy * g.ow;
          if (!inside) { std::memset(dst, 0, g.ow * sizeof(float)); continue; }
          int64_t lo, hi;
          if (cached) { lo = los[kj]; hi = his[kj]; } else valid_cols(g, kj, &lo, &hi);
          const float* s = row + kj - g.pw;
          for (int64_t ox = 0; ox < lo; ox++) dst[ox] = 0.0f;
          if (sw == 1) {
            std::memcpy(dst + lo, s + lo, (hi - lo) * sizeof(float));
          } else {
            for (int64_t ox = lo; ox < hi; ox++) dst[ox] = s[ox * sw];
          }
          for (int64_t ox = hi; ox < g.ow; ox++) dst[ox] = 0.0f;
        }
      }
    }
  }
}

// gx += col2im(col), with the same precomputed valid column range per kernel column as im2col.
void col2im(const float* col, const ConvGeom& g, float* gx) {
  const int64_t cols = g.oh * g.ow, sw = g.sw;
  for (int64_t kj = 0; kj < g.kw; kj++) {
    const int64_t ix0 = kj - g.pw;
    int64_t lo, hi;
    valid_cols(g, kj, &lo, &hi);
    for (int64_t c = 0; c < g.c; c++) {
      for (int64_t ki = 0; ki < g.kh; ki++) {
        const int64_t r = (c * g.kh + ki) * g.kw + kj;
        for (int64_t oy = 0; oy < g.oh; oy++) {
          const int64_t iy = oy * g.sh - g.ph + ki;
          if (iy < 0 || iy >= g.h) continue;
          float* d = gx + (c * g.h + iy) * g.w + ix0;
          const float* src = col + r * cols + oy * g.ow;
          if (sw == 1) {
            for (int64_t ox = lo; ox < hi; ox++) d[ox] += src[ox];
          } else {
            for (int64_t ox = lo; ox < hi; ox++) d[ox * sw] += src[ox];
          }
        }
      }
    }
  }
}

GemmTask task(int64_t m, int64_t n, int64_t k, const float* a, int64_t ars, int64_t acs, const float* b, int64_t brs,
              int64_t bcs, float beta, float* c, int64_t ldc) {
  return GemmTask{m, n, k, 1.0f, beta, a, ars, acs, b, brs, bcs, c, ldc};
}

// Images go to threads when there are enough of them; otherwise each image's GEMM is split across threads.
template <class F>
void per_image(int64_t n, int64_t macsPerImage, const F& f) {
  if (n >= pool_threads() && n * macsPerImage >= (1 << 18)) {
    parallel_range(n, 1, [&](int64_t lo, int64_t hi) { for (int64_t b = lo; b < hi; b++) f(b, false); });
  } else {
    for (int64_t b = 0; b < n; b++) f(b, true);
  }
}

}  // namespace

void conv2d_forward(const float* x, const float* w, const float* bias, float* out, const ConvGeom& g) {
  const int64_t K = g.c * g.kh * g.kw, P = g.oh * g.ow;
  per_image(g.n, g.o * K * P, [&](int64_t b, bool threadedGemm) {
    float* col = scratch(K * P);
    im2col(x + b * g.c * g.h * g.w, g, col);
    float* ob = out + b * g.o * P;
    if (bias) for (int64_t o = 0; o < g.o; o++) fill(ob + o * P, P, bias[o]);
    const float beta = bias ? 1.0f : 0.0f;
    if (threadedGemm) gemm(false, false, g.o, P, K, 1.0f, w, K, 0, col, P, 0, beta, ob, P, 0, 1);
    else gemm_serial(task(g.o, P, K, w, K, 1, col, P, 1, beta, ob, P));
  });
}

void conv2d_backward_input(const float* gy, const float* w, float* gx, const ConvGeom& g) {
  const int64_t K = g.c * g.kh * g.kw, P = g.oh * g.ow;
  per_image(g.n, g.o * K * P, [&](int64_t b, bool threadedGemm) {
    float* col = scratch(K * P);
    const float* gyb = gy + b * g.o * P;
    // col [K × P] = Wᵀ [K × o] · gy_b [o × P]
    if (threadedGemm) gemm(true, false, K, P, g.o, 1.0f, w, K, 0, gyb, P, 0, 0.0f, col, P, 0, 1);
    else gemm_serial(task(K, P, g.o, w, 1, K, gyb, P, 1, 0.0f, col, P));
    float* gxb = gx + b * g.c * g.h * g.w;
    std::memset(gxb, 0, g.c * g.h * g.w * sizeof(float));
    col2im(col, g, gxb);
  });
}

void conv2d_backward_weight(const float* x, const float* gy, float* gw, float* gb, const ConvGeom& g) {
  const int64_t K = g.c * g.kh * g.kw, P = g.oh * g.ow;
  // Sequential over images (they all accumulate into gw); each GEMM is split across threads when large.
  for (int64_t b = 0; b < g.n; b++) {
    float* col = scratch(K * P);
    im2col(x + b * g.c * g.h * g.w, g, col);
    const float* gyb = gy + b * g.o * P;
    // gW [o × K] += gy_b [o × P] · colᵀ [P × K]
    gemm(false, true, g.o, K, P, 1.0f, gyb, P, 0, col, P, 0, 1.0f, gw, K, 0, 1);
    if (gb) {
      for (int64_t o = 0; o < g.o; o++) {
        double s = 0;
        for (int64_t p = 0; p < P; p++) s += gyb[o * P + p];
        gb[o] = static_cast<float>(gb[o] + s);
      }
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
            if (v > best || arg < 0) { best = v; arg = static_cast<int32_t>(iy * g.w + ix); }
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

}  // namespace hrl
