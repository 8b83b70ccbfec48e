// Row-wise normalisations: layer norm and (log-)softmax, forward and backward. Double accumulation as the reference;
// rows spread over the pool when there are many.
#include <cmath>
#include "kernels.h"

namespace hrl {
namespace {
inline int64_t row_grain(int64_t cols) { return (1 << 14) / (cols + 1) + 1; }
}  // namespace

void layernorm_forward(const float* x, const float* gamma, const float* beta, float* out, float* mean, float* rstd, int64_t rows, int64_t cols, double eps) {
  parallel_range(rows, row_grain(cols), [&](int64_t lo, int64_t hi) {
    for (int64_t r = lo; r < hi; r++) {
      const float* xr = x + r * cols;
      float* orow = out + r * cols;
      double s = 0;
      for (int64_t j = 0; j < cols; j++) s += xr[j];
      const double mu = s / cols;
      double ss = 0;
      for (int64_t j = 0; j < cols; j++) { const double d = xr[j] - mu; ss += d * d; }
      const double rs = 1 / std::sqrt(ss / cols + eps);
      mean[r] = static_cast<float>(mu);
      rstd[r] = static_cast<float>(rs);
      for (int64_t j = 0; j < cols; j++) {
        const double xhat = (xr[j] - mu) * rs;
        orow[j] = static_cast<float>(gamma ? xhat * gamma[j] + (beta ? beta[j] : 0.0) : xhat + (beta ? beta[j] : 0.0));
      }
    }
  });
}

void layernorm_backward(const float* gy, const float* x, const float* gamma, const float* mean, const float* rstd, float* gx, float* ggamma, float* gbeta, int64_t rows, int64_t cols) {
  // ggamma/gbeta accumulate across rows, so rows stay sequential here (rows × cols is small in RL nets).
  for (int64_t r = 0; r < rows; r++) {
    const int64_t base = r * cols;
    const double mu = mean[r], rs = rstd[r];
    double sumD = 0, sumDX = 0;
    for (int64_t j = 0; j < cols; j++) {
      const double xhat = (x[base + j] - mu) * rs;
      const double d = static_cast<double>(gy[base + j]) * (gamma ? gamma[j] : 1.0);
      sumD += d;
      sumDX += d * xhat;
      if (ggamma) ggamma[j] = static_cast<float>(ggamma[j] + gy[base + j] * xhat);
      if (gbeta) gbeta[j] = static_cast<float>(static_cast<double>(gbeta[j]) + gy[base + j]);
    }
    const double mD = sumD / cols, mDX = sumDX / cols;
    for (int64_t j = 0; j < cols; j++) {
      const double xhat = (x[base + j] - mu) * rs;
      const double d = static_cast<double>(gy[base + j]) * (gamma ? gamma[j] : 1.0);
      gx[base + j] = static_cast<float>(rs * (d - mD - xhat * mDX));
    }
  }
}

void softmax(const float* x, float* out, int64_t rows, int64_t cols, bool log) {
  parallel_range(rows, row_grain(cols), [&](int64_t lo, int64_t hi) {
    for (int64_t r = lo; r < hi; r++) {
      const float* xr = x + r * cols;
      float* orow = out + r * cols;
      double mx = -INFINITY;
      for (int64_t j = 0; j < cols; j++) mx = xr[j] > mx || xr[j] != xr[j] ? xr[j] : mx;
      double s = 0;
      for (int64_t j = 0; j < cols; j++) s += std::exp(xr[j] - mx);
      if (log) {
        const double lse = mx + std::log(s);
        for (int64_t j = 0; j < cols; j++) orow[j] = static_cast<float>(xr[j] - lse);
      } else {
        for (int64_t j = 0; j < cols; j++) orow[j] = static_cast<float>(std::exp(xr[j] - mx) / s);
      }
    }
  });
}

void softmax_backward(const float* y, const float* gy, float* gx, int64_t rows, int64_t cols, bool log) {
  parallel_range(rows, row_grain(cols), [&](int64_t lo, int64_t hi) {
    for (int64_t r = lo; r < hi; r++) {
      const int64_t base = r * cols;
      double s = 0;
      if (log) {
        for (int64_t j = 0; j < cols; j++) s += gy[base + j];
        for (int64_t j = 0; j < cols; j++) gx[base + j] = static_cast<float>(gy[base + j] - std::exp(static_cast<double>(y[base + j])) * s);
      } else {
        for (int64_t j = 0; j < cols; j++) s += static_cast<double>(gy[base + j]) * y[base + j];
        for (int64_t j = 0; j < cols; j++) gx[base + j] = static_cast<float>(y[base + j] * (gy[base + j] - s));
      }
    }
  });
}

}  // namespace hrl
