// A standalone check of the portable kernels (no N-API): every GEMM kernel this CPU runs — each micro-kernel called
// directly and through the dispatching gemm() — plus convolutions, the vectorised activations, byte scaling and Adam,
// against plain double-precision references. Built and run by test/native/arm64.test.ts for AArch64 under qemu (where
// it must report the NEON kernel), and buildable natively on any machine:
//   g++ -std=c++17 -O2 -pthread -Inative/src native/test/kernels_check.cc native/src/{cpu,threadpool,gemm,gemm_scalar,
//       gemm_neon,gemv,elementwise,fastmath,conv,conv_winograd,conv_winograd3,optim}.cc [+ gemm_avx2/avx512 on x86]
// Tolerances are those of test/native/helpers.ts: GEMM-based results within 4·k·2⁻²⁴·Σ|a·b| (+ the α and β·C
// roundings), elementwise results within 1e-6·|ref| + 1e-7. Prints one line per part and "ok isas=…" at the end;
// exits with status 1 at the first mismatch, naming the case and the element.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
#include "kernels.h"

using namespace hrl;

namespace {

constexpr double kU = 1.0 / (1 << 24);

struct Rng {
  uint64_t s;
  double uniform() {  // xorshift64*, [0, 1)
    s ^= s >> 12; s ^= s << 25; s ^= s >> 27;
    return static_cast<double>((s * 2685821657736338717ull) >> 11) / 9007199254740992.0;
  }
  float in(double lo, double hi) { return static_cast<float>(lo + (hi - lo) * uniform()); }
};

std::vector<float> randoms(size_t n, Rng& rng, double lo = -1, double hi = 1) {
  std::vector<float> v(n);
  for (auto& x : v) x = rng.in(lo, hi);
  return v;
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "FAIL %s\n", what.c_str());
  std::exit(1);
}

void expect_close(const std::string& name, size_t i, double got, double want, double tol) {
  if (std::isnan(want) ? std::isnan(got) : std::fabs(got - want) <= tol) return;
  char buf[160];
  std::snprintf(buf, sizeof buf, "[%zu]: got %.9g, want %.9g (tolerance %.3g)", i, got, want, tol);
  fail(name + buf);
}

// ---- GEMM -------------------------------------------------------------------------------------------------------

struct Kernel { const char* name; Isa isa; GemmFn fn; };

std::vector<Kernel> kernels_here() {
  std::vector<Kernel> ks{{"scalar", Isa::Scalar, gemm_scalar}};
  const Isa d = detect_isa();
#if HRL_X86
  if (d == Isa::Avx2 || d == Isa::Avx512) ks.push_back({"avx2", Isa::Avx2, gemm_avx2});
  if (d == Isa::Avx512) ks.push_back({"avx512", Isa::Avx512, gemm_avx512});
#elif HRL_ARM64
  if (d == Isa::Neon) ks.push_back({"neon", Isa::Neon, gemm_neon});
#endif
  (void)d;
  return ks;
}

struct Shape { int64_t m, n, k; };

// Edges of every blocking level: tiles (MR up to 12, NR up to 32) and their remainders, k = 1, k across KC = 192,
// m across MC = 192, n across NC = 2048, the small-problem loop, GEMV (m = 1), in-place B (m ≤ 64) and packed B.
const Shape kShapes[] = {
    {1, 1, 1},    {2, 3, 1},     {12, 8, 1},    {13, 9, 1},    {12, 8, 4},   {11, 7, 5},    {24, 16, 3},
    {12, 8, 192}, {12, 8, 193},  {25, 17, 385}, {6, 32, 64},   {8, 33, 65},  {64, 100, 70}, {65, 33, 200},
    {100, 37, 500}, {37, 300, 64}, {1, 37, 300}, {1, 129, 257}, {3, 5, 2000}, {5, 9, 1000},  {130, 96, 80},
    {400, 20, 30}, {13, 2100, 5}, {197, 40, 50}, {97, 61, 13},
};

// C = alpha·op(A)·op(B) + beta·C in double, with the bound on its float error.
void gemm_reference(bool ta, bool tb, const Shape& s, float alpha, const float* a, int64_t lda, const float* b,
                    int64_t ldb, float beta, const float* c0, int64_t ldc, std::vector<double>& want,
                    std::vector<double>& tol) {
  want.assign(s.m * s.n, 0.0);
  tol.assign(s.m * s.n, 0.0);
  for (int64_t i = 0; i < s.m; i++) {
    for (int64_t j = 0; j < s.n; j++) {
      double acc = 0, mag = 0;
      for (int64_t p = 0; p < s.k; p++) {
        const double x = ta ? a[p * lda + i] : a[i * lda + p], y = tb ? b[j * ldb + p] : b[p * ldb + j];
        acc += x * y;
        mag += std::fabs(x * y);
      }
      const double cv = beta == 0.0f ? 0.0 : static_cast<double>(beta) * c0[i * ldc + j];
      want[i * s.n + j] = alpha * acc + cv;
      tol[i * s.n + j] = (4.0 * s.k + 2) * kU * std::fabs(alpha) * mag + 2 * kU * std::fabs(cv) + 1e-30;
    }
  }
}

void check_c(const std::string& name, const Shape& s, const float* c, int64_t ldc, const std::vector<double>& want,
             const std::vector<double>& tol) {
  for (int64_t i = 0; i < s.m; i++)
    for (int64_t j = 0; j < s.n; j++) expect_close(name, i * s.n + j, c[i * ldc + j], want[i * s.n + j], tol[i * s.n + j]);
}

// Every shape × transposes × (alpha, beta) × strides, through the kernel directly and through gemm() on 1 and 3 threads.
int check_gemm(const Kernel& kern, Rng& rng) {
  PackBuffers buf{nullptr, nullptr};
  if (posix_memalign(reinterpret_cast<void**>(&buf.a), 64, kMC * kKC * sizeof(float)) ||
      posix_memalign(reinterpret_cast<void**>(&buf.b), 64, kKC * kNC * sizeof(float)))
    fail("out of memory");
  set_isa(kern.name);
  if (gemm_kernel_isa() != kern.isa) fail(std::string("set_isa did not choose ") + kern.name);
  int cases = 0;
  std::vector<double> want, tol;
  for (const Shape& s : kShapes) {
    for (int variant = 0; variant < 8; variant++) {
      const bool ta = variant & 1, tb = variant & 2, scaled = variant & 4;
      const float alpha = scaled ? 0.5f : 1.0f, beta = scaled ? -1.5f : 0.0f;
      // padded leading dimensions on odd shapes; one B stride a multiple of 256 (never read in place)
      const int64_t pad = (s.m + s.n + s.k) % 2 ? 3 : 0;
      const int64_t lda = (ta ? s.m : s.k) + pad, ldc = s.n + pad;
      int64_t ldb = (tb ? s.k : s.n) + pad;
      if (!tb && s.n <= 256 && s.m <= 64 && s.k % 5 == 0) ldb = 256;
      const std::vector<float> a = randoms((ta ? s.k : s.m) * lda, rng), b = randoms((tb ? s.n : s.k) * ldb, rng);
      std::vector<float> c0 = randoms(s.m * ldc, rng);
      gemm_reference(ta, tb, s, alpha, a.data(), lda, b.data(), ldb, beta, c0.data(), ldc, want, tol);
      if (beta == 0.0f) std::fill(c0.begin(), c0.end(), NAN);  // beta = 0 must never read C
      char name[160];
      std::snprintf(name, sizeof name, "%s gemm m=%lld n=%lld k=%lld ta=%d tb=%d alpha=%g beta=%g", kern.name,
                    (long long)s.m, (long long)s.n, (long long)s.k, ta, tb, alpha, beta);
      // the micro-kernel itself, through the blocked loop nest (no GEMV / small-problem shortcuts)
      std::vector<float> c = c0;
      const GemmTask t{s.m, s.n, s.k, alpha, beta, a.data(), ta ? 1 : lda, ta ? lda : 1,
                       b.data(), tb ? 1 : ldb, tb ? ldb : 1, c.data(), ldc};
      kern.fn(t, buf);
      check_c(std::string(name) + " (kernel)", s, c.data(), ldc, want, tol);
      // the dispatching API, serial and split across the pool
      for (int threads : {1, 3}) {
        pool_set_active(threads);
        c = c0;
        gemm(ta, tb, s.m, s.n, s.k, alpha, a.data(), lda, 0, b.data(), ldb, 0, beta, c.data(), ldc, 0, 1);
        check_c(std::string(name) + (threads == 1 ? " (gemm, 1 thread)" : " (gemm, 3 threads)"), s, c.data(), ldc,
                want, tol);
      }
      cases++;
    }
  }
  // a batched call: item i of A, B and C at i·stride
  const Shape s{30, 41, 77};
  const int64_t batch = 4;
  const std::vector<float> a = randoms(batch * s.m * s.k, rng), b = randoms(batch * s.k * s.n, rng);
  std::vector<float> c(batch * s.m * s.n, NAN);
  gemm(false, false, s.m, s.n, s.k, 1.0f, a.data(), s.k, s.m * s.k, b.data(), s.n, s.k * s.n, 0.0f, c.data(), s.n,
       s.m * s.n, batch);
  for (int64_t i = 0; i < batch; i++) {
    gemm_reference(false, false, s, 1.0f, a.data() + i * s.m * s.k, s.k, b.data() + i * s.k * s.n, s.n, 0.0f, nullptr,
                   s.n, want, tol);
    check_c(std::string(kern.name) + " batched gemm item " + std::to_string(i), s, c.data() + i * s.m * s.n, s.n, want,
            tol);
  }
  pool_set_active(3);
  std::free(buf.a);
  std::free(buf.b);
  return cases + 1;
}

// ---- convolutions -----------------------------------------------------------------------------------------------

ConvGeom geom(int64_t n, int64_t c, int64_t h, int64_t w, int64_t o, int64_t kh, int64_t kw, int64_t sh, int64_t sw,
              int64_t ph, int64_t pw) {
  return {n, c, h, w, o, kh, kw, sh, sw, ph, pw, (h + 2 * ph - kh) / sh + 1, (w + 2 * pw - kw) / sw + 1};
}

// Calls f(b, o, oy, ox, ci, ky, kx, xi) for every multiply of the convolution; xi < 0 where the window is in padding.
template <class F>
void conv_walk(const ConvGeom& g, const F& f) {
  for (int64_t b = 0; b < g.n; b++)
    for (int64_t o = 0; o < g.o; o++)
      for (int64_t oy = 0; oy < g.oh; oy++)
        for (int64_t ox = 0; ox < g.ow; ox++)
          for (int64_t ci = 0; ci < g.c; ci++)
            for (int64_t ky = 0; ky < g.kh; ky++)
              for (int64_t kx = 0; kx < g.kw; kx++) {
                const int64_t iy = oy * g.sh - g.ph + ky, ix = ox * g.sw - g.pw + kx;
                const bool in = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
                f(b, o, oy, ox, ci, ky, kx, in ? ((b * g.c + ci) * g.h + iy) * g.w + ix : -1);
              }
}

int check_conv(const char* isa, Rng& rng) {
  const ConvGeom geoms[] = {
      geom(1, 4, 84, 84, 32, 8, 8, 4, 4, 0, 0),   // Nature CNN conv1
      geom(1, 32, 20, 20, 64, 4, 4, 2, 2, 0, 0),  // conv2
      geom(2, 64, 9, 9, 64, 3, 3, 1, 1, 0, 0),    // conv3
      geom(33, 10, 10, 10, 16, 3, 3, 1, 1, 0, 0), // MinAtar, a batch above the Winograd threshold
      geom(2, 3, 11, 13, 5, 3, 5, 2, 1, 1, 2),    // padded, rectangular, mixed strides
      geom(1, 2, 16, 16, 8, 4, 4, 2, 2, 1, 1),
  };
  int cases = 0;
  for (const ConvGeom& g : geoms) {
    const int64_t xs = g.n * g.c * g.h * g.w, ws = g.o * g.c * g.kh * g.kw, ys = g.n * g.o * g.oh * g.ow;
    const int64_t K = g.c * g.kh * g.kw;
    const bool bytes = g.c == 4;  // conv1 reads uint8 frames, as the Atari nets do
    const double scale = 1.0 / 255;
    std::vector<uint8_t> xb(xs);
    std::vector<float> x = randoms(xs, rng);
    for (int64_t i = 0; i < xs && bytes; i++) {
      xb[i] = static_cast<uint8_t>(rng.uniform() * 256);
      x[i] = static_cast<float>(xb[i] * scale);
    }
    const std::vector<float> w = randoms(ws, rng, -0.3, 0.3), bias = randoms(g.o, rng), gy = randoms(ys, rng);
    const ConvInput in{bytes ? nullptr : x.data(), bytes ? xb.data() : nullptr, scale};
    auto wi = [&](int64_t o, int64_t ci, int64_t ky, int64_t kx) { return ((o * g.c + ci) * g.kh + ky) * g.kw + kx; };
    auto yi = [&](int64_t b, int64_t o, int64_t oy, int64_t ox) { return ((b * g.o + o) * g.oh + oy) * g.ow + ox; };
    char name[160];
    std::snprintf(name, sizeof name, "%s conv n=%lld c=%lld %lldx%lld o=%lld k=%lldx%lld s=%lld,%lld p=%lld,%lld", isa,
                  (long long)g.n, (long long)g.c, (long long)g.h, (long long)g.w, (long long)g.o, (long long)g.kh,
                  (long long)g.kw, (long long)g.sh, (long long)g.sw, (long long)g.ph, (long long)g.pw);
    // forward (+ bias, with and without the fused relu)
    std::vector<double> y(ys, 0.0), ymag(ys, 0.0);
    conv_walk(g, [&](int64_t b, int64_t o, int64_t oy, int64_t ox, int64_t ci, int64_t ky, int64_t kx, int64_t xi) {
      if (xi < 0) return;
      const double v = static_cast<double>(x[xi]) * w[wi(o, ci, ky, kx)];
      y[yi(b, o, oy, ox)] += v;
      ymag[yi(b, o, oy, ox)] += std::fabs(v);
    });
    std::vector<float> out(ys), relued(ys);
    conv2d_forward(in, w.data(), bias.data(), out.data(), g, false);
    conv2d_forward(in, w.data(), bias.data(), relued.data(), g, true);
    for (int64_t i = 0; i < ys; i++) {
      const double want = y[i] + bias[(i / (g.oh * g.ow)) % g.o], tol = (4.0 * K + 2) * kU * (ymag[i] + std::fabs(want));
      expect_close(std::string(name) + " forward", i, out[i], want, tol);
      // relu of the same sum: zero where the unfused result is ≤ 0 (up to its rounding)
      expect_close(std::string(name) + " forward+relu", i, relued[i], want > 0 ? want : 0.0, tol);
    }
    // input gradient, plain and masked by the relu output
    for (const float* mask : {static_cast<const float*>(nullptr), static_cast<const float*>(relued.data())}) {
      std::vector<double> gx(xs, 0.0), gmag(xs, 0.0);
      conv_walk(g, [&](int64_t b, int64_t o, int64_t oy, int64_t ox, int64_t ci, int64_t ky, int64_t kx, int64_t xi) {
        const int64_t j = yi(b, o, oy, ox);
        if (xi < 0 || (mask && !(mask[j] > 0))) return;
        const double v = static_cast<double>(gy[j]) * w[wi(o, ci, ky, kx)];
        gx[xi] += v;
        gmag[xi] += std::fabs(v);
      });
      std::vector<float> got(xs, NAN);
      conv2d_backward_input(gy.data(), w.data(), got.data(), g, mask);
      const int64_t terms = g.o * g.kh * g.kw;
      for (int64_t i = 0; i < xs; i++)
        expect_close(std::string(name) + (mask ? " input gradient (relu)" : " input gradient"), i, got[i], gx[i],
                     (4.0 * terms + 2) * kU * gmag[i] + 1e-30);
    }
    // weight and bias gradients, accumulated onto what gw / gb hold
    std::vector<double> gw(ws, 0.0), gwmag(ws, 0.0), gb(g.o, 0.0), gbmag(g.o, 0.0);
    conv_walk(g, [&](int64_t b, int64_t o, int64_t oy, int64_t ox, int64_t ci, int64_t ky, int64_t kx, int64_t xi) {
      if (xi < 0) return;
      const double v = static_cast<double>(gy[yi(b, o, oy, ox)]) * x[xi];
      gw[wi(o, ci, ky, kx)] += v;
      gwmag[wi(o, ci, ky, kx)] += std::fabs(v);
    });
    for (int64_t i = 0; i < ys; i++) {
      gb[(i / (g.oh * g.ow)) % g.o] += gy[i];
      gbmag[(i / (g.oh * g.ow)) % g.o] += std::fabs(gy[i]);
    }
    std::vector<float> gotW = randoms(ws, rng), gotB = randoms(g.o, rng);
    for (int64_t i = 0; i < ws; i++) gw[i] += gotW[i];
    for (int64_t o = 0; o < g.o; o++) gb[o] += gotB[o];
    conv2d_backward_weight(in, gy.data(), gotW.data(), gotB.data(), g, nullptr);
    const int64_t terms = g.n * g.oh * g.ow;
    for (int64_t i = 0; i < ws; i++)
      expect_close(std::string(name) + " weight gradient", i, gotW[i], gw[i],
                   (4.0 * terms + 2) * kU * (gwmag[i] + std::fabs(gw[i])) + 1e-30);
    for (int64_t o = 0; o < g.o; o++)
      expect_close(std::string(name) + " bias gradient", o, gotB[o], gb[o], 4 * kU * (gbmag[o] + std::fabs(gb[o])));
    cases++;
  }
  return cases;
}

// ---- elementwise and optimizer loops (compiled for the baseline SIMD: NEON on AArch64) ----------------------------

int check_elementwise(Rng& rng) {
  const int64_t n = 1000;  // not a multiple of any vector width
  std::vector<float> x = randoms(n, rng, -12, 12), gy = randoms(n, rng), out(n), gx(n);
  x[0] = 0.0f; x[1] = 1e-6f; x[2] = -1e-6f; x[3] = 30.0f; x[4] = -30.0f;
  const double p1 = 1.0;
  int cases = 0;
  for (int op = 0; op < 32; op++) {
    const auto tol = [](double w) { return 1e-6 * std::fabs(w) + 1e-7; };
    if (has_fast_unary(op)) {
      unary(op, x.data(), out.data(), n, p1, 0.0);
      for (int64_t i = 0; i < n; i++)
        expect_close("unary op " + std::to_string(op), i, out[i], static_cast<float>(apply_unary(op, x[i], p1, 0.0)),
                     tol(apply_unary(op, x[i], p1, 0.0)));
      cases++;
    }
    if (has_fast_unary_backward(op)) {
      for (int acc = 0; acc < 2; acc++) {
        std::vector<float> y(n);
        for (int64_t i = 0; i < n; i++) y[i] = static_cast<float>(apply_unary(op, x[i], p1, 0.0));
        std::fill(gx.begin(), gx.end(), 0.25f);
        unary_backward(op, x.data(), y.data(), gy.data(), gx.data(), n, p1, 0.0, acc);
        for (int64_t i = 0; i < n; i++) {
          const double want = (acc ? 0.25 : 0.0) + gy[i] * unary_derivative(op, x[i], y[i], p1, 0.0);
          expect_close("unary backward op " + std::to_string(op), i, gx[i], want, tol(want));
        }
        cases++;
      }
    }
  }
  // bytes → floats: exactly float(byte · scale), rounded once
  std::vector<uint8_t> bytes(n);
  for (int64_t i = 0; i < n; i++) bytes[i] = static_cast<uint8_t>(i * 7 % 256);
  for (double s : {1.0 / 255, 0.1, 3.0}) {
    scale_bytes(bytes.data(), s, out.data(), n);
    for (int64_t i = 0; i < n; i++)
      if (out[i] != static_cast<float>(bytes[i] * s)) expect_close("scale_bytes", i, out[i], static_cast<float>(bytes[i] * s), 0);
    cases++;
  }
  // Adam (with weight decay), three steps, against the formula in double
  const int64_t np = 100003;  // above the optimizer's grain: split over the pool
  std::vector<float> p = randoms(np, rng), m(np, 0.0f), v(np, 0.0f);
  std::vector<double> rp(p.begin(), p.end()), rm(np, 0.0), rv(np, 0.0);
  const double lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.01;
  for (int step = 1; step <= 3; step++) {
    const std::vector<float> g = randoms(np, rng);
    if (!adam(p.data(), g.data(), m.data(), v.data(), np, lr, b1, b2, eps, wd, step)) fail("adam reported a non-finite parameter");
    const double bc1 = 1 - std::pow(b1, step), bc2 = 1 - std::pow(b2, step);
    for (int64_t i = 0; i < np; i++) {
      const double gi = g[i] + wd * rp[i];
      rm[i] = b1 * rm[i] + (1 - b1) * gi;
      rv[i] = b2 * rv[i] + (1 - b2) * gi * gi;
      const double delta = lr / bc1 * rm[i] / (std::sqrt(rv[i]) / std::sqrt(bc2) + eps);
      rp[i] -= delta;
      expect_close("adam step " + std::to_string(step), i, p[i], rp[i], 1e-6 * std::fabs(rp[i]) + 1e-4 * std::fabs(delta));
      rp[i] = p[i];  // follow the float trajectory, so each step is checked on its own
      rm[i] = m[i];
      rv[i] = v[i];
    }
    cases++;
  }
  return cases;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
  pool_init(3);
  Rng rng{0x9e3779b97f4a7c15ull};
  std::string names;
  for (const Kernel& k : kernels_here()) {
    const auto t0 = std::chrono::steady_clock::now();
    const int g = check_gemm(k, rng);
    const double tg = seconds_since(t0);
    // the convolutions (whose GEMMs run on this kernel) with the one the addon would choose, to save emulated time
    const int c = k.isa == detect_isa() ? check_conv(k.name, rng) : 0;
    std::printf("%s: %d gemm cases (x3 paths) ok in %.1f s", k.name, g, tg);
    if (c > 0) std::printf(", %d conv geometries (forward, relu, both gradients) ok in %.1f s", c, seconds_since(t0) - tg);
    std::printf("\n");
    names += (names.empty() ? "" : ",") + std::string(k.name);
  }
  set_isa(nullptr);
  std::printf("elementwise: %d cases ok\n", check_elementwise(rng));
  std::printf("ok isas=%s detected=%s\n", names.c_str(), isa_name(detect_isa()));
  return 0;
}
