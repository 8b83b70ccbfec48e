// parallel_range: the generic TUs' helper over the pool (see threadpool.cc).
#pragma once
#include "common.h"

namespace hrl {

template <class F>
void parallel_range(int64_t n, int64_t grain, const F& f) {
  const int threads = pool_threads();
  int64_t chunks = grain > 0 ? n / grain : 1;
  if (chunks > threads) chunks = threads;
  if (chunks <= 1) {
    if (n > 0) f(int64_t{0}, n);
    return;
  }
  struct Ctx { const F* f; int64_t n, chunks; } ctx{&f, n, chunks};
  parallel_for(chunks, [](void* c, int64_t i) {
    const Ctx& s = *static_cast<const Ctx*>(c);
    const int64_t lo = s.n * i / s.chunks, hi = s.n * (i + 1) / s.chunks;
    (*s.f)(lo, hi);
  }, &ctx);
}

}  // namespace hrl
