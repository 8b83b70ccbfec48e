// Dot-product GEMMs, for the products where packing costs more than it saves:
// - matrix-vector (one row of A: the batch-1 forward that picks an action). Packing B, the weight matrix, for a single
//   row costs more than the product itself (measured: 1×3136·3136×512 took 0.97 ms through the blocked GEMM); here B
//   is streamed once, straight from memory;
// - A·Bᵀ with few rows of A and both operands contiguous along k (a Linear layer's forward at batch ≤ 64: X·Wᵀ).
//   Packing Wᵀ is a transposition of the whole weight matrix for only m uses of each element; here tiles of 4 rows of
//   A × 4 rows of B accumulate 16 dot products in 16-lane vectors straight from the rows.
// Both split the columns of C over the pool when large. fp-contract lets the multiply-adds fuse (FMA) where the
// target has it; the reference tolerances of GEMM already allow for any summation order.
#if defined(__clang__)
#pragma clang fp contract(fast)
#else
#pragma GCC optimize("fp-contract=fast")
#endif
#include <cstdlib>
#include "kernels.h"

namespace hrl {
namespace {

constexpr int kLanes = 16;
// The dot-product GEMM serves A·Bᵀ up to this many rows of A (beyond, packing amortises) and from this depth on.
constexpr int64_t kDotMaxRows = 64;
constexpr int64_t kDotMinK = 128;
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

// 16 floats as one value (GCC vector extension): a zmm register on AVX-512, two ymm on AVX2, four xmm on baseline.
typedef float f16v __attribute__((vector_size(64)));

// (an out-parameter, not a return value: a vector returned by value would have a per-ISA calling convention)
inline void load16(f16v& v, const float* p) { __builtin_memcpy(&v, p, sizeof v); }

// C[i, j] = alpha·Σ_p A[i, p]·B[j, p] + beta·C[i, j] for an MI × NJ tile (rows of A and of B contiguous). The
// accumulators are MI·NJ vector values, so that the compiler keeps them in registers.
template <int MI, int NJ>
HRL_CLONES void dot_tile(const float* __restrict a, int64_t lda, const float* __restrict b, int64_t ldb, int64_t k,
                         float alpha, float beta, float* __restrict c, int64_t ldc) {
  f16v s[MI][NJ];
#pragma GCC unroll 4
  for (int i = 0; i < MI; i++)
#pragma GCC unroll 4
    for (int j = 0; j < NJ; j++) s[i][j] = f16v{};
  const int64_t kv = k / kLanes * kLanes;
  for (int64_t p = 0; p < kv; p += kLanes) {
    f16v bv[NJ];
#pragma GCC unroll 4
    for (int j = 0; j < NJ; j++) load16(bv[j], b + j * ldb + p);
#pragma GCC unroll 4
    for (int i = 0; i < MI; i++) {
      f16v av;
      load16(av, a + i * lda + p);
#pragma GCC unroll 4
      for (int j = 0; j < NJ; j++) s[i][j] += av * bv[j];
    }
  }
  for (int i = 0; i < MI; i++) {
    for (int j = 0; j < NJ; j++) {
      float t = 0;
      for (int l = 0; l < kLanes; l++) t += s[i][j][l];
      for (int64_t p = kv; p < k; p++) t += a[i * lda + p] * b[j * ldb + p];
      c[i * ldc + j] = finish(t, alpha, beta, c[i * ldc + j]);
    }
  }
}

// Columns [lo, hi) of C = alpha·A·Bᵀ + beta·C: 4-column strips of B (16 KiB of it for k = 1024) against every row tile
// of A, which stays in L2.
template <int NJ>
void dot_columns(const GemmTask& t, int64_t j) {
  const int64_t lda = t.ars, ldb = t.bcs;
  int64_t i = 0;
  for (; i + 4 <= t.m; i += 4) dot_tile<4, NJ>(t.a + i * lda, lda, t.b + j * ldb, ldb, t.k, t.alpha, t.beta, t.c + i * t.ldc + j, t.ldc);
  for (; i < t.m; i++) dot_tile<1, NJ>(t.a + i * lda, lda, t.b + j * ldb, ldb, t.k, t.alpha, t.beta, t.c + i * t.ldc + j, t.ldc);
}

void dot_gemm_range(const GemmTask& t, int64_t lo, int64_t hi) {
  int64_t j = lo;
  for (; j + 4 <= hi; j += 4) dot_columns<4>(t, j);
  for (; j < hi; j++) dot_columns<1>(t, j);
}

}  // namespace

bool dot_gemm(const GemmTask& t, bool threaded) {
  if (t.acs != 1 || t.brs != 1 || t.m > kDotMaxRows || t.k < kDotMinK) return false;
  if (threaded && t.m * t.n * t.k >= (1 << 18)) parallel_range(t.n, 16, [&](int64_t lo, int64_t hi) { dot_gemm_range(t, lo, hi); });
  else dot_gemm_range(t, 0, t.n);
  return true;
}

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
