// Fused optimizer steps, in place, one pass over the parameter and state buffers (the formulas of the reference /
// PyTorch, per element in double). Large parameter tensors are split across the pool.
#include <cmath>
#include "kernels.h"

namespace hrl {
namespace {
constexpr int64_t kGrain = 1 << 15;

HRL_CLONES
void adam_range(float* __restrict p, const float* __restrict g, float* __restrict m, float* __restrict v, int64_t lo, int64_t hi,
                double b1, double b2, double eps, double wd, double stepSize, double sqrtBc2) {
  for (int64_t i = lo; i < hi; i++) {
    const double gi = g[i] + wd * p[i];
    const double mi = b1 * m[i] + (1 - b1) * gi;
    m[i] = static_cast<float>(mi);
    const double vi = b2 * v[i] + (1 - b2) * gi * gi;
    v[i] = static_cast<float>(vi);
    p[i] = static_cast<float>(p[i] - (stepSize * mi) / (std::sqrt(vi) / sqrtBc2 + eps));
  }
}

HRL_CLONES
void radam_range(float* __restrict p, const float* __restrict g, float* __restrict m, float* __restrict v, int64_t lo, int64_t hi,
                 double lr, double b1, double b2, double eps, double wd, double bc1, bool rectified, double rect, double sqrtBc2) {
  for (int64_t i = lo; i < hi; i++) {
    const double gi = g[i] + wd * p[i];
    const double mi = b1 * m[i] + (1 - b1) * gi;
    m[i] = static_cast<float>(mi);
    const double vi = b2 * v[i] + (1 - b2) * gi * gi;
    v[i] = static_cast<float>(vi);
    const double mHat = mi / bc1;
    p[i] = static_cast<float>(rectified ? p[i] - lr * mHat * rect * (sqrtBc2 / (std::sqrt(vi) + eps)) : p[i] - lr * mHat);
  }
}

template <bool kCentered, bool kMomentum>
HRL_CLONES void rmsprop_range(float* __restrict p, const float* __restrict g, float* __restrict sq, float* __restrict gavg, float* __restrict buf,
                              int64_t lo, int64_t hi, double lr, double alpha, double eps, double mom, double wd) {
  for (int64_t i = lo; i < hi; i++) {
    const double gi = g[i] + wd * p[i];
    const double si = alpha * sq[i] + (1 - alpha) * gi * gi;
    sq[i] = static_cast<float>(si);
    double denom;
    if (kCentered) {
      const double ai = alpha * gavg[i] + (1 - alpha) * gi;
      gavg[i] = static_cast<float>(ai);
      denom = std::sqrt(si - ai * ai) + eps;
    } else {
      denom = std::sqrt(si) + eps;
    }
    if (kMomentum) {
      const double bi = mom * buf[i] + gi / denom;
      buf[i] = static_cast<float>(bi);
      p[i] = static_cast<float>(p[i] - lr * bi);
    } else {
      p[i] = static_cast<float>(p[i] - (lr * gi) / denom);
    }
  }
}

HRL_CLONES
void sgd_range(float* __restrict p, const float* __restrict g, float* __restrict buf, int64_t lo, int64_t hi,
               double lr, double mom, double damp, bool nesterov, double wd, bool first) {
  for (int64_t i = lo; i < hi; i++) {
    double d = g[i] + wd * p[i];
    if (buf) {
      const double bi = first ? d : mom * buf[i] + (1 - damp) * d;
      buf[i] = static_cast<float>(bi);
      d = nesterov ? d + mom * bi : bi;
    }
    p[i] = static_cast<float>(p[i] - lr * d);
  }
}
}  // namespace

void adam(float* p, const float* g, float* m, float* v, int64_t n, double lr, double b1, double b2, double eps, double wd, double step) {
  const double bc1 = 1 - std::pow(b1, step), bc2 = 1 - std::pow(b2, step);
  const double stepSize = lr / bc1, sqrtBc2 = std::sqrt(bc2);
  parallel_range(n, kGrain, [&](int64_t lo, int64_t hi) { adam_range(p, g, m, v, lo, hi, b1, b2, eps, wd, stepSize, sqrtBc2); });
}

void radam(float* p, const float* g, float* m, float* v, int64_t n, double lr, double b1, double b2, double eps, double wd, double step) {
  const double bc1 = 1 - std::pow(b1, step), bc2 = 1 - std::pow(b2, step);
  const double rhoInf = 2 / (1 - b2) - 1;
  const double rho = rhoInf - (2 * step * std::pow(b2, step)) / bc2;
  const bool rectified = rho > 5;
  const double rect = rectified ? std::sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : 0;
  const double sqrtBc2 = std::sqrt(bc2);
  parallel_range(n, kGrain, [&](int64_t lo, int64_t hi) { radam_range(p, g, m, v, lo, hi, lr, b1, b2, eps, wd, bc1, rectified, rect, sqrtBc2); });
}

void rmsprop(float* p, const float* g, float* sq, float* gavg, float* buf, int64_t n, double lr, double alpha, double eps, double mom, double wd) {
  parallel_range(n, kGrain, [&](int64_t lo, int64_t hi) {
    if (gavg && buf) rmsprop_range<true, true>(p, g, sq, gavg, buf, lo, hi, lr, alpha, eps, mom, wd);
    else if (gavg) rmsprop_range<true, false>(p, g, sq, gavg, buf, lo, hi, lr, alpha, eps, mom, wd);
    else if (buf) rmsprop_range<false, true>(p, g, sq, gavg, buf, lo, hi, lr, alpha, eps, mom, wd);
    else rmsprop_range<false, false>(p, g, sq, gavg, buf, lo, hi, lr, alpha, eps, mom, wd);
  });
}

void sgd(float* p, const float* g, float* buf, int64_t n, double lr, double mom, double damp, bool nesterov, double wd, bool first) {
  parallel_range(n, kGrain, [&](int64_t lo, int64_t hi) { sgd_range(p, g, buf, lo, hi, lr, mom, damp, nesterov, wd, first); });
}

}  // namespace hrl
