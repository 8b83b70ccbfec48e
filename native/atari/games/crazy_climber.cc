// Crazy Climber: the score ×100 has one binary digit per byte, $82 (ones) to $85 (thousands); a drop of the score
// gives reward 0. Lives in $AA, game over at 0. Modes 0-3 in $80.
#include "game.h"

namespace hrl::atari::games {
namespace {

class CrazyClimber final : public Game {
 public:
  void reset() override { start(5); }
  void step(const uint8_t* ram) override {
    int digits = 0;
    for (int address = 0x85; address >= 0x82; --address) digits = 10 * digits + peek(ram, address);
    score_is(100 * digits);
    if (reward_ < 0) reward_ = 0;
    lives_ = peek(ram, 0xAA);
    terminal_ = lives_ == 0;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0x80) == mode; });
  }
};

}  // namespace

extern const GameSpec crazy_climber_spec{"crazy_climber", "55ef7b65066428367844342ed59f956c",
                                         {NOOP, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT}, {},
                                         counting(0, 4), {0, 1}, kAllActions, make<CrazyClimber>};

}  // namespace hrl::atari::games
