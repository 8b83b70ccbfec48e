// Matrix-vector products: a GEMM with one row of A (the batch-1 forward that picks an action). Packing B, the weight
// matrix, for a single row costs more than the product itself (measured: 1×3136·3136×512 took 0.97 ms through the
// blocked GEMM); here B is streamed once, straight from memory, and its columns are split over the pool when large.
#include <cstdlib>
#include "kernels.h"

namespace hrl {
namespace {

constexpr int kLanes = 16;
// Split the columns over the pool from this many multiply-adds (B ≥ 256 KiB: streaming it dominates a wake-up).
constexpr int64_t kParallelGemvMacs = 1 << 16;

inline float finish(float acc, float alpha, float beta, float old) {
  const float v = alpha * acc;
  return beta == 0.0f ? v : v + beta * old;
}

// c[j] = alpha·Σ_p x[p]·B[j·ldb + p] + beta·c[j] for j in [lo, hi): B's rows are contiguous (a Linear layer's weight
// [n × k] read transposed). Four rows share each load of x; 16 independent lanes let the compiler vectorise.
HRL_CLONES
void dot_rows(const float* __restrict x, const float* __restrict b, int64_t ldb, int64_t k, float alpha, float beta,
              float* __restrict c, int64_t lo, int64_t hi) {
  const int64_t kv = k / kLanes * kLanes;
  int64_t j = lo;
  for (; j + 4 <= hi; j += 4) {
    const float* b0 = b + j * ldb;
    const float* b1 = b0 + ldb;
    const float* b2 = b1 + ldb;
    const float* b3 = b2 + ldb;
    float s0[kLanes] = {}, s1[kLanes] = {}, s2[kLanes] = {}, s3[kLanes] = {};
    for (int64_t p = 0; p < kv; p += kLanes) {
      for (int l = 0; l < kLanes; l++) {
        const float xv = x[p + l];
        s0[l] += xv * b0[p + l];
        s1[l] += xv * b1[p + l];
        s2[l] += xv * b2[p + l];
        s3[l] += xv * b3[p + l];
      }
    }
    float t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (int l = 0; l < kLanes; l++) { t0 += s0[l]; t1 += s1[l]; t2 += s2[l]; t3 += s3[l]; }
    for (int64_t p = kv; p < k; p++) {
      t0 += x[p] * b0[p]; t1 += x[p] * b1[p]; t2 += x[p] * b2[p]; t3 += x[p] * b3[p];
    }
    c[j] = finish(t0, alpha, beta, c[j]);
    c[j + 1] = finish(t1, alpha, beta, c[j + 1]);
    c[j + 2] = finish(t2, alpha, beta, c[j + 2]);
    c[j + 3] = finish(t3, alpha, beta, c[j + 3]);
  }
  for (; j < hi; j++) {
    const float* bj = b + j * ldb;
    float s[kLanes] = {};
    for (int64_t p = 0; p < kv; p += kLanes)
      for (int l = 0; l < kLanes; l++) s[l] += x[p + l] * bj[p + l];
    float t = 0;
    for (int l = 0; l < kLanes; l++) t += s[l];
    for (int64_t p = kv; p < k; p++) t += x[p] * bj[p];
    c[j] = finish(t, alpha, beta, c[j]);
  }
}

// c[j] = alpha·Σ_p x[p]·B[p·ldb + j] + beta·c[j] for j in [lo, hi): B row-major [k × n], so each row of B updates a
// block of 256 accumulators.
HRL_CLONES
void axpy_rows(const float* __restrict x, const float* __restrict b, int64_t ldb, int64_t k, float alpha, float beta,
               float* __restrict c, int64_t lo, int64_t hi) {
  constexpr int64_t kBlock = 256;
  float acc[kBlock];
  for (int64_t j0 = lo; j0 < hi; j0 += kBlock) {
    const int64_t nb = hi - j0 < kBlock ? hi - j0 : kBlock;
    for (int64_t l = 0; l < nb; l++) acc[l] = 0.0f;
    for (int64_t p = 0; p < k; p++) {
      const float xv = x[p];
      const float* row = b + p * ldb + j0;
      for (int64_t l = 0; l < nb; l++) acc[l] += xv * row[l];
    }
    for (int64_t l = 0; l < nb; l++) c[j0 + l] = finish(acc[l], alpha, beta, c[j0 + l]);
  }
}

// A's row as a contiguous vector: itself when its stride is 1, else a copy in this thread's buffer.
const float* contiguous_row(const GemmTask& t) {
  if (t.acs == 1) return t.a;
  thread_local float* buf = nullptr;
  thread_local int64_t cap = 0;
  if (t.k > cap) {
    std::free(buf);
    buf = static_cast<float*>(std::malloc(static_cast<size_t>(t.k) * sizeof(float)));
    if (!buf) std::abort();
    cap = t.k;
  }
  for (int64_t p = 0; p < t.k; p++) buf[p] = t.a[p * t.acs];
  return buf;
}

}  // namespace

bool gemv(const GemmTask& t, bool threaded) {
  if (t.m != 1 || (t.brs != 1 && t.bcs != 1)) return false;
  const float* x = contiguous_row(t);
  const bool rowsOfB = t.brs == 1;  // B(p, j) = b[j·bcs + p]
  auto run = [&](int64_t lo, int64_t hi) {
    if (rowsOfB) dot_rows(x, t.b, t.bcs, t.k, t.alpha, t.beta, t.c, lo, hi);
    else axpy_rows(x, t.b, t.brs, t.k, t.alpha, t.beta, t.c, lo, hi);
  };
  if (threaded && t.n * t.k >= kParallelGemvMacs) parallel_range(t.n, 64, run);
  else run(0, t.n);
  return true;
}

}  // namespace hrl
