// Venture: decimal score ×100 in $C8 (low) and $C7 (high). $C6 holds lives - 1 (low three bits); game over when it is
// 0, the sound byte $CD reads $FF and bit 7 of $BF is set.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Venture final : public Game {
 public:
  void reset() override { start(4); }
  void step(const uint8_t* ram) override {
    score_is(100 * decimal(ram, 0xC8, 0xC7));
    const int spare = peek(ram, 0xC6);
    terminal_ = spare == 0 && peek(ram, 0xCD) == 0xFF && (peek(ram, 0xBF) & 0x80) != 0;
    lives_ = (spare & 0x07) + 1;
  }
};

}  // namespace

extern const GameSpec venture_spec{"venture", "3e899eba0ca8cd2972da1ae5479b4f0d", all_actions(), {}, {0},
                                   counting(0, 4), kAllActions, make<Venture>};

}  // namespace hrl::atari::games
