// N-API face of AleEnv (ale.h), typed in src/envs/atari/ale-native.ts. An environment is an External owned by JS.
#include <napi.h>

#include <cstring>
#include <string>

#include "ale.h"
#include "games/registry.h"
#include "vector_env.h"
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

// aleCreate's and aleVecCreate's options.
AleConfig config_of(const Napi::Object& o) {
  AleConfig c;
  c.frame_skip = static_cast<int>(number_or(o, "frameSkip", c.frame_skip));
  c.repeat_action_probability = number_or(o, "repeatActionProbability", c.repeat_action_probability);
  c.max_frames = static_cast<int64_t>(number_or(o, "maxFrames", static_cast<double>(c.max_frames)));
  c.mode = static_cast<int>(number_or(o, "mode", c.mode));
  c.difficulty = static_cast<int>(number_or(o, "difficulty", c.difficulty));
  c.seed = static_cast<uint32_t>(number_or(o, "seed", c.seed));
  c.system_seed = static_cast<uint32_t>(number_or(o, "systemSeed", c.system_seed));
  return c;
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
  const AleConfig c = config_of(info[3].As<Napi::Object>());
  auto* e = new AleEnv();
  std::string error;
  if (!e->init(rom.Data(), rom.ByteLength(), static_cast<CartScheme>(info[1].As<Napi::Number>().Int32Value()), *game,
               c, &error)) {
    delete e;
    return fail(env, "ale: " + error);
  }
  return Napi::External<AleEnv>::New(env, e, [](Napi::Env, AleEnv* p) { delete p; });
}

// The game's facts and an environment's settings (aleFacts, aleVecFacts).
Napi::Object facts_of(Napi::Env env, const games::GameSpec& g, const AleConfig& config) {
  std::vector<int> legal;
  for (int a = 0; a < games::kNumActions; ++a)
    if ((g.legal_actions >> a) & 1) legal.push_back(a);
  Napi::Object o = Napi::Object::New(env);
  o.Set("id", g.id);
  o.Set("minimalActions", to_array(env, g.minimal_actions));
  o.Set("legalActions", to_array(env, legal));
  o.Set("modes", to_array(env, g.modes));
  o.Set("difficulties", to_array(env, g.difficulties));
  o.Set("mode", config.mode);
  o.Set("difficulty", config.difficulty);
  o.Set("paddles", uses_paddles(g));
  return o;
}

// aleFacts(h): the game's facts and the environment's settings.
Napi::Value Facts(const Napi::CallbackInfo& info) {
  ALE_ENV(e);
  return facts_of(info.Env(), e->game(), e->config());
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

// ---- The vector env (vector_env.h), typed in src/envs/atari/ale-native.ts ----

AleVectorEnv* vec_of(const Napi::Value& v) { return external_of<AleVectorEnv>(v); }

#define ALE_VEC(name)                                                     \
  AleVectorEnv* name = vec_of(info[0]);                                   \
  if (!name) return fail(info.Env(), "ale: expected a vector env handle (from aleVecCreate)")

// A typed array argument of the given type and at least `length` elements, or null after throwing.
template <class A>
bool typed_arg(const Napi::CallbackInfo& info, int index, napi_typedarray_type type, size_t length, const char* what,
               A* out) {
  const Napi::Value v = info[index];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type ||
      v.As<Napi::TypedArray>().ElementLength() < length) {
    fail(info.Env(), std::string("ale vector env: ") + what + " must be a typed array of " + std::to_string(length) +
                         " elements of the right type");
    return false;
  }
  *out = v.As<A>();
  return true;
}

bool axis_weights(const Napi::Value& v, AxisWeights* w) {
  if (!v.IsObject()) return false;
  const Napi::Object o = v.As<Napi::Object>();
  const Napi::Value start = o.Get("start"), count = o.Get("count"), weight = o.Get("weight"), stride = o.Get("stride");
  if (!start.IsTypedArray() || !count.IsTypedArray() || !weight.IsTypedArray() || !stride.IsNumber()) return false;
  if (start.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
      count.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
      weight.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
    return false;
  const Napi::Int32Array s = start.As<Napi::Int32Array>(), c = count.As<Napi::Int32Array>();
  const Napi::Float64Array f = weight.As<Napi::Float64Array>();
  w->start.assign(s.Data(), s.Data() + s.ElementLength());
  w->count.assign(c.Data(), c.Data() + c.ElementLength());
  w->weight.assign(f.Data(), f.Data() + f.ElementLength());
  w->stride = stride.As<Napi::Number>().Int32Value();
  return true;
}

// aleVecCreate(rom, scheme, gameId, options, wy, wx) → handle: numEnvs environments powered on, not reset. options:
// aleCreate's (frameSkip excepted) plus the protocol's {frameSkip, noopMax, episodicLife, fireReset, clipReward,
// fullActionSpace, screen, frameStack}, numEnvs and noopState (NoopReset's generator state, 4 words).
Napi::Value VecCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray() || !info[2].IsString() || !info[3].IsObject())
    return fail(env, "aleVecCreate(rom, scheme, gameId, options, wy, wx)");
  Napi::Uint8Array rom = info[0].As<Napi::Uint8Array>();
  const std::string id = info[2].As<Napi::String>().Utf8Value();
  const games::GameSpec* game = games::find_game(id);
  if (!game) return fail(env, "ale: no game settings for '" + id + "'");
  const Napi::Object o = info[3].As<Napi::Object>();
  AleConfig c = config_of(o);
  VectorProtocol p;
  p.frame_skip = static_cast<int>(number_or(o, "frameSkip", p.frame_skip));
  p.noop_max = static_cast<int>(number_or(o, "noopMax", p.noop_max));
  p.episodic_life = o.Get("episodicLife").ToBoolean().Value();
  p.fire_reset = o.Get("fireReset").ToBoolean().Value();
  p.clip_reward = o.Get("clipReward").ToBoolean().Value();
  p.full_action_space = o.Get("fullActionSpace").ToBoolean().Value();
  p.screen = static_cast<int>(number_or(o, "screen", p.screen));
  p.frame_stack = static_cast<int>(number_or(o, "frameStack", p.frame_stack));
  const int n = static_cast<int>(number_or(o, "numEnvs", 0));
  const Napi::Value noop = o.Get("noopState");
  if (!noop.IsTypedArray() || noop.As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array ||
      noop.As<Napi::TypedArray>().ElementLength() != 4)
    return fail(env, "aleVecCreate: options.noopState must be a Uint32Array of 4");
  AxisWeights wy, wx;
  if (!axis_weights(info[4], &wy) || !axis_weights(info[5], &wx))
    return fail(env, "aleVecCreate: wy and wx must be area weights {start: Int32Array, count: Int32Array, weight: Float64Array, stride}");
  auto* v = new AleVectorEnv();
  std::string error;
  if (!v->init(rom.Data(), rom.ByteLength(), static_cast<CartScheme>(info[1].As<Napi::Number>().Int32Value()), *game,
               c, p, n, wy, wx, noop.As<Napi::Uint32Array>().Data(), &error)) {
    delete v;
    return fail(env, "ale: " + error);
  }
  return Napi::External<AleVectorEnv>::New(env, v, [](Napi::Env, AleVectorEnv* q) { delete q; });
}

// aleVecFacts(h): aleFacts of the game plus actionSet (agent action → ALE action id).
Napi::Value VecFacts(const Napi::CallbackInfo& info) {
  ALE_VEC(v);
  Napi::Object o = facts_of(info.Env(), v->ale(0).game(), v->ale(0).config());
  o.Set("actionSet", to_array(info.Env(), v->action_set()));
  return o;
}

// The outputs of aleVecReset/aleVecStep from argument `first` on: obs, finalObs, rewards, terminations, truncations,
// episodeEnded, episodeReturn, episodeLength, info (N × 8 Float64).
bool outputs_of(const Napi::CallbackInfo& info, int first, const AleVectorEnv& v, VectorOutputs* out) {
  const size_t n = static_cast<size_t>(v.num_envs());
  Napi::Uint8Array obs, final_obs, terms, truncs, ended;
  Napi::Float32Array rewards;
  Napi::Float64Array ret, inf;
  Napi::Int32Array len;
  if (!typed_arg(info, first, napi_uint8_array, n * v.obs_size(), "obs", &obs) ||
      !typed_arg(info, first + 1, napi_uint8_array, n * v.obs_size(), "finalObs", &final_obs) ||
      !typed_arg(info, first + 2, napi_float32_array, n, "rewards", &rewards) ||
      !typed_arg(info, first + 3, napi_uint8_array, n, "terminations", &terms) ||
      !typed_arg(info, first + 4, napi_uint8_array, n, "truncations", &truncs) ||
      !typed_arg(info, first + 5, napi_uint8_array, n, "episodeEnded", &ended) ||
      !typed_arg(info, first + 6, napi_float64_array, n, "episodeReturn", &ret) ||
      !typed_arg(info, first + 7, napi_int32_array, n, "episodeLength", &len) ||
      !typed_arg(info, first + 8, napi_float64_array, n * kInfoFields, "info", &inf))
    return false;
  *out = VectorOutputs{obs.Data(), final_obs.Data(), rewards.Data(), terms.Data(), truncs.Data(), ended.Data(),
                       ret.Data(), len.Data(), inf.Data()};
  return true;
}

int threads_arg(const Napi::CallbackInfo& info, int index) {
  return info[index].IsNumber() ? info[index].As<Napi::Number>().Int32Value() : 0;
}

// aleVecReset(h, seeds | null, noopStates | null, ...outputs, threads): SyncVectorEnv.reset.
Napi::Value VecReset(const Napi::CallbackInfo& info) {
  ALE_VEC(v);
  const size_t n = static_cast<size_t>(v->num_envs());
  const uint32_t* seeds = nullptr;
  const uint32_t* noop = nullptr;
  if (!info[1].IsNull()) {
    Napi::Uint32Array s, ns;
    if (!typed_arg(info, 1, napi_uint32_array, n, "seeds", &s) ||
        !typed_arg(info, 2, napi_uint32_array, 4 * n, "noopStates", &ns))
      return info.Env().Undefined();
    seeds = s.Data();
    noop = ns.Data();
  }
  VectorOutputs out;
  if (!outputs_of(info, 3, *v, &out)) return info.Env().Undefined();
  std::string error;
  if (!v->reset(seeds, noop, out, threads_arg(info, 12), &error)) return fail(info.Env(), "ale: " + error);
  return info.Env().Undefined();
}

// aleVecStep(h, actions (Int32Array of agent action indices, checked by the caller), ...outputs, threads).
Napi::Value VecStep(const Napi::CallbackInfo& info) {
  ALE_VEC(v);
  Napi::Int32Array actions;
  if (!typed_arg(info, 1, napi_int32_array, static_cast<size_t>(v->num_envs()), "actions", &actions))
    return info.Env().Undefined();
  const int32_t count = static_cast<int32_t>(v->action_set().size());
  for (int i = 0; i < v->num_envs(); ++i)
    if (actions.Data()[i] < 0 || actions.Data()[i] >= count)
      return fail(info.Env(), "ale vector env: action " + std::to_string(actions.Data()[i]) + " of env " +
                                  std::to_string(i) + " is outside [0, " + std::to_string(count) + ")");
  VectorOutputs out;
  if (!outputs_of(info, 2, *v, &out)) return info.Env().Undefined();
  std::string error;
  if (!v->step(actions.Data(), out, threads_arg(info, 11), &error)) return fail(info.Env(), "ale: " + error);
  return info.Env().Undefined();
}

// aleVecEmulatedFrames(h): emulator frames run by all envs since they were made.
Napi::Value VecEmulatedFrames(const Napi::CallbackInfo& info) {
  ALE_VEC(v);
  return Napi::Number::New(info.Env(), static_cast<double>(v->emulated_frames()));
}

bool env_index(const Napi::CallbackInfo& info, const AleVectorEnv& v, int* i) {
  const double x = info[1].IsNumber() ? info[1].As<Napi::Number>().DoubleValue() : -1;
  if (!(x >= 0 && x < v.num_envs() && x == static_cast<int>(x))) {
    fail(info.Env(), "ale vector env: env index must be an integer in [0, " + std::to_string(v.num_envs()) + ")");
    return false;
  }
  *i = static_cast<int>(x);
  return true;
}

// aleVecGetState(h, i) → env i's state bytes.
Napi::Value VecGetState(const Napi::CallbackInfo& info) {
  ALE_VEC(v);
  int i = 0;
  if (!env_index(info, *v, &i)) return info.Env().Undefined();
  return to_uint8_array(info.Env(), v->save(i));
}

// aleVecSetState(h, i, state, obs): restores env i and writes its observation into obs (the batch buffer).
Napi::Value VecSetState(const Napi::CallbackInfo& info) {
  ALE_VEC(v);
  int i = 0;
  if (!env_index(info, *v, &i)) return info.Env().Undefined();
  if (!info[2].IsTypedArray()) return fail(info.Env(), "aleVecSetState: state must be a Uint8Array");
  Napi::Uint8Array s = info[2].As<Napi::Uint8Array>(), obs;
  if (!typed_arg(info, 3, napi_uint8_array, static_cast<size_t>(v->num_envs()) * v->obs_size(), "obs", &obs))
    return info.Env().Undefined();
  std::string error;
  if (!v->load(i, s.Data(), s.ByteLength(), obs.Data() + static_cast<size_t>(i) * v->obs_size(), &error))
    return fail(info.Env(), "ale: " + error);
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
  exports.Set("aleVecCreate", Napi::Function::New(env, VecCreate));
  exports.Set("aleVecFacts", Napi::Function::New(env, VecFacts));
  exports.Set("aleVecReset", Napi::Function::New(env, VecReset));
  exports.Set("aleVecStep", Napi::Function::New(env, VecStep));
  exports.Set("aleVecEmulatedFrames", Napi::Function::New(env, VecEmulatedFrames));
  exports.Set("aleVecGetState", Napi::Function::New(env, VecGetState));
  exports.Set("aleVecSetState", Napi::Function::New(env, VecSetState));
}

}  // namespace hrl::atari
