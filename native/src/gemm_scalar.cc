// Portable GEMM micro-kernel (any architecture): a 4×8 register tile in plain C++ the compiler may vectorise.
#include "gemm_driver.h"

namespace {

struct KScalar {
  static constexpr int MR = 4, NR = 8;
  static constexpr bool kTransPack = false;
  static constexpr bool kRowPackA = false;
  static constexpr bool kEdgeRows = false;
  static void pack_a_rows(int64_t, int64_t, const float*, int64_t, float*) {}
  static void pack_bt(int64_t, int64_t, const float*, int64_t, float*) {}
  static void run(int64_t kc, const float* pa, const float* pb, int64_t bstride, float* c, int64_t ldc, float alpha,
                  float beta, const BPrefetch&) {
    float acc[MR][NR] = {};
    for (int64_t p = 0; p < kc; p++) {
      for (int i = 0; i < MR; i++) {
        const float av = pa[i];
        for (int j = 0; j < NR; j++) acc[i][j] += av * pb[j];
      }
      pa += MR;
      pb += bstride;
    }
    for (int i = 0; i < MR; i++) {
      for (int j = 0; j < NR; j++) {
        const float v = alpha * acc[i][j];
        c[i * ldc + j] = beta == 0.0f ? v : v + beta * c[i * ldc + j];
      }
    }
  }
};

// The portable probe: plain C++ the compiler vectorises at the baseline flags (SSE2 multiply + add on x86-64, NEON
// fmla on AArch64), as it does KScalar: 64 floats of independent chains.
constexpr int kProbeLanes = 64;

}  // namespace

namespace hrl {
int64_t fma_probe_scalar(int64_t reps, float* sink) {
  const float m = *sink * 1e-7f + 0.9999f, a = *sink * 1e-7f + 1e-3f;
  float acc[kProbeLanes];
  for (int i = 0; i < kProbeLanes; i++) acc[i] = static_cast<float>(i);
  for (int64_t r = 0; r < reps; r++)
    for (int i = 0; i < kProbeLanes; i++) acc[i] = acc[i] * m + a;
  float s = 0.0f;
  for (int i = 0; i < kProbeLanes; i++) s += acc[i];
  *sink = s;
  return reps * kProbeLanes * 2;
}
void gemm_scalar(const GemmTask& t, const PackBuffers& buf) { gemm_blocked<KScalar>(t, buf); }
}  // namespace hrl
