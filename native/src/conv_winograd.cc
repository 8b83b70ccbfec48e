// conv2d for kernels twice their stride (Nature CNN conv1: 8×8 stride 4; conv2: 4×4 stride 2), unpadded: forward,
// input gradient and weight gradient. Space-to-depth turns such a convolution into a 2×2 stride-1 one over c·s²
// channels, which Winograd F(2×2, 2×2) computes with 9 multiplies per 2×2 output tile instead of 16.
//
// Space-to-depth: channel c' = (ci·s + dy)·s + dx of the s2d image holds x[ci][Y·s + dy][X·s + dx] at (Y, X), and
// the 2×2 kernel tap (a, b) of c' is w[o][ci][a·s + dy][b·s + dx]. F(2, 2) in one dimension, for outputs
// y0 = d0·g0 + d1·g1 and y1 = d1·g0 + d2·g1:
//   input  Bᵀd = (d0 − d1, d1, d2 − d1)     filter Gg = (g0, g0 + g1, g1)     output Aᵀm = (m0 + m1, m1 + m2)
// and the 2-D transforms apply these along rows and columns. Every coefficient is 0 or ±1, so the rounding is that
// of a few additions (the tolerance of the direct path's tests holds).
//
// Forward, per chunk of images: V[ξ][c'][t] ← input transform of every 3×3 patch (tile t = image, tile row, tile
// column); for each of the 9 positions ξ one GEMM M[ξ][o][t] = U[ξ]ᵀ·V[ξ], with U[ξ][c'][o] the transformed filter;
// then the output transform adds the 9 products of each tile into its 2×2 outputs (plus bias, relu). Against im2col
// + GEMM: 9/16 of the multiply-adds, and the unfolded input is 9/16 of im2col's. Outputs that 2×2 tiles would pad
// much (conv2's 9×9) take 3×3 tiles instead, F(3×3, 2×2) (see transform_output32). The input gradient is the same
// computation on gy (padded, flipped kernels); the weight gradient sums transformed gy tiles against V (see there).
#include "winograd.h"

namespace hrl {
namespace {

#ifdef HRL_WINO_VECTORS

struct Wino {
  int64_t s, cs, hs, ws, oh, ow, th, tw, tiles;  // stride, s2d channels / height / width, output, tile grid
};

// dst[ξ·xi] = (G g Gᵀ)[i][j], ξ = 3i + j, for the 2×2 kernel g = [[g00, g01], [g10, g11]]: (g0, g0 + g1, g1) along
// rows, then the same along columns.
inline void transform_taps(float g00, float g01, float g10, float g11, float* dst, int64_t xi) {
  const float r[3][2] = {{g00, g01}, {g00 + g10, g01 + g11}, {g10, g11}};
  for (int i = 0; i < 3; i++) {
    dst[(3 * i) * xi] = r[i][0];
    dst[(3 * i + 1) * xi] = r[i][0] + r[i][1];
    dst[(3 * i + 2) * xi] = r[i][1];
  }
}

// dst[ξ·xi] = (A g Aᵀ)[i][j], ξ = 4i + j, A = [[1, 0], [1, 1], [1, −1], [0, −1]]: the filter transform of the
// forward in 3×3 output tiles (F(3×3, 2×2), see transform_output32).
inline void transform_taps32(float g00, float g01, float g10, float g11, float* dst, int64_t xi) {
  const float r[4][2] = {{g00, g01}, {g00 + g10, g01 + g11}, {g00 - g10, g01 - g11}, {-g10, -g11}};
  for (int i = 0; i < 4; i++) {
    dst[(4 * i) * xi] = r[i][0];
    dst[(4 * i + 1) * xi] = r[i][0] + r[i][1];
    dst[(4 * i + 2) * xi] = r[i][0] - r[i][1];
    dst[(4 * i + 3) * xi] = -r[i][1];
  }
}

// Weight gradient over 3×3 tiles of gy (for output sizes that are multiples of 3, where 2×2 tiles would pad: Nature
// conv2's 9×9). Per tile, the two taps of each dimension are g_a = Σₚ q_p·d_{p+a}, p < 3: F(2, 3) with the gy tile as
// the filter and a 4×4 s2d patch (rows and columns 3t … 3t + 3) as the input, 16 products for 36. The forward in
// 3×3 output tiles takes the same input transform (transform_output32).
//
// The 3×3-tile transforms work on every tile of an image in one vector (lane l = ty·tw + tx), for images of ≤ 16
// tiles whose rows fit one vector (s2d width ≤ 16: conv2's 3 × 3 tiles): the row steps run per tile row on whole rows
// (columns in the lanes), then each column step gathers its lanes from those th vectors by th − 1 shuffles. (A tile
// row per vector, as the 2×2 tiles do, kept 3 of 16 lanes busy for conv2: its gy transform took a sixth of the weight
// gradient; this way, batch 256, 10.6 → 9.2 ms.)
struct TileLanes {
  int64_t th, tw;
  // pick[ty][j]: the shuffle that adds tile row ty's lanes, column 3tx + j of its vector (the second source), to the
  // lanes of rows < ty (the first source; for ty = 1 that is row 0's vector, read at 3tx + j too); pick[0][j] is the
  // one-source shuffle of a single tile row. j < 4: the input's 4×4 patches.
  int32_t pick[6][4][16];
};

bool plan_tile_lanes(int64_t th, int64_t tw, TileLanes* out) {
  if (th * tw > 16 || th > 6) return false;
  TileLanes& t = *out;
  t.th = th;
  t.tw = tw;
  for (int64_t ty = 0; ty < th; ty++)
    for (int j = 0; j < 4; j++)
      for (int64_t l = 0; l < 16; l++) {
        const int64_t row = l / tw, col = 3 * (l % tw) + j;
        int32_t v = 0;
        if (ty == 0 || (ty == 1 && row == 0)) v = row == 0 ? static_cast<int32_t>(col) : 0;
        else if (row < ty) v = static_cast<int32_t>(l);
        if (ty > 0 && row == ty) v = static_cast<int32_t>(16 + col);
        t.pick[ty][j][l] = v;
      }
  return true;
}

// Whether 3×3 tiles cover the output exactly in this layout (≤ 16 tiles, s2d rows of ≤ 16), with its lane tables.
bool three_tiles(const Wino& p, TileLanes* t) {
  return p.oh % 3 == 0 && p.ow % 3 == 0 && p.ws <= 16 && plan_tile_lanes(p.oh / 3, p.ow / 3, t);
}

// Whether 2×2 tiles pad the output by more than 10 %.
bool twos_pad(const Wino& p) { return 10 * 4 * p.tiles > 11 * p.oh * p.ow; }

// out = column 3tx + j of rows[ty] at lane ty·tw + tx, for every tile (see TileLanes).
inline __attribute__((always_inline)) void tile_lanes(const f16v* rows, const TileLanes& t, int j, f16v& out) {
  if (t.th == 1) {
    permute1(rows[0], t.pick[0][j], out);
    return;
  }
  permute2(rows[0], rows[1], t.pick[1][j], out);
  for (int64_t ty = 2; ty < t.th; ty++) permute2(f16v(out), rows[ty], t.pick[ty][j], out);
}
// At AVX2: row 0's lanes (pick[0] places them, and fills the other lanes from it), then each further row's blended in
// (pick[ty]'s lanes ≥ 16; the lanes past the tiles keep values that nothing reads).
inline __attribute__((always_inline)) void tile_lanes(const f8x2* rows, const TileLanes& t, int j, f8x2& out) {
  permute1(rows[0], t.pick[0][j], out);
  for (int64_t ty = 1; ty < t.th; ty++) blend_lanes(rows[ty], t.pick[ty][j], out);
}

// The hot loops, once per instruction set (isa_copies.h).
#define HRL_ISA_LOOPS "conv_winograd_loops.inc"
#include "isa_copies.h"

// f(ph, ci) for every input channel ci of image b, with ph its phase planes in this thread's buffer (the input
// transforms' source). Byte frames are converted a plane at a time into this thread's buffer first.
template <class F>
void for_phase_planes(const ConvInput& x, int64_t b, const ConvGeom& g, const Wino& p, const F& f) {
  const int64_t plane = g.h * g.w;
  // + 32: the transforms read two vectors per row. Zeroed: a tile past an odd output reads one column past its row,
  // which for the last row is here; the zero gradient there cancels it exactly in the weight gradient only if it is
  // finite (left as it was, a NaN from earlier use of the buffer made the result NaN now and then).
  const int64_t planes = p.s * g.h * p.ws;
  float* ph = wino_scratch(kPhases, planes + 32);
  for (int64_t i = planes; i < planes + 32; i++) ph[i] = 0.0f;
  float* fp = x.u8 ? wino_scratch(kFrame, plane + 64) : nullptr;
  for (int64_t ci = 0; ci < g.c; ci++) {
    const int64_t at = (b * g.c + ci) * plane;
    if (x.u8) scale_bytes_serial(x.u8 + at, x.scale, fp, plane);
    conv_deinterleave(x.u8 ? fp : x.f + at, g, ph);
    f(ph, ci);
  }
}

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
#endif

}  // namespace

bool conv2d_forward_winograd(const ConvInput& x, const float* w, const float* bias, float* out, const ConvGeom& g,
                             bool relu, uint8_t* nonfinite) {
#ifndef HRL_WINO_VECTORS
  (void)x, (void)w, (void)bias, (void)out, (void)g, (void)relu, (void)nonfinite;
  return false;
#else
  Wino p;
  if (!plan(g, &p)) return false;
  // 3×3 output tiles (F(3×3, 2×2)) when 2×2 tiles would pad the output by more than 10 % and 3×3 ones cover it
  // exactly, in one vector of tiles per image (TileLanes; conv2's 9×9: 144 products per plane against 225; batch
  // 256, two threads, 8.6 → 7.3 ms by the median of ten alternating runs); else 2×2 tiles.
  TileLanes tl;
  const bool threes = twos_pad(p) && three_tiles(p, &tl);
  const int64_t th = threes ? p.oh / 3 : p.th, tw = threes ? p.ow / 3 : p.tw, tiles = th * tw;
  const int nxi = threes ? 16 : 9;
  float* u = wino_scratch(kU, nxi * p.cs * g.o);
  parallel_range(p.cs, 16, [&](int64_t lo, int64_t hi) { HRL_ISA_SWITCH(isa::transform_filter(w, g, p, threes, u, lo, hi)); });

  const ImageSplit split =
      image_split(g.n, g.n * g.o * g.c * g.kh * g.kw * g.oh * g.ow, nxi * (p.cs + g.o) * tiles, tiles);
  const int64_t yImage = g.o * g.oh * g.ow;

  for_image_chunks(g.n, split.parts, split.chunk, [&](int64_t b0, int64_t nb) {
    const int64_t T = nb * tiles;
    const int64_t ld = padded_tiles(T);
    float* v = wino_scratch(kV, nxi * p.cs * ld);
    float* m = wino_scratch(kM, nxi * g.o * ld);
    for (int64_t b = 0; b < nb; b++)
      for_phase_planes(x, b0 + b, g, p, [&](const float* ph, int64_t ci) {
        if (threes) HRL_ISA_SWITCH(isa::transform_input23(ph, g, p, tl, ci, v, ld, b * tiles));
        else HRL_ISA_SWITCH(isa::transform_input(ph, g, p, ci, v, ld, b * tiles));
      });
    transform_products(nxi, g.o, p.cs, T, ld, u, v, m);  // M[ξ] [o × T] = U[ξ]ᵀ [o × c'] · V[ξ] [c' × T]
    for (int64_t b = 0; b < nb; b++) {
      float* y = out + (b0 + b) * yImage;
      if (threes) HRL_ISA_SWITCH(isa::transform_output32(m, ld, g.o, p, th, tw, b * tiles, bias, relu, y));
      else HRL_ISA_SWITCH(isa::transform_output(m, ld, g.o, p, b * tiles, bias, relu, y));
      nonfinite[b0 + b] = !all_finite(y, yImage);
    }
  });
  return true;
#endif
}

bool conv2d_backward_weight_winograd(const ConvInput& x, const float* gy, float* gw, float* gb, const ConvGeom& g,
                                     const float* reluOut) {
#ifndef HRL_WINO_VECTORS
  (void)x, (void)gy, (void)gw, (void)gb, (void)g, (void)reluOut;
  return false;
#else
  Wino p;
  if (!plan(g, &p)) return false;
  // 2×2 tiles when they cover the output with ≤ 10 % padding (conv1: 10×10 tiles, 11.7 → 10.6 ms on two threads at
  // batch 256); else 3×3 tiles when they cover it exactly, in one vector of tiles per image (TileLanes; conv2's 9×9,
  // which 2×2 tiles pad by 23 %); else the direct path.
  const bool threes = twos_pad(p);
  TileLanes tl;
  if (threes && !three_tiles(p, &tl)) return false;
  const int64_t th = threes ? p.oh / 3 : p.th, tw = threes ? p.ow / 3 : p.tw, tiles = th * tw;
  const int nxi = threes ? 16 : 9;
  const int64_t s = p.s, o = g.o, cs = p.cs;
  // Each part holds M[ξ][o][c'] = Σ over its tiles of Q[ξ]·V[ξ]ᵀ, then its bias sums (see SumParts).
  SumParts sp;
  if (!sp.init(g.n, nxi, o, cs)) return false;
  const int64_t chunk = weight_grad_chunk(nxi * (cs + o) * tiles, tiles, (g.n + sp.parts - 1) / sp.parts);
  const int64_t yImage = o * g.oh * g.ow;
  const float* gyEnd = gy + g.n * yImage;

  for_chunks(g.n, sp.parts, chunk, [&](int64_t part, int64_t b0, int64_t nb) {
    const bool first = b0 == g.n * part / sp.parts;
    float* acc = sp.products(part);
    double* sums = sp.bias(part);
    const int64_t T = nb * tiles;
    const int64_t ld = padded_tiles(T);
    float* v = wino_scratch(kV, nxi * cs * ld);
    float* q = wino_scratch(kM, nxi * o * ld);
    for (int64_t b = 0; b < nb; b++) {
      const int64_t off = (b0 + b) * yImage;
      const float* mask = reluOut ? reluOut + off : nullptr;
      for_phase_planes(x, b0 + b, g, p, [&](const float* ph, int64_t ci) {
        if (threes) HRL_ISA_SWITCH(isa::transform_input23(ph, g, p, tl, ci, v, ld, b * tiles));
        else HRL_ISA_SWITCH(isa::transform_input(ph, g, p, ci, v, ld, b * tiles));
      });
      if (threes) HRL_ISA_SWITCH(isa::transform_grad23(gy + off, mask, gyEnd, o, p, tl, q, ld, b * tiles, sums));
      else HRL_ISA_SWITCH(isa::transform_grad(gy + off, mask, gyEnd, o, p, q, ld, b * tiles, sums));
    }
    // M[ξ] [o × c'] += Q[ξ] [o × T] · V[ξ]ᵀ [T × c'] (V packed by transposes; k = T is short for the dot-product
    // tiles gemm_serial would pick: 30 against 70+ GF/s)
    for (int xi = 0; xi < nxi; xi++)
      gemm_packed(GemmTask{o, cs, T, 1.0f, first ? 0.0f : 1.0f, q + xi * o * ld, ld, 1, v + xi * cs * ld, 1, ld,
                           acc + xi * o * cs, cs});
  });

  // The parts' sums in part order, then gW'[o][c'] = Aᵀ M A: the 2×2 s2d taps, added to w[o][ci][a·s + dy][b·s + dx].
  // Split over output channels (each owns its rows of M and of gw).
  const int64_t xi = o * cs;
  parallel_range(o, 4, [&](int64_t lo, int64_t hi) {
    sp.add_up(lo, hi);
    for (int64_t k = lo; k < hi; k++)
      for (int64_t cp = 0; cp < cs; cp++) {
        float mk[16], t[2][2];
        for (int x = 0; x < nxi; x++) mk[x] = sp.base[x * xi + k * cs + cp];
        if (threes) output_f23(mk, t);
        else output_f22(mk, t);
        const int64_t ci = cp / (s * s), dy = cp / s % s, dx = cp % s;
        float* tap = gw + ((k * g.c + ci) * g.kh + dy) * g.kw + dx;
        tap[0] += t[0][0];
        tap[s] += t[0][1];
        tap[s * g.kw] += t[1][0];
        tap[s * g.kw + s] += t[1][1];
      }
  });
  if (gb) sp.add_bias(gb);
  return true;
#endif
}

bool conv2d_backward_input_winograd(const float* gy, const float* w, float* gx, const ConvGeom& g,
                                    const float* reluOut) {
#ifndef HRL_WINO_VECTORS
  (void)gy, (void)w, (void)gx, (void)g, (void)reluOut;
  return false;
#else
  Wino p;
  if (!plan(g, &p)) return false;
  // In s2d space the input gradient is a correlation of gy, zero-padded by one on every side, with the flipped 2×2
  // kernels (o and c' swapped): the same F(2×2, 2×2) with o input channels, c' outputs and an hs × ws output, which
  // depth-to-space then spreads back onto the input. `q` describes that convolution for the shared transforms.
  const int64_t s = p.s, o = g.o, cs = p.cs;
  Wino q = p;
  q.s = 1;
  q.cs = o;
  q.hs = p.oh + 2;
  q.ws = p.ow + 2;
  q.oh = p.hs;
  q.ow = p.ws;
  q.th = (q.oh + 1) / 2;
  q.tw = (q.ow + 1) / 2;
  q.tiles = q.th * q.tw;
  if (s != 2 || q.ws > 32) return false;  // the fused depth-to-space is written for stride 2 (Nature conv2)

  float* u = wino_scratch(kU, 9 * o * cs);
  parallel_range(o, 8, [&](int64_t lo, int64_t hi) { HRL_ISA_SWITCH(isa::transform_filter_flipped(w, g, p, u, lo, hi)); });

  const ImageSplit split =
      image_split(g.n, g.n * o * g.c * g.kh * g.kw * g.oh * g.ow, 9 * (o + cs) * q.tiles, q.tiles);
  const int64_t xImage = g.c * g.h * g.w, P = g.oh * g.ow, yImage = o * P, plane = q.hs * q.ws;
  const float* gyEnd = gy + g.n * yImage;

  for_image_chunks(g.n, split.parts, split.chunk, [&](int64_t b0, int64_t nb) {
    const int64_t T = nb * q.tiles, ld = padded_tiles(T);
    float* v = wino_scratch(kV, 9 * o * ld);
    float* m = wino_scratch(kM, 9 * cs * ld);
    float* pad = wino_scratch(kPhases, plane + 32);  // one padded gy plane, then 32 zeros (rows read as 2 vectors)
    for (int64_t i = 0; i < plane + 32; i++) pad[i] = 0.0f;
    for (int64_t b = 0; b < nb; b++)
      for (int64_t k = 0; k < o; k++) {
        const int64_t off = (b0 + b) * yImage + k * P;
        HRL_ISA_SWITCH(isa::pad_grad_plane(gy + off, reluOut ? reluOut + off : nullptr, gyEnd, g.oh, g.ow, q.ws, pad));
        HRL_ISA_SWITCH(isa::transform_input(pad, g, q, k, v, ld, b * q.tiles));
      }
    transform_products(9, cs, o, T, ld, u, v, m);  // gS[ξ] [c' × T] = U[ξ]ᵀ [c' × o] · V[ξ] [o × T]
    for (int64_t b = 0; b < nb; b++) HRL_ISA_SWITCH(isa::transform_output_d2s2(m, ld, cs, q, b * q.tiles, g, gx + (b0 + b) * xImage));
  });
  return true;
#endif
}

bool winograd_enabled() {
#ifdef HRL_WINO_VECTORS
  return use_winograd();
#else
  return false;
#endif
}

Isa winograd_copy_isa() {
#ifdef HRL_WINO_VECTORS
  return HRL_ISA_SWITCH(isa::kIsa);
#else
  return Isa::Scalar;  // no vector transforms on this compiler (Clang): the direct paths run
#endif
}

}  // namespace hrl
