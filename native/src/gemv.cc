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

// The hot loops, once per instruction set (isa_copies.h).
#define HRL_ISA_LOOPS "gemv_loops.inc"
#include "isa_copies.h"

// Columns [lo, hi) of C = alpha·A·Bᵀ + beta·C: 4-column strips of B (16 KiB of it for k = 1024) against every row tile
// of A, which stays in L2.
template <int NJ>
void dot_columns(const GemmTask& t, int64_t j) {
  const int64_t lda = t.ars, ldb = t.bcs;
  int64_t i = 0;
  for (; i + 4 <= t.m; i += 4) HRL_ISA_SWITCH(isa::dot_tile<4, NJ>(t.a + i * lda, lda, t.b + j * ldb, ldb, t.k, t.alpha, t.beta, t.c + i * t.ldc + j, t.ldc));
  for (; i < t.m; i++) HRL_ISA_SWITCH(isa::dot_tile<1, NJ>(t.a + i * lda, lda, t.b + j * ldb, ldb, t.k, t.alpha, t.beta, t.c + i * t.ldc + j, t.ldc));
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
    if (rowsOfB) HRL_ISA_SWITCH(isa::dot_rows(x, t.b, t.bcs, t.k, t.alpha, t.beta, t.c, lo, hi));
    else HRL_ISA_SWITCH(isa::axpy_rows(x, t.b, t.brs, t.k, t.alpha, t.beta, t.c, lo, hi));
  };
  if (threaded && t.n * t.k >= kParallelGemvMacs) parallel_range(t.n, 64, run);
  else run(0, t.n);
  return true;
}

Isa gemv_copy_isa() { return HRL_ISA_SWITCH(isa::kIsa); }

}  // namespace hrl
