// conv2d forward for kernels twice their stride (Nature CNN conv1: 8×8 stride 4; conv2: 4×4 stride 2), unpadded:
// space-to-depth turns such a convolution into a 2×2 stride-1 one over c·s² channels, which Winograd F(2×2, 2×2)
// computes with 9 multiplies per 2×2 output tile instead of 16.
//
// Space-to-depth: channel c' = (ci·s + dy)·s + dx of the s2d image holds x[ci][Y·s + dy][X·s + dx] at (Y, X), and
// the 2×2 kernel tap (a, b) of c' is w[o][ci][a·s + dy][b·s + dx]. F(2, 2) in one dimension, for outputs
// y0 = d0·g0 + d1·g1 and y1 = d1·g0 + d2·g1:
//   input  Bᵀd = (d0 − d1, d1, d2 − d1)     filter Gg = (g0, g0 + g1, g1)     output Aᵀm = (m0 + m1, m1 + m2)
// and the 2-D transforms apply these along rows and columns. Every coefficient is 0 or ±1, so the rounding is that
// of a few additions (the tolerance of the direct path's tests holds).
//
// Per chunk of images: V[ξ][c'][t] ← input transform of every 3×3 patch (tile t = image, tile row, tile column);
// for each of the 9 positions ξ one GEMM M[ξ][t][o] = V[ξ]ᵀ · U[ξ] with U[ξ][c'][o] the transformed filter; then the
// output transform adds the 9 products of each tile into its 2×2 outputs (plus bias, relu). Against im2col + GEMM:
// 9/16 of the multiply-adds, and the unfolded input is 9/16 of im2col's.
#include <cstring>
#include "winograd.h"

namespace hrl {
namespace {

#ifdef HRL_WINO_VECTORS

struct Wino {
  int64_t s, cs, hs, ws, oh, ow, th, tw, tiles;  // stride, s2d channels / height / width, output, tile grid
};

// U[ξ = 3i + j][c'][o] = (G g Gᵀ)[i][j] of the 2×2 s2d kernel g of (o, c'), for s2d channels [lo, hi). Writes run
// along o (9 streams); this runs once per call, so it must stay small next to a batch-32 forward.
HRL_CLONES
void transform_filter(const float* __restrict w, const ConvGeom& g, const Wino& p, float* __restrict u, int64_t lo,
                      int64_t hi) {
  const int64_t s = p.s, ostride = g.c * g.kh * g.kw, xi = p.cs * g.o;
  for (int64_t cp = lo; cp < hi; cp++) {
    const int64_t ci = cp / (s * s), dy = cp / s % s, dx = cp % s;
    const float* k = w + (ci * g.kh + dy) * g.kw + dx;
    float* dst = u + cp * g.o;
    for (int64_t o = 0; o < g.o; o++) {
      const float* ko = k + o * ostride;
      const float g00 = ko[0], g01 = ko[s], g10 = ko[s * g.kw], g11 = ko[s * g.kw + s];
      // (g0, g0 + g1, g1) along a, then the same along b
      const float r0a = g00, r0b = g01, r1a = g00 + g10, r1b = g01 + g11, r2a = g10, r2b = g11;
      dst[0 * xi + o] = r0a;
      dst[1 * xi + o] = r0a + r0b;
      dst[2 * xi + o] = r0b;
      dst[3 * xi + o] = r1a;
      dst[4 * xi + o] = r1a + r1b;
      dst[5 * xi + o] = r1b;
      dst[6 * xi + o] = r2a;
      dst[7 * xi + o] = r2a + r2b;
      dst[8 * xi + o] = r2b;
    }
  }
}

// V[ξ][c'][t0 + tile] for the tiles of one input channel ci of one image, from its phase planes ph (phase dx, row
// iy, column X holds x[ci][iy][X·s + dx], so s2d channel (ci, dy, dx) row Y is phase dx's row Y·s + dy).
HRL_CLONES
void transform_input(const float* __restrict ph, const ConvGeom& g, const Wino& p, int64_t ci,
                         float* __restrict v, int64_t ldv, int64_t t0) {
  alignas(64) static const float zeros[32] = {};
  constexpr i16v even = kEven, odd = kEven + 1, next = kEven + 2;
  const int64_t ws = p.ws, xi = p.cs * ldv;  // xi: from one ξ's V to the next
  for (int64_t dy = 0; dy < p.s; dy++)
    for (int64_t dx = 0; dx < p.s; dx++) {
      const int64_t cp = (ci * p.s + dy) * p.s + dx;
      const float* phase = ph + dx * g.h * ws;
      for (int64_t ty = 0; ty < p.th; ty++) {
        const int64_t y0 = 2 * ty;
        const float* r0 = phase + (y0 * p.s + dy) * ws;
        const float* r1 = r0 + p.s * ws;
        // the last tile row of an odd output height reads one s2d row past the image: zeros
        const float* r2 = y0 + 2 < p.hs ? r1 + p.s * ws : zeros;
        f16v a0, a1, b0, b1, c0, c1;
        load16(a0, r0);
        load16(a1, r0 + 16);
        load16(b0, r1);
        load16(b1, r1 + 16);
        load16(c0, r2);
        load16(c1, r2 + 16);
        const f16v e[3][2] = {{a0 - b0, a1 - b1}, {b0, b1}, {c0 - b0, c1 - b1}};
        float* dst = v + cp * ldv + t0 + ty * p.tw;
        for (int i = 0; i < 3; i++) {
          const f16v ev = __builtin_shuffle(e[i][0], e[i][1], even), od = __builtin_shuffle(e[i][0], e[i][1], odd);
          const f16v nx = __builtin_shuffle(e[i][0], e[i][1], next);
          store16(dst + (3 * i) * xi, ev - od);
          store16(dst + (3 * i + 1) * xi, od);
          store16(dst + (3 * i + 2) * xi, nx - od);
        }
      }
    }
}

// One image's outputs from M[ξ][o][t0 + tile] (ldm tiles per row): y[o][2ty + a][2tx + b] (+ bias, relu).
HRL_CLONES
void transform_output(const float* __restrict m, int64_t ldm, int64_t o, const Wino& p, int64_t t0,
                          const float* bias, bool relu, float* __restrict y) {
  const int64_t P = p.oh * p.ow, xi = ldm * o;
  for (int64_t k = 0; k < o; k++) {
    const int64_t limit = k + 1 < o ? 2 * P : P;  // see store_output_row
    const f16v add = f16v{} + (bias ? bias[k] : 0.0f), zero = f16v{};
    float* plane = y + k * P;
    for (int64_t ty = 0; ty < p.th; ty++) {
      const float* mt = m + k * ldm + t0 + ty * p.tw;
      f16v mm[9];
      for (int j = 0; j < 9; j++) load16(mm[j], mt + j * xi);
      // along i: output row a = 0 takes m0 + m1, a = 1 takes m1 + m2; then the same along j
      const f16v a0 = mm[0] + mm[3], a1 = mm[1] + mm[4], a2 = mm[2] + mm[5];
      const f16v b0 = mm[3] + mm[6], b1 = mm[4] + mm[7], b2 = mm[5] + mm[8];
      f16v q[2][2] = {{a0 + a1 + add, a1 + a2 + add}, {b0 + b1 + add, b1 + b2 + add}};
      if (relu)
        for (auto& r : q)
          for (auto& c : r) c = c > zero ? c : zero;
      for (int a = 0; a < 2 && 2 * ty + a < p.oh; a++) store_output_row(plane, 2 * ty + a, p.ow, limit, q[a]);
    }
  }
}
// Q[ξ][k][t0 + tile] for one image's output gradient gy [o × oh × ow] (times [mask > 0] with a fused relu): (G q Gᵀ)
// of every 2×2 tile q, zero past the output; and sums[k] += the image's Σ gy of plane k (the bias gradient). A row is
// read as 32 floats from its start unless that reaches past `end` (the end of the whole gy), then copied first.
HRL_CLONES
void transform_grad(const float* __restrict gy, const float* __restrict mask, const float* end, int64_t o,
                    const Wino& p, float* __restrict q, int64_t ldq, int64_t t0, double* sums) {
  constexpr i16v even = kEven, odd = kEven + 1, lane = kLane;
  const int64_t P = p.oh * p.ow, xi = o * ldq;
  const f16v zero = f16v{};
  // a row as two vectors, zero at columns ≥ ow and where the relu output is not positive
  auto row = [&](int64_t k, int64_t y, f16v out[2]) {
    const int64_t off = k * P + y * p.ow;
    alignas(64) float tmp[2][32] = {};
    const float* src = gy + off;
    const float* msk = mask ? mask + off : nullptr;
    if (src + 32 > end) {  // the last rows of the batch: copy what exists
      for (int64_t c = 0; c < p.ow; c++) tmp[0][c] = src[c];
      src = tmp[0];
      if (msk) {
        for (int64_t c = 0; c < p.ow; c++) tmp[1][c] = msk[c];
        msk = tmp[1];
      }
    }
    for (int h = 0; h < 2; h++) {
      f16v v;
      load16(v, src + 16 * h);
      const i16v col = lane + 16 * h;
      v = col < static_cast<int32_t>(p.ow) ? v : zero;
      if (msk) {
        f16v m;
        load16(m, msk + 16 * h);
        v = m > zero ? v : zero;
      }
      out[h] = v;
    }
  };
  for (int64_t k = 0; k < o; k++) {
    f16v total = zero;
    for (int64_t ty = 0; ty < p.th; ty++) {
      f16v r0[2], r1[2] = {zero, zero};
      row(k, 2 * ty, r0);
      if (2 * ty + 1 < p.oh) row(k, 2 * ty + 1, r1);
      total += r0[0] + r0[1] + r1[0] + r1[1];
      // along rows: (q0, q0 + q1, q1); then along columns the same on each column pair
      const f16v e[3][2] = {{r0[0], r0[1]}, {r0[0] + r1[0], r0[1] + r1[1]}, {r1[0], r1[1]}};
      float* dst = q + k * ldq + t0 + ty * p.tw;
      for (int i = 0; i < 3; i++) {
        const f16v ev = __builtin_shuffle(e[i][0], e[i][1], even), od = __builtin_shuffle(e[i][0], e[i][1], odd);
        store16(dst + (3 * i) * xi, ev);
        store16(dst + (3 * i + 1) * xi, ev + od);
        store16(dst + (3 * i + 2) * xi, od);
      }
    }
    double sum = 0;
    for (int l = 0; l < 16; l++) sum += total[l];
    sums[k] += sum;
  }
}

// V of one image (its tiles from t0 on), channel by channel through this thread's phase planes.
void transform_image(const float* x, const ConvGeom& g, const Wino& p, float* v, int64_t ldv, int64_t t0) {
  float* ph = wino_scratch(kPhases, p.s * g.h * p.ws + 32);  // + 32: the transform reads two vectors per row
  for (int64_t ci = 0; ci < g.c; ci++) {
    conv_deinterleave(x + ci * g.h * g.w, g, ph);
    transform_input(ph, g, p, ci, v, ldv, t0);
  }
}
#endif

// Whether g qualifies (an unpadded kernel twice its stride, at a batch where the transforms pay), and its sizes.
bool plan(const ConvGeom& g, Wino* out) {
  const int64_t s = g.sh;
  if (!use_winograd() || g.n < kMinBatch || s < 1 || g.sw != s || g.kh != 2 * s || g.kw != 2 * s || g.ph != 0 ||
      g.pw != 0 || g.h % s != 0 || g.w % s != 0)
    return false;
  Wino& p = *out;
  p.s = s;
  p.cs = g.c * s * s;
  p.hs = g.h / s;
  p.ws = g.w / s;
  p.oh = p.hs - 1;
  p.ow = p.ws - 1;
  // Too few channels for the GEMMs to pay, or wider than the transforms' two vectors: the direct path.
  if (p.cs < 16 || g.o < 8 || p.oh != g.oh || p.ow != g.ow || p.oh < 2 || p.ow < 2 || p.ws > 32) return false;
  p.th = (p.oh + 1) / 2;
  p.tw = (p.ow + 1) / 2;
  p.tiles = p.th * p.tw;
  return true;
}

}  // namespace

bool conv2d_forward_winograd(const float* x, const float* w, const float* bias, float* out, const ConvGeom& g,
                             bool relu) {
#ifndef HRL_WINO_VECTORS
  (void)x, (void)w, (void)bias, (void)out, (void)g, (void)relu;
  return false;
#else
  Wino p;
  if (!plan(g, &p)) return false;
  float* u = wino_scratch(kU, 9 * p.cs * g.o);
  parallel_range(p.cs, 16, [&](int64_t lo, int64_t hi) { transform_filter(w, g, p, u, lo, hi); });

  const int64_t perImage = 9 * (p.cs + g.o) * p.tiles;
  const int64_t macs = g.n * g.o * g.c * g.kh * g.kw * g.oh * g.ow;
  const int64_t parts = macs >= kParallelMacs ? (pool_threads() < g.n ? pool_threads() : g.n) : 1;
  const int64_t chunk = forward_chunk(perImage, p.tiles, (g.n + parts - 1) / parts);
  const int64_t xImage = g.c * g.h * g.w, yImage = g.o * g.oh * g.ow;

  for_chunks(g.n, parts, chunk, [&](int64_t, int64_t b0, int64_t nb) {
    const int64_t T = nb * p.tiles;
    const int64_t ld = padded_tiles(T);
    float* v = wino_scratch(kV, 9 * p.cs * ld);
    float* m = wino_scratch(kM, 9 * g.o * ld);
    for (int64_t b = 0; b < nb; b++) transform_image(x + (b0 + b) * xImage, g, p, v, ld, b * p.tiles);
    // M[ξ] [o × T] = U[ξ] [o × c'] · V[ξ] [c' × T] (V read in place by the GEMM, as im2col's columns are)
    for (int xi = 0; xi < 9; xi++)
      gemm_serial(GemmTask{g.o, T, p.cs, 1.0f, 0.0f, u + xi * p.cs * g.o, 1, g.o, v + xi * p.cs * ld, ld, 1,
                           m + xi * g.o * ld, ld});
    for (int64_t b = 0; b < nb; b++)
      transform_output(m, ld, g.o, p, b * p.tiles, bias, relu, out + (b0 + b) * yImage);
  });
  return true;
#endif
}

bool conv2d_backward_weight_winograd(const float* x, const float* gy, float* gw, float* gb, const ConvGeom& g,
                                     const float* reluOut) {
#ifndef HRL_WINO_VECTORS
  (void)x, (void)gy, (void)gw, (void)gb, (void)g, (void)reluOut;
  return false;
#else
  Wino p;
  if (!plan(g, &p)) return false;
  // Odd output sizes pad the tile grid (Nature conv2: 5×5 tiles for 9×9 outputs, 23 % more products), and the weight
  // gradient, whose direct path unfolds less than its forward, then gains nothing (2 threads, batch 256: 9.0 ms either
  // way; batch 32: 1.09 against 1.01). Only near-exact tilings take this path (conv1: 10×10 tiles, 11.7 → 10.6 ms).
  if (10 * 4 * p.tiles > 11 * p.oh * p.ow) return false;
  const int64_t s = p.s, o = g.o, cs = p.cs;
  // Parts follow the work, not the thread count, and are summed in order: results are bit-identical on any number of
  // threads (as the direct path's). Each part holds M[ξ][o][c'] = Σ over its tiles of Q[ξ]·V[ξ]ᵀ, then its bias sums.
  const int64_t macs = g.n * o * g.c * g.kh * g.kw * g.oh * g.ow;
  int64_t parts = macs / kMacsPerSumPart;
  if (parts > kMaxSumParts) parts = kMaxSumParts;
  if (parts > g.n) parts = g.n;
  if (parts < 1) parts = 1;
  const int64_t perPart = (g.n + parts - 1) / parts;
  // The GEMMs' k is chunk·tiles, in blocks of KC = 192: a chunk whose last block is short wastes a pass over the
  // accumulators; take the largest chunk within the budget whose tiles fit one block or end in at least half a one.
  const int64_t perImage = 9 * (cs + o) * p.tiles;
  int64_t limit = (kChunkFloats + kChunkFloats / 2) / perImage;
  if (limit > perPart) limit = perPart;
  int64_t chunk = 1;
  for (int64_t c = 1; c <= limit; c++) {
    const int64_t k = c * p.tiles;
    if (k <= 192 || k % 192 == 0 || k % 192 >= 96) chunk = c;
  }
  const int64_t slot = 9 * o * cs + 2 * o;  // M, then o bias sums (doubles) at an even float offset
  float* partial = wino_scratch(kPartial, parts * slot);
  std::memset(partial, 0, parts * slot * sizeof(float));
  const int64_t xImage = g.c * g.h * g.w, yImage = o * g.oh * g.ow;
  const float* gyEnd = gy + g.n * yImage;

  for_chunks(g.n, parts, chunk, [&](int64_t part, int64_t b0, int64_t nb) {
    float* acc = partial + part * slot;
    double* sums = reinterpret_cast<double*>(acc + 9 * o * cs);
    const int64_t T = nb * p.tiles;
    const int64_t ld = padded_tiles(T);
    float* v = wino_scratch(kV, 9 * cs * ld);
    float* q = wino_scratch(kM, 9 * o * ld);
    for (int64_t b = 0; b < nb; b++) {
      transform_image(x + (b0 + b) * xImage, g, p, v, ld, b * p.tiles);
      const int64_t off = (b0 + b) * yImage;
      transform_grad(gy + off, reluOut ? reluOut + off : nullptr, gyEnd, o, p, q, ld, b * p.tiles, sums);
    }
    // M[ξ] [o × c'] += Q[ξ] [o × T] · V[ξ]ᵀ [T × c'] (V packed by transposes; k = T is short for the dot-product
    // tiles gemm_serial would pick: 30 against 70+ GF/s)
    for (int xi = 0; xi < 9; xi++)
      gemm_packed(GemmTask{o, cs, T, 1.0f, 1.0f, q + xi * o * ld, ld, 1, v + xi * cs * ld, 1, ld,
                           acc + xi * o * cs, cs});
  });

  for (int64_t part = 1; part < parts; part++) {
    const float* src = partial + part * slot;
    for (int64_t i = 0; i < 9 * o * cs; i++) partial[i] += src[i];
  }
  // gW'[o][c'] = Aᵀ M A: the 2×2 s2d taps, added to w[o][ci][a·s + dy][b·s + dx]
  const int64_t xi = o * cs;
  for (int64_t k = 0; k < o; k++)
    for (int64_t cp = 0; cp < cs; cp++) {
      const float* mk = partial + k * cs + cp;
      const float m00 = mk[0], m01 = mk[xi], m02 = mk[2 * xi], m10 = mk[3 * xi], m11 = mk[4 * xi];
      const float m12 = mk[5 * xi], m20 = mk[6 * xi], m21 = mk[7 * xi], m22 = mk[8 * xi];
      const float a0 = m00 + m10, a1 = m01 + m11, a2 = m02 + m12, b0 = m10 + m20, b1 = m11 + m21, b2 = m12 + m22;
      const int64_t ci = cp / (s * s), dy = cp / s % s, dx = cp % s;
      float* tap = gw + ((k * g.c + ci) * g.kh + dy) * g.kw + dx;
      tap[0] += a0 + a1;
      tap[s] += a1 + a2;
      tap[s * g.kw] += b0 + b1;
      tap[s * g.kw + s] += b1 + b2;
    }
  if (gb) {
    for (int64_t k = 0; k < o; k++) {
      double sum = 0;
      for (int64_t part = 0; part < parts; part++) sum += reinterpret_cast<const double*>(partial + part * slot + 9 * o * cs)[k];
      gb[k] = static_cast<float>(gb[k] + sum);
    }
  }
  return true;
#endif
}

}  // namespace hrl
