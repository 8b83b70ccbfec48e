// Test-only N-API entry points for the game settings (test/envs/atari/games.test.ts): the registry's facts, a game's
// settings run over synthetic RAM states, and mode selection against a scripted stand-in for the environment loop.
#include <napi.h>

#include <algorithm>
#include <string>
#include <vector>

#include "registry.h"
#include "../napi_util.h"

namespace hrl::atari {

namespace {

using games::Action;
using games::Game;
using games::GameSpec;

constexpr size_t kRam = 128;

template <class T>
Napi::Array to_array(Napi::Env env, const std::vector<T>& v) {
  Napi::Array a = Napi::Array::New(env, v.size());
  for (size_t i = 0; i < v.size(); ++i) a.Set(static_cast<uint32_t>(i), Napi::Number::New(env, v[i]));
  return a;
}

const GameSpec* spec_arg(const Napi::CallbackInfo& info, const char* fn) {
  if (!info[0].IsString()) {
    fail(info.Env(), std::string(fn) + ": the first argument is a game id");
    return nullptr;
  }
  const std::string id = info[0].As<Napi::String>().Utf8Value();
  const GameSpec* spec = games::find_game(id);
  if (!spec) fail(info.Env(), std::string(fn) + ": unknown game '" + id + "'");
  return spec;
}

// A Uint8Array of RAM states, 128 bytes each (an empty sequence is allowed).
bool ram_states_arg(const Napi::CallbackInfo& info, size_t index, const char* fn, const uint8_t** data, size_t* n) {
  if (!info[index].IsTypedArray() || info[index].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    fail(info.Env(), std::string(fn) + ": RAM states must be a Uint8Array");
    return false;
  }
  Napi::Uint8Array a = info[index].As<Napi::Uint8Array>();
  if (a.ByteLength() % kRam != 0) {
    fail(info.Env(), std::string(fn) + ": RAM states are 128 bytes each");
    return false;
  }
  *data = a.Data();
  *n = a.ByteLength() / kRam;
  return true;
}

// atariGames(): [{id, md5, minimalActions, startingActions, modes, difficulties, legalActions}] in registry order.
Napi::Value Games(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto& list = games::all_games();
  Napi::Array out = Napi::Array::New(env, list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    const GameSpec& g = *list[i];
    std::vector<int> legal;
    for (int a = 0; a < games::kNumActions; ++a)
      if (g.legal_actions >> a & 1) legal.push_back(a);
    Napi::Object o = Napi::Object::New(env);
    o.Set("id", g.id);
    o.Set("md5", g.md5);
    o.Set("minimalActions", to_array(env, g.minimal_actions));
    o.Set("startingActions", to_array(env, g.starting_actions));
    o.Set("modes", to_array(env, g.modes));
    o.Set("difficulties", to_array(env, g.difficulties));
    o.Set("legalActions", to_array(env, legal));
    out.Set(static_cast<uint32_t>(i), o);
  }
  return out;
}

// atariGameStep(id, rams, resumeAt?): a new game's settings stepped over the RAM states; returns {rewards, terminals,
// lives} (after each state), livesAtReset and stateBytes. With resumeAt = k the settings are saved after k states and
// the rest run on another instance (first stepped over the states backwards, so that only load() can make it agree).
Napi::Value GameStep(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const GameSpec* spec = spec_arg(info, "atariGameStep");
  if (!spec) return env.Undefined();
  const uint8_t* rams;
  size_t n;
  if (!ram_states_arg(info, 1, "atariGameStep", &rams, &n)) return env.Undefined();
  const int64_t resume_at = info[2].IsNumber() ? info[2].As<Napi::Number>().Int64Value() : -1;
  if (resume_at > static_cast<int64_t>(n)) return fail(env, "atariGameStep: resumeAt is past the last state");

  std::unique_ptr<Game> game = spec->make();
  const int lives_at_reset = game->lives();
  Napi::Int32Array rewards = Napi::Int32Array::New(env, n), lives = Napi::Int32Array::New(env, n);
  Napi::Uint8Array terminals = Napi::Uint8Array::New(env, n);
  size_t state_bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    if (static_cast<int64_t>(i) == resume_at) {
      StateWriter w;
      game->save(w);
      state_bytes = w.bytes.size();
      std::unique_ptr<Game> other = spec->make();
      for (size_t j = n; j-- > 0;) other->step(rams + j * kRam);
      StateReader r(w.bytes.data(), w.bytes.size());
      if (!other->load(r) || !r.at_end()) return fail(env, "atariGameStep: the saved state did not load back");
      game = std::move(other);
    }
    game->step(rams + i * kRam);
    rewards[i] = game->reward();
    terminals[i] = game->terminal() ? 1 : 0;
    lives[i] = game->lives();
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("rewards", rewards);
  out.Set("terminals", terminals);
  out.Set("lives", lives);
  out.Set("livesAtReset", lives_at_reset);
  out.Set("stateBytes", static_cast<double>(state_bytes));
  return out;
}

// Stands in for the environment loop: each press, soft reset or agent step moves on to the next scripted RAM state
// (the last one stays) and steps the game's settings on it once.
class ScriptedDriver final : public games::ModeDriver {
 public:
  ScriptedDriver(Game& game, const uint8_t* rams, size_t n) : game_(game), rams_(rams), n_(n) {}
  const uint8_t* ram() override { return rams_ + pos_ * kRam; }
  void press_select(int frames) override { record("select " + std::to_string(frames)); }
  void soft_reset() override { record("reset"); }
  void act(Action a) override { record("act " + std::to_string(static_cast<int>(a))); }
  std::vector<std::string> calls;

 private:
  void record(std::string call) {
    calls.push_back(std::move(call));
    pos_ = std::min(pos_ + 1, n_ - 1);
    game_.step(ram());
  }
  Game& game_;
  const uint8_t* rams_;
  size_t n_, pos_ = 0;
};

// atariGameSelectMode(id, mode, rams, after?): a new game's select_mode against the scripted RAM states, then its
// settings stepped over the `after` states. Returns {ok, calls, lives, terminal, afterTerminals, afterLives}.
Napi::Value GameSelectMode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const GameSpec* spec = spec_arg(info, "atariGameSelectMode");
  if (!spec) return env.Undefined();
  const int mode = info[1].IsNumber() ? info[1].As<Napi::Number>().Int32Value() : -1;
  if (std::find(spec->modes.begin(), spec->modes.end(), mode) == spec->modes.end())
    return fail(env, "atariGameSelectMode: " + std::string(spec->id) + " has no mode " + std::to_string(mode));
  const uint8_t *rams, *after = nullptr;
  size_t n, n_after = 0;
  if (!ram_states_arg(info, 2, "atariGameSelectMode", &rams, &n)) return env.Undefined();
  if (n == 0) return fail(env, "atariGameSelectMode: needs at least one RAM state");
  if (info.Length() > 3 && !ram_states_arg(info, 3, "atariGameSelectMode", &after, &n_after)) return env.Undefined();

  std::unique_ptr<Game> game = spec->make();
  ScriptedDriver driver(*game, rams, n);
  const bool ok = game->select_mode(mode, driver);
  Napi::Object out = Napi::Object::New(env);
  out.Set("ok", ok);
  Napi::Array calls = Napi::Array::New(env, driver.calls.size());
  for (size_t i = 0; i < driver.calls.size(); ++i) calls.Set(static_cast<uint32_t>(i), driver.calls[i]);
  out.Set("calls", calls);
  out.Set("lives", game->lives());
  out.Set("terminal", game->terminal());
  Napi::Uint8Array after_terminals = Napi::Uint8Array::New(env, n_after);
  Napi::Int32Array after_lives = Napi::Int32Array::New(env, n_after);
  for (size_t i = 0; i < n_after; ++i) {
    game->step(after + i * kRam);
    after_terminals[i] = game->terminal() ? 1 : 0;
    after_lives[i] = game->lives();
  }
  out.Set("afterTerminals", after_terminals);
  out.Set("afterLives", after_lives);
  return out;
}

}  // namespace

void register_games_test(Napi::Env env, Napi::Object exports) {
  exports.Set("atariGames", Napi::Function::New(env, Games));
  exports.Set("atariGameStep", Napi::Function::New(env, GameStep));
  exports.Set("atariGameSelectMode", Napi::Function::New(env, GameSelectMode));
}

}  // namespace hrl::atari
