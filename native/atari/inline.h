// HRL_ATARI_INLINE: inlining the compiler must do. Cpu::step is one large function; past its inlining budget GCC would
// turn the bus's fast paths (opcode fetch from the cartridge, RAM) into calls on every emulated cycle.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define HRL_ATARI_INLINE inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define HRL_ATARI_INLINE __forceinline
#else
#define HRL_ATARI_INLINE inline
#endif
