// Test-only N-API entry points for the CPU on a flat 64 KiB bus. STUB: to be written (issue 15, CPU helper).
#include <napi.h>

namespace hrl::atari {

void register_cpu_test(Napi::Env env, Napi::Object exports) { (void)env; (void)exports; }

}  // namespace hrl::atari
