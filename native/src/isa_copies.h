// Per-ISA copies of the hot loops, chosen at run time by active_isa() (common.h) — so that HRL_ISA and the tests'
// setIsa reach every kernel family, not only the GEMM. (GCC's target_clones picked its copy from cpuid when the addon
// was loaded, through an ifunc that nothing could steer afterwards.)
//
// Usage, inside `namespace hrl { namespace {`:
//   #define HRL_ISA_LOOPS "elementwise_loops.inc"
//   #include "isa_copies.h"
// compiles the loops file once per ISA, in namespaces isa_avx512 / isa_avx2 / isa_base, each under its
// `#pragma GCC target`; HRL_ISA_SWITCH(isa::f(args)) then calls active_isa()'s copy (`isa` names its namespace).
// A loops file holds function definitions only (no #include: the headers are included once, before, for the default
// target, and their inline functions inline into any copy). On other compilers and CPUs there is one copy, isa_base.
#ifndef HRL_ISA_COPIES_ONCE
#define HRL_ISA_COPIES_ONCE

#if HRL_X86 && defined(__GNUC__) && !defined(__clang__)
#define HRL_ISA_MULTI 1
#else
#define HRL_ISA_MULTI 0
#endif

namespace isa_base { constexpr Isa kIsa = Isa::Scalar; }
#if HRL_ISA_MULTI
namespace isa_avx2 { constexpr Isa kIsa = Isa::Avx2; }
namespace isa_avx512 { constexpr Isa kIsa = Isa::Avx512; }
// A lambda, so that it is an expression (void or a value) and its arguments may hold commas (template arguments).
#define HRL_ISA_SWITCH(...)                                                   \
  ([&]() {                                                                    \
    switch (::hrl::active_isa()) {                                            \
      case ::hrl::Isa::Avx512: { namespace isa = isa_avx512; return __VA_ARGS__; } \
      case ::hrl::Isa::Avx2: { namespace isa = isa_avx2; return __VA_ARGS__; }     \
      default: { namespace isa = isa_base; return __VA_ARGS__; }              \
    }                                                                         \
  }())
#else
#define HRL_ISA_SWITCH(...) ([&]() { namespace isa = isa_base; return __VA_ARGS__; }())
#endif

#endif  // HRL_ISA_COPIES_ONCE

#if HRL_ISA_MULTI
#pragma GCC push_options
#pragma GCC target("arch=x86-64-v4")
namespace isa_avx512 {
#include HRL_ISA_LOOPS
}
#pragma GCC pop_options
#pragma GCC push_options
#pragma GCC target("arch=x86-64-v3")
namespace isa_avx2 {
#include HRL_ISA_LOOPS
}
#pragma GCC pop_options
#endif
namespace isa_base {
#include HRL_ISA_LOOPS
}
#undef HRL_ISA_LOOPS
