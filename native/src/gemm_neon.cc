// AArch64 ASIMD (NEON) GEMM micro-kernel: 12×8 tile in 24 of the 32 q registers, one fmla by lane per row and
// 4-column half, so each k step loads 3 vectors of A and 2 of B for 24 FMAs. ASIMD is part of every AArch64 CPU, so
// this file needs no flags and is built (binding.gyp) only for arm64. NR = 8 divides kNC and conv's 32-column strip;
// MR = 12 divides kMC. The packs of a transposed B and a row-major A use 4×4 register transposes.
#if defined(__aarch64__) || defined(_M_ARM64)
#include <arm_neon.h>
#include "gemm_driver.h"

namespace {

// r[i] (row i, 4 columns) → r[j] (column j, 4 rows).
inline void transpose4(float32x4_t r[4]) {
  const float32x4_t t0 = vtrn1q_f32(r[0], r[1]), t1 = vtrn2q_f32(r[0], r[1]);
  const float32x4_t t2 = vtrn1q_f32(r[2], r[3]), t3 = vtrn2q_f32(r[2], r[3]);
  r[0] = vreinterpretq_f32_f64(vtrn1q_f64(vreinterpretq_f64_f32(t0), vreinterpretq_f64_f32(t2)));
  r[1] = vreinterpretq_f32_f64(vtrn1q_f64(vreinterpretq_f64_f32(t1), vreinterpretq_f64_f32(t3)));
  r[2] = vreinterpretq_f32_f64(vtrn2q_f64(vreinterpretq_f64_f32(t0), vreinterpretq_f64_f32(t2)));
  r[3] = vreinterpretq_f32_f64(vtrn2q_f64(vreinterpretq_f64_f32(t1), vreinterpretq_f64_f32(t3)));
}

// Rows 4·q … 4·q+3 of the tile += a[lane] · (b0 | b1). The lane must be a constant, hence the template.
template <int Lane>
inline void fma_row(float32x4_t* acc, float32x4_t a, float32x4_t b0, float32x4_t b1) {
  acc[0] = vfmaq_laneq_f32(acc[0], b0, a, Lane);
  acc[1] = vfmaq_laneq_f32(acc[1], b1, a, Lane);
}
inline void fma_rows4(float32x4_t* acc, float32x4_t a, float32x4_t b0, float32x4_t b1) {
  fma_row<0>(acc, a, b0, b1);
  fma_row<1>(acc + 2, a, b0, b1);
  fma_row<2>(acc + 4, a, b0, b1);
  fma_row<3>(acc + 6, a, b0, b1);
}

struct KNeon {
  static constexpr int MR = 12, NR = 8;
  static constexpr bool kTransPack = true;
  static constexpr bool kRowPackA = true;

  // A row-major A block [mc × kc] (A(i, p) = a[i·ars + p]) → MR-row strips, 4 rows × 4 k at a time.
  static void pack_a_rows(int64_t mc, int64_t kc, const float* a, int64_t ars, float* dst) {
    for (int64_t r0 = 0; r0 < mc; r0 += MR, dst += MR * kc) {
      const int64_t rows = imin(MR, mc - r0);
      int64_t p = 0;
      if (rows == MR) {
        for (; p + 4 <= kc; p += 4) {
          for (int q = 0; q < MR / 4; q++) {
            float32x4_t r[4];
            for (int i = 0; i < 4; i++) r[i] = vld1q_f32(a + (r0 + 4 * q + i) * ars + p);
            transpose4(r);
            for (int i = 0; i < 4; i++) vst1q_f32(dst + (p + i) * MR + 4 * q, r[i]);
          }
        }
      }
      for (; p < kc; p++)
        for (int i = 0; i < MR; i++) dst[p * MR + i] = i < rows ? a[(r0 + i) * ars + p] : 0.0f;
    }
  }

  // A transposed B (B(p, j) = b[j·bcs + p]) → NR-column strips, 4 columns × 4 k at a time.
  static void pack_bt(int64_t kc, int64_t nc, const float* b, int64_t bcs, float* dst) {
    for (int64_t c0 = 0; c0 < nc; c0 += NR, dst += NR * kc) {
      const int64_t cols = imin(NR, nc - c0);
      int64_t p = 0;
      if (cols == NR) {
        for (; p + 4 <= kc; p += 4) {
          for (int h = 0; h < NR / 4; h++) {
            float32x4_t r[4];
            for (int j = 0; j < 4; j++) r[j] = vld1q_f32(b + (c0 + 4 * h + j) * bcs + p);
            transpose4(r);
            for (int i = 0; i < 4; i++) vst1q_f32(dst + (p + i) * NR + 4 * h, r[i]);
          }
        }
      }
      for (; p < kc; p++)
        for (int j = 0; j < NR; j++) dst[p * NR + j] = j < cols ? b[(c0 + j) * bcs + p] : 0.0f;
    }
  }

  static void run(int64_t kc, const float* pa, const float* pb, int64_t bstride, float* c, int64_t ldc, float alpha,
                  float beta) {
    float32x4_t acc[2 * MR];  // row i: acc[2i] columns 0–3, acc[2i+1] columns 4–7
    for (int i = 0; i < 2 * MR; i++) acc[i] = vdupq_n_f32(0.0f);
    for (int64_t p = 0; p < kc; p++) {
      const float32x4_t b0 = vld1q_f32(pb), b1 = vld1q_f32(pb + 4);
      const float32x4_t a0 = vld1q_f32(pa), a1 = vld1q_f32(pa + 4), a2 = vld1q_f32(pa + 8);
      fma_rows4(acc, a0, b0, b1);
      fma_rows4(acc + 8, a1, b0, b1);
      fma_rows4(acc + 16, a2, b0, b1);
      pa += MR;
      pb += bstride;
    }
    const float32x4_t va = vdupq_n_f32(alpha);
    if (beta == 0.0f) {  // C is never read: it may hold anything, NaN included
      for (int i = 0; i < MR; i++) {
        vst1q_f32(c + i * ldc, vmulq_f32(va, acc[2 * i]));
        vst1q_f32(c + i * ldc + 4, vmulq_f32(va, acc[2 * i + 1]));
      }
    } else {
      const float32x4_t vb = vdupq_n_f32(beta);
      for (int i = 0; i < MR; i++) {
        float* r = c + i * ldc;
        vst1q_f32(r, vfmaq_f32(vmulq_f32(vb, vld1q_f32(r)), va, acc[2 * i]));
        vst1q_f32(r + 4, vfmaq_f32(vmulq_f32(vb, vld1q_f32(r + 4)), va, acc[2 * i + 1]));
      }
    }
  }
};

}  // namespace

namespace hrl {
void gemm_neon(const GemmTask& t, const PackBuffers& buf) { gemm_blocked<KNeon>(t, buf); }
}  // namespace hrl
#endif
