// Private Eye: decimal score in $CA (low), $C9, $C8 (high); the game starts at 1000 points. The game is over when the
// copyright timer $C2 is neither 0 nor 1. No lives. Reset ends with one frame of UP. Modes 0-4 in $80.
#include "game.h"

namespace hrl::atari::games {
namespace {

class PrivateEye final : public Game {
 public:
  void reset() override { start(0, 1000); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xCA, 0xC9, 0xC8));
    const int timer = peek(ram, 0xC2);
    terminal_ = timer != 0x00 && timer != 0x01;
  }
  int lives() const override { return 0; }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0x80) == mode; });
  }
};

}  // namespace

extern const GameSpec private_eye_spec{"private_eye", "ef3a4f64b6494ba770862768caf04b86", all_actions(), {UP},
                                       counting(0, 5), counting(0, 4), kAllActions, make<PrivateEye>};

}  // namespace hrl::atari::games
