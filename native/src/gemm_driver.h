// The blocked, packed GEMM loop nest (BLIS order: jc → pc → ic → jr → ir), templated on a micro-kernel.
// Included by exactly one .cc per instruction set, inside an anonymous namespace, so each copy is compiled with its own
// target flags and nothing of it is shared across translation units. No std:: templates here (see common.h).
//
// Micro-kernel contract: K::MR × K::NR tile; K::kTransPack / K::kRowPackA: the kernel has its own (vectorised) packing
// of a transposed B / a row-major A; run(kc, pa, pb, bstride, c, ldc, alpha, beta, pf) computes
// acc = Σ_p pa[p·MR+i]·pb[p·bstride+j] and stores c[i·ldc+j] = alpha·acc + beta·c[i·ldc+j], never reading c when
// beta == 0, issuing the prefetches of pf (see BPrefetch; a kernel may ignore them) during its k loop;
// with K::kEdgeRows, run_edge(rows, kc, pa, pb, bstride, tile, pf) computes rows [0, rows) of acc alone into tile
// (row stride NR), the rest of tile left undefined (without it, a short strip of A runs the whole tile). pa is a packed panel; pb is either a packed panel (bstride = NR) or, when B is
// row-major and m is small, B itself (bstride = ldb): each B element is then reused only m times, so packing it would
// cost as much as the FMAs.
#pragma once
#include "common.h"

namespace {

inline int64_t imin(int64_t a, int64_t b) { return a < b ? a : b; }

// A block [mc × kc] → MR-row strips: strip s holds dst[s·MR·kc + p·MR + i] = A(s·MR+i, p), zero beyond mc.
template <int MR>
void pack_a(int64_t mc, int64_t kc, const float* a, int64_t ars, int64_t acs, float* dst) {
  for (int64_t r0 = 0; r0 < mc; r0 += MR) {
    const int64_t rows = imin(MR, mc - r0);
    if (ars == 1) {
      // transposed A: the MR values of one p are contiguous
      for (int64_t p = 0; p < kc; p++) {
        const float* src = a + r0 + p * acs;
        float* d = dst + p * MR;
        if (rows == MR) {
          __builtin_memcpy(d, src, MR * sizeof(float));  // (as a loop, GCC copied float by float: the Winograd
                                                         // GEMMs pack their transformed filters this way per chunk)
        } else {
          for (int i = 0; i < MR; i++) d[i] = i < rows ? src[i] : 0.0f;
        }
      }
    } else {
      for (int i = 0; i < MR; i++) {
        float* d = dst + i;
        if (i < rows) {
          const float* src = a + (r0 + i) * ars;
          for (int64_t p = 0; p < kc; p++) d[p * MR] = src[p * acs];
        } else {
          for (int64_t p = 0; p < kc; p++) d[p * MR] = 0.0f;
        }
      }
    }
    dst += MR * kc;
  }
}

// B panel [kc × nc] → NR-column strips: dst[s·NR·kc + p·NR + j] = B(p, s·NR+j), zero beyond nc.
template <int NR>
void pack_b(int64_t kc, int64_t nc, const float* b, int64_t brs, int64_t bcs, float* dst) {
  if (bcs == 1) {
    // row-major B: read each row of the panel once, contiguously, and deal it out to the strips
    const int64_t full = nc / NR * NR;
    for (int64_t p = 0; p < kc; p++) {
      const float* src = b + p * brs;
      for (int64_t c0 = 0; c0 < full; c0 += NR) {
        __builtin_memcpy(dst + c0 * kc + p * NR, src + c0, NR * sizeof(float));  // (a loop: copied float by float)
      }
      if (full < nc) {
        float* d = dst + full * kc + p * NR;
        for (int j = 0; j < NR; j++) d[j] = full + j < nc ? src[full + j] : 0.0f;
      }
    }
    return;
  }
  for (int64_t c0 = 0; c0 < nc; c0 += NR) {
    const int64_t cols = imin(NR, nc - c0);
    if (bcs == 1) {
      for (int64_t p = 0; p < kc; p++) {
        const float* src = b + p * brs + c0;
        float* d = dst + p * NR;
        if (cols == NR) {
          for (int j = 0; j < NR; j++) d[j] = src[j];
        } else {
          for (int j = 0; j < NR; j++) d[j] = j < cols ? src[j] : 0.0f;
        }
      }
    } else {
      // transposed B: walk each column (contiguous when brs == 1) and scatter into the strip;
      // blocks of 8 columns keep the writes within a few cache lines.
      for (int j = 0; j < NR; j++) {
        float* d = dst + j;
        if (j < cols) {
          const float* src = b + (c0 + j) * bcs;
          for (int64_t p = 0; p < kc; p++) d[p * NR] = src[p * brs];
        } else {
          for (int64_t p = 0; p < kc; p++) d[p * NR] = 0.0f;
        }
      }
    }
    dst += NR * kc;
  }
}

// Reading B in place pays when its elements are reused by few rows of A (packing costs ~1 cycle per element), unless
// B's row stride is a multiple of 1 KiB: then the rows of a strip fall into a few L1 sets and thrash (measured:
// fc_fwd with ldb = 512 is 20% slower in place; conv/MinAtar shapes with ldb = 400, 128·4+… are 10–15% faster).
// It also needs B to be in cache, as conv2d's freshly unfolded chunks are: B rows far apart in memory that come from
// L3 or DRAM are fetched without the prefetcher's help (measured: dY·W of a 3136→512 layer at batch 32, W 6.4 MB,
// 1.0–1.5 ms in place against 0.8 ms packed). B spanning more than 1 MiB is packed.
constexpr int64_t kDirectBMaxM = 64;
constexpr int64_t kDirectBMaxSpan = 1 << 18;

// Cache lines of B's source a micro-kernel brings towards the cache while it runs (one per k step at most): line q is
// at base + (q / perRun)·runStride + (q % perRun)·16 floats, for q < count.
struct BPrefetch {
  const float* base;
  int64_t perRun, runStride, count;
};

// Walks a BPrefetch's lines for a k loop of kc steps, one line a step: next() is the line to prefetch now, or null
// once none is left. (The kernels issue the prefetch themselves: a helper that only prefetched was deleted by GCC.)
struct BPrefetchCursor {
  const float* run;
  int64_t perRun, runStride, line, left;
  BPrefetchCursor(const BPrefetch& pf, int64_t kc)
      : run(pf.base), perRun(pf.perRun), runStride(pf.runStride), line(0), left(pf.count < kc ? pf.count : kc) {}
  const float* next() {
    if (left <= 0) return nullptr;
    left--;
    const float* p = run + line * 16;
    if (++line == perRun) {
      line = 0;
      run += runStride;
    }
    return p;
  }
};

// Share `part` of `parts` of the lines of a block of B's source made of `runs` runs of `runLen` contiguous floats,
// `stride` apart. (A share starts at the beginning of its first run: a few lines are fetched twice, none skipped.)
inline BPrefetch b_share(const float* b, int64_t runs, int64_t runLen, int64_t stride, int64_t part, int64_t parts) {
  const int64_t perRun = (runLen + 15) / 16, lines = runs * perRun;
  const int64_t r0 = lines * part / parts / perRun, q1 = lines * (part + 1) / parts;
  return BPrefetch{b + r0 * stride, perRun, stride, q1 - r0 * perRun};
}

template <class K>
void gemm_blocked(const hrl::GemmTask& t, const hrl::PackBuffers& buf) {
  constexpr int MR = K::MR, NR = K::NR;
  alignas(64) float tile[MR * NR];
  const bool directB = t.bcs == 1 && t.m <= kDirectBMaxM && t.brs % 256 != 0 && t.k * t.brs <= kDirectBMaxSpan;
  // With one block of rows (m ≤ kMC), B is packed strip by strip, each just before its few tiles, into one slot that
  // stays in L1 (packing the whole panel first sent 1.5 MiB through L2 for five or six tiles a strip), and those tiles
  // prefetch the source of the strip two ahead: a large B streams from L3/DRAM during the multiply-adds rather than
  // between them (AVX2, 1 thread, a 6.4 MB weight at m = 32: fc_dX 64 → 79, fc_fwd 85 → 89 GFLOP/s; one strip ahead,
  // a row-major B's strided rows were not all in by its pack: 79).
  const bool stripwise = !directB && t.m <= hrl::kMC && (t.brs == 1 || t.bcs == 1);
  auto pack_strip = [&](int64_t kc, int64_t cols, const float* src, float* dst) {
    if (K::kTransPack && t.brs == 1) K::pack_bt(kc, cols, src, t.bcs, dst);
    else pack_b<NR>(kc, cols, src, t.brs, t.bcs, dst);
  };
  const BPrefetch none{nullptr, 1, 0, 0};
  for (int64_t jc = 0; jc < t.n; jc += hrl::kNC) {
    const int64_t nc = imin(hrl::kNC, t.n - jc);
    for (int64_t pc = 0; pc < t.k; pc += hrl::kKC) {
      const int64_t kc = imin(hrl::kKC, t.k - pc);
      const float beta = pc == 0 ? t.beta : 1.0f;
      const float* bsrc = t.b + pc * t.brs + jc * t.bcs;
      const int64_t fullCols = nc / NR * NR;
      if (directB) {
        if (fullCols < nc) pack_b<NR>(kc, nc - fullCols, bsrc + fullCols, t.brs, t.bcs, buf.b + fullCols * kc);
      } else if (!stripwise) {
        pack_strip(kc, nc, bsrc, buf.b);
      }
      for (int64_t ic = 0; ic < t.m; ic += hrl::kMC) {
        const int64_t mc = imin(hrl::kMC, t.m - ic);
        const float* ablock = t.a + ic * t.ars + pc * t.acs;
        if (K::kRowPackA && t.acs == 1) K::pack_a_rows(mc, kc, ablock, t.ars, buf.a);
        else pack_a<MR>(mc, kc, ablock, t.ars, t.acs, buf.a);
        const int64_t tiles = (mc + MR - 1) / MR;
        for (int64_t jr = 0; jr < nc; jr += NR) {
          const int64_t cols = imin(NR, nc - jr);
          const bool inPlace = directB && jr < fullCols;
          if (stripwise) pack_strip(kc, cols, bsrc + jr * t.bcs, buf.b);  // one slot: it stays in L1
          const float* pb = inPlace ? bsrc + jr : stripwise ? buf.b : buf.b + jr * kc;
          const int64_t bstride = inPlace ? t.brs : NR;
          for (int64_t ir = 0; ir < mc; ir += MR) {
            const int64_t ahead = jr + 2 * NR;
            const BPrefetch pf = !(stripwise && ahead < fullCols) ? none
                                 : t.brs == 1 ? b_share(bsrc + ahead * t.bcs, NR, kc, t.bcs, ir / MR, tiles)
                                              : b_share(bsrc + ahead, kc, NR, t.brs, ir / MR, tiles);
            const int64_t rows = imin(MR, mc - ir);
            const float* pa = buf.a + ir * kc;
            float* c = t.c + (ic + ir) * t.ldc + jc + jr;
            if (ir + MR < mc) {  // the next tile's C, from L3/DRAM when k is short (a weight gradient): write it soon
              for (int i = 0; i < MR; i++) {
                __builtin_prefetch(c + (MR + i) * t.ldc, 1, 3);
                __builtin_prefetch(c + (MR + i) * t.ldc + NR - 1, 1, 3);
              }
            }
            if (rows == MR && cols == NR) {
              K::run(kc, pa, pb, bstride, c, t.ldc, t.alpha, beta, pf);
            } else {
              if constexpr (K::kEdgeRows) K::run_edge(rows, kc, pa, pb, bstride, tile, pf);
              else K::run(kc, pa, pb, bstride, tile, NR, 1.0f, 0.0f, pf);
              for (int64_t i = 0; i < rows; i++) {
                for (int64_t j = 0; j < cols; j++) {
                  const float v = t.alpha * tile[i * NR + j];
                  c[i * t.ldc + j] = beta == 0.0f ? v : v + beta * c[i * t.ldc + j];
                }
              }
            }
          }
        }
      }
    }
  }
}

}  // namespace
