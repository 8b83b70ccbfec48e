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
  int64_t qn, qs;                  // entries of each lane array (see transform_input3), and their spacing
  int32_t out[16];                 // per tile: its first output
  int32_t gather[8 * 32];          // lane array entry → its element of the padded copy
};

// The eight lane arrays of transform_input3: array (r, s, sv) = (u % 2, v % 2, v / 2), row i ≤ th, column j < tw holds
// the padded copy's element (2i + r, 2(j + sv) + s).
inline void lane_tables(Tiles3& p) {
  p.qn = (p.th + 1) * p.tw;
  p.qs = p.qn + 16;  // a vector load starts at most tw entries in, and may read past qn
  for (int a = 0; a < 8; a++) {
    const int64_t r = a / 4, s = a / 2 % 2, sv = a % 2;
    for (int64_t i = 0; i <= p.th; i++)
      for (int64_t j = 0; j < p.tw; j++)
        p.gather[a * p.qn + i * p.tw + j] = static_cast<int32_t>((2 * i + r) * p.wp + 2 * (j + sv) + s);
  }
}

// Whether g qualifies (an unpadded 3×3 stride-1 conv with enough channels for the GEMMs, at a batch where the
// transforms pay, whose output tiles fill one vector at least three quarters: the GEMMs compute every lane), and its
// tiles.
bool plan3(const ConvGeom& g, Tiles3* out) {
  if (!use_winograd() || g.n < kMinBatch || g.kh != 3 || g.kw != 3 || g.sh != 1 || g.sw != 1 || g.ph != 0 ||
      g.pw != 0 || g.c < 16 || g.o < 8 || g.oh != g.h - 2 || g.ow != g.w - 2 || g.oh < 2 || g.ow < 2)
    return false;
  Tiles3& p = *out;
  p.oh = g.oh;
  p.ow = g.ow;
  p.th = (p.oh + 1) / 2;
  p.tw = (p.ow + 1) / 2;
  p.tiles = p.th * p.tw;
  if (p.tiles > 16 || p.tiles < 12) return false;
  p.wp = g.w + 1;
  for (int64_t t = 0; t < p.tiles; t++) p.out[t] = static_cast<int32_t>(2 * (t / p.tw) * p.ow + 2 * (t % p.tw));
  lane_tables(p);
  return true;
}

// The input gradient by F(3×3, 3×3): gx = the full correlation of gy, zero-padded by 2, with the flipped kernels, in
// 3×3 tiles of gx read from 5×5 patches of the padded gy (25 products per 9 outputs against 81; conv3's 9×9 gx is
// 9 tiles, so 225 products per channel pair against the direct path's 441). In one dimension, for
// y_a = Σₖ d_(a+k)·g_k, a < 3, with the interpolation points 0, 1, −1, 2, ∞:
//   input  Bᵀd = (2d0 − d1 − 2d2 + d3, d3 − 2d1 − d2, 2d1 − 3d2 + d3, d3 − d1, 2d1 − d2 − 2d3 + d4)
//   filter Gg  = (g0 / 2, −(g0 + g1 + g2) / 2, (g1 − g0 − g2) / 6, (g0 + 2g1 + 4g2) / 6, g2)
//   output Aᵀm = (m0 + m1 + m2 + m3, m1 − m2 + 2m3, m1 + m2 + 4m3 + m4)
// The 2 and 4 of Aᵀ and Bᵀ scale the rounding by a few units against F(2×2, 3×3)'s ±1 (the tolerance of the
// direct path's tests holds).
template <class T>
inline __attribute__((always_inline)) void input_f33(const T d[5], T e[5]) {
  const T s = d[3] - d[1];
  e[0] = 2.0f * (d[0] - d[2]) + s;
  e[1] = s - d[1] - d[2];
  e[2] = s + 3.0f * (d[1] - d[2]);
  e[3] = s;
  e[4] = d[4] - 2.0f * s - d[2];
}

template <class T>
inline __attribute__((always_inline)) void output_f33(const T m[5], T y[3]) {
  const T sum = m[1] + m[2];
  y[0] = m[0] + sum + m[3];
  y[1] = m[1] - m[2] + 2.0f * m[3];
  y[2] = sum + 4.0f * m[3] + m[4];
}

struct GradTiles {
  int64_t th, tw, tiles;  // 3×3 tiles of gx (tiles ≤ 16: one vector of them per image)
  int64_t hp, wp;         // the zero-padded gy plane: (oh + 4) × (ow + 4) = (h + 2) × (w + 2), a row in one vector
  // gx row 3ty + a from the three vectors q[a][b] (lanes over tiles): column 3tx + b is lane ty·tw + tx of q[a][b];
  // pick01[ty] takes b = 0, 1 from (q[a][0], q[a][1]), then pick2[ty] adds b = 2 from q[a][2].
  int32_t pick01[5][16], pick2[5][16];
};

// Whether g qualifies (an unpadded 3×3 stride-1 conv whose input 3×3 tiles cover in 3–5 rows of 3–4 tiles, ≤ 16 in
// all, with enough channels for the GEMMs, at a batch where it pays), and its tiles.
bool plan_grad33(const ConvGeom& g, GradTiles* out) {
  // From batch 64: at 32 it is no faster than the direct path (two threads: 0.92 against 0.89 ms; at 64, 1.63 against
  // 1.76; at 256, 6.2 against 7.2).
  if (!use_winograd() || g.n < 64 || g.kh != 3 || g.kw != 3 || g.sh != 1 || g.sw != 1 || g.ph != 0 ||
      g.pw != 0 || g.h % 3 != 0 || g.w % 3 != 0 || g.c < 16 || g.o < 16 || g.w + 2 > 16)
    return false;
  GradTiles& p = *out;
  p.th = g.h / 3;
  p.tw = g.w / 3;
  p.tiles = p.th * p.tw;
  p.hp = g.h + 2;
  p.wp = g.w + 2;
  if (p.tiles > 16 || p.th < 3 || p.tw < 3) return false;  // (so th ≤ 5, and w ≤ 12)
  for (int64_t ty = 0; ty < p.th; ty++)
    for (int x = 0; x < 16; x++) {
      const int32_t lane = static_cast<int32_t>(ty * p.tw + (x / 3 < p.tw ? x / 3 : 0));
      p.pick01[ty][x] = x % 3 == 1 ? 16 + lane : lane;
      p.pick2[ty][x] = x % 3 == 2 ? 16 + lane : x;
    }
  return true;
}

// U[ξ = 5i + j][o][c] = (G k Gᵀ)[i][j] of the flipped kernel k(a, b) = w[o][c][2 − a][2 − b], for output channels
// [lo, hi).
void transform_filter33(const float* __restrict w, const ConvGeom& g, float* __restrict u, int64_t lo, int64_t hi) {
  const int64_t xi = g.o * g.c;
  auto gt = [](float k0, float k1, float k2, float r[5]) {
    r[0] = 0.5f * k0;
    r[1] = -0.5f * (k0 + k1 + k2);
    r[2] = (k1 - k0 - k2) / 6.0f;
    r[3] = (k0 + 2.0f * k1 + 4.0f * k2) / 6.0f;
    r[4] = k2;
  };
  for (int64_t o = lo; o < hi; o++)
    for (int64_t c = 0; c < g.c; c++) {
      const float* w9 = w + (o * g.c + c) * 9;
      float r[5][3];  // G along the flipped kernel's rows, per column b
      for (int b = 0; b < 3; b++) {
        float col[5];
        gt(w9[6 + 2 - b], w9[3 + 2 - b], w9[2 - b], col);
        for (int i = 0; i < 5; i++) r[i][b] = col[i];
      }
      float* dst = u + o * g.c + c;
      for (int i = 0; i < 5; i++) {
        float e[5];
        gt(r[i][0], r[i][1], r[i][2], e);
        for (int j = 0; j < 5; j++) dst[(5 * i + j) * xi] = e[j];
      }
    }
}

// The hot loops, once per instruction set (isa_copies.h).
#define HRL_ISA_LOOPS "conv_winograd3_loops.inc"
#include "isa_copies.h"

// V[ξ][c][b·16 + t] for the nb images from x (transform_input3 with this thread's buffers).
void transform_chunk_input3(const float* x, int64_t nb, const ConvGeom& g, const Tiles3& p, float* v, int64_t ld) {
  float* pad = wino_scratch(kPhases, (g.h + 1) * p.wp);
  float* q = wino_scratch(kLanes, 8 * p.qs);
  for (int64_t i = 0; i < (g.h + 1) * p.wp; i++) pad[i] = 0.0f;  // the copies rewrite all but the zero border
  for (int64_t i = 0; i < 8 * p.qs; i++) q[i] = 0.0f;              // (entries past qn: read by unused lanes)
  for (int64_t b = 0; b < nb; b++) HRL_ISA_SWITCH(isa::transform_input3(x + b * g.c * g.h * g.w, g, p, pad, q, v, ld, b * 16));
}

#endif

}  // namespace

bool conv2d_forward_winograd3(const float* x, const float* w, const float* bias, float* out, const ConvGeom& g,
                              bool relu, uint8_t* nonfinite) {
#ifndef HRL_WINO_VECTORS
  (void)x, (void)w, (void)bias, (void)out, (void)g, (void)relu, (void)nonfinite;
  return false;
#else
  Tiles3 p;
  if (!plan3(g, &p)) return false;

  float* u = wino_scratch(kU, 16 * g.c * g.o);
  parallel_range(g.c, 8, [&](int64_t lo, int64_t hi) { HRL_ISA_SWITCH(isa::transform_filter3(w, g, u, lo, hi)); });

  // V and M hold 16 tiles per image (the lanes past an image's tiles are zeros / unused).
  const ImageSplit split = image_split(g.n, g.n * g.o * g.c * 9 * g.oh * g.ow, 16 * (g.c + g.o) * 16, 16);
  const int64_t xImage = g.c * g.h * g.w, yImage = g.o * g.oh * g.ow;

  for_image_chunks(g.n, split.parts, split.chunk, [&](int64_t b0, int64_t nb) {
    const int64_t T = nb * 16, ld = padded_tiles(T);
    float* v = wino_scratch(kV, 16 * g.c * ld);
    float* m = wino_scratch(kM, 16 * g.o * ld);
    transform_chunk_input3(x + b0 * xImage, nb, g, p, v, ld);
    transform_products(16, g.o, g.c, T, ld, u, v, m);  // M[ξ] [o × T] = U[ξ]ᵀ [o × c] · V[ξ] [c × T]
    for (int64_t b = 0; b < nb; b++) {
      float* y = out + (b0 + b) * yImage;
      HRL_ISA_SWITCH(isa::transform_output3(m, ld, g.o, p, b * 16, bias, relu, y));
      nonfinite[b0 + b] = !all_finite(y, yImage);
    }
  });
  return true;
#endif
}

bool conv2d_backward_weight_winograd3(const float* x, const float* gy, float* gw, float* gb, const ConvGeom& g,
                                      const float* reluOut) {
#ifndef HRL_WINO_VECTORS
  (void)x, (void)gy, (void)gw, (void)gb, (void)g, (void)reluOut;
  return false;
#else
  Tiles3 p;
  if (!plan3(g, &p)) return false;
  // As the space-to-depth weight gradients: each part holds M[ξ][o][c] = Σ over its tiles of Q[ξ]·V[ξ]ᵀ, then its
  // bias sums (see SumParts).
  const int64_t o = g.o, c = g.c;
  SumParts sp;
  if (!sp.init(g.n, 16, o, c)) return false;
  const int64_t chunk = weight_grad_chunk(16 * (c + o) * 16, 16, (g.n + sp.parts - 1) / sp.parts);
  const int64_t xImage = c * g.h * g.w, yImage = o * g.oh * g.ow;
  const float* gyEnd = gy + g.n * yImage;

  for_chunks(g.n, sp.parts, chunk, [&](int64_t part, int64_t b0, int64_t nb) {
    const bool first = b0 == g.n * part / sp.parts;
    float* acc = sp.products(part);
    double* sums = sp.bias(part);
    const int64_t T = nb * 16, ld = padded_tiles(T);
    float* v = wino_scratch(kV, 16 * c * ld);
    float* q = wino_scratch(kM, 16 * o * ld);
    transform_chunk_input3(x + b0 * xImage, nb, g, p, v, ld);
    for (int64_t b = 0; b < nb; b++) {
      const int64_t off = (b0 + b) * yImage;
      const float* mask = reluOut ? reluOut + off : nullptr;
      HRL_ISA_SWITCH(isa::transform_grad3(gy + off, mask, gyEnd, o, p, q, ld, b * 16, sums));
    }
    // M[ξ] [o × c] += Q[ξ] [o × T] · V[ξ]ᵀ [T × c]
    for (int xi = 0; xi < 16; xi++)
      gemm_packed(GemmTask{o, c, T, 1.0f, first ? 0.0f : 1.0f, q + xi * o * ld, ld, 1, v + xi * c * ld, 1, ld,
                           acc + xi * o * c, c});
  });

  // The parts' sums in part order, then gW[k][ci] += Gᵀ M G (split over output channels: each owns its rows).
  const int64_t xi = o * c;
  parallel_range(o, 4, [&](int64_t lo, int64_t hi) {
    sp.add_up(lo, hi);
    for (int64_t k = lo; k < hi; k++)
      for (int64_t ci = 0; ci < c; ci++) {
        float mk[16], t[3][3];
        for (int x = 0; x < 16; x++) mk[x] = sp.base[x * xi + k * c + ci];
        output_f32(mk, t);
        float* tap = gw + (k * c + ci) * 9;
        for (int i = 0; i < 3; i++)
          for (int j = 0; j < 3; j++) tap[3 * i + j] += t[i][j];
      }
  });
  if (gb) sp.add_bias(gb);
  return true;
#endif
}

bool conv2d_backward_input_winograd3(const float* gy, const float* w, float* gx, const ConvGeom& g,
                                     const float* reluOut) {
#ifndef HRL_WINO_VECTORS
  (void)gy, (void)w, (void)gx, (void)g, (void)reluOut;
  return false;
#else
  GradTiles p;
  if (!plan_grad33(g, &p)) return false;
  const int64_t o = g.o, c = g.c;
  float* u = wino_scratch(kU, 25 * o * c);
  parallel_range(o, 4, [&](int64_t lo, int64_t hi) { transform_filter33(w, g, u, lo, hi); });

  const ImageSplit split = image_split(g.n, g.n * o * c * 9 * g.oh * g.ow, 25 * (o + c) * p.tiles, p.tiles);
  const int64_t xImage = c * g.h * g.w, P = g.oh * g.ow, yImage = o * P, plane = p.hp * p.wp;
  const float* gyEnd = gy + g.n * yImage;

  for_image_chunks(g.n, split.parts, split.chunk, [&](int64_t b0, int64_t nb) {
    const int64_t T = nb * p.tiles, ld = padded_tiles(T);
    float* v = wino_scratch(kV, 25 * o * ld);
    float* m = wino_scratch(kM, 25 * c * ld);
    // one padded gy plane (+ 32: a row is read as a vector from its start, and the copy's stores run past a row)
    float* pad = wino_scratch(kPhases, plane + 32);
    for (int64_t i = 0; i < plane + 32; i++) pad[i] = 0.0f;
    for (int64_t b = 0; b < nb; b++)
      for (int64_t k = 0; k < o; k++) {
        const int64_t off = (b0 + b) * yImage + k * P;
        // pad_grad_plane writes inside a one-cell border; from the second row and column, that is a border of two
        HRL_ISA_SWITCH(isa::pad_grad_plane(gy + off, reluOut ? reluOut + off : nullptr, gyEnd, g.oh, g.ow, p.wp, pad + p.wp + 1));
        HRL_ISA_SWITCH(isa::transform_grad_input33(pad, p, k, v, ld, o, b * p.tiles));
      }
    transform_products(25, c, o, T, ld, u, v, m);  // M[ξ] [c × T] = U[ξ]ᵀ [c × o] · V[ξ] [o × T]
    for (int64_t b = 0; b < nb; b++) HRL_ISA_SWITCH(isa::transform_grad_output33(m, ld, g, p, b * p.tiles, gx + (b0 + b) * xImage));
  });
  return true;
#endif
}

}  // namespace hrl
