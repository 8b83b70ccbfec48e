// Ice Hockey: the score is the player's goals ($8A, decimal) minus the opponent's ($8B); a frame's reward is its
// change capped at +1 (a drop is kept). The game ends when the clock, minutes $87 and seconds $86, reads 0:00. No
// lives. Modes 0 and 2 in $80.
#include "game.h"

#include <algorithm>

namespace hrl::atari::games {
namespace {

class IceHockey final : public Game {
 public:
  void reset() override { start(0); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0x8A) - decimal(ram, 0x8B));
    reward_ = std::min(reward_, 1);
    terminal_ = peek(ram, 0x87) == 0 && peek(ram, 0x86) == 0;
  }
  int lives() const override { return 0; }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0x80) == mode; });
  }
};

}  // namespace

extern const GameSpec ice_hockey_spec{"ice_hockey", "a4c08c4994eb9d24fb78be1793e82e26", all_actions(), {}, {0, 2},
                                      counting(0, 4), kAllActions, make<IceHockey>};

}  // namespace hrl::atari::games
