// AVX-512F GEMM micro-kernel: 8×32 tile (16 zmm accumulators). Built with -mavx512f… only for this file.
#include <immintrin.h>
#include "gemm_driver.h"

namespace {

struct KAvx512 {
  static constexpr int MR = 8, NR = 32;
  static void run(int64_t kc, const float* pa, const float* pb, float* c, int64_t ldc, float alpha, float beta) {
    __m512 acc0[MR], acc1[MR];
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++) { acc0[i] = _mm512_setzero_ps(); acc1[i] = _mm512_setzero_ps(); }
    for (int64_t p = 0; p < kc; p++) {
      const __m512 b0 = _mm512_load_ps(pb), b1 = _mm512_load_ps(pb + 16);
#pragma GCC unroll 16
      for (int i = 0; i < MR; i++) {
        const __m512 av = _mm512_set1_ps(pa[i]);
        acc0[i] = _mm512_fmadd_ps(av, b0, acc0[i]);
        acc1[i] = _mm512_fmadd_ps(av, b1, acc1[i]);
      }
      pa += MR;
      pb += NR;
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

}  // namespace

namespace hrl {
void gemm_avx512(const GemmTask& t, const PackBuffers& buf) { gemm_blocked<KAvx512>(t, buf); }
}  // namespace hrl
