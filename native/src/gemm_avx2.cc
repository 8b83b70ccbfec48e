// AVX2+FMA GEMM micro-kernel: 6×16 tile (12 ymm accumulators). Built with -mavx2 -mfma only for this file.
#include <immintrin.h>
#include "gemm_driver.h"

namespace {

struct KAvx2 {
  static constexpr int MR = 6, NR = 16;
  static constexpr bool kTransPack = false;
  static void pack_bt(int64_t, int64_t, const float*, int64_t, float*) {}
  static void run(int64_t kc, const float* pa, const float* pb, int64_t bstride, float* c, int64_t ldc, float alpha, float beta) {
    __m256 acc0[MR], acc1[MR];
#pragma GCC unroll 8
    for (int i = 0; i < MR; i++) { acc0[i] = _mm256_setzero_ps(); acc1[i] = _mm256_setzero_ps(); }
    for (int64_t p = 0; p < kc; p++) {
      const __m256 b0 = _mm256_loadu_ps(pb), b1 = _mm256_loadu_ps(pb + 8);
#pragma GCC unroll 8
      for (int i = 0; i < MR; i++) {
        const __m256 av = _mm256_broadcast_ss(pa + i);
        acc0[i] = _mm256_fmadd_ps(av, b0, acc0[i]);
        acc1[i] = _mm256_fmadd_ps(av, b1, acc1[i]);
      }
      pa += MR;
      pb += bstride;
    }
    const __m256 va = _mm256_set1_ps(alpha);
    if (beta == 0.0f) {
#pragma GCC unroll 8
      for (int i = 0; i < MR; i++) {
        _mm256_storeu_ps(c + i * ldc, _mm256_mul_ps(va, acc0[i]));
        _mm256_storeu_ps(c + i * ldc + 8, _mm256_mul_ps(va, acc1[i]));
      }
    } else {
      const __m256 vb = _mm256_set1_ps(beta);
#pragma GCC unroll 8
      for (int i = 0; i < MR; i++) {
        float* r = c + i * ldc;
        _mm256_storeu_ps(r, _mm256_fmadd_ps(va, acc0[i], _mm256_mul_ps(vb, _mm256_loadu_ps(r))));
        _mm256_storeu_ps(r + 8, _mm256_fmadd_ps(va, acc1[i], _mm256_mul_ps(vb, _mm256_loadu_ps(r + 8))));
      }
    }
  }
};

}  // namespace

namespace hrl {
void gemm_avx2(const GemmTask& t, const PackBuffers& buf) { gemm_blocked<KAvx2>(t, buf); }
}  // namespace hrl
