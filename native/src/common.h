// Shared declarations of the native backend. Plain C-style structs and functions only: the ISA-specific translation
// units must not instantiate std:: templates (the linker could keep their AVX-512 copy for everyone).
#pragma once
#include <cstddef>
#include <cstdint>

// HRL_X86: build the x86-64 kernels and cpuid dispatch. -DHRL_PORTABLE builds the scalar-only variant (what arm64
// gets) on x86 too, so that configuration can be tested here.
#if (defined(__x86_64__) || defined(_M_X64)) && !defined(HRL_PORTABLE)
#define HRL_X86 1
#else
#define HRL_X86 0
#endif
// HRL_ARM64: build the AArch64 NEON kernel (gemm_neon.cc); ASIMD is baseline there, so no run-time detection.
#if (defined(__aarch64__) || defined(_M_ARM64)) && !defined(HRL_PORTABLE)
#define HRL_ARM64 1
#else
#define HRL_ARM64 0
#endif

namespace hrl {

// One GEMM: C = alpha·op(A)·op(B) + beta·C, with A(i,p) = a[i·ars + p·acs] and B(p,j) = b[p·brs + j·bcs].
struct GemmTask {
  int64_t m, n, k;
  float alpha, beta;
  const float* a; int64_t ars, acs;
  const float* b; int64_t brs, bcs;
  float* c; int64_t ldc;
};

// Per-thread pack buffers (64-byte aligned), sized for the largest blocking of any ISA.
struct PackBuffers {
  float* a;  // MC×KC
  float* b;  // KC×NC
};

// The blocked GEMM of one ISA: computes rows [0,m) and columns [0,n) of the task.
typedef void (*GemmFn)(const GemmTask& t, const PackBuffers& buf);

void gemm_scalar(const GemmTask& t, const PackBuffers& buf);
#if HRL_X86
void gemm_avx2(const GemmTask& t, const PackBuffers& buf);
void gemm_avx512(const GemmTask& t, const PackBuffers& buf);
#endif
#if HRL_ARM64
void gemm_neon(const GemmTask& t, const PackBuffers& buf);
#endif

// FMA throughput probes, one per GEMM file (so each is built with that file's flags): `reps` rounds of enough
// independent vector multiply-adds to fill every FMA pipe. Return the flops done; *sink receives a value of the results
// (so the loop is not optimised away). fma_peak (gemm.cc) times them.
int64_t fma_probe_scalar(int64_t reps, float* sink);
#if HRL_X86
int64_t fma_probe_avx2(int64_t reps, float* sink);
int64_t fma_probe_avx512(int64_t reps, float* sink);
#endif
#if HRL_ARM64
int64_t fma_probe_neon(int64_t reps, float* sink);
#endif

// Blocking limits shared by all kernels (the largest MR/NR any kernel uses divides these).
constexpr int64_t kKC = 192;  // KC·NR·4 = 24 KiB: the B micro-panel stays in a 32 KiB L1 (Zen 4) with room for A
constexpr int64_t kMC = 192;   // multiple of 6, 8, 12, 4 (the kernels' MR)
constexpr int64_t kNC = 2048;  // multiple of 8, 16, 32 (the kernels' NR)

// The instruction set every kernel family runs at: detected at load, lowered (never raised) by HRL_ISA or the tests'
// setIsa. set_isa (cpu.cc) is its only writer; GEMM, the per-ISA loop copies (isa_copies.h), GEMV and the Winograd
// gate all read active_isa(). Neon is never compared with the x86 levels: on AArch64 only "scalar" lowers it.
enum class Isa { Scalar = 0, Avx2 = 1, Avx512 = 2, Neon = 3 };
Isa detect_isa();
const char* isa_name(Isa isa);
// A name of isa_from_name → that level if the CPU can run it (isa_usable); any other name, or null → detected.
Isa set_isa(const char* want);
// "scalar" | "avx2" | "avx512" | "neon" → *isa; false for any other name.
bool isa_from_name(const char* name, Isa* isa);
// Whether this CPU (and this build) can run `isa`: the detected level or an x86 level below it, or scalar.
bool isa_usable(Isa isa);
// The FMA peak of `isa` on `threads` pool threads (clamped to the pool), GFLOP/s: the best of 20 timed rounds of its
// probe on every thread at once. 0 when the CPU cannot run `isa`.
double fma_peak(Isa isa, int threads);
namespace detail { extern Isa active_isa; }
inline Isa active_isa() { return detail::active_isa; }

// Runs fn(ctx, i) for i in [0, n) over the persistent pool; the caller's thread takes part.
typedef void (*TaskFn)(void* ctx, int64_t i);
void parallel_for(int64_t n, TaskFn fn, void* ctx);
int pool_threads();
int pool_set_active(int threads);
void pool_init(int threads);

// The whole GEMM API the other kernels use (batched, strided, threaded), at active_isa()'s kernel.
void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha,
          const float* a, int64_t lda, int64_t aBatch, const float* b, int64_t ldb, int64_t bBatch,
          float beta, float* c, int64_t ldc, int64_t cBatch, int64_t batch);
// Single-threaded variant (for callers that already parallelise over something else).
void gemm_serial(const GemmTask& t);
// The blocked, packed loop nest on this thread, without gemm_serial's shortcuts (GEMV, dot-product tiles), for callers
// whose shapes those would misjudge (short k with both operands contiguous along k: Winograd weight gradients).
void gemm_packed(const GemmTask& t);

}  // namespace hrl
