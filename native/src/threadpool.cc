// A persistent pool of (threads − 1) workers; the calling thread is the last participant. Workers spin briefly on a
// generation counter after each job (ops come in bursts within a training step), then sleep on a condition variable.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#include "common.h"
#if HRL_X86
#include <immintrin.h>
#endif

namespace hrl {
namespace {

inline void cpu_relax() {
#if HRL_X86
  _mm_pause();
#elif HRL_ARM64 && defined(__GNUC__)
  __asm__ volatile("yield");
#endif
}

// Work claiming: `next` packs (job generation << 32 | next chunk index), so a worker that wakes late can never claim a
// chunk of a later job with the parameters of an earlier one; the caller waits for `done` == count.
struct Pool {
  std::vector<std::thread> workers;
  std::atomic<uint64_t> generation{0};
  std::atomic<uint64_t> next{0};
  std::atomic<int64_t> done{0};
  std::atomic<int> sleepers{0};
  std::atomic<TaskFn> fn{nullptr};
  std::atomic<void*> ctx{nullptr};
  std::atomic<int64_t> count{0};
  std::mutex mu;
  std::condition_variable cv;

  void drain(uint64_t gen) {
    const TaskFn f = fn.load(std::memory_order_relaxed);
    void* const c = ctx.load(std::memory_order_relaxed);
    const int64_t n = count.load(std::memory_order_relaxed);
    uint64_t v = next.load(std::memory_order_acquire);
    for (;;) {
      if ((v >> 32) != (gen & 0xffffffffu) || static_cast<int64_t>(v & 0xffffffffu) >= n) return;
      if (!next.compare_exchange_weak(v, v + 1, std::memory_order_acq_rel)) continue;
      f(c, static_cast<int64_t>(v & 0xffffffffu));
      done.fetch_add(1, std::memory_order_acq_rel);
      v = next.load(std::memory_order_acquire);
    }
  }

  void worker_loop() {
    uint64_t seen = 0;
    for (;;) {
      uint64_t g = generation.load(std::memory_order_acquire);
      // ~100 µs of spinning: ops of a training step follow each other closely
      for (int spin = 0; g == seen && spin < 4000; spin++) {
        cpu_relax();
        g = generation.load(std::memory_order_acquire);
      }
      if (g == seen) {
        std::unique_lock<std::mutex> lk(mu);
        sleepers.fetch_add(1);
        cv.wait(lk, [&] { return generation.load(std::memory_order_acquire) != seen; });
        sleepers.fetch_sub(1);
        g = generation.load(std::memory_order_acquire);
      }
      seen = g;
      drain(g);
    }
  }
};

Pool* pool = nullptr;
int nthreads = 1;  // pool size (workers + caller)
int active = 1;    // threads an op may use (≤ nthreads; benchmarks lower it)
thread_local bool inside = false;

}  // namespace

void pool_init(int threads) {
  if (pool) return;
  nthreads = threads < 1 ? 1 : threads;
  active = nthreads;
  pool = new Pool();  // never destroyed: workers live for the process (detached at exit)
  for (int i = 1; i < nthreads; i++) {
    pool->workers.emplace_back([] { inside = true; pool->worker_loop(); });
    pool->workers.back().detach();
  }
}

int pool_threads() { return active; }

int pool_set_active(int threads) {
  active = threads < 1 ? 1 : threads > nthreads ? nthreads : threads;
  return active;
}

void parallel_for(int64_t n, TaskFn fn, void* ctx) {
  if (n <= 0) return;
  if (n == 1 || active == 1 || inside || !pool) {
    for (int64_t i = 0; i < n; i++) fn(ctx, i);
    return;
  }
  Pool& p = *pool;
  const uint64_t gen = p.generation.load(std::memory_order_relaxed) + 1;
  p.fn.store(fn, std::memory_order_relaxed);
  p.ctx.store(ctx, std::memory_order_relaxed);
  p.count.store(n, std::memory_order_relaxed);
  p.done.store(0, std::memory_order_relaxed);
  p.next.store((gen & 0xffffffffu) << 32, std::memory_order_release);
  {
    std::lock_guard<std::mutex> lk(p.mu);
    p.generation.store(gen, std::memory_order_release);
  }
  if (p.sleepers.load() > 0) p.cv.notify_all();
  inside = true;
  p.drain(gen);
  inside = false;
  while (p.done.load(std::memory_order_acquire) != n) cpu_relax();
}

}  // namespace hrl
