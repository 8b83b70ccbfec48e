// AVX2+FMA GEMM micro-kernel: 6×16 tile (12 ymm accumulators). Built with -mavx2 -mfma only for this file.
#include <immintrin.h>
#include "gemm_driver.h"

namespace {

// 8×8 block at src (rows `stride` apart) → r[j] = its column j. Rows i and i + 4 are loaded into the two 128-bit
// halves of one register (vinsertf128 from memory runs on the load and ALU ports), leaving two in-lane 4×4 transposes:
// 16 shuffles on port 5 instead of the 24 of unpack / shuffle / swap-halves on full rows.
inline void load_transpose8(const float* src, int64_t stride, __m256 r[8]) {
  __m256 t[8];
#pragma GCC unroll 8
  for (int i = 0; i < 4; i++) {
    const float* lo = src + i * stride;
    const float* hi = src + (i + 4) * stride;
    t[i] = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(lo)), _mm_loadu_ps(hi), 1);
    t[i + 4] = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(lo + 4)), _mm_loadu_ps(hi + 4), 1);
  }
#pragma GCC unroll 2
  for (int h = 0; h < 8; h += 4) {  // columns h … h + 3
    const __m256 u0 = _mm256_unpacklo_ps(t[h], t[h + 1]), u1 = _mm256_unpackhi_ps(t[h], t[h + 1]);
    const __m256 u2 = _mm256_unpacklo_ps(t[h + 2], t[h + 3]), u3 = _mm256_unpackhi_ps(t[h + 2], t[h + 3]);
    r[h] = _mm256_shuffle_ps(u0, u2, _MM_SHUFFLE(1, 0, 1, 0));
    r[h + 1] = _mm256_shuffle_ps(u0, u2, _MM_SHUFFLE(3, 2, 3, 2));
    r[h + 2] = _mm256_shuffle_ps(u1, u3, _MM_SHUFFLE(1, 0, 1, 0));
    r[h + 3] = _mm256_shuffle_ps(u1, u3, _MM_SHUFFLE(3, 2, 3, 2));
  }
}

struct KAvx2 {
  static constexpr int MR = 6, NR = 16;
  static constexpr bool kTransPack = true;
  static constexpr bool kRowPackA = false;
  static constexpr bool kEdgeRows = true;
  static void pack_a_rows(int64_t, int64_t, const float*, int64_t, float*) {}
  // Packs a transposed B (B(p, j) = b[j·bcs + p]) into NR-column strips with 8×8 register transposes.
  static void pack_bt(int64_t kc, int64_t nc, const float* b, int64_t bcs, float* dst) {
    for (int64_t c0 = 0; c0 < nc; c0 += NR) {
      const int64_t cols = nc - c0 < NR ? nc - c0 : NR;
      if (cols < NR) {
        for (int64_t p = 0; p < kc; p++)
          for (int j = 0; j < NR; j++) dst[p * NR + j] = j < cols ? b[(c0 + j) * bcs + p] : 0.0f;
      } else {
        int64_t p = 0;
        for (; p + 8 <= kc; p += 8) {
          for (int h = 0; h < 2; h++) {
            __m256 r[8];
            load_transpose8(b + (c0 + h * 8) * bcs + p, bcs, r);
#pragma GCC unroll 8
            for (int i = 0; i < 8; i++) _mm256_store_ps(dst + (p + i) * NR + h * 8, r[i]);
          }
        }
        for (; p < kc; p++)
          for (int j = 0; j < NR; j++) dst[p * NR + j] = b[(c0 + j) * bcs + p];
      }
      dst += NR * kc;
    }
  }
  // One k step of rows [0, R) into acc (2 vectors a row), issuing the next of pf's prefetches.
  template <int R>
  static inline void step(const float* pa, const float* pb, __m256* acc, BPrefetchCursor& prefetch) {
    if (const float* line = prefetch.next()) _mm_prefetch(reinterpret_cast<const char*>(line), _MM_HINT_T1);
    const __m256 b0 = _mm256_loadu_ps(pb), b1 = _mm256_loadu_ps(pb + 8);
#pragma GCC unroll 8
    for (int i = 0; i < R; i++) {
      const __m256 av = _mm256_broadcast_ss(pa + i);
      acc[2 * i] = _mm256_fmadd_ps(av, b0, acc[2 * i]);
      acc[2 * i + 1] = _mm256_fmadd_ps(av, b1, acc[2 * i + 1]);
    }
  }
  // Rows [0, R) of the tile (R < MR: the last strip of A, with fewer FMAs per k step instead of zeros). With S > 1,
  // S sets of accumulators take alternate k steps, so that few rows still keep 8 FMA chains in flight (latency 4 ×
  // 2 pipes), and are summed at the end.
  template <int R, int S = 1>
  static void run_rows(int64_t kc, const float* pa, const float* pb, int64_t bstride, float* c, int64_t ldc,
                       float alpha, float beta, const BPrefetch& pf) {
    __m256 acc[S][2 * R];
#pragma GCC unroll 16
    for (int s = 0; s < S; s++)
#pragma GCC unroll 16
      for (int i = 0; i < 2 * R; i++) acc[s][i] = _mm256_setzero_ps();
    BPrefetchCursor prefetch(pf, kc);
    int64_t p = 0;
    for (; p + S <= kc; p += S) {
#pragma GCC unroll 4
      for (int s = 0; s < S; s++) step<R>(pa + s * MR, pb + s * bstride, acc[s], prefetch);
      pa += S * MR;
      pb += S * bstride;
    }
    for (; p < kc; p++, pa += MR, pb += bstride) step<R>(pa, pb, acc[0], prefetch);
#pragma GCC unroll 4
    for (int s = 1; s < S; s++)
#pragma GCC unroll 16
      for (int i = 0; i < 2 * R; i++) acc[0][i] = _mm256_add_ps(acc[0][i], acc[s][i]);
    const __m256* acc0 = acc[0];
    // alpha and beta pass through memory here: held in registers across the loop, GCC gave the 12 accumulators, two B
    // vectors and the broadcast too few of the 16 ymm registers and spilled a B vector (reloaded for each row).
    __asm__("" : "+m"(alpha), "+m"(beta));
    const __m256 va = _mm256_set1_ps(alpha);
    if (beta == 0.0f) {
#pragma GCC unroll 8
      for (int i = 0; i < R; i++) {
        _mm256_storeu_ps(c + i * ldc, _mm256_mul_ps(va, acc0[2 * i]));
        _mm256_storeu_ps(c + i * ldc + 8, _mm256_mul_ps(va, acc0[2 * i + 1]));
      }
    } else {
      const __m256 vb = _mm256_set1_ps(beta);
#pragma GCC unroll 8
      for (int i = 0; i < R; i++) {
        float* r = c + i * ldc;
        _mm256_storeu_ps(r, _mm256_fmadd_ps(va, acc0[2 * i], _mm256_mul_ps(vb, _mm256_loadu_ps(r))));
        _mm256_storeu_ps(r + 8, _mm256_fmadd_ps(va, acc0[2 * i + 1], _mm256_mul_ps(vb, _mm256_loadu_ps(r + 8))));
      }
    }
  }
  static void run(int64_t kc, const float* pa, const float* pb, int64_t bstride, float* c, int64_t ldc, float alpha,
                  float beta, const BPrefetch& pf) {
    run_rows<MR>(kc, pa, pb, bstride, c, ldc, alpha, beta, pf);
  }
  static void run_edge(int64_t rows, int64_t kc, const float* pa, const float* pb, int64_t bstride, float* tile,
                       const BPrefetch& pf) {
    switch (rows) {
      case 1: return run_rows<1, 4>(kc, pa, pb, bstride, tile, NR, 1.0f, 0.0f, pf);
      case 2: return run_rows<2, 2>(kc, pa, pb, bstride, tile, NR, 1.0f, 0.0f, pf);
      case 3: return run_rows<3, 2>(kc, pa, pb, bstride, tile, NR, 1.0f, 0.0f, pf);
      case 4: return run_rows<4>(kc, pa, pb, bstride, tile, NR, 1.0f, 0.0f, pf);
      case 5: return run_rows<5>(kc, pa, pb, bstride, tile, NR, 1.0f, 0.0f, pf);
      default: return run_rows<MR>(kc, pa, pb, bstride, tile, NR, 1.0f, 0.0f, pf);
    }
  }
};

// 12 independent chains: FMA latency (4 cycles) × 2 pipes needs 8 in flight; 12 leaves slack and fits 16 ymm.
constexpr int kProbeChains = 12;

}  // namespace

namespace hrl {
int64_t fma_probe_avx2(int64_t reps, float* sink) {
  const __m256 m = _mm256_set1_ps(*sink * 1e-7f + 0.9999f), a = _mm256_set1_ps(*sink * 1e-7f + 1e-3f);
  __m256 acc[kProbeChains];
#pragma GCC unroll 16
  for (int i = 0; i < kProbeChains; i++) acc[i] = _mm256_set1_ps(static_cast<float>(i));
  for (int64_t r = 0; r < reps; r++) {
#pragma GCC unroll 16
    for (int i = 0; i < kProbeChains; i++) acc[i] = _mm256_fmadd_ps(acc[i], m, a);
  }
  __m256 s = acc[0];
  for (int i = 1; i < kProbeChains; i++) s = _mm256_add_ps(s, acc[i]);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, s);
  *sink = lanes[0];
  return reps * kProbeChains * 8 * 2;
}
void gemm_avx2(const GemmTask& t, const PackBuffers& buf) { gemm_blocked<KAvx2>(t, buf); }
}  // namespace hrl
