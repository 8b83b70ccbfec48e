// N-API face of AleEnv (ale.h), typed in src/envs/atari/ale-native.ts. An environment is an External owned by JS.
#include <napi.h>

#include <cstring>
#include <string>

#include "ale.h"
#include "games/registry.h"
#include "palette.h"
#include "napi_util.h"

namespace hrl::atari {
namespace {

AleEnv* env_of(const Napi::Value& v) { return external_of<AleEnv>(v); }

#define ALE_ENV(name)                                                     \
  AleEnv* name = env_of(info[0]);                                         \
  if (!name) return fail(info.Env(), "ale: expected an environment handle (from aleCreate)")

double number_or(const Napi::Object& o, const char* key, double fallback) {
  const Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : fallback;
}

template <class T>
Napi::Array to_array(Napi::Env env, const std::vector<T>& v) {
  Napi::Array a = Napi::Array::New(env, v.size());
  for (size_t i = 0; i < v.size(); ++i) a.Set(static_cast<uint32_t>(i), static_cast<double>(v[i]));
  return a;
}

// aleCreate(rom, scheme, gameId, {frameSkip, repeatActionProbability, maxFrames, mode, difficulty, seed, systemSeed})
// → handle; the environment is powered on but not reset.
Napi::Value Create(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray() || !info[2].IsString() || !info[3].IsObject())
    return fail(env, "aleCreate(rom, scheme, gameId, options)");
  Napi::Uint8Array rom = info[0].As<Napi::Uint8Array>();
  const std::string id = info[2].As<Napi::String>().Utf8Value();
  const games::GameSpec* game = games::find_game(id);
  if (!game) return fail(env, "ale: no game settings for '" + id + "'");
  Napi::Object o = info[3].As<Napi::Object>();
  AleConfig c;
  c.frame_skip = static_cast<int>(number_or(o, "frameSkip", c.frame_skip));
  c.repeat_action_probability = number_or(o, "repeatActionProbability", c.repeat_action_probability);
  c.max_frames = static_cast<int64_t>(number_or(o, "maxFrames", static_cast<double>(c.max_frames)));
  c.mode = static_cast<int>(number_or(o, "mode", c.mode));
  c.difficulty = static_cast<int>(number_or(o, "difficulty", c.difficulty));
  c.seed = static_cast<uint32_t>(number_or(o, "seed", c.seed));
  c.system_seed = static_cast<uint32_t>(number_or(o, "systemSeed", c.system_seed));
  auto* e = new AleEnv();
  std::string error;
  if (!e->init(rom.Data(), rom.ByteLength(), static_cast<CartScheme>(info[1].As<Napi::Number>().Int32Value()), *game,
               c, &error)) {
    delete e;
    return fail(env, "ale: " + error);
  }
  return Napi::External<AleEnv>::New(env, e, [](Napi::Env, AleEnv* p) { delete p; });
}

// aleFacts(h): the game's facts and the environment's settings.
Napi::Value Facts(const Napi::CallbackInfo& info) {
  ALE_ENV(e);
  Napi::Env env = info.Env();
  const games::GameSpec& g = e->game();
  std::vector<int> legal;
  for (int a = 0; a < games::kNumActions; ++a)
    if ((g.legal_actions >> a) & 1) legal.push_back(a);
  Napi::Object o = Napi::Object::New(env);
  o.Set("id", g.id);
  o.Set("minimalActions", to_array(env, g.minimal_actions));
  o.Set("legalActions", to_array(env, legal));
  o.Set("modes", to_array(env, g.modes));
  o.Set("difficulties", to_array(env, g.difficulties));
  o.Set("mode", e->config().mode);
  o.Set("difficulty", e->config().difficulty);
  o.Set("paddles", uses_paddles(g));
  return o;
}

// Writes [reward, gameOver, truncated, lives, episodeFrame, frameNumber, emulatedFrames] into out (a Float64Array of 7).
void write_status(const AleEnv& e, int reward, Napi::Float64Array out) {
  double* s = out.Data();
  s[0] = reward;
  s[1] = e.game_over() ? 1 : 0;
  s[2] = e.truncated() ? 1 : 0;
  s[3] = e.lives();
  s[4] = static_cast<double>(e.episode_frame());
  s[5] = static_cast<double>(e.frame_number());
  s[6] = static_cast<double>(e.emulated_frames());
}

Napi::Value check_status(const Napi::CallbackInfo& info, int index) {
  if (!info[index].IsTypedArray() || info[index].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array ||
      info[index].As<Napi::Float64Array>().ElementLength() < 7)
    return fail(info.Env(), "ale: the status output must be a Float64Array of 7");
  return info.Env().Null();
}

// aleReset(h, status): ALE's reset_game; throws if the CPU jams or the mode never shows.
Napi::Value Reset(const Napi::CallbackInfo& info) {
  ALE_ENV(e);
  if (check_status(info, 1).IsUndefined()) return info.Env().Undefined();
  if (!e->reset()) return fail(info.Env(), "ale: " + e->error());
  write_status(*e, 0, info[1].As<Napi::Float64Array>());
  return info.Env().Undefined();
}

// aleAct(h, action, status): one agent step with an ALE action id (0-17).
Napi::Value Act(const Napi::CallbackInfo& info) {
  ALE_ENV(e);
  if (check_status(info, 2).IsUndefined()) return info.Env().Undefined();
  const double a = info[1].IsNumber() ? info[1].As<Napi::Number>().DoubleValue() : -1;
  if (!(a >= 0 && a < games::kNumActions && a == static_cast<int>(a)))
    return fail(info.Env(), "ale: action must be an ALE action id in [0, 17], got " + info[1].ToString().Utf8Value());
  int reward = 0;
  if (!e->act(static_cast<games::Action>(static_cast<int>(a)), &reward)) return fail(info.Env(), "ale: " + e->error());
  write_status(*e, reward, info[2].As<Napi::Float64Array>());
  return info.Env().Undefined();
}

// aleObs(h, out, format): format 0 = palette indices (210×160), 1 = RGB (×3), 2 = grayscale, 3 = RAM (128).
Napi::Value Obs(const Napi::CallbackInfo& info) {
  ALE_ENV(e);
  if (!info[1].IsTypedArray()) return fail(info.Env(), "aleObs: out must be a Uint8Array");
  Napi::Uint8Array out = info[1].As<Napi::Uint8Array>();
  const size_t offset = info[3].IsNumber() ? info[3].As<Napi::Number>().Int64Value() : 0;
  const int format = info[2].As<Napi::Number>().Int32Value();
  const size_t n = static_cast<size_t>(e->machine.tia.view_height()) * Tia::kWidth;
  const size_t need = format == 3 ? 128 : picture_bytes(n, format);
  if (format < 0 || format > 3) return fail(info.Env(), "aleObs: format must be 0, 1, 2 or 3");
  if (out.ByteLength() < offset + need)
    return fail(info.Env(), "aleObs: the output needs " + std::to_string(need) + " bytes from the offset");
  uint8_t* dst = out.Data() + offset;
  if (format == 3) std::memcpy(dst, e->machine.riot.ram, 128);
  else convert_picture(e->machine.tia.frame(), n, format, dst);
  return info.Env().Undefined();
}

// aleSeed(h, seed): re-seeds the sticky-action generator.
Napi::Value Seed(const Napi::CallbackInfo& info) {
  ALE_ENV(e);
  e->seed(info[1].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

Napi::Value GetState(const Napi::CallbackInfo& info) {
  ALE_ENV(e);
  return to_uint8_array(info.Env(), e->save());
}

Napi::Value SetState(const Napi::CallbackInfo& info) {
  ALE_ENV(e);
  if (!info[1].IsTypedArray()) return fail(info.Env(), "aleSetState: state must be a Uint8Array");
  Napi::Uint8Array s = info[1].As<Napi::Uint8Array>();
  std::string error;
  if (!e->load(s.Data(), s.ByteLength(), &error)) return fail(info.Env(), "ale: " + error);
  return info.Env().Undefined();
}

}  // namespace

void register_ale(Napi::Env env, Napi::Object exports) {
  exports.Set("aleCreate", Napi::Function::New(env, Create));
  exports.Set("aleFacts", Napi::Function::New(env, Facts));
  exports.Set("aleReset", Napi::Function::New(env, Reset));
  exports.Set("aleAct", Napi::Function::New(env, Act));
  exports.Set("aleObs", Napi::Function::New(env, Obs));
  exports.Set("aleSeed", Napi::Function::New(env, Seed));
  exports.Set("aleGetState", Napi::Function::New(env, GetState));
  exports.Set("aleSetState", Napi::Function::New(env, SetState));
}

}  // namespace hrl::atari
