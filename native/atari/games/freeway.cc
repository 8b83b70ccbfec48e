// Freeway: the score (crossings) is $E7, decimal; each frame's reward is its change clipped to [0, 1]. The game ends
// when the timer flag $96 reads 1. No lives. Modes 0-7 in $80.
#include "game.h"

#include <algorithm>

namespace hrl::atari::games {
namespace {

class Freeway final : public Game {
 public:
  void reset() override { start(0); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xE7));
    reward_ = std::clamp(reward_, 0, 1);
    terminal_ = peek(ram, 0x96) == 1;
  }
  int lives() const override { return 0; }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 1, [mode](const uint8_t* ram) { return peek(ram, 0x80) == mode; });
  }
};

}  // namespace

extern const GameSpec freeway_spec{"freeway", "8e0ab801b1705a740b476b7f588c6d16", {NOOP, UP, DOWN}, {},
                                   counting(0, 8), {0, 1}, kAllActions, make<Freeway>};

}  // namespace hrl::atari::games
