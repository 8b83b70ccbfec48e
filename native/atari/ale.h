// One Arcade Learning Environment: the machine plus one game's settings, driven as ALE's StellaEnvironment drives
// Stella (../shared/research/atari.md §3.1-3.3; ALE's src/ale/environment/stella_environment.cpp and ale_state.cpp
// for the facts). What it reproduces:
//   reset(): system reset keeping RAM, 60 NOOP frames, soft reset (RESET held 4 frames), the settings' reset, the
//            current mode through select_mode, soft reset, the game's starting actions one frame each;
//   act(a):  frame_skip frames; before each, two sticky-action draws (player A, then B) from mt19937(seed), the new
//            action taking over when rng() / 2^32 >= p; a frame is not emulated once the game is terminal or the
//            episode reached max_frames; illegal actions and RESET act as NOOP; rewards summed.
// Paddle games (Breakout, Pong) move paddle 0's resistance by ±PADDLE_DELTA a frame within [PADDLE_MIN, PADDLE_MAX]
// (RIGHT lowers it) and fire presses the paddle's button; the other games read joystick 0.
#pragma once
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "games/game.h"
#include "machine.h"

namespace hrl::atari {

struct AleConfig {
  int frame_skip = 4;
  double repeat_action_probability = 0.25;
  int64_t max_frames = 108000;  // max_num_frames_per_episode; 0 = no cap
  int mode = -1;                // -1: the game's default mode
  int difficulty = 0;           // bit 0: left difficulty A, bit 1: right difficulty A
  uint32_t seed = 0;            // ALE's random_seed (the sticky-action generator)
  uint32_t system_seed = 4753849;  // power-on RAM and RIOT timer (ALE's system_random_seed)
};

class AleEnv final : private games::ModeDriver {
 public:
  static constexpr int32_t kPaddleMin = 27450, kPaddleMax = 790196, kPaddleDelta = 23000;
  static constexpr int kSoftResetFrames = 4, kNoopResetFrames = 60, kDisplayDetectFrames = 60;

  // Loads the ROM, powers the machine on and runs what ALE's Console constructor runs (no reset yet). False with *error when the ROM, mode or difficulty is
  // not one the game knows.
  bool init(const uint8_t* rom, size_t size, CartScheme scheme, const games::GameSpec& game, const AleConfig& config,
            std::string* error);

  // ALE's reset_game. False if the CPU jammed or the mode never showed (error() says which).
  bool reset();
  // ALE's act(a, PLAYER_B_NOOP) with the configured frameskip: the summed reward. `a` is an ALE action id (0-17).
  bool act(games::Action a, int* reward);

  bool game_over() const { return game_->terminal(); }
  bool truncated() const { return config_.max_frames > 0 && episode_frame_ >= config_.max_frames; }
  int lives() const { return game_->lives(); }
  int64_t episode_frame() const { return episode_frame_; }
  int64_t frame_number() const { return frame_number_; }
  // Emulator steps run since init, reset sequences included (what the tests count).
  int64_t emulated_frames() const { return emulated_frames_; }
  const games::GameSpec& game() const { return *spec_; }
  const AleConfig& config() const { return config_; }
  const std::string& error() const { return error_; }
  // Re-seeds the sticky-action generator (ALE's setInt("random_seed") + loadROM does the same).
  void seed(uint32_t s) { rng_.seed(s); }

  Machine machine;

  // Everything that decides the future: machine, settings, both generators, stored actions, paddles, counters.
  std::vector<uint8_t> save() const;
  bool load(const uint8_t* data, size_t size, std::string* error);

 private:
  struct Input {
    games::Action a = games::NOOP;
    bool reset = false, select = false;
  };
  // One emulated frame with these inputs; step(ram) after it unless `settings_step` is false (pressSelect).
  bool frame(const Input& in, bool settings_step = true);
  bool system_reset();
  bool soft_reset_frames();

  // ModeDriver (what select_mode asks of us)
  const uint8_t* ram() override { return machine.riot.ram; }
  void press_select(int frames) override;
  void soft_reset() override;
  void act(games::Action a) override;

  const games::GameSpec* spec_ = nullptr;
  std::unique_ptr<games::Game> game_;
  AleConfig config_;
  bool paddles_ = false;
  std::mt19937 rng_;         // sticky actions (ALE's environment RNG)
  std::mt19937 system_rng_;  // the machine's generator, continued past power-on: one timer draw per system reset
  games::Action sticky_a_ = games::NOOP, sticky_b_ = games::NOOP;
  int32_t paddle_[2] = {0, 0};
  int64_t episode_frame_ = 0, frame_number_ = 0, emulated_frames_ = 0;
  bool failed_ = false;  // a ModeDriver call hit a jam
  std::string error_;
};

// Whether ALE attaches paddles to this game (Controller_Left = PADDLES in its DefProps.hxx, among the games we know).
bool uses_paddles(const games::GameSpec& game);

}  // namespace hrl::atari
