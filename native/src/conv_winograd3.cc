// conv2d forward for small unpadded 3×3 stride-1 convolutions (Nature CNN conv3: 64 → 64 channels, 9×9 → 7×7) by
// Winograd F(2×2, 3×3): 16 products per 2×2 output tile instead of 36. In one dimension, for y0 = d0·g0 + d1·g1 +
// d2·g2 and y1 = d1·g0 + d2·g1 + d3·g2:
//   input  Bᵀd = (d0 − d2, d1 + d2, d2 − d1, d1 − d3)
//   filter Gg  = (g0, (g0 + g1 + g2) / 2, (g0 − g1 + g2) / 2, g2)
//   output Aᵀm = (m0 + m1 + m2, m1 − m2 − m3)
// along rows and columns. The transforms work on all tiles of an image at once (up to 16: one per vector lane), so
// the 4 tiles per tile row of a 7×7 output do not leave three quarters of each vector idle. Per chunk of images:
// V[ξ][c][t], one GEMM M[ξ] = U[ξ]ᵀ·V[ξ] per ξ (16), then the output transform (plus bias, relu).
#include "winograd.h"

namespace hrl {
namespace {

#ifdef HRL_WINO_VECTORS

struct Tiles3 {
  int64_t oh, ow, th, tw, tiles;   // output, tile grid (tiles ≤ 16)
  int64_t wp;                      // row length of the zero-padded input copy (w + 1)
  int32_t in[16], out[16];         // per tile: its patch's first element in the padded copy, its first output
};

// U[ξ = 4i + j][c][o] = (G g Gᵀ)[i][j] of the 3×3 kernel g of (o, c), for input channels [lo, hi).
HRL_CLONES
void transform_filter3(const float* __restrict w, const ConvGeom& g, float* __restrict u, int64_t lo, int64_t hi) {
  const int64_t xi = g.c * g.o;
  for (int64_t c = lo; c < hi; c++) {
    float* dst = u + c * g.o;
    for (int64_t o = 0; o < g.o; o++) {
      const float* k = w + (o * g.c + c) * 9;
      float r[4][3];  // G along the kernel rows, per column b
      for (int b = 0; b < 3; b++) {
        const float k0 = k[b], k1 = k[3 + b], k2 = k[6 + b];
        r[0][b] = k0;
        r[1][b] = 0.5f * (k0 + k1 + k2);
        r[2][b] = 0.5f * (k0 - k1 + k2);
        r[3][b] = k2;
      }
      for (int i = 0; i < 4; i++) {
        dst[(4 * i) * xi + o] = r[i][0];
        dst[(4 * i + 1) * xi + o] = 0.5f * (r[i][0] + r[i][1] + r[i][2]);
        dst[(4 * i + 2) * xi + o] = 0.5f * (r[i][0] - r[i][1] + r[i][2]);
        dst[(4 * i + 3) * xi + o] = r[i][2];
      }
    }
  }
}

// V[ξ][c][t0 + t] for every tile t of one image; pad is its channels copied one by one into a plane with a zero last
// row and column (a tile past an odd output reads them; they reach only outputs that are skipped).
HRL_CLONES
void transform_input3(const float* __restrict x, const ConvGeom& g, const Tiles3& p, float* __restrict pad,
                      float* __restrict v, int64_t ldv, int64_t t0) {
  const int64_t xi = g.c * ldv;
  for (int64_t c = 0; c < g.c; c++) {
    const float* plane = x + c * g.h * g.w;
    for (int64_t y = 0; y < g.h; y++)
      for (int64_t col = 0; col < g.w; col++) pad[y * p.wp + col] = plane[y * g.w + col];
    alignas(64) float d[16][16];  // d[4u + v][t]: patch element (u, v) of tile t
    for (int u = 0; u < 4; u++)
      for (int vv = 0; vv < 4; vv++)
        for (int t = 0; t < 16; t++) d[4 * u + vv][t] = t < p.tiles ? pad[p.in[t] + u * p.wp + vv] : 0.0f;
    f16v e[4][4];  // along rows (over u), per column v
    for (int vv = 0; vv < 4; vv++) {
      f16v d0, d1, d2, d3;
      load16(d0, d[vv]);
      load16(d1, d[4 + vv]);
      load16(d2, d[8 + vv]);
      load16(d3, d[12 + vv]);
      e[0][vv] = d0 - d2;
      e[1][vv] = d1 + d2;
      e[2][vv] = d2 - d1;
      e[3][vv] = d1 - d3;
    }
    float* dst = v + c * ldv + t0;
    for (int i = 0; i < 4; i++) {
      store16(dst + (4 * i) * xi, e[i][0] - e[i][2]);
      store16(dst + (4 * i + 1) * xi, e[i][1] + e[i][2]);
      store16(dst + (4 * i + 2) * xi, e[i][2] - e[i][1]);
      store16(dst + (4 * i + 3) * xi, e[i][1] - e[i][3]);
    }
  }
}

// One image's outputs from M[ξ][o][t0 + t] (ldm tiles per row): y[o][2ty + a][2tx + b] (+ bias, relu), the valid ones.
HRL_CLONES
void transform_output3(const float* __restrict m, int64_t ldm, int64_t o, const Tiles3& p, int64_t t0,
                       const float* bias, bool relu, float* __restrict y) {
  const int64_t P = p.oh * p.ow, xi = ldm * o;
  const f16v zero = f16v{};
  for (int64_t k = 0; k < o; k++) {
    const float* mt = m + k * ldm + t0;
    f16v mm[16];
    for (int j = 0; j < 16; j++) load16(mm[j], mt + j * xi);
    f16v tq[2][2];
    output_f23(mm, tq);
    const f16v add = f16v{} + (bias ? bias[k] : 0.0f);
    alignas(64) float q[2][2][16];
    for (int a = 0; a < 2; a++)
      for (int b = 0; b < 2; b++) {
        f16v c = tq[a][b] + add;
        if (relu) c = c > zero ? c : zero;
        store16(q[a][b], c);
      }
    float* plane = y + k * P;
    for (int64_t t = 0; t < p.tiles; t++) {
      const int64_t ty = t / p.tw, tx = t % p.tw;
      float* out = plane + p.out[t];
      const bool right = 2 * tx + 1 < p.ow, down = 2 * ty + 1 < p.oh;
      out[0] = q[0][0][t];
      if (right) out[1] = q[0][1][t];
      if (down) {
        out[p.ow] = q[1][0][t];
        if (right) out[p.ow + 1] = q[1][1][t];
      }
    }
  }
}

#endif

}  // namespace

bool conv2d_forward_winograd3(const float* x, const float* w, const float* bias, float* out, const ConvGeom& g,
                              bool relu) {
#ifndef HRL_WINO_VECTORS
  (void)x, (void)w, (void)bias, (void)out, (void)g, (void)relu;
  return false;
#else
  if (!use_winograd() || g.n < kMinBatch || g.kh != 3 || g.kw != 3 || g.sh != 1 || g.sw != 1 || g.ph != 0 ||
      g.pw != 0 || g.c < 16 || g.o < 8 || g.oh != g.h - 2 || g.ow != g.w - 2 || g.oh < 2 || g.ow < 2)
    return false;
  Tiles3 p;
  p.oh = g.oh;
  p.ow = g.ow;
  p.th = (p.oh + 1) / 2;
  p.tw = (p.ow + 1) / 2;
  p.tiles = p.th * p.tw;
  // One image's tiles fill one vector, at least three quarters of it (the GEMMs compute every lane).
  if (p.tiles > 16 || p.tiles < 12) return false;
  p.wp = g.w + 1;
  for (int64_t t = 0; t < p.tiles; t++) {
    const int64_t ty = t / p.tw, tx = t % p.tw;
    p.in[t] = static_cast<int32_t>(2 * ty * p.wp + 2 * tx);
    p.out[t] = static_cast<int32_t>(2 * ty * p.ow + 2 * tx);
  }

  float* u = wino_scratch(kU, 16 * g.c * g.o);
  parallel_range(g.c, 8, [&](int64_t lo, int64_t hi) { transform_filter3(w, g, u, lo, hi); });

  // V and M hold 16 tiles per image (the lanes past an image's tiles are zeros / unused).
  const int64_t perImage = 16 * (g.c + g.o) * 16;
  const int64_t macs = g.n * g.o * g.c * 9 * g.oh * g.ow;
  const int64_t parts = macs >= kParallelMacs ? (pool_threads() < g.n ? pool_threads() : g.n) : 1;
  const int64_t chunk = forward_chunk(perImage, 16, (g.n + parts - 1) / parts);
  const int64_t xImage = g.c * g.h * g.w, yImage = g.o * g.oh * g.ow;

  for_chunks(g.n, parts, chunk, [&](int64_t, int64_t b0, int64_t nb) {
    const int64_t T = nb * 16, ld = padded_tiles(T);
    float* v = wino_scratch(kV, 16 * g.c * ld);
    float* m = wino_scratch(kM, 16 * g.o * ld);
    float* pad = wino_scratch(kPhases, (g.h + 1) * p.wp);
    for (int64_t i = 0; i < (g.h + 1) * p.wp; i++) pad[i] = 0.0f;  // the copies rewrite all but the zero border
    for (int64_t b = 0; b < nb; b++) transform_input3(x + (b0 + b) * xImage, g, p, pad, v, ld, b * 16);
    // M[ξ] [o × T] = U[ξ]ᵀ [o × c] · V[ξ] [c × T]
    for (int xi = 0; xi < 16; xi++)
      gemm_serial(GemmTask{g.o, T, g.c, 1.0f, 0.0f, u + xi * g.c * g.o, 1, g.o, v + xi * g.c * ld, ld, 1,
                           m + xi * g.o * ld, ld});
    for (int64_t b = 0; b < nb; b++)
      transform_output3(m, ld, g.o, p, b * 16, bias, relu, out + (b0 + b) * yImage);
  });
  return true;
#endif
}

}  // namespace hrl
