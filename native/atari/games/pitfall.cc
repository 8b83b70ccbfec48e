// Pitfall!: decimal score in $D7 (low), $D6, $D5 (high); the game starts at 2000 points. The high nibble of $80 gives
// the lives ($A: 3, $8: 2, anything else 1); game over when it is 0 and the logo timer $9E is not. Reset ends with one
// frame of UP.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Pitfall final : public Game {
 public:
  void reset() override { start(3, 2000); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xD7, 0xD6, 0xD5));
    const int tally = peek(ram, 0x80) >> 4;
    terminal_ = tally == 0 && peek(ram, 0x9E) != 0;
    lives_ = tally == 0xA ? 3 : tally == 0x8 ? 2 : 1;
  }
};

}  // namespace

extern const GameSpec pitfall_spec{"pitfall", "3e90cf23106f2e08b2781e41299de556", all_actions(), {UP}, {0}, {0},
                                   kAllActions, make<Pitfall>};

}  // namespace hrl::atari::games
