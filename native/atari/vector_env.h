// N Arcade Learning Environments (ale.h, one emulator frame per act) under a named Atari protocol's pre-processing,
// stepped together on the addon's thread pool, EnvPool-style. The specification is the TypeScript composition
// makeAtariProtocolEnv (src/envs/atari/protocol-env.ts: AtariEnv under the wrappers of src/envs/wrappers/atari.ts)
// stepped by SyncVectorEnv; each layer below mirrors one wrapper, in the same order of operations, RNG draws and
// double arithmetic, so the two agree bit for bit:
//   RecordEpisodeStatistics (whole games, raw score, in frames) → NoopReset (xoshiro128** of util/rng.ts)
//   → MaxAndSkip (max of the last two RGB frames) → EpisodicLife → FireReset → ClipReward
//   → WarpFrame (BT.601 gray rounded, then area resize in double) → FrameStack → SyncVectorEnv's same-step autoreset.
// Frames are kept as palette indices; the gray of the channel-wise max of two palette colours is one table lookup.
// This file compiles with -ffp-contract=off (binding.gyp): a fused multiply-add would round differently from V8.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ale.h"

namespace hrl::atari {

// A protocol's pre-processing, as the wrappers' options (src/envs/atari/protocols.ts).
struct VectorProtocol {
  int frame_skip = 4;         // MaxAndSkip's skip; 1: no MaxAndSkip (the raw frame is observed)
  int noop_max = 30;          // 0: no NoopReset
  bool episodic_life = true;
  bool fire_reset = true;     // applied only where action 1 of the action set is FIRE (as wrapAtari does)
  bool clip_reward = true;
  bool full_action_space = false;
  int screen = 84;            // WarpFrame's square output
  int frame_stack = 4;
};

// Area-interpolation weights along one axis, as src/envs/wrappers/warp-frame.ts's areaWeights computes them (given
// by the caller, so there is one definition of them).
struct AxisWeights {
  std::vector<int32_t> start, count;
  std::vector<double> weight;  // out × stride
  int stride = 0;
};

// Where a step or reset writes, N entries each (obs and final_obs: N × obs_size()).
struct VectorOutputs {
  uint8_t* obs;
  uint8_t* final_obs;
  float* rewards;
  uint8_t* terminations;
  uint8_t* truncations;
  uint8_t* episode_ended;
  double* episode_return;
  int32_t* episode_length;
  double* info;  // N × kInfoFields, see below
};

// Per env, the single env's info at its last step (valid where episode_ended): AtariEnv's status, then
// RecordEpisodeStatistics' `episode` where the game itself ended (game_ended = 1).
enum InfoField { kLives, kEpisodeFrame, kFrameNumber, kEmulatedFrames, kGameEnded, kGameReturn, kGameFrames, kGameSeconds, kInfoFields };

class AleVectorEnv {
 public:
  AleVectorEnv();
  ~AleVectorEnv();
  // noop_state: NoopReset's initial generator state (4 words), the same for every env until a seeded reset.
  bool init(const uint8_t* rom, size_t size, CartScheme scheme, const games::GameSpec& game, const AleConfig& config,
            const VectorProtocol& protocol, int num_envs, const AxisWeights& wy, const AxisWeights& wx,
            const uint32_t noop_state[4], std::string* error);

  int num_envs() const { return static_cast<int>(envs_.size()); }
  size_t obs_size() const { return static_cast<size_t>(protocol_.frame_stack) * protocol_.screen * protocol_.screen; }
  // Agent action index → ALE action id.
  const std::vector<games::Action>& action_set() const { return action_set_; }
  const AleEnv& ale(int i) const;
  const VectorProtocol& protocol() const { return protocol_; }
  // Emulator frames run by all envs since they were made (reset sequences and skipped frames included).
  int64_t emulated_frames() const;

  // SyncVectorEnv.reset: every env reset, seeded where `seeds` is given (seeds[i]: ALE's random_seed, noop_states[4i..]:
  // NoopReset's generator state from wrapperSeed(seed, 'noop')). `threads` ≤ 0: the pool's. False with *error if an
  // emulator jammed.
  bool reset(const uint32_t* seeds, const uint32_t* noop_states, const VectorOutputs& out, int threads, std::string* error);
  // SyncVectorEnv.step with agent action indices (the caller checks them against action_set()).
  bool step(const int32_t* actions, const VectorOutputs& out, int threads, std::string* error);

  // Env i's whole state (ALE and every wrapper's), and its restore; load writes env i's current observation to obs.
  std::vector<uint8_t> save(int i) const;
  bool load(int i, const uint8_t* data, size_t size, uint8_t* obs, std::string* error);

 private:
  struct Env;
  struct Inner {  // one transition of a wrapper layer
    int reward = 0;
    bool terminated = false, truncated = false;
  };

  bool run(int threads, std::string* error, bool (AleVectorEnv::*fn)(int, void*), void* arg);
  bool reset_one(int i, void* arg);
  bool step_one(int i, void* arg);

  // The layers, innermost first; each returns false if the emulator jammed.
  bool base_reset(Env& e, const uint32_t* seed);
  bool base_step(Env& e, int action, Inner* t);
  bool noop_reset(Env& e, const uint32_t* seed, const uint32_t* noop_state);
  bool skip_reset(Env& e, const uint32_t* seed, const uint32_t* noop_state);
  bool skip_step(Env& e, int action, Inner* t);
  bool life_reset(Env& e, const uint32_t* seed, const uint32_t* noop_state);
  bool life_step(Env& e, int action, Inner* t);
  bool top_reset(Env& e, const uint32_t* seed, const uint32_t* noop_state);  // FireReset or what it wraps
  bool stack_reset(Env& e, const uint32_t* seed, const uint32_t* noop_state);
  void warp(const Env& e, uint8_t* out) const;
  void write_stack(const Env& e, uint8_t* out) const;

  std::vector<uint8_t> rom_;
  CartScheme scheme_ = CartScheme::K4;
  const games::GameSpec* game_ = nullptr;
  AleConfig config_;
  VectorProtocol protocol_;
  bool fire_reset_ = false;
  std::vector<games::Action> action_set_;
  AxisWeights wy_, wx_;
  std::vector<int32_t> weight_class_;  // per output row, the first output row with the same vertical weights
  std::vector<std::unique_ptr<Env>> envs_;
};

}  // namespace hrl::atari
