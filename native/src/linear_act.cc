// Fused dense layer: out = act(x·Wᵀ + b) in one call (bias preloaded into C, GEMM with beta = 1, activation applied
// while the output rows are still in cache), and its backward (gz = gy·act′, then the three GEMM/reduction products).
#include <cstdlib>
#include "kernels.h"

namespace hrl {

void linear_act_forward(const float* x, const float* w, const float* bias, float* pre, float* out, int64_t rows, int64_t inF, int64_t outF, int act, double p1, double p2) {
  float* z = pre ? pre : out;
  if (bias) for (int64_t r = 0; r < rows; r++) for (int64_t j = 0; j < outF; j++) z[r * outF + j] = bias[j];
  gemm(false, true, rows, outF, inF, 1.0f, x, inF, 0, w, inF, 0, bias ? 1.0f : 0.0f, z, outF, 0, 1);
  if (act != 0 || z != out) unary(act, z, out, rows * outF, p1, p2);
}

void linear_act_backward(const float* gy, const float* x, const float* w, const float* pre, const float* out, float* gx, float* gw, float* gb,
                         int64_t rows, int64_t inF, int64_t outF, int act, double p1, double p2) {
  const int64_t n = rows * outF;
  float* gz = static_cast<float*>(std::malloc(static_cast<size_t>(n > 0 ? n : 1) * sizeof(float)));
  unary_backward(act, pre ? pre : out, out, gy, gz, n, p1, p2, false);
  // gx [rows × inF] = gz · W ; gW [outF × inF] += gzᵀ · x ; gb += Σ_rows gz
  if (gx) gemm(false, false, rows, inF, outF, 1.0f, gz, outF, 0, w, inF, 0, 0.0f, gx, inF, 0, 1);
  if (gw) gemm(true, false, outF, inF, rows, 1.0f, gz, outF, 0, x, inF, 0, 1.0f, gw, inF, 0, 1);
  if (gb) {
    for (int64_t j = 0; j < outF; j++) {
      double s = 0;
      for (int64_t r = 0; r < rows; r++) s += gz[r * outF + j];
      gb[j] = static_cast<float>(gb[j] + s);
    }
  }
  std::free(gz);
}

}  // namespace hrl
