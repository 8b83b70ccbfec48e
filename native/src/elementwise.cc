// Elementwise, broadcast, copy, reduction and gather kernels. Per-element math is done in double, as the reference
// does (JS numbers), so scalar parameters are not rounded to float and results agree to the last float bit for the
// arithmetic ops and to ~1 ulp for the transcendental ones.
#include <cmath>
#include <cstring>
#include "kernels.h"

namespace hrl {
namespace {

constexpr int64_t kGrain = 1 << 16;  // elements per thread before an elementwise op fans out
const double kSqrt1_2 = 0.70710678118654752440;
const double kInvSqrt2Pi = 0.39894228040143267794;

// JS Math.max / Math.min semantics (NaN wins).
inline double jsmax(double a, double b) { return (a != a || b != b) ? NAN : (a > b ? a : b); }
inline double jsmin(double a, double b) { return (a != a || b != b) ? NAN : (a < b ? a : b); }
// PyTorch's sign: 0 at NaN.
inline double sign0(double v) { return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0; }
// PyTorch's pow by a scalar: x^±0.5 is (1/)sqrt(x), so (−Inf)^0.5 is NaN where std::pow gives Inf.
inline double pow_scalar(double v, double p) { return p == 0.5 ? std::sqrt(v) : p == -0.5 ? 1 / std::sqrt(v) : std::pow(v, p); }
// relu and its mask keep NaN: the output is NaN, and the gradient passes where x ≤ 0 fails (PyTorch's
// threshold_backward). `v < 0 ? 0 : v` is a single max instruction with 0 as its first operand.
inline double relu(double v) { return v < 0 ? 0.0 : v; }

// The reference's erf (Numerical Recipes erfc Chebyshev fit), so gelu agrees exactly.
inline double erf_ref(double x) {
  const double z = std::fabs(x);
  const double t = 1 / (1 + 0.5 * z);
  const double r = t * std::exp(-z * z - 1.26551223 +
      t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
      t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r : r - 1;
}

// float(b·s) for bytes b, with s split as hi + lo (hi = float(s)): b·hi + float(b·lo) by one fused multiply-add, all in
// float (16 lanes on AVX-512, against 8 for the double product). It rounds b·s once from nearly the exact value, so it
// equals the double product rounded to float for all b but ones within ~2⁻⁴⁸ of a rounding boundary: `fma_exact`
// checks all 256 bytes for each scale (the double loop runs otherwise, and on CPUs without FMA).
struct ByteScale {
  double s = 0;
  float hi = 0, lo = 0;
  bool exact = false;
};

ByteScale fma_exact(double s) {
  ByteScale r;
  r.s = s;
  r.hi = static_cast<float>(s);
  r.lo = static_cast<float>(s - static_cast<double>(r.hi));
  r.exact = true;
  for (int b = 0; b < 256 && r.exact; b++) {
    const float f = static_cast<float>(b);
    r.exact = std::fma(f, r.hi, f * r.lo) == static_cast<float>(b * s);
  }
  return r;
}

// The loops, once per instruction set (isa_copies.h).
#define HRL_ISA_LOOPS "elementwise_loops.inc"
#include "isa_copies.h"

template <class F>
void map1(const float* x, float* out, int64_t n, F f) {
  parallel_range(n, kGrain, [&](int64_t lo, int64_t hi) { HRL_ISA_SWITCH(isa::map1_range(x, out, lo, hi, f)); });
}


// gx = acc·gx + gy·d(x, y)
template <class F>
void mapb(const float* x, const float* y, const float* gy, float* gx, int64_t n, bool acc, F d) {
  parallel_range(n, kGrain, [&](int64_t lo, int64_t hi) {
    if (acc) HRL_ISA_SWITCH(isa::mapb_range<true>(x, y, gy, gx, lo, hi, d));
    else HRL_ISA_SWITCH(isa::mapb_range<false>(x, y, gy, gx, lo, hi, d));
  });
}

}  // namespace

void fill(float* out, int64_t n, float v) {
  for (int64_t i = 0; i < n; i++) out[i] = v;
}

double apply_unary(int op, double v, double p1, double p2) {
  switch (op) {
    case 0: return v;
    case 1: return -v;
    case 2: return std::exp(v);
    case 3: return std::log(v);
    case 4: return std::sqrt(v);
    case 5: return std::fabs(v);
    case 6: return sign0(v);
    case 7: return v * v;
    case 8: return 1 / v;
    case 9: return pow_scalar(v, p1);
    case 10: return jsmin(jsmax(v, p1), p2);
    case 11: return relu(v);
    case 12: return v > 0 ? v : v * p1;
    case 13: return v > 0 ? v : p1 * std::expm1(v);
    case 14: return 0.5 * v * (1 + erf_ref(v * kSqrt1_2));
    case 15: return v / (1 + std::exp(-v));
    case 16: return std::tanh(v);
    case 17: return 1 / (1 + std::exp(-v));
    case 18: return jsmax(v, 0) + std::log1p(std::exp(-std::fabs(v)));
    case 19: { const double a = std::fabs(v); return a < p1 ? 0.5 * a * a : p1 * (a - 0.5 * p1); }
    case 20: return v + p1;
    case 21: return v * p1;
  }
  return v;
}

void unary(int op, const float* x, float* out, int64_t n, double p1, double p2) {
  if (has_fast_unary(op) && x != out) {
    parallel_range(n, kGrain, [&](int64_t lo, int64_t hi) { fast_unary(op, x, out, lo, hi, p1); });
    return;
  }
  switch (op) {
    case 0: if (out != x) std::memmove(out, x, n * sizeof(float)); return;
    case 1: map1(x, out, n, [](double v) { return -v; }); return;
    case 7: map1(x, out, n, [](double v) { return v * v; }); return;
    case 11: map1(x, out, n, [](double v) { return relu(v); }); return;
    case 12: map1(x, out, n, [=](double v) { return v > 0 ? v : v * p1; }); return;
    case 20: map1(x, out, n, [=](double v) { return v + p1; }); return;
    case 21: map1(x, out, n, [=](double v) { return v * p1; }); return;
    default: map1(x, out, n, [=](double v) { return apply_unary(op, v, p1, p2); }); return;
  }
}

double unary_derivative(int op, double v, double y, double p1, double p2) {
  switch (op) {
    case 0: return 1;
    case 1: return -1;
    case 2: return y;
    case 3: return 1 / v;
    case 4: return 0.5 / y;
    case 5: return sign0(v);
    case 6: return 0;
    case 7: return 2 * v;
    case 8: return -y * y;
    case 9: return p1 * pow_scalar(v, p1 - 1);
    case 10: return v >= p1 && v <= p2 ? 1 : 0;
    case 11: return v <= 0 ? 0 : 1;
    case 12: return v > 0 ? 1 : p1;
    case 13: return v > 0 ? 1 : y + p1;
    case 14: return 0.5 * (1 + erf_ref(v * kSqrt1_2)) + v * kInvSqrt2Pi * std::exp(-0.5 * v * v);
    case 15: { const double s = 1 / (1 + std::exp(-v)); return s * (1 + v * (1 - s)); }
    case 16: return 1 - y * y;
    case 17: return y * (1 - y);
    case 18: return 1 / (1 + std::exp(-v));
    case 19: return v <= -p1 ? -p1 : v >= p1 ? p1 : v;  // NaN stays NaN
    case 20: return 1;
    case 21: return p1;
  }
  return 0;
}

void unary_backward(int op, const float* x, const float* y, const float* gy, float* gx, int64_t n, double p1, double p2, bool acc) {
  if (has_fast_unary_backward(op) && gx != x && gx != gy) {
    parallel_range(n, kGrain, [&](int64_t lo, int64_t hi) { fast_unary_backward(op, x, gy, gx, lo, hi, acc); });
    return;
  }
  switch (op) {
    case 0: case 20: mapb(x, y, gy, gx, n, acc, [](double, double, double g) { return g; }); return;
    case 1: mapb(x, y, gy, gx, n, acc, [](double, double, double g) { return -g; }); return;
    case 3: mapb(x, y, gy, gx, n, acc, [](double v, double, double g) { return g / v; }); return;
    case 4: mapb(x, y, gy, gx, n, acc, [](double, double yy, double g) { return g * 0.5 / yy; }); return;
    case 6: mapb(x, y, gy, gx, n, acc, [](double, double, double) { return 0.0; }); return;
    case 7: mapb(x, y, gy, gx, n, acc, [](double v, double, double g) { return g * 2 * v; }); return;
    case 10: mapb(x, y, gy, gx, n, acc, [=](double v, double, double g) { return v >= p1 && v <= p2 ? g : 0.0; }); return;
    case 11: mapb(x, y, gy, gx, n, acc, [](double v, double, double g) { return v <= 0 ? 0.0 : g; }); return;
    case 12: mapb(x, y, gy, gx, n, acc, [=](double v, double, double g) { return v > 0 ? g : g * p1; }); return;
    case 16: mapb(x, y, gy, gx, n, acc, [](double, double yy, double g) { return g * (1 - yy * yy); }); return;
    case 17: mapb(x, y, gy, gx, n, acc, [](double, double yy, double g) { return g * yy * (1 - yy); }); return;
    case 21: mapb(x, y, gy, gx, n, acc, [=](double, double, double g) { return g * p1; }); return;
    default: mapb(x, y, gy, gx, n, acc, [=](double v, double yy, double g) { return g * unary_derivative(op, v, yy, p1, p2); }); return;
  }
}

namespace {

void binary_row(int op, const float* a, int64_t as, const float* b, int64_t bs, float* out, int64_t n) {
  switch (op) {
    case 0: HRL_ISA_SWITCH(isa::binrow(a, as, b, bs, out, n, [](float x, float y) { return x + y; })); return;
    case 1: HRL_ISA_SWITCH(isa::binrow(a, as, b, bs, out, n, [](float x, float y) { return x - y; })); return;
    case 2: HRL_ISA_SWITCH(isa::binrow(a, as, b, bs, out, n, [](float x, float y) { return x * y; })); return;
    case 3: HRL_ISA_SWITCH(isa::binrow(a, as, b, bs, out, n, [](float x, float y) { return x / y; })); return;
    case 4: HRL_ISA_SWITCH(isa::binrow(a, as, b, bs, out, n, [](float x, float y) { return x > y || x != x ? x : y; })); return;
    case 5: HRL_ISA_SWITCH(isa::binrow(a, as, b, bs, out, n, [](float x, float y) { return x < y || x != x ? x : y; })); return;
    case 6: HRL_ISA_SWITCH(isa::binrow(a, as, b, bs, out, n, [](float x, float y) { return x > y ? 1.0f : 0.0f; })); return;
    case 7: HRL_ISA_SWITCH(isa::binrow(a, as, b, bs, out, n, [](float x, float y) { return x >= y ? 1.0f : 0.0f; })); return;
    case 8: HRL_ISA_SWITCH(isa::binrow(a, as, b, bs, out, n, [](float x, float y) { return x < y ? 1.0f : 0.0f; })); return;
    case 9: HRL_ISA_SWITCH(isa::binrow(a, as, b, bs, out, n, [](float x, float y) { return x <= y ? 1.0f : 0.0f; })); return;
    case 10: HRL_ISA_SWITCH(isa::binrow(a, as, b, bs, out, n, [](float x, float y) { return x == y ? 1.0f : 0.0f; })); return;
  }
}
}  // namespace

void binary(int op, const float* a, const int32_t* as, const float* b, const int32_t* bs, float* out, const int32_t* shape, int nd) {
  int64_t total = 1;
  for (int d = 0; d < nd; d++) total *= shape[d];
  if (nd == 0) { binary_row(op, a, 0, b, 0, out, 1); return; }
  if (total == 0) return;
  const int64_t inner = shape[nd - 1];
  const int64_t rows = total / inner;
  // Rows are independent: split them across threads, each walking its own multi-index.
  parallel_range(rows, (kGrain + inner - 1) / inner, [&](int64_t lo, int64_t hi) {
    int64_t idx[32] = {0};
    int64_t ab = 0, bb = 0, rem = lo;
    for (int d = nd - 2; d >= 0; d--) {
      idx[d] = rem % shape[d];
      rem /= shape[d];
      ab += idx[d] * as[d];
      bb += idx[d] * bs[d];
    }
    for (int64_t r = lo; r < hi; r++) {
      binary_row(op, a + ab, as[nd - 1], b + bb, bs[nd - 1], out + r * inner, inner);
      for (int d = nd - 2; d >= 0; d--) {
        idx[d]++;
        ab += as[d];
        bb += bs[d];
        if (idx[d] < shape[d]) break;
        ab -= static_cast<int64_t>(as[d]) * shape[d];
        bb -= static_cast<int64_t>(bs[d]) * shape[d];
        idx[d] = 0;
      }
    }
  });
}

void scale(const float* x, double s, float* out, int64_t n) {
  parallel_range(n, kGrain, [&](int64_t lo, int64_t hi) {
    for (int64_t i = lo; i < hi; i++) out[i] = static_cast<float>(x[i] * s);
  });
}

// One pass from the byte frames to the scaled floats (a JS copy and a separate scale pass cost ~4 ms at Nature batch 256).
void scale_bytes(const uint8_t* x, double s, float* out, int64_t n) {
  parallel_range(n, kGrain, [&](int64_t lo, int64_t hi) { HRL_ISA_SWITCH(isa::scale_bytes_range(x, s, out, lo, hi)); });
}

void scale_bytes_serial(const uint8_t* x, double s, float* out, int64_t n) { HRL_ISA_SWITCH(isa::scale_bytes_range(x, s, out, 0, n)); }

void axpy(double a, const float* x, float* y, int64_t n) {
  parallel_range(n, kGrain, [&](int64_t lo, int64_t hi) {
    for (int64_t i = lo; i < hi; i++) y[i] = static_cast<float>(y[i] + a * x[i]);
  });
}

void where(const float* cond, const float* a, const float* b, float* out, int64_t n) {
  for (int64_t i = 0; i < n; i++) out[i] = cond[i] != 0 ? a[i] : b[i];
}

void reduce(int op, const float* x, int64_t outer, int64_t n, int64_t inner, float* out, int32_t* arg) {
  if (op == 0) {
    parallel_range(outer, (kGrain + n * inner) / (n * inner + 1), [&](int64_t lo, int64_t hi) {
      double accBuf[256];
      for (int64_t o = lo; o < hi; o++) {
        const float* base = x + o * n * inner;
        for (int64_t i0 = 0; i0 < inner; i0 += 256) {
          const int64_t w = inner - i0 < 256 ? inner - i0 : 256;
          for (int64_t i = 0; i < w; i++) accBuf[i] = 0;
          for (int64_t k = 0; k < n; k++) {
            const float* row = base + k * inner + i0;
            for (int64_t i = 0; i < w; i++) accBuf[i] += row[i];
          }
          for (int64_t i = 0; i < w; i++) out[o * inner + i0 + i] = static_cast<float>(accBuf[i]);
        }
      }
    });
    return;
  }
  const bool isMax = op == 1;
  for (int64_t o = 0; o < outer; o++) {
    const float* base = x + o * n * inner;
    for (int64_t i = 0; i < inner; i++) {
      float best = base[i];
      int32_t a = 0;
      // NaN wins, and the first NaN keeps the index (PyTorch's max/min along a dimension)
      for (int64_t k = 1; k < n && best == best; k++) {
        const float v = base[k * inner + i];
        if (v != v || (isMax ? v > best : v < best)) { best = v; a = static_cast<int32_t>(k); }
      }
      out[o * inner + i] = best;
      if (arg) arg[o * inner + i] = a;
    }
  }
}

double sum_squares(const float* x, int64_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += static_cast<double>(x[i]) * x[i];
    s1 += static_cast<double>(x[i + 1]) * x[i + 1];
    s2 += static_cast<double>(x[i + 2]) * x[i + 2];
    s3 += static_cast<double>(x[i + 3]) * x[i + 3];
  }
  for (; i < n; i++) s0 += static_cast<double>(x[i]) * x[i];
  return (s0 + s1) + (s2 + s3);
}

bool all_finite(const float* x, int64_t n) { return HRL_ISA_SWITCH(isa::all_finite_loop(x, n)); }

void strided_copy(const float* src, int64_t so, const int32_t* ss, float* dst, int64_t dof, const int32_t* ds, const int32_t* shape, int nd) {
  int64_t total = 1;
  for (int d = 0; d < nd; d++) total *= shape[d];
  if (total == 0) return;
  if (nd == 0) { dst[dof] = src[so]; return; }
  const int64_t inner = shape[nd - 1], s1 = ss[nd - 1], d1 = ds[nd - 1];
  int64_t idx[32] = {0};
  int64_t sb = so, db = dof;
  for (int64_t o = 0; o < total; o += inner) {
    if (s1 == 1 && d1 == 1) std::memcpy(dst + db, src + sb, inner * sizeof(float));
    else for (int64_t i = 0; i < inner; i++) dst[db + i * d1] = src[sb + i * s1];
    for (int d = nd - 2; d >= 0; d--) {
      idx[d]++;
      sb += ss[d];
      db += ds[d];
      if (idx[d] < shape[d]) break;
      sb -= static_cast<int64_t>(ss[d]) * shape[d];
      db -= static_cast<int64_t>(ds[d]) * shape[d];
      idx[d] = 0;
    }
  }
}

int64_t gather(const float* x, const int32_t* idx, float* out, int64_t outer, int64_t n, int64_t inner, int64_t k) {
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t j = 0; j < k; j++) {
      const int64_t ib = (o * k + j) * inner;
      for (int64_t i = 0; i < inner; i++) {
        const int64_t t = idx[ib + i];
        if (t < 0 || t >= n) return ib + i;
        out[ib + i] = x[(o * n + t) * inner + i];
      }
    }
  }
  return -1;
}

void scatter_add(const float* gy, const int32_t* idx, float* gx, int64_t outer, int64_t n, int64_t inner, int64_t k) {
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t j = 0; j < k; j++) {
      const int64_t ib = (o * k + j) * inner;
      for (int64_t i = 0; i < inner; i++) {
        const int64_t t = idx[ib + i];
        gx[(o * n + t) * inner + i] += gy[ib + i];
      }
    }
  }
}

Isa elementwise_copy_isa() { return HRL_ISA_SWITCH(isa::kIsa); }

}  // namespace hrl
