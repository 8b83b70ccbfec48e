// N-API face of the Atari 2600 emulator (src/envs/atari/native.ts types it). A machine is an External owned by JS;
// the batch call steps many machines on the addon's thread pool.
#include <napi.h>

#include <cstring>
#include <string>
#include <vector>

#include "../src/common.h"
#include "machine.h"
#include "palette.h"
#include "napi_util.h"

namespace hrl::atari {

void register_cpu_test(Napi::Env env, Napi::Object exports);  // cpu_test_binding.cc
void register_games_test(Napi::Env env, Napi::Object exports);  // games/games_test_binding.cc
void register_ale(Napi::Env env, Napi::Object exports);  // ale_binding.cc

namespace {

Machine* machine_of(const Napi::Value& v) { return external_of<Machine>(v); }

#define MACHINE(name, index)                                                              \
  Machine* name = machine_of(info[index]);                                                \
  if (!name) return fail(info.Env(), "atari: expected a machine handle (from atariCreate)")

Napi::Value Create(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray()) return fail(env, "atariCreate: the ROM must be a Uint8Array");
  Napi::Uint8Array rom = info[0].As<Napi::Uint8Array>();
  const int scheme = info[1].As<Napi::Number>().Int32Value();
  const uint32_t seed = info[2].As<Napi::Number>().Uint32Value();
  auto* m = new Machine();
  std::string error;
  if (!m->load(rom.Data(), rom.ByteLength(), static_cast<CartScheme>(scheme), seed, &error)) {
    delete m;
    return fail(env, "atari: " + error);
  }
  return Napi::External<Machine>::New(env, m, [](Napi::Env, Machine* p) { delete p; });
}

Napi::Value PowerOn(const Napi::CallbackInfo& info) {
  MACHINE(m, 0);
  m->power_on(info[1].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

// atariSetControls(h, swcha, swchb, fire0, fire1, paddle0, paddle1, paddle2, paddle3)
Napi::Value SetControls(const Napi::CallbackInfo& info) {
  MACHINE(m, 0);
  Controls c;
  c.swcha = static_cast<uint8_t>(info[1].As<Napi::Number>().Uint32Value());
  c.swchb = static_cast<uint8_t>(info[2].As<Napi::Number>().Uint32Value());
  c.fire[0] = info[3].ToBoolean().Value();
  c.fire[1] = info[4].ToBoolean().Value();
  for (int i = 0; i < 4; ++i) c.paddle[i] = info[5 + i].IsNumber() ? info[5 + i].As<Napi::Number>().Int32Value() : 0;
  m->set_controls(c);
  return info.Env().Undefined();
}

Napi::Value SetRender(const Napi::CallbackInfo& info) {
  MACHINE(m, 0);
  m->tia.set_render(info[1].ToBoolean().Value());
  return info.Env().Undefined();
}

Napi::Value SetView(const Napi::CallbackInfo& info) {
  MACHINE(m, 0);
  const int ystart = info[1].As<Napi::Number>().Int32Value(), height = info[2].As<Napi::Number>().Int32Value();
  if (ystart < 0 || height < 1 || ystart + height > Tia::kMaxHeight)
    return fail(info.Env(), "atari: the view must lie within scanlines 0.." + std::to_string(Tia::kMaxHeight));
  m->tia.set_view(ystart, height);
  return info.Env().Undefined();
}

// atariRunFrames(h, n): runs n frames; throws if the CPU jams.
Napi::Value RunFrames(const Napi::CallbackInfo& info) {
  MACHINE(m, 0);
  const int64_t n = info[1].As<Napi::Number>().Int64Value();
  for (int64_t i = 0; i < n; ++i)
    if (!m->run_frame()) return fail(info.Env(), "atari: " + m->error());
  return info.Env().Undefined();
}

// atariRunBatch([h…], n): n frames on every machine, the machines spread over the thread pool.
Napi::Value RunBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) return fail(env, "atariRunBatch: expected an array of machine handles");
  Napi::Array arr = info[0].As<Napi::Array>();
  std::vector<Machine*> machines(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); ++i) {
    machines[i] = machine_of(arr.Get(i));
    if (!machines[i]) return fail(env, "atariRunBatch: element " + std::to_string(i) + " is not a machine handle");
  }
  struct Ctx { std::vector<Machine*>* ms; int64_t frames; std::vector<char> ok; } ctx{&machines, info[1].As<Napi::Number>().Int64Value(), std::vector<char>(machines.size(), 1)};
  parallel_for(static_cast<int64_t>(machines.size()), [](void* p, int64_t i) {
    auto& c = *static_cast<Ctx*>(p);
    Machine* m = (*c.ms)[i];
    for (int64_t f = 0; f < c.frames; ++f)
      if (!m->run_frame()) { c.ok[i] = 0; return; }
  }, &ctx);
  for (size_t i = 0; i < machines.size(); ++i)
    if (!ctx.ok[i]) return fail(env, "atari: machine " + std::to_string(i) + ": " + machines[i]->error());
  return env.Undefined();
}

Napi::Value Ram(const Napi::CallbackInfo& info) {
  MACHINE(m, 0);
  Napi::Uint8Array out = info[1].As<Napi::Uint8Array>();
  if (out.ByteLength() < 128) return fail(info.Env(), "atariRam: the output needs 128 bytes");
  std::memcpy(out.Data(), m->riot.ram, 128);
  return info.Env().Undefined();
}

// atariFrame(h, out, format): format 0 = palette indices (H×160), 1 = RGB (H×160×3), 2 = grayscale (H×160).
Napi::Value Frame(const Napi::CallbackInfo& info) {
  MACHINE(m, 0);
  Napi::Uint8Array out = info[1].As<Napi::Uint8Array>();
  const int format = info[2].As<Napi::Number>().Int32Value();
  if (format < 0 || format > 2) return fail(info.Env(), "atariFrame: format must be 0 (indices), 1 (rgb) or 2 (gray)");
  const size_t n = static_cast<size_t>(m->tia.view_height()) * Tia::kWidth;
  const size_t need = picture_bytes(n, format);
  if (out.ByteLength() < need) return fail(info.Env(), "atariFrame: the output needs " + std::to_string(need) + " bytes");
  convert_picture(m->tia.frame(), n, format, out.Data());
  return info.Env().Undefined();
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  MACHINE(m, 0);
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("frame", static_cast<double>(m->frame_number));
  o.Set("cycles", static_cast<double>(m->cycles));
  o.Set("scanlines", m->tia.scanlines_last_frame());
  o.Set("height", m->tia.view_height());
  o.Set("bank", m->cart.bank());
  o.Set("scheme", scheme_name(m->cart.scheme()));
  o.Set("pc", m->cpu.pc);
  return o;
}

Napi::Value GetState(const Napi::CallbackInfo& info) {
  MACHINE(m, 0);
  return to_uint8_array(info.Env(), m->save());
}

Napi::Value SetState(const Napi::CallbackInfo& info) {
  MACHINE(m, 0);
  if (!info[1].IsTypedArray()) return fail(info.Env(), "atariSetState: the state must be a Uint8Array");
  Napi::Uint8Array s = info[1].As<Napi::Uint8Array>();
  std::string error;
  if (!m->load_state(s.Data(), s.ByteLength(), &error)) return fail(info.Env(), "atari: " + error);
  return info.Env().Undefined();
}

Napi::Value Palette(const Napi::CallbackInfo& info) {
  Napi::Uint8Array out = Napi::Uint8Array::New(info.Env(), 256 * 3);
  std::memcpy(out.Data(), ntsc_rgb(), 256 * 3);
  return out;
}

}  // namespace

void register_atari(Napi::Env env, Napi::Object exports) {
  exports.Set("atariCreate", Napi::Function::New(env, Create));
  exports.Set("atariPowerOn", Napi::Function::New(env, PowerOn));
  exports.Set("atariSetControls", Napi::Function::New(env, SetControls));
  exports.Set("atariSetRender", Napi::Function::New(env, SetRender));
  exports.Set("atariSetView", Napi::Function::New(env, SetView));
  exports.Set("atariRunFrames", Napi::Function::New(env, RunFrames));
  exports.Set("atariRunBatch", Napi::Function::New(env, RunBatch));
  exports.Set("atariRam", Napi::Function::New(env, Ram));
  exports.Set("atariFrame", Napi::Function::New(env, Frame));
  exports.Set("atariInfo", Napi::Function::New(env, Info));
  exports.Set("atariGetState", Napi::Function::New(env, GetState));
  exports.Set("atariSetState", Napi::Function::New(env, SetState));
  exports.Set("atariPalette", Napi::Function::New(env, Palette));
  register_cpu_test(env, exports);
  register_games_test(env, exports);
  register_ale(env, exports);
}

}  // namespace hrl::atari
