// Fused optimizer steps, in place, one pass over the parameter and state buffers: the formulas of the reference /
// PyTorch, per element in float as PyTorch's kernels do (the complements 1 − β are taken in double first: 1 − float(0.999)
// is off by 1e-5) (in double, the sqrt and division ran at half the SIMD width
// and made centered RMSprop ~13 % of a MinAtar DQN step). Large parameter tensors are split across the pool.
// Each step also reports whether every parameter it wrote is finite (the divergence guard's parameter check, at the
// cost of an integer max per element in a loop that waits on memory anyway).
#include <atomic>
#include <cmath>
#include <cstring>
#include "kernels.h"

namespace hrl {
namespace {
constexpr int64_t kGrain = 1 << 15;
constexpr uint32_t kExponent = 0x7f800000u;  // all ones in NaN and ±Inf

// The exponent field of v: kExponent exactly when v is NaN or ±Inf.
inline uint32_t exponent_bits(float v) {
  uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b & kExponent;
}

// Runs range(lo, hi) over the pool; true when every range returned true (all its parameters finite).
template <class F>
bool all_ranges(int64_t n, const F& range) {
  std::atomic<bool> finite{true};
  parallel_range(n, kGrain, [&](int64_t lo, int64_t hi) { if (!range(lo, hi)) finite.store(false, std::memory_order_relaxed); });
  return finite.load(std::memory_order_relaxed);
}

// The hot loops, once per instruction set (isa_copies.h).
#define HRL_ISA_LOOPS "optim_loops.inc"
#include "isa_copies.h"

}  // namespace

bool adam(float* p, const float* g, float* m, float* v, int64_t n, double lr, double b1, double b2, double eps, double wd, double step) {
  const double bc1 = 1 - std::pow(b1, step), bc2 = 1 - std::pow(b2, step);
  const double stepSize = lr / bc1, sqrtBc2 = std::sqrt(bc2);
  return all_ranges(n, [&](int64_t lo, int64_t hi) { return HRL_ISA_SWITCH(isa::adam_range(p, g, m, v, lo, hi, b1, 1 - b1, b2, 1 - b2, eps, wd, stepSize, sqrtBc2)); });
}

bool radam(float* p, const float* g, float* m, float* v, int64_t n, double lr, double b1, double b2, double eps, double wd, double step) {
  const double bc1 = 1 - std::pow(b1, step), bc2 = 1 - std::pow(b2, step);
  const double rhoInf = 2 / (1 - b2) - 1;
  const double rho = rhoInf - (2 * step * std::pow(b2, step)) / bc2;
  const bool rectified = rho > 5;
  const double rect = rectified ? std::sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : 0;
  const double sqrtBc2 = std::sqrt(bc2);
  return all_ranges(n, [&](int64_t lo, int64_t hi) { return HRL_ISA_SWITCH(isa::radam_range(p, g, m, v, lo, hi, lr, b1, 1 - b1, b2, 1 - b2, eps, wd, bc1, rectified, rect, sqrtBc2)); });
}

bool rmsprop(float* p, const float* g, float* sq, float* gavg, float* buf, int64_t n, double lr, double alpha, double eps, double mom, double wd) {
  return all_ranges(n, [&](int64_t lo, int64_t hi) {
    if (gavg && buf) return HRL_ISA_SWITCH(isa::rmsprop_range<true, true>(p, g, sq, gavg, buf, lo, hi, lr, alpha, 1 - alpha, eps, mom, wd));
    if (gavg) return HRL_ISA_SWITCH(isa::rmsprop_range<true, false>(p, g, sq, gavg, buf, lo, hi, lr, alpha, 1 - alpha, eps, mom, wd));
    if (buf) return HRL_ISA_SWITCH(isa::rmsprop_range<false, true>(p, g, sq, gavg, buf, lo, hi, lr, alpha, 1 - alpha, eps, mom, wd));
    return HRL_ISA_SWITCH(isa::rmsprop_range<false, false>(p, g, sq, gavg, buf, lo, hi, lr, alpha, 1 - alpha, eps, mom, wd));
  });
}

bool sgd(float* p, const float* g, float* buf, int64_t n, double lr, double mom, double damp, bool nesterov, double wd, bool first) {
  return all_ranges(n, [&](int64_t lo, int64_t hi) { return HRL_ISA_SWITCH(isa::sgd_range(p, g, buf, lo, hi, lr, mom, 1 - damp, nesterov, wd, first)); });
}

Isa optim_copy_isa() { return HRL_ISA_SWITCH(isa::kIsa); }

}  // namespace hrl
