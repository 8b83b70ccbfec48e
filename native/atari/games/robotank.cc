// Robot Tank: the score counts enemy tanks destroyed: 12 per squadron ($B6) plus the tanks of the current one ($B5),
// plain binary. $A8 holds lives - 1 (low nibble); game over when it is 0 and $B4 reads $FF.
#include "game.h"

namespace hrl::atari::games {
namespace {

class RoboTank final : public Game {
 public:
  void reset() override { start(4); }
  void step(const uint8_t* ram) override {
    score_is(12 * peek(ram, 0xB6) + peek(ram, 0xB5));
    const int spare = peek(ram, 0xA8);
    terminal_ = spare == 0 && peek(ram, 0xB4) == 0xFF;
    lives_ = (spare & 0x0F) + 1;
  }
};

}  // namespace

extern const GameSpec robotank_spec{"robotank", "4f618c2429138e0280969193ed6c107e", all_actions(), {}, {0}, {0},
                                    kAllActions, make<RoboTank>};

}  // namespace hrl::atari::games
