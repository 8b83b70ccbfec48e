// GEMM dispatch: the kernel of active_isa(), per-thread pack buffers, small-problem path, batching and the split across threads.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include "kernels.h"

namespace hrl {
namespace {

// Below this many multiply-adds the packing costs more than it saves.
constexpr int64_t kSmallMacs = 4096;
// Fan out to the pool only above this many multiply-adds (a wake-up costs a few µs).
constexpr int64_t kParallelMacs = 1 << 18;
constexpr int64_t kMinChunk = 160;  // columns (rows) per chunk of a split GEMM, see gemm()

float* aligned_floats(int64_t n) {
  void* p = nullptr;
  if (posix_memalign(&p, 64, static_cast<size_t>(n) * sizeof(float)) != 0) std::abort();
  return static_cast<float*>(p);
}

// Each thread of the pool keeps its own pack buffers for the life of the process.
const PackBuffers& thread_buffers() {
  thread_local PackBuffers buf{nullptr, nullptr};
  if (!buf.a) {
    buf.a = aligned_floats(kMC * kKC);
    buf.b = aligned_floats(kKC * kNC);
  }
  return buf;
}

void gemm_small(const GemmTask& t) {
  for (int64_t i = 0; i < t.m; i++) {
    float* c = t.c + i * t.ldc;
    float row[64];
    for (int64_t j0 = 0; j0 < t.n; j0 += 64) {
      const int64_t nb = t.n - j0 < 64 ? t.n - j0 : 64;
      for (int64_t j = 0; j < nb; j++) row[j] = 0.0f;
      for (int64_t p = 0; p < t.k; p++) {
        const float av = t.a[i * t.ars + p * t.acs];
        const float* b = t.b + p * t.brs + j0 * t.bcs;
        if (t.bcs == 1) {
          for (int64_t j = 0; j < nb; j++) row[j] += av * b[j];
        } else {
          for (int64_t j = 0; j < nb; j++) row[j] += av * b[j * t.bcs];
        }
      }
      for (int64_t j = 0; j < nb; j++) {
        const float v = t.alpha * row[j];
        c[j0 + j] = t.beta == 0.0f ? v : v + t.beta * c[j0 + j];
      }
    }
  }
}

struct Split {
  GemmTask base;
  bool alongN;
  int64_t step;  // rows or columns per chunk
  int64_t chunks;
};

void run_split(void* ctx, int64_t i) {
  const Split& s = *static_cast<const Split*>(ctx);
  GemmTask t = s.base;
  const int64_t lo = i * s.step;
  if (s.alongN) {
    t.n = (lo + s.step < s.base.n ? s.step : s.base.n - lo);
    t.b += lo * t.bcs;
    t.c += lo;
  } else {
    t.m = (lo + s.step < s.base.m ? s.step : s.base.m - lo);
    t.a += lo * t.ars;
    t.c += lo * t.ldc;
  }
  gemm_serial(t);
}

struct Batched {
  GemmTask base;
  int64_t aBatch, bBatch, cBatch;
};

void run_batch(void* ctx, int64_t i) {
  const Batched& s = *static_cast<const Batched*>(ctx);
  GemmTask t = s.base;
  t.a += i * s.aBatch;
  t.b += i * s.bBatch;
  t.c += i * s.cBatch;
  gemm_serial(t);
}

// The dot-product GEMM keeps 16 accumulators of 16 floats: 16 zmm registers, but 32 ymm — more than AVX2 has. It
// serves only where the AVX-512 kernels were chosen (and an ISA forced for tests keeps its own packed path), and only
// for a few rows or columns: from 16 rows and 64 columns the blocked kernel, its transposed B packed strip by strip,
// is faster (measured, 1 thread, A·Bᵀ: 32×512×3136 87 → 132 GFLOP/s, 64×512×512 82 → 171, 32×128×1600 86 → 137;
// 12×512×3136 80 against 70 and 32×18×512 62 against 28 stay dot products).
bool dot_tiles_pay(int64_t m, int64_t n) { return active_isa() == Isa::Avx512 && (m < 16 || n < 64); }

// The blocked GEMM of active_isa(), and its level.
struct Kernel { GemmFn fn; Isa isa; };
Kernel current_kernel() {
#if HRL_X86
  if (active_isa() == Isa::Avx512) return {gemm_avx512, Isa::Avx512};
  if (active_isa() == Isa::Avx2) return {gemm_avx2, Isa::Avx2};
#elif HRL_ARM64
  if (active_isa() == Isa::Neon) return {gemm_neon, Isa::Neon};
#endif
  return {gemm_scalar, Isa::Scalar};
}

typedef int64_t (*ProbeFn)(int64_t reps, float* sink);

ProbeFn fma_probe(Isa isa) {
  switch (isa) {
#if HRL_X86
    case Isa::Avx512: return fma_probe_avx512;
    case Isa::Avx2: return fma_probe_avx2;
#elif HRL_ARM64
    case Isa::Neon: return fma_probe_neon;
#endif
    case Isa::Scalar: return fma_probe_scalar;
    default: return nullptr;
  }
}

constexpr int kMaxProbeThreads = 256;
struct ProbeRun {
  ProbeFn probe;
  int64_t reps;
  int64_t flops[kMaxProbeThreads];
  float sink[kMaxProbeThreads];
};

void run_probe(void* ctx, int64_t i) {
  ProbeRun& r = *static_cast<ProbeRun*>(ctx);
  r.flops[i] = r.probe(r.reps, &r.sink[i]);
}

// Seconds for one round of the probe on `threads` threads at once (all their flops in r.flops).
double probe_round(ProbeRun& r, int threads) {
  const auto t0 = std::chrono::steady_clock::now();
  parallel_for(threads, run_probe, &r);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

double fma_peak(Isa isa, int threads) {
  const ProbeFn probe = fma_probe(isa);
  if (!probe || !isa_usable(isa)) return 0.0;
  const int before = pool_threads();
  threads = pool_set_active(threads > kMaxProbeThreads ? kMaxProbeThreads : threads);
  ProbeRun r{probe, 1024, {}, {}};
  for (int i = 0; i < kMaxProbeThreads; i++) r.sink[i] = static_cast<float>(i & 7);
  while (probe_round(r, 1) < 2e-3) r.reps *= 2;  // rounds of ≥ 2 ms (on one thread): timer and wake-up noise < 1 %
  probe_round(r, threads);  // wakes the workers: sleeping, one would start late and the round would measure less
  // The best of 20 rounds: on a shared machine, the rounds no other process interrupted.
  double best = 0.0;
  for (int round = 0; round < 20; round++) {
    const double s = probe_round(r, threads);
    int64_t flops = 0;
    for (int i = 0; i < threads; i++) flops += r.flops[i];
    if (flops / s > best) best = flops / s;
  }
  pool_set_active(before);
  return best * 1e-9;
}

Isa gemm_kernel_isa() { return current_kernel().isa; }

void gemm_serial(const GemmTask& t) {
  if (t.m <= 0 || t.n <= 0) return;
  if (t.k <= 0) {
    for (int64_t i = 0; i < t.m; i++)
      for (int64_t j = 0; j < t.n; j++) t.c[i * t.ldc + j] = t.beta == 0.0f ? 0.0f : t.beta * t.c[i * t.ldc + j];
    return;
  }
  if (t.m * t.n * t.k <= kSmallMacs) {
    gemm_small(t);
    return;
  }
  if (gemv(t, false) || (dot_tiles_pay(t.m, t.n) && dot_gemm(t, false))) return;
  current_kernel().fn(t, thread_buffers());
}

void gemm_packed(const GemmTask& t) {
  if (t.m <= 0 || t.n <= 0 || t.k <= 0) return gemm_serial(t);
  current_kernel().fn(t, thread_buffers());
}

void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha,
          const float* a, int64_t lda, int64_t aBatch, const float* b, int64_t ldb, int64_t bBatch,
          float beta, float* c, int64_t ldc, int64_t cBatch, int64_t batch) {
  GemmTask t{m, n, k, alpha, beta,
             a, transA ? 1 : lda, transA ? lda : 1,
             b, transB ? 1 : ldb, transB ? ldb : 1,
             c, ldc};
  const int threads = pool_threads();
  const int64_t macs = m * n * k;
  if (batch <= 0 || m <= 0 || n <= 0) return;
  if (m == 1 && k > 0 && n * k > kSmallMacs) {
    for (int64_t bi = 0; bi < batch; bi++) {
      GemmTask u = t;
      u.a += bi * aBatch;
      u.b += bi * bBatch;
      u.c += bi * cBatch;
      if (!gemv(u, threads > 1)) gemm_serial(u);
    }
    return;
  }
  if (m <= 64 && dot_tiles_pay(m, n)) {
    GemmTask u = t;
    bool done = true;
    for (int64_t bi = 0; bi < batch && done; bi++) {
      u.a = a + bi * aBatch;
      u.b = b + bi * bBatch;
      u.c = c + bi * cBatch;
      done = dot_gemm(u, threads > 1);
    }
    if (done) return;
  }
  if (threads > 1 && macs * batch >= kParallelMacs) {
    if (batch >= threads && cBatch != 0) {  // cBatch == 0: items accumulate into one C, in order
      Batched s{t, aBatch, bBatch, cBatch};
      parallel_for(batch, run_batch, &s);
      return;
    }
    if (macs >= kParallelMacs / 2) {
      for (int64_t bi = 0; bi < batch; bi++) {
        Split s{t, n >= m, 0, threads};
        s.base.a = a + bi * aBatch;
        s.base.b = b + bi * bBatch;
        s.base.c = c + bi * cBatch;
        // Up to 4 chunks per thread, claimed dynamically, so a thread that gets preempted (shared VMs) does not
        // stall the others; a multiple of the thread count, so that they come out even. Every chunk re-packs the
        // whole shared operand (A when split along n), which costs about as much as 16 of its columns (rows) of
        // multiply-adds: chunks stay ≥ kMinChunk wide (≤ 10 % re-packing). (X·Wᵀ at batch 256 into 512 units was
        // split into 8 chunks of 64 columns that packed the 3.2 MB X eight times: 144 GF/s on two threads, against
        // 187 for the layer's other two products.)
        const int64_t extent = s.alongN ? n : m, unit = s.alongN ? 32 : 24;
        int64_t chunks = extent / kMinChunk / threads * threads;
        if (chunks > 4 * threads) chunks = 4 * threads;
        if (chunks < threads) chunks = threads;
        int64_t step = 0;
        for (;; chunks -= threads) {  // rounding the step up to the unit must not leave a short last chunk
          step = ((extent + chunks - 1) / chunks + unit - 1) / unit * unit;
          if (chunks <= threads || extent - (chunks - 1) * step >= step / 2) break;
        }
        s.step = step;
        s.chunks = (extent + step - 1) / step;
        parallel_for(s.chunks, run_split, &s);
      }
      return;
    }
  }
  for (int64_t bi = 0; bi < batch; bi++) {
    GemmTask u = t;
    u.a += bi * aBatch;
    u.b += bi * bBatch;
    u.c += bi * cBatch;
    gemm_serial(u);
  }
}

}  // namespace hrl
