// Krull: decimal score in $9E (low), $9D, $9C (high). $9F holds lives - 1 (low three bits); game over when it is 0,
// $A2 reads 3 and $80 reads $80.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Krull final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0x9E, 0x9D, 0x9C));
    const int spare = peek(ram, 0x9F);
    terminal_ = spare == 0 && peek(ram, 0xA2) == 0x03 && peek(ram, 0x80) == 0x80;
    lives_ = (spare & 0x07) + 1;
  }
};

}  // namespace

extern const GameSpec krull_spec{"krull", "4baada22435320d185c95b7dd2bcdb24", all_actions(), {}, {0}, {0},
                                 kAllActions, make<Krull>};

}  // namespace hrl::atari::games
