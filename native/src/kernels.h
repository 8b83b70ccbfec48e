// Declarations of the non-GEMM kernels (generic C++, compiled without ISA flags; the compiler's baseline SIMD applies).
// Op ids follow UNARY_OPS / BINARY_OPS order in src/tensor/backend.ts.
#pragma once
#include <cstdint>
#include "common.h"

namespace hrl {

// The copy of each family's loops (isa_copies.h) that active_isa() dispatches to now: what `info().kernels` reports,
// so tests can check that a forced level reaches every family.
Isa elementwise_copy_isa();
Isa fastmath_copy_isa();
Isa optim_copy_isa();
Isa gemv_copy_isa();
Isa conv_copy_isa();
Isa winograd_copy_isa();
// The GEMM micro-kernel active_isa() selects (gemm.cc).
Isa gemm_kernel_isa();

struct ConvGeom { int64_t n, c, h, w, o, kh, kw, sh, sw, ph, pw, oh, ow; };

void fill(float* out, int64_t n, float v);
void unary(int op, const float* x, float* out, int64_t n, double p1, double p2);
void unary_backward(int op, const float* x, const float* y, const float* gy, float* gx, int64_t n, double p1, double p2, bool acc);
void binary(int op, const float* a, const int32_t* as, const float* b, const int32_t* bs, float* out, const int32_t* shape, int nd);
void scale(const float* x, double s, float* out, int64_t n);
// out[i] = x[i]·s for bytes (observation frames → network input), in double, rounded once
void scale_bytes(const uint8_t* x, double s, float* out, int64_t n);
// The same conversion on the calling thread (for one image plane inside a kernel that is already threaded).
void scale_bytes_serial(const uint8_t* x, double s, float* out, int64_t n);
void axpy(double a, const float* x, float* y, int64_t n);
double apply_unary(int op, double v, double p1, double p2);
// fastmath.cc: vectorised exp-based activations over [lo, hi)
bool has_fast_unary(int op);
bool has_fast_unary_backward(int op);
void fast_unary(int op, const float* x, float* out, int64_t lo, int64_t hi, double p1);
void fast_unary_backward(int op, const float* x, const float* gy, float* gx, int64_t lo, int64_t hi, bool acc);
double unary_derivative(int op, double v, double y, double p1, double p2);
void where(const float* cond, const float* a, const float* b, float* out, int64_t n);
void reduce(int op, const float* x, int64_t outer, int64_t n, int64_t inner, float* out, int32_t* arg);
double sum_squares(const float* x, int64_t n);
// Whether x[0, n) holds no NaN or ±Inf.
bool all_finite(const float* x, int64_t n);
void strided_copy(const float* src, int64_t so, const int32_t* ss, float* dst, int64_t dof, const int32_t* ds, const int32_t* shape, int nd);
// Returns the first out-of-range index position, or -1.
int64_t gather(const float* x, const int32_t* idx, float* out, int64_t outer, int64_t n, int64_t inner, int64_t k);
void scatter_add(const float* gy, const int32_t* idx, float* gx, int64_t outer, int64_t n, int64_t inner, int64_t k);

// A convolution's input images: floats, or uint8 frames that stand for float(byte · scale), converted exactly as
// scale_bytes converts them (so both forms give the same results). Reading the bytes where the kernel reads its input
// saves the float copy's memory traffic: Nature CNN frames at batch 256 are 7 MB as bytes, 29 MB as floats.
struct ConvInput {
  const float* f;
  const uint8_t* u8;
  double scale;
};

// relu: the output goes through relu (fused); reluOut (nullable): that fused output, whose zeros mask gy in backward.
void conv2d_forward(const ConvInput& x, const float* w, const float* bias, float* out, const ConvGeom& g, bool relu);
void conv2d_backward_input(const float* gy, const float* w, float* gx, const ConvGeom& g, const float* reluOut);
void conv2d_backward_weight(const ConvInput& x, const float* gy, float* gw, float* gb, const ConvGeom& g,
                            const float* reluOut);
// conv.cc: one input plane → its sw phase planes (phase r, row iy, column q holds x[iy][q·sw + r]; ⌈w / sw⌉ columns).
void conv_deinterleave(const float* x, const ConvGeom& g, float* ph);
// Whether the Winograd convolutions below run now (AVX-512 level or HRL_CONV_WINOGRAD=1; not HRL_CONV_WINOGRAD=0).
bool winograd_enabled();
// conv_winograd.cc: the forward of an unpadded conv whose kernel is twice its stride, by space-to-depth and Winograd
// F(2×2, 2×2); false (nothing written) when the geometry does not qualify. nonfinite[b] is set to whether image b's
// output holds a NaN or ±Inf (checked while it is in cache): the transforms spread those over their tiles.
bool conv2d_forward_winograd(const ConvInput& x, const float* w, const float* bias, float* out, const ConvGeom& g,
                             bool relu, uint8_t* nonfinite);
// conv_winograd3.cc: the forward of a small unpadded 3×3 stride-1 conv (12–16 output tiles of 2×2 per image) by
// Winograd F(2×2, 3×3); false when it does not qualify. nonfinite as above.
bool conv2d_forward_winograd3(const float* x, const float* w, const float* bias, float* out, const ConvGeom& g,
                              bool relu, uint8_t* nonfinite);
// conv_winograd3.cc: the weight (and bias) gradient of the same 3×3 convolutions, accumulated into gw / gb, by
// F(3×3, 2×2) over 2×2 tiles of the output gradient (from batch 32); false when it does not qualify.
bool conv2d_backward_weight_winograd3(const float* x, const float* gy, float* gw, float* gb, const ConvGeom& g,
                                      const float* reluOut);
// conv_winograd3.cc: the input gradient of the same 3×3 convolutions whose input is 9–16 tiles of 3×3 (overwrites
// gx), by F(3×3, 3×3) over the output gradient padded by 2; false when it does not qualify.
bool conv2d_backward_input_winograd3(const float* gy, const float* w, float* gx, const ConvGeom& g,
                                     const float* reluOut);
// conv_winograd.cc: the input gradient of the space-to-depth convolutions (overwrites gx).
bool conv2d_backward_input_winograd(const float* gy, const float* w, float* gx, const ConvGeom& g,
                                    const float* reluOut);
// conv_winograd.cc: the weight (and bias) gradient of the same convolutions, accumulated into gw / gb.
bool conv2d_backward_weight_winograd(const ConvInput& x, const float* gy, float* gw, float* gb, const ConvGeom& g,
                                     const float* reluOut);
void maxpool_forward(const float* x, float* out, int32_t* argmax, const ConvGeom& g);
void maxpool_backward(const float* gy, const int32_t* argmax, float* gx, const ConvGeom& g);

void layernorm_forward(const float* x, const float* gamma, const float* beta, float* out, float* mean, float* rstd, int64_t rows, int64_t cols, double eps);
void layernorm_backward(const float* gy, const float* x, const float* gamma, const float* mean, const float* rstd, float* gx, float* ggamma, float* gbeta, int64_t rows, int64_t cols);
void softmax(const float* x, float* out, int64_t rows, int64_t cols, bool log);
void softmax_backward(const float* y, const float* gy, float* gx, int64_t rows, int64_t cols, bool log);

// The optimizer steps return whether every parameter they wrote is finite (no NaN or ±Inf).
bool adam(float* p, const float* g, float* m, float* v, int64_t n, double lr, double b1, double b2, double eps, double wd, double step);
bool radam(float* p, const float* g, float* m, float* v, int64_t n, double lr, double b1, double b2, double eps, double wd, double step);
bool rmsprop(float* p, const float* g, float* sq, float* gavg, float* buf, int64_t n, double lr, double alpha, double eps, double mom, double wd);
bool sgd(float* p, const float* g, float* buf, int64_t n, double lr, double mom, double damp, bool nesterov, double wd, bool first);

void linear_act_forward(const float* x, const float* w, const float* bias, float* pre, float* out, int64_t rows, int64_t inF, int64_t outF, int act, double p1, double p2);
void linear_act_backward(const float* gy, const float* x, const float* w, const float* pre, const float* out, float* gx, float* gw, float* gb,
                         int64_t rows, int64_t inF, int64_t outF, int act, double p1, double p2);

// gemv.cc: a GEMM with m == 1 and a contiguous B dimension (the batch-1 forward of acting). Returns false when the
// layout does not fit (then the blocked GEMM runs); `threaded` lets it split the columns over the pool.
bool gemv(const GemmTask& t, bool threaded);
// gemv.cc: C = A·Bᵀ for a few rows of A with rows of A and B contiguous (a Linear forward at small batch). Returns
// false when the shape or layout does not fit.
bool dot_gemm(const GemmTask& t, bool threaded);

// Splits [0, n) into at most pool_threads() chunks of at least `grain` items and runs f(lo, hi) on each.
template <class F>
void parallel_range(int64_t n, int64_t grain, const F& f);

}  // namespace hrl

#include "parallel.h"
