// AVX-512F GEMM micro-kernel: 8×32 tile (16 zmm accumulators). Built with -mavx512f… only for this file.
#include <immintrin.h>
#include "gemm_driver.h"

namespace {

// In-register 16×16 transpose: four butterfly stages, each swapping bit s of the row and column index
// (rows r and r+b exchange their off-diagonal b-blocks) with one two-source permute per output row.
alignas(64) const int kButterfly[4][2][16] = {
    {{0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30}, {1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31}},
    {{0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29}, {2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31}},
    {{0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27}, {4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31}},
    {{0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23}, {8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31}},
};

inline void transpose16(__m512 r[16]) {
#pragma GCC unroll 4
  for (int s = 0; s < 4; s++) {
    const int b = 1 << s;
    const __m512i il = _mm512_load_si512(kButterfly[s][0]), ih = _mm512_load_si512(kButterfly[s][1]);
#pragma GCC unroll 16
    for (int i = 0; i < 16; i++) {
      if (i & b) continue;
      const __m512 x = r[i], y = r[i + b];
      r[i] = _mm512_permutex2var_ps(x, il, y);
      r[i + b] = _mm512_permutex2var_ps(x, ih, y);
    }
  }
}

struct KAvx512 {
  static constexpr int MR = 8, NR = 32;
  static constexpr bool kTransPack = true;
  static constexpr bool kRowPackA = true;
  static constexpr bool kEdgeRows = false;
  // Packs a row-major A block (A(i, p) = a[i·ars + p]) into MR-row strips, sixteen rows (two strips) at a time with
  // 16×16 register transposes; the scalar pack wrote one float per store (a Winograd weight gradient, whose A is
  // reused by only 2–4 column strips, spent ~12 % of its GEMM packing A).
  static void pack_a_rows(int64_t mc, int64_t kc, const float* a, int64_t ars, float* dst) {
    int64_t r0 = 0;
    for (; r0 + 16 <= mc; r0 += 16) {
      float* d0 = dst + r0 * kc;  // strip r0 / MR
      float* d1 = d0 + MR * kc;   // the next one
      int64_t p = 0;
      for (; p + 16 <= kc; p += 16) {
        __m512 r[16];
#pragma GCC unroll 16
        for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_ps(a + (r0 + i) * ars + p);
        transpose16(r);
#pragma GCC unroll 16
        for (int j = 0; j < 16; j++) {
          // lanes 0–7 (rows r0…r0+7) to this strip, lanes 8–15 to the next (a masked store shifted back 8 floats)
          _mm512_mask_storeu_ps(d0 + (p + j) * MR, 0x00FF, r[j]);
          _mm512_mask_storeu_ps(d1 + (p + j) * MR - 8, 0xFF00, r[j]);
        }
      }
      for (; p < kc; p++)
        for (int i = 0; i < MR; i++) {
          d0[p * MR + i] = a[(r0 + i) * ars + p];
          d1[p * MR + i] = a[(r0 + MR + i) * ars + p];
        }
    }
    if (r0 < mc) pack_a<MR>(mc - r0, kc, a + r0 * ars, ars, 1, dst + r0 * kc);
  }
  // Packs a transposed B (B(p, j) = b[j·bcs + p]) into NR-column strips with 16×16 register transposes.
  static void pack_bt(int64_t kc, int64_t nc, const float* b, int64_t bcs, float* dst) {
    for (int64_t c0 = 0; c0 < nc; c0 += NR) {
      const int64_t cols = nc - c0 < NR ? nc - c0 : NR;
      if (cols < NR) {
        for (int64_t p = 0; p < kc; p++)
          for (int j = 0; j < NR; j++) dst[p * NR + j] = j < cols ? b[(c0 + j) * bcs + p] : 0.0f;
      } else {
        int64_t p = 0;
        for (; p + 16 <= kc; p += 16) {
          for (int h = 0; h < 2; h++) {
            __m512 r[16];
#pragma GCC unroll 16
            for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_ps(b + (c0 + h * 16 + i) * bcs + p);
            transpose16(r);
#pragma GCC unroll 16
            for (int i = 0; i < 16; i++) _mm512_store_ps(dst + (p + i) * NR + h * 16, r[i]);
          }
        }
        for (; p < kc; p++)
          for (int j = 0; j < NR; j++) dst[p * NR + j] = b[(c0 + j) * bcs + p];
      }
      dst += NR * kc;
    }
  }
  static void run(int64_t kc, const float* pa, const float* pb, int64_t bstride, float* c, int64_t ldc, float alpha,
                  float beta, const BPrefetch& pf) {
    __m512 acc0[MR], acc1[MR];
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++) { acc0[i] = _mm512_setzero_ps(); acc1[i] = _mm512_setzero_ps(); }
    BPrefetchCursor prefetch(pf, kc);
    for (int64_t p = 0; p < kc; p++) {
      if (const float* line = prefetch.next()) _mm_prefetch(reinterpret_cast<const char*>(line), _MM_HINT_T1);
      const __m512 b0 = _mm512_loadu_ps(pb), b1 = _mm512_loadu_ps(pb + 16);
#pragma GCC unroll 16
      for (int i = 0; i < MR; i++) {
        const __m512 av = _mm512_set1_ps(pa[i]);
        acc0[i] = _mm512_fmadd_ps(av, b0, acc0[i]);
        acc1[i] = _mm512_fmadd_ps(av, b1, acc1[i]);
      }
      pa += MR;
      pb += bstride;
    }
    const __m512 va = _mm512_set1_ps(alpha);
    if (beta == 0.0f) {
#pragma GCC unroll 16
      for (int i = 0; i < MR; i++) {
        _mm512_storeu_ps(c + i * ldc, _mm512_mul_ps(va, acc0[i]));
        _mm512_storeu_ps(c + i * ldc + 16, _mm512_mul_ps(va, acc1[i]));
      }
    } else {
      const __m512 vb = _mm512_set1_ps(beta);
#pragma GCC unroll 16
      for (int i = 0; i < MR; i++) {
        float* r = c + i * ldc;
        _mm512_storeu_ps(r, _mm512_fmadd_ps(va, acc0[i], _mm512_mul_ps(vb, _mm512_loadu_ps(r))));
        _mm512_storeu_ps(r + 16, _mm512_fmadd_ps(va, acc1[i], _mm512_mul_ps(vb, _mm512_loadu_ps(r + 16))));
      }
    }
  }
};

// 16 independent chains: FMA latency (4 cycles) × 2 pipes needs 8 in flight; 16 of the 32 zmm leave slack.
constexpr int kProbeChains = 16;

}  // namespace

namespace hrl {
int64_t fma_probe_avx512(int64_t reps, float* sink) {
  const __m512 m = _mm512_set1_ps(*sink * 1e-7f + 0.9999f), a = _mm512_set1_ps(*sink * 1e-7f + 1e-3f);
  __m512 acc[kProbeChains];
#pragma GCC unroll 16
  for (int i = 0; i < kProbeChains; i++) acc[i] = _mm512_set1_ps(static_cast<float>(i));
  for (int64_t r = 0; r < reps; r++) {
#pragma GCC unroll 16
    for (int i = 0; i < kProbeChains; i++) acc[i] = _mm512_fmadd_ps(acc[i], m, a);
  }
  __m512 s = acc[0];
  for (int i = 1; i < kProbeChains; i++) s = _mm512_add_ps(s, acc[i]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, s);  // (GCC 12's _mm512_reduce_add_ps warns of an uninitialised operand)
  *sink = lanes[0];
  return reps * kProbeChains * 16 * 2;
}
void gemm_avx512(const GemmTask& t, const PackBuffers& buf) { gemm_blocked<KAvx512>(t, buf); }
}  // namespace hrl
