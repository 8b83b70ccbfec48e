#include "ale.h"

#include <cstring>
#include <sstream>

namespace hrl::atari {

using games::Action;

bool uses_paddles(const games::GameSpec& game) {
  const std::string id = game.id;
  return id == "breakout" || id == "pong";
}

namespace {

bool contains(const std::vector<int>& v, int x) {
  for (int y : v)
    if (y == x) return true;
  return false;
}

// ALE's nextDouble: a draw of the generator scaled into [0, 1).
double next_double(std::mt19937& rng) { return rng() / (static_cast<double>(std::mt19937::max()) + 1.0); }

bool has_fire(Action a) { return a == games::FIRE || a >= games::UPFIRE; }
bool has_up(Action a) {
  return a == games::UP || a == games::UPRIGHT || a == games::UPLEFT || a == games::UPFIRE || a == games::UPRIGHTFIRE ||
         a == games::UPLEFTFIRE;
}
bool has_down(Action a) {
  return a == games::DOWN || a == games::DOWNRIGHT || a == games::DOWNLEFT || a == games::DOWNFIRE ||
         a == games::DOWNRIGHTFIRE || a == games::DOWNLEFTFIRE;
}
bool has_right(Action a) {
  return a == games::RIGHT || a == games::UPRIGHT || a == games::DOWNRIGHT || a == games::RIGHTFIRE ||
         a == games::UPRIGHTFIRE || a == games::DOWNRIGHTFIRE;
}
bool has_left(Action a) {
  return a == games::LEFT || a == games::UPLEFT || a == games::DOWNLEFT || a == games::LEFTFIRE ||
         a == games::UPLEFTFIRE || a == games::DOWNLEFTFIRE;
}

template <class R>
void put_rng(StateWriter& w, const R& rng) {
  std::ostringstream s;
  s << rng;
  const std::string text = s.str();
  w.put(static_cast<uint32_t>(text.size()));
  w.put_bytes(text.data(), text.size());
}

template <class R>
bool get_rng(StateReader& r, R* rng) {
  const uint32_t n = r.get<uint32_t>();
  if (!r.ok || n > 65536) return false;
  std::string text(n, '\0');
  r.get_bytes(text.data(), n);
  std::istringstream s(text);
  s >> *rng;
  return r.ok && !s.fail();
}

constexpr uint32_t kStateMagic = 0x31454C41;  // "ALE1"

}  // namespace

bool AleEnv::init(const uint8_t* rom, size_t size, CartScheme scheme, const games::GameSpec& game,
                  const AleConfig& config, std::string* error) {
  config_ = config;
  if (config_.mode < 0) config_.mode = game.modes.front();
  if (!contains(game.modes, config_.mode)) {
    *error = "mode " + std::to_string(config_.mode) + " is not one of " + game.id + "'s modes";
    return false;
  }
  if (!contains(game.difficulties, config_.difficulty)) {
    *error = "difficulty " + std::to_string(config_.difficulty) + " is not one of " + game.id + "'s difficulties";
    return false;
  }
  if (config_.frame_skip < 1) config_.frame_skip = 1;  // as ALE
  spec_ = &game;
  game_ = game.make();
  paddles_ = uses_paddles(game);
  if (!machine.load(rom, size, scheme, config_.system_seed, error)) return false;
  // Machine::power_on drew 128 RAM bytes, the timer and (SuperChip carts) 128 more from this generator.
  system_rng_.seed(config_.system_seed);
  system_rng_.discard(129 + (machine.cart.ram() ? 128 : 0));
  rng_.seed(config_.seed);
  // ALE's Console constructor, for every ROM whose properties leave Display.Format to auto-detection (all of the
  // Atari-57 and Tetris in its DefProps.hxx): a system reset, 60 frames with no input, and another system reset. They
  // decide the RAM and timer the first episode starts from. With no input, the paddles' resistance events read 0;
  // 1 ohm stands for that here (0 means "no paddle" to our TIA).
  system_reset();
  Controls idle;
  if (paddles_) idle.paddle[0] = idle.paddle[1] = 1;
  machine.set_controls(idle);
  for (int i = 0; i < kDisplayDetectFrames; ++i, ++emulated_frames_)
    if (!machine.run_frame()) {
      *error = machine.error();
      return false;
    }
  system_reset();
  return true;
}

// Stella's System::reset as ALE calls it; the RIOT timer takes the system generator's next draw.
bool AleEnv::system_reset() {
  machine.system_reset(static_cast<uint8_t>(25 + system_rng_() % 75));
  return true;
}

bool AleEnv::frame(const Input& in, bool settings_step) {
  Controls c;
  c.swchb = 0x34 | (in.reset ? 0 : 0x01) | (in.select ? 0 : 0x02) | 0x08 | (config_.difficulty & 1 ? 0x40 : 0) |
            (config_.difficulty & 2 ? 0x80 : 0);
  const Action a = in.a;
  if (paddles_) {
    const int32_t delta = has_right(a) ? -kPaddleDelta : has_left(a) ? kPaddleDelta : 0;
    paddle_[0] = std::min(kPaddleMax, std::max(kPaddleMin, paddle_[0] + delta));
    c.paddle[0] = paddle_[0];
    c.paddle[1] = paddle_[1];
    c.swcha = has_fire(a) ? 0x7F : 0xFF;  // paddle 0's button on bit 7
  } else {
    c.swcha = static_cast<uint8_t>(((has_right(a) ? 0 : 8) | (has_left(a) ? 0 : 4) | (has_down(a) ? 0 : 2) |
                                    (has_up(a) ? 0 : 1)) << 4 | 0x0F);
    c.fire[0] = has_fire(a);
  }
  machine.set_controls(c);
  ++emulated_frames_;
  if (!machine.run_frame()) {
    error_ = machine.error();
    return false;
  }
  if (settings_step) game_->step(machine.riot.ram);
  return true;
}

bool AleEnv::soft_reset_frames() {
  Input in;
  in.reset = true;
  for (int i = 0; i < kSoftResetFrames; ++i)
    if (!frame(in)) return false;
  sticky_a_ = sticky_b_ = games::NOOP;
  return true;
}

void AleEnv::press_select(int frames) {
  if (failed_) return;
  Input in;
  in.select = true;
  for (int i = 0; i < frames; ++i)
    if (!frame(in, false)) { failed_ = true; return; }
  if (!frame(Input{})) { failed_ = true; return; }
  ++episode_frame_;
  ++frame_number_;
}

void AleEnv::soft_reset() {
  if (!failed_ && !soft_reset_frames()) failed_ = true;
}

void AleEnv::act(Action a) {
  int reward = 0;
  if (!failed_ && !act(a, &reward)) failed_ = true;
}

bool AleEnv::reset() {
  error_.clear();
  failed_ = false;
  episode_frame_ = 0;
  paddle_[0] = paddle_[1] = (kPaddleMin + kPaddleMax) / 2;
  system_reset();
  for (int i = 0; i < kNoopResetFrames; ++i)
    if (!frame(Input{})) return false;
  if (!soft_reset_frames()) return false;
  game_->reset();
  const bool shown = game_->select_mode(config_.mode, *this);
  if (failed_) return false;
  if (!shown) {
    error_ = std::string(spec_->id) + ": mode " + std::to_string(config_.mode) + " never showed in RAM";
    return false;
  }
  if (!soft_reset_frames()) return false;
  for (Action a : spec_->starting_actions) {
    Input in;
    in.a = a;
    if (!frame(in)) return false;
  }
  return true;
}

bool AleEnv::act(Action a, int* reward) {
  *reward = 0;
  for (int i = 0; i < config_.frame_skip; ++i) {
    if (next_double(rng_) >= config_.repeat_action_probability) sticky_a_ = a;
    if (next_double(rng_) >= config_.repeat_action_probability) sticky_b_ = games::NOOP;
    if (game_over() || truncated()) continue;  // ALE refuses to emulate past the end (the draws still happen)
    Input in;
    in.a = (spec_->legal_actions >> sticky_a_) & 1 ? sticky_a_ : games::NOOP;
    if (!frame(in)) return false;
    ++episode_frame_;
    ++frame_number_;
    *reward += game_->reward();
  }
  return true;
}

std::vector<uint8_t> AleEnv::save() const {
  StateWriter w;
  w.put(kStateMagic);
  const std::vector<uint8_t> m = machine.save();
  w.put(static_cast<uint64_t>(m.size()));
  w.put_bytes(m.data(), m.size());
  game_->save(w);
  put_rng(w, rng_);
  put_rng(w, system_rng_);
  w.put(static_cast<uint8_t>(sticky_a_));
  w.put(static_cast<uint8_t>(sticky_b_));
  w.put(paddle_[0]);
  w.put(paddle_[1]);
  w.put(episode_frame_);
  w.put(frame_number_);
  w.put(emulated_frames_);
  return std::move(w.bytes);
}

bool AleEnv::load(const uint8_t* data, size_t size, std::string* error) {
  StateReader r(data, size);
  if (r.get<uint32_t>() != kStateMagic) { *error = "not an ALE environment state"; return false; }
  const uint64_t n = r.get<uint64_t>();
  if (!r.ok || n > size) { *error = "truncated or corrupt ALE environment state"; return false; }
  std::vector<uint8_t> m(n);
  r.get_bytes(m.data(), n);
  // Decode into copies first, so that a bad state leaves this environment as it was.
  Machine machine_copy = machine;
  if (!r.ok || !machine_copy.load_state(m.data(), m.size(), error)) {
    if (!r.ok) *error = "truncated or corrupt ALE environment state";
    return false;
  }
  std::unique_ptr<games::Game> game = spec_->make();
  std::mt19937 rng, system_rng;
  const bool game_ok = game->load(r);
  const bool rngs_ok = get_rng(r, &rng) && get_rng(r, &system_rng);
  const uint8_t sa = r.get<uint8_t>(), sb = r.get<uint8_t>();
  const int32_t p0 = r.get<int32_t>(), p1 = r.get<int32_t>();
  const int64_t episode = r.get<int64_t>(), frames = r.get<int64_t>(), emulated = r.get<int64_t>();
  if (!game_ok || !rngs_ok || !r.ok || !r.at_end() || sa >= games::kNumActions || sb >= games::kNumActions) {
    *error = "truncated or corrupt ALE environment state";
    return false;
  }
  machine = std::move(machine_copy);
  game_ = std::move(game);
  rng_ = rng;
  system_rng_ = system_rng;
  sticky_a_ = static_cast<Action>(sa);
  sticky_b_ = static_cast<Action>(sb);
  paddle_[0] = p0;
  paddle_[1] = p1;
  episode_frame_ = episode;
  frame_number_ = frames;
  emulated_frames_ = emulated;
  return true;
}

}  // namespace hrl::atari
