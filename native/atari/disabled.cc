// Builds without the Atari emulator (HRL_NO_ATARI=1 at install time) register nothing: src/envs/atari/native.ts then
// says that this build has no Atari emulation, and everything else works.
#include <napi.h>

namespace hrl::atari {

void register_atari(Napi::Env env, Napi::Object exports) { (void)env; (void)exports; }

}  // namespace hrl::atari
