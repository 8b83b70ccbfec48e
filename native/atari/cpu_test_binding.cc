// Test-only N-API entry point: one CPU instruction on a flat 64 KiB RAM bus, with the bus trace (src/envs/atari/native.ts
// types it as atariCpuStep(input, watch) -> CpuTestResult; test/envs/atari/cpu.test.ts drives it with single-step
// vectors and a decimal-mode sweep).
#include <napi.h>

#include <cstdint>
#include <vector>

#include "cpu_impl.h"

namespace hrl::atari {

namespace {

// 64 KiB of RAM that records every access. Only the bytes a step touched are cleared before the next one.
struct TraceBus {
  struct Access {
    uint16_t address;
    uint8_t value;
    bool write;
  };
  uint8_t ram[0x10000] = {};
  std::vector<Access> trace;
  std::vector<uint16_t> dirty;

  uint8_t read(uint16_t address) {
    trace.push_back({address, ram[address], false});
    return ram[address];
  }
  void write(uint16_t address, uint8_t value) {
    ram[address] = value;
    dirty.push_back(address);
    trace.push_back({address, value, true});
  }
  void poke(uint16_t address, uint8_t value) {
    ram[address] = value;
    dirty.push_back(address);
  }
  void clear() {
    for (uint16_t a : dirty) ram[a] = 0;
    dirty.clear();
    trace.clear();
  }
};

Napi::Value fail(Napi::Env env, const char* message) {
  Napi::TypeError::New(env, message).ThrowAsJavaScriptException();
  return env.Undefined();
}

bool get_u32(const Napi::Object& o, const char* key, uint32_t limit, uint32_t* out) {
  const Napi::Value v = o.Get(key);
  if (!v.IsNumber()) return false;
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0 && d <= limit) || d != static_cast<double>(static_cast<uint32_t>(d))) return false;
  *out = static_cast<uint32_t>(d);
  return true;
}

// atariCpuStep({pc, a, x, y, s, p, ram: [[address, value], ...]}, watch: number[]) ->
//   {pc, a, x, y, s, p, jammed, cycles: [[address, value, 'read' | 'write'], ...], ram: [[address, value], ...]}
Napi::Value CpuStep(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static TraceBus bus;
  if (info.Length() < 2 || !info[0].IsObject() || !info[1].IsArray())
    return fail(env, "atariCpuStep(input, watch): expected an object and an array of addresses");
  const Napi::Object in = info[0].As<Napi::Object>();
  uint32_t pc, a, x, y, s, p;
  if (!get_u32(in, "pc", 0xFFFF, &pc) || !get_u32(in, "a", 0xFF, &a) || !get_u32(in, "x", 0xFF, &x) ||
      !get_u32(in, "y", 0xFF, &y) || !get_u32(in, "s", 0xFF, &s) || !get_u32(in, "p", 0xFF, &p))
    return fail(env, "atariCpuStep: pc must be a 16-bit and a, x, y, s, p 8-bit unsigned integers");
  const Napi::Value ram_value = in.Get("ram");
  if (!ram_value.IsArray()) return fail(env, "atariCpuStep: input.ram must be an array of [address, value]");

  bus.clear();
  const Napi::Array ram = ram_value.As<Napi::Array>();
  for (uint32_t i = 0; i < ram.Length(); ++i) {
    const Napi::Value entry = ram.Get(i);
    uint32_t address, value;
    if (!entry.IsArray() || !get_u32(entry.As<Napi::Object>(), "0", 0xFFFF, &address) ||
        !get_u32(entry.As<Napi::Object>(), "1", 0xFF, &value))
      return fail(env, "atariCpuStep: input.ram entries must be [16-bit address, byte]");
    bus.poke(static_cast<uint16_t>(address), static_cast<uint8_t>(value));
  }

  Cpu cpu;
  cpu.pc = static_cast<uint16_t>(pc);
  cpu.a = static_cast<uint8_t>(a);
  cpu.x = static_cast<uint8_t>(x);
  cpu.y = static_cast<uint8_t>(y);
  cpu.sp = static_cast<uint8_t>(s);
  cpu.p = static_cast<uint8_t>(p);
  cpu.step(bus);

  Napi::Object out = Napi::Object::New(env);
  out.Set("pc", cpu.pc);
  out.Set("a", cpu.a);
  out.Set("x", cpu.x);
  out.Set("y", cpu.y);
  out.Set("s", cpu.sp);
  out.Set("p", cpu.p);
  out.Set("jammed", cpu.jammed);
  const Napi::String read = Napi::String::New(env, "read"), write = Napi::String::New(env, "write");
  Napi::Array cycles = Napi::Array::New(env, bus.trace.size());
  for (uint32_t i = 0; i < bus.trace.size(); ++i) {
    Napi::Array c = Napi::Array::New(env, 3);
    c.Set(0u, bus.trace[i].address);
    c.Set(1u, bus.trace[i].value);
    c.Set(2u, bus.trace[i].write ? write : read);
    cycles.Set(i, c);
  }
  out.Set("cycles", cycles);
  const Napi::Array watch = info[1].As<Napi::Array>();
  Napi::Array watched = Napi::Array::New(env, watch.Length());
  for (uint32_t i = 0; i < watch.Length(); ++i) {
    const Napi::Value w = watch.Get(i);
    if (!w.IsNumber()) return fail(env, "atariCpuStep: watch must hold addresses");
    const uint16_t address = static_cast<uint16_t>(w.As<Napi::Number>().Uint32Value());
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, address);
    pair.Set(1u, bus.ram[address]);
    watched.Set(i, pair);
  }
  out.Set("ram", watched);
  return out;
}

}  // namespace

void register_cpu_test(Napi::Env env, Napi::Object exports) {
  exports.Set("atariCpuStep", Napi::Function::New(env, CpuStep));
}

}  // namespace hrl::atari
