// N-API bindings. Hot entry points are raw napi callbacks with positional arguments (no per-call objects); shapes,
// strides and conv geometry arrive through a persistent Int32 scratch buffer that JS fills before the call.
#include <napi.h>
#if defined(__linux__)
#include <sched.h>
#endif
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include "common.h"
#include "kernels.h"

namespace hrl::atari {
void register_atari(Napi::Env env, Napi::Object exports);  // native/atari/binding.cc
}

namespace {

using namespace hrl;

int32_t* g_scratch = nullptr;  // 256 int32s, owned by an ArrayBuffer kept alive by a reference

struct Args {
  napi_env env;
  napi_value v[24];
  size_t n = 24;
  Args(napi_env e, napi_callback_info info) : env(e) { napi_get_cb_info(e, info, &n, v, nullptr, nullptr); }
  // A Float32Array (or Int32Array) argument's data; null for null/undefined/non-typed-arrays.
  template <class T>
  T* ptr(size_t i, size_t* len = nullptr) {
    void* data = nullptr;
    size_t length = 0;
    napi_typedarray_type type;
    if (napi_get_typedarray_info(env, v[i], &type, &length, &data, nullptr, nullptr) != napi_ok) return nullptr;
    if (len) *len = length;
    return static_cast<T*>(data);
  }
  float* f(size_t i, size_t* len = nullptr) { return ptr<float>(i, len); }
  int32_t* i32(size_t i) { return ptr<int32_t>(i); }
  double d(size_t i) { double x = 0; napi_get_value_double(env, v[i], &x); return x; }
  int64_t l(size_t i) { int64_t x = 0; napi_get_value_int64(env, v[i], &x); return x; }
  bool b(size_t i) { bool x = false; napi_get_value_bool(env, v[i], &x); return x; }
};

ConvGeom geom() {
  const int32_t* s = g_scratch;
  return ConvGeom{s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12]};
}

#define HRL_FN(name) napi_value name(napi_env env, napi_callback_info info)

napi_value boolean(napi_env env, bool v) {
  napi_value r = nullptr;
  napi_get_boolean(env, v, &r);
  return r;
}

HRL_FN(Fill) { Args a(env, info); size_t n = 0; float* o = a.f(0, &n); fill(o, n, static_cast<float>(a.d(1))); return nullptr; }
HRL_FN(Unary) {
  Args a(env, info); size_t n = 0;
  const float* x = a.f(1, &n);
  unary(static_cast<int>(a.l(0)), x, a.f(2), n, a.d(3), a.d(4));
  return nullptr;
}
HRL_FN(UnaryBackward) {
  Args a(env, info); size_t n = 0;
  const float* x = a.f(1, &n);
  unary_backward(static_cast<int>(a.l(0)), x, a.f(2), a.f(3), a.f(4), n, a.d(5), a.d(6), a.b(7));
  return nullptr;
}
// binary(op, a, b, out, nd): scratch = [shape(nd), aStrides(nd), bStrides(nd)]
HRL_FN(Binary) {
  Args a(env, info);
  const int nd = static_cast<int>(a.l(4));
  binary(static_cast<int>(a.l(0)), a.f(1), g_scratch + nd, a.f(2), g_scratch + 2 * nd, a.f(3), g_scratch, nd);
  return nullptr;
}
HRL_FN(ScaleBytes) {
  Args a(env, info); size_t n = 0;
  const uint8_t* x = a.ptr<uint8_t>(0, &n);
  scale_bytes(x, a.d(1), a.f(2), n);
  return nullptr;
}
HRL_FN(Scale) { Args a(env, info); size_t n = 0; const float* x = a.f(0, &n); scale(x, a.d(1), a.f(2), n); return nullptr; }
HRL_FN(Axpy) { Args a(env, info); size_t n = 0; const float* x = a.f(1, &n); axpy(a.d(0), x, a.f(2), n); return nullptr; }
HRL_FN(Where) { Args a(env, info); size_t n = 0; float* o = a.f(3, &n); where(a.f(0), a.f(1), a.f(2), o, n); return nullptr; }
HRL_FN(Reduce) {
  Args a(env, info);
  reduce(static_cast<int>(a.l(0)), a.f(1), a.l(2), a.l(3), a.l(4), a.f(5), a.i32(6));
  return nullptr;
}
HRL_FN(SumSquares) {
  Args a(env, info); size_t n = 0; const float* x = a.f(0, &n);
  napi_value r; napi_create_double(env, sum_squares(x, n), &r); return r;
}
HRL_FN(Gemm) {
  Args a(env, info);
  const int64_t aOff = a.l(7), bOff = a.l(11), cOff = a.l(16);
  gemm(a.b(0), a.b(1), a.l(2), a.l(3), a.l(4), static_cast<float>(a.d(5)),
       a.f(6) + aOff, a.l(8), a.l(9), a.f(10) + bOff, a.l(12), a.l(13),
       static_cast<float>(a.d(14)), a.f(15) + cOff, a.l(17), a.l(18), a.l(19));
  return nullptr;
}
// stridedCopy(src, srcOff, dst, dstOff, nd): scratch = [shape, srcStrides, dstStrides]
HRL_FN(StridedCopy) {
  Args a(env, info);
  const int nd = static_cast<int>(a.l(4));
  strided_copy(a.f(0), a.l(1), g_scratch + nd, a.f(2), a.l(3), g_scratch + 2 * nd, g_scratch, nd);
  return nullptr;
}
HRL_FN(Gather) {
  Args a(env, info);
  const int64_t n = a.l(4);
  const int32_t* idx = a.i32(1);
  const int64_t bad = gather(a.f(0), idx, a.f(2), a.l(3), n, a.l(5), a.l(6));
  if (bad >= 0) {
    const std::string msg = "gather: index " + std::to_string(idx[bad]) + " out of range [0, " + std::to_string(n) + ")";
    napi_throw_range_error(env, nullptr, msg.c_str());
  }
  return nullptr;
}
HRL_FN(ScatterAdd) { Args a(env, info); scatter_add(a.f(0), a.i32(1), a.f(2), a.l(3), a.l(4), a.l(5), a.l(6)); return nullptr; }
// A conv's input argument i: a Float32Array, or a Uint8Array of frames standing for float(byte · scale), scale being
// argument scaleArg.
ConvInput conv_input(Args& a, size_t i, size_t scaleArg) {
  napi_typedarray_type type = napi_float32_array;
  void* data = nullptr;
  size_t length = 0;
  napi_get_typedarray_info(a.env, a.v[i], &type, &length, &data, nullptr, nullptr);
  if (type == napi_uint8_array) return ConvInput{nullptr, static_cast<const uint8_t*>(data), a.d(scaleArg)};
  return ConvInput{static_cast<const float*>(data), nullptr, 1.0};
}

HRL_FN(ConvFwd) {
  Args a(env, info);
  conv2d_forward(conv_input(a, 0, 5), a.f(1), a.f(2), a.f(3), geom(), a.b(4));
  return nullptr;
}
HRL_FN(ConvBwdInput) { Args a(env, info); conv2d_backward_input(a.f(0), a.f(1), a.f(2), geom(), a.f(3)); return nullptr; }
HRL_FN(ConvBwdWeight) {
  Args a(env, info);
  conv2d_backward_weight(conv_input(a, 0, 5), a.f(1), a.f(2), a.f(3), geom(), a.f(4));
  return nullptr;
}
HRL_FN(PoolFwd) { Args a(env, info); maxpool_forward(a.f(0), a.f(1), a.i32(2), geom()); return nullptr; }
HRL_FN(PoolBwd) { Args a(env, info); maxpool_backward(a.f(0), a.i32(1), a.f(2), geom()); return nullptr; }
HRL_FN(LnFwd) {
  Args a(env, info);
  layernorm_forward(a.f(0), a.f(1), a.f(2), a.f(3), a.f(4), a.f(5), a.l(6), a.l(7), a.d(8));
  return nullptr;
}
HRL_FN(LnBwd) {
  Args a(env, info);
  layernorm_backward(a.f(0), a.f(1), a.f(2), a.f(3), a.f(4), a.f(5), a.f(6), a.f(7), a.l(8), a.l(9));
  return nullptr;
}
HRL_FN(Softmax) { Args a(env, info); softmax(a.f(0), a.f(1), a.l(2), a.l(3), a.b(4)); return nullptr; }
HRL_FN(SoftmaxBwd) { Args a(env, info); softmax_backward(a.f(0), a.f(1), a.f(2), a.l(3), a.l(4), a.b(5)); return nullptr; }
HRL_FN(Adam) {
  Args a(env, info); size_t n = 0; float* p = a.f(0, &n);
  return boolean(env, adam(p, a.f(1), a.f(2), a.f(3), n, a.d(4), a.d(5), a.d(6), a.d(7), a.d(8), a.d(9)));
}
HRL_FN(RAdam) {
  Args a(env, info); size_t n = 0; float* p = a.f(0, &n);
  return boolean(env, radam(p, a.f(1), a.f(2), a.f(3), n, a.d(4), a.d(5), a.d(6), a.d(7), a.d(8), a.d(9)));
}
HRL_FN(RmsProp) {
  Args a(env, info); size_t n = 0; float* p = a.f(0, &n);
  return boolean(env, rmsprop(p, a.f(1), a.f(2), a.f(3), a.f(4), n, a.d(5), a.d(6), a.d(7), a.d(8), a.d(9)));
}
HRL_FN(Sgd) {
  Args a(env, info); size_t n = 0; float* p = a.f(0, &n);
  return boolean(env, sgd(p, a.f(1), a.f(2), n, a.d(3), a.d(4), a.d(5), a.b(6), a.d(7), a.b(8)));
}
// linearActForward(x, w, bias, pre, out, rows, inF, outF, act, p1, p2)
HRL_FN(LinActFwd) {
  Args a(env, info);
  linear_act_forward(a.f(0), a.f(1), a.f(2), a.f(3), a.f(4), a.l(5), a.l(6), a.l(7), static_cast<int>(a.l(8)), a.d(9), a.d(10));
  return nullptr;
}
// linearActBackward(gy, x, w, pre, out, gx, gw, gb, rows, inF, outF, act, p1, p2)
HRL_FN(LinActBwd) {
  Args a(env, info);
  linear_act_backward(a.f(0), a.f(1), a.f(2), a.f(3), a.f(4), a.f(5), a.f(6), a.f(7), a.l(8), a.l(9), a.l(10),
                      static_cast<int>(a.l(11)), a.d(12), a.d(13));
  return nullptr;
}

// Benchmark-only: a zeroed, 64-byte aligned Float32Array over native memory freed by a finalizer, to compare with
// plain JS allocation (bench `engine`, "alloc"). The engine's alloc() uses JS arrays: see native.ts.
HRL_FN(AllocExternal) {
  Args a(env, info);
  const int64_t n = a.l(0);
  void* mem = nullptr;
  if (posix_memalign(&mem, 64, static_cast<size_t>(n > 0 ? n : 1) * sizeof(float)) != 0) return nullptr;
  std::memset(mem, 0, static_cast<size_t>(n) * sizeof(float));
  napi_value ab, ta;
  napi_create_external_arraybuffer(env, mem, static_cast<size_t>(n) * sizeof(float), [](napi_env, void* d, void*) { std::free(d); }, nullptr, &ab);
  napi_create_typedarray(env, napi_float32_array, static_cast<size_t>(n), ab, 0, &ta);
  return ta;
}

int default_threads() {
  if (const char* e = std::getenv("HRL_THREADS")) {
    const int t = std::atoi(e);
    if (t >= 1) return t > 256 ? 256 : t;
  }
#if defined(__linux__)  // (macOS has no affinity masks)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    const int c = CPU_COUNT(&set);
    if (c >= 1) return c;
  }
#endif
  const unsigned hc = std::thread::hardware_concurrency();
  return hc ? static_cast<int>(hc) : 1;
}

// The level each kernel family dispatches to now (a forced level must reach them all).
Napi::Object kernel_isas(Napi::Env env) {
  Napi::Object k = Napi::Object::New(env);
  k.Set("gemm", isa_name(gemm_kernel_isa()));
  k.Set("elementwise", isa_name(elementwise_copy_isa()));
  k.Set("fastmath", isa_name(fastmath_copy_isa()));
  k.Set("optim", isa_name(optim_copy_isa()));
  k.Set("gemv", isa_name(gemv_copy_isa()));
  k.Set("conv", isa_name(conv_copy_isa()));
  k.Set("winograd", isa_name(winograd_copy_isa()));
  return k;
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("isa", isa_name(active_isa()));
  o.Set("detected", isa_name(detect_isa()));
  o.Set("threads", pool_threads());
  o.Set("winograd", winograd_enabled());
  o.Set("kernels", kernel_isas(info.Env()));
  return o;
}

// setIsa(name): HRL_ISA's choice at run time (tests, bench engine); lowers, never raises. Returns the level in use.
Napi::Value SetIsa(const Napi::CallbackInfo& info) {
  const std::string want = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  Isa isa;
  if (!isa_from_name(want.c_str(), &isa)) {
    Napi::TypeError::New(info.Env(), "setIsa: unknown instruction set '" + want + "' (scalar, avx2, avx512 or neon)")
        .ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  return Napi::String::New(info.Env(), isa_name(set_isa(want.c_str())));
}

// fmaPeak(isa, threads): the measured FMA peak of `isa` on that many pool threads, GFLOP/s (bench engine's %pk).
Napi::Value FmaPeak(const Napi::CallbackInfo& info) {
  const std::string want = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  Isa isa;
  if (!isa_from_name(want.c_str(), &isa) || !isa_usable(isa)) {
    Napi::TypeError::New(info.Env(), "fmaPeak: instruction set '" + want + "' is not one this CPU runs (detected " +
                                         isa_name(detect_isa()) + ")")
        .ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  const int threads = info[1].IsNumber() ? info[1].As<Napi::Number>().Int32Value() : 1;
  if (threads < 1) {
    Napi::RangeError::New(info.Env(), "fmaPeak: threads must be ≥ 1, got " + std::to_string(threads))
        .ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  return Napi::Number::New(info.Env(), fma_peak(isa, threads));
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), pool_set_active(info[0].As<Napi::Number>().Int32Value()));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  set_isa(std::getenv("HRL_ISA"));  // native.ts rejects a name other than scalar, avx2, avx512 or neon before loading
  pool_init(default_threads());

  Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(env, 256 * sizeof(int32_t));
  g_scratch = static_cast<int32_t*>(ab.Data());
  static Napi::Reference<Napi::ArrayBuffer> keep = Napi::Persistent(ab);  // lives as long as the module
  exports.Set("scratch", Napi::Int32Array::New(env, 256, ab, 0));

  struct Entry { const char* name; napi_callback cb; };
  const Entry entries[] = {
    {"fill", Fill}, {"unary", Unary}, {"unaryBackward", UnaryBackward}, {"binary", Binary}, {"scale", Scale}, {"scaleBytes", ScaleBytes},
    {"axpy", Axpy}, {"where", Where}, {"reduce", Reduce}, {"sumSquares", SumSquares}, {"gemm", Gemm},
    {"stridedCopy", StridedCopy}, {"gather", Gather}, {"scatterAdd", ScatterAdd}, {"conv2dForward", ConvFwd},
    {"conv2dBackwardInput", ConvBwdInput}, {"conv2dBackwardWeight", ConvBwdWeight}, {"maxPool2dForward", PoolFwd},
    {"maxPool2dBackward", PoolBwd}, {"layerNormForward", LnFwd}, {"layerNormBackward", LnBwd}, {"softmax", Softmax},
    {"softmaxBackward", SoftmaxBwd}, {"adamStep", Adam}, {"radamStep", RAdam}, {"rmspropStep", RmsProp},
    {"sgdStep", Sgd}, {"linearActForward", LinActFwd}, {"linearActBackward", LinActBwd}, {"allocExternal", AllocExternal},
  };
  for (const Entry& e : entries) {
    napi_value fn;
    napi_create_function(env, e.name, NAPI_AUTO_LENGTH, e.cb, nullptr, &fn);
    exports.Set(e.name, Napi::Value(env, fn));
  }
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setIsa", Napi::Function::New(env, SetIsa));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("fmaPeak", Napi::Function::New(env, FmaPeak));
  hrl::atari::register_atari(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(hrl_native, Init)
