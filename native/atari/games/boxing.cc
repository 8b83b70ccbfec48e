// Boxing: the score is the player's points ($92, decimal) minus the opponent's ($93); a byte of $C0 is a knockout
// (100 points). The game ends at a knockout or when the clock runs out (minutes in the high nibble of $90, seconds in
// $91, decimal). No lives.
#include "game.h"

namespace hrl::atari::games {
namespace {

int boxing_points(const uint8_t* ram, int address) {
  return peek(ram, address) == 0xC0 ? 100 : decimal(ram, address);
}

class Boxing final : public Game {
 public:
  void reset() override { start(0); }
  void step(const uint8_t* ram) override {
    const int mine = boxing_points(ram, 0x92), theirs = boxing_points(ram, 0x93);
    score_is(mine - theirs);
    const bool knockout = mine == 100 || theirs == 100;
    terminal_ = knockout || ((peek(ram, 0x90) >> 4) == 0 && decimal(ram, 0x91) == 0);
  }
  int lives() const override { return 0; }
};

}  // namespace

extern const GameSpec boxing_spec{"boxing", "c3ef5c4653212088eda54dc91d787870", all_actions(), {}, {0},
                                  counting(0, 4), kAllActions, make<Boxing>};

}  // namespace hrl::atari::games
