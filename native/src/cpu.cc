// Run-time instruction-set choice from cpuid (+ xgetbv: the OS must save the wide registers), NEON on AArch64, and the
// one setting of the level every kernel family runs at.
#include <cstring>
#include "common.h"
#if HRL_X86
#include <cpuid.h>
#endif

namespace hrl {

#if HRL_X86
static uint64_t xgetbv0() {
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<uint64_t>(hi) << 32) | lo;
}
#endif

Isa detect_isa() {
#if HRL_X86
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return Isa::Scalar;
  const bool fma = c & (1u << 12), osxsave = c & (1u << 27), avx = c & (1u << 28);
  if (!(osxsave && avx && fma)) return Isa::Scalar;
  const uint64_t xcr0 = xgetbv0();
  if ((xcr0 & 0x6) != 0x6) return Isa::Scalar;  // XMM and YMM state
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return Isa::Scalar;
  const bool avx2 = b & (1u << 5), avx512f = b & (1u << 16), avx512bw = b & (1u << 30), avx512vl = b & (1u << 31);
  const bool zmmState = (xcr0 & 0xe6) == 0xe6;  // opmask, ZMM_Hi256, Hi16_ZMM
  if (avx512f && avx512bw && avx512vl && zmmState) return Isa::Avx512;
  if (avx2) return Isa::Avx2;
#elif HRL_ARM64
  return Isa::Neon;  // ASIMD is mandatory in AArch64
#endif
  return Isa::Scalar;
}

namespace detail { Isa active_isa = Isa::Scalar; }

static Isa detected_isa() {
  static const Isa detected = detect_isa();
  return detected;
}

bool isa_from_name(const char* name, Isa* isa) {
  if (!name) return false;
  const Isa all[] = {Isa::Scalar, Isa::Avx2, Isa::Avx512, Isa::Neon};
  for (Isa i : all) {
    if (std::strcmp(name, isa_name(i)) == 0) {
      *isa = i;
      return true;
    }
  }
  return false;
}

bool isa_usable(Isa isa) {
  const Isa detected = detected_isa();
  // an x86 level is only ever a lowering of an x86 CPU; on AArch64 only scalar lowers NEON
  return isa == Isa::Scalar || isa == detected || (isa == Isa::Avx2 && detected == Isa::Avx512);
}

Isa set_isa(const char* want) {
  Isa isa = detected_isa();
  Isa wanted;
  if (isa_from_name(want, &wanted) && isa_usable(wanted)) isa = wanted;
  detail::active_isa = isa;
  return isa;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::Avx512: return "avx512";
    case Isa::Avx2: return "avx2";
    case Isa::Neon: return "neon";
    default: return "scalar";
  }
}

}  // namespace hrl
