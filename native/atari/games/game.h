// One game's settings as a reinforcement-learning environment, with the semantics of ALE's RomSettings: after every
// emulated frame, step(ram) reads the 128 bytes of RIOT RAM ($80-$FF) and sets that frame's reward (the change of the
// score the game shows), the terminal flag and the lives count. The facts of each game (RAM addresses, score formulas,
// terminal rules, actions, modes) come from ALE's src/ale/games/supported/<Game>.cpp at commit a9a043e and
// ../shared/research/atari57-roms.tsv; one file per game in this folder, listed in registry.cc.
//
// Who calls what (the environment loop, ALE's StellaEnvironment):
//   reset sequence: 60 NOOP frames, soft reset, reset(), select_mode(mode, driver), soft reset, starting_actions
//   (one frame each); step(ram) after every emulated frame except those SELECT is held for (see ModeDriver).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "../state.h"

namespace hrl::atari::games {

// Player A's actions, with ALE's ids (its Action enum). Action sets list them in this order.
enum Action : uint8_t {
  NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT,
  UPFIRE, RIGHTFIRE, LEFTFIRE, DOWNFIRE, UPRIGHTFIRE, UPLEFTFIRE, DOWNRIGHTFIRE, DOWNLEFTFIRE
};
constexpr int kNumActions = 18;
constexpr uint32_t kAllActions = (1u << kNumActions) - 1;

// A RAM byte with ALE's readRam convention: index i reads address $80 + (i & 0x7F), so an absolute address $80-$FF
// reads itself. The game files write absolute addresses.
inline int peek(const uint8_t* ram, int address) { return ram[address & 0x7F]; }

// ALE's decimal reading of score bytes (getDecimalScore): a byte is worth 10 × its high nibble + its low nibble, with
// no check that the nibbles are decimal digits ($A-$F count 10-15, as in ALE); the second byte weighs 100, the third
// 10,000.
inline int bcd(int byte) { return 10 * (byte >> 4) + (byte & 0x0F); }
inline int decimal(const uint8_t* ram, int lo) { return bcd(peek(ram, lo)); }
inline int decimal(const uint8_t* ram, int lo, int mid) { return decimal(ram, lo) + 100 * decimal(ram, mid); }
inline int decimal(const uint8_t* ram, int lo, int mid, int hi) {
  return decimal(ram, lo, mid) + 10000 * decimal(ram, hi);
}

// Scores some games keep one digit per byte, in the low nibbles of `count` consecutive bytes from `ones` up; a nibble
// of $A is a blank, read as 0 (higher nibble values count as they are, as in ALE).
inline int blank_as_zero(int nibble) { return nibble == 0xA ? 0 : nibble; }
inline int low_nibble_digits(const uint8_t* ram, int ones, int count) {
  int value = 0;
  for (int address = ones + count - 1; address >= ones; --address)
    value = 10 * value + blank_as_zero(peek(ram, address) & 0x0F);
  return value;
}

// What choosing a game mode asks of the environment loop (ALE's StellaEnvironmentWrapper). ram() is read again after
// each call.
class ModeDriver {
 public:
  virtual ~ModeDriver() = default;
  virtual const uint8_t* ram() = 0;
  // ALE's pressSelect(frames): SELECT held for `frames` frames (no step() on them), then one NOOP frame followed by
  // step(); the episode's frame counter advances by one.
  virtual void press_select(int frames) = 0;
  // ALE's softReset: RESET held for 4 frames, step() after each; the sticky action returns to NOOP.
  virtual void soft_reset() = 0;
  // ALE's act(a): one agent step, with the environment's frameskip and sticky actions.
  virtual void act(Action a) = 0;
};

class Game {
 public:
  virtual ~Game() = default;

  // ALE's RomSettings::reset: the state a new episode starts from (the registry's make() calls it too).
  virtual void reset() = 0;
  // After each emulated frame: the frame's reward, terminal flag and lives, from RAM. A virtual call: 26-37 ns a frame
  // measured through the test binding's loop, next to ~270 µs for ALE to emulate one (3,704 frames/s, research §5).
  virtual void step(const uint8_t* ram) = 0;

  int reward() const { return reward_; }
  bool terminal() const { return terminal_; }
  // Lives as ALE reports them: 0 once terminal (Alien and Chopper Command keep their count), always 0 for the games
  // that report none, and 1 until terminal for the games ALE gives no lives logic (Surround).
  virtual int lives() const { return terminal_ ? 0 : lives_; }

  // ALE's setMode: brings the game to `mode`, one of its GameSpec's modes (the caller checks), by pressing SELECT
  // until RAM shows it, then soft-resets. False if RAM never showed the mode (ALE would loop forever).
  virtual bool select_mode(int mode, ModeDriver& env) { (void)mode; (void)env; return true; }

  // The settings' own state, for exact resume next to the machine's snapshot.
  void save(StateWriter& w) const {
    w.put(reward_); w.put(score_); w.put(lives_); w.put(static_cast<uint8_t>(terminal_));
    save_extra(w);
  }
  bool load(StateReader& r) {
    reward_ = r.get<int32_t>(); score_ = r.get<int32_t>(); lives_ = r.get<int32_t>(); terminal_ = r.get<uint8_t>() != 0;
    load_extra(r);
    return r.ok;
  }

 protected:
  // The fields most games share; reset() calls start() and sets its own.
  void start(int lives, int score = 0) { reward_ = 0; score_ = score; lives_ = lives; terminal_ = false; }
  // The usual reward: the score's change since the previous frame.
  void score_is(int score) { reward_ = score - score_; score_ = score; }
  virtual void save_extra(StateWriter&) const {}
  virtual void load_extra(StateReader&) {}

  // ALE's usual way to choose a mode: press SELECT (`frames` frames a press) until shown(ram) holds.
  template <class Shown>
  static bool press_select_until(ModeDriver& env, int frames, Shown shown) {
    for (int presses = 0; !shown(env.ram()); ++presses) {
      if (presses == kMaxSelectPresses) return false;
      env.press_select(frames);
    }
    return true;
  }
  static constexpr int kMaxSelectPresses = 1000;
  // The same, then the soft reset that applies the mode.
  template <class Shown>
  static bool select_then_reset(ModeDriver& env, int frames, Shown shown) {
    if (!press_select_until(env, frames, shown)) return false;
    env.soft_reset();
    return true;
  }

  int32_t reward_ = 0, score_ = 0, lives_ = 0;
  bool terminal_ = false;
};

// A game's facts and its settings' factory (one per game file; registry.h lists them).
struct GameSpec {
  const char* id;                          // ALE's ROM name, e.g. "space_invaders"
  const char* md5;                         // of the ROM dump ALE supports
  std::vector<Action> minimal_actions;     // ALE's minimal action set, in action order
  std::vector<Action> starting_actions;    // pressed one frame each at the end of the reset sequence
  std::vector<int> modes;                  // the first is the default; {0} for games with one
  std::vector<int> difficulties;           // values of the difficulty switches ALE allows; {0} for games with one
  uint32_t legal_actions;                  // bit a: action a is legal (others act as NOOP); the full action set
  std::unique_ptr<Game> (*make)();         // a new game's settings, reset
};

// The factory each game's GameSpec points to.
template <class G>
std::unique_ptr<Game> make() {
  std::unique_ptr<Game> g = std::make_unique<G>();
  g->reset();
  return g;
}

// Modes or difficulties first, first + step, … (count values).
inline std::vector<int> counting(int first, int count, int step = 1) {
  std::vector<int> v;
  for (int i = 0; i < count; ++i) v.push_back(first + i * step);
  return v;
}

inline std::vector<Action> all_actions() {
  std::vector<Action> v;
  for (int a = 0; a < kNumActions; ++a) v.push_back(static_cast<Action>(a));
  return v;
}

}  // namespace hrl::atari::games
