// Montezuma's Revenge: decimal score in $95 (low), $94, $93 (high). $BA holds lives - 1 (low three bits); game over
// when it is 0 and $FE reads $60.
#include "game.h"

namespace hrl::atari::games {
namespace {

class MontezumaRevenge final : public Game {
 public:
  void reset() override { start(6); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0x95, 0x94, 0x93));
    const int spare = peek(ram, 0xBA);
    terminal_ = spare == 0 && peek(ram, 0xFE) == 0x60;
    lives_ = (spare & 0x07) + 1;
  }
};

}  // namespace

extern const GameSpec montezuma_revenge_spec{"montezuma_revenge", "3347a6dd59049b15a38394aa2dafa585", all_actions(),
                                             {}, {0}, {0}, kAllActions, make<MontezumaRevenge>};

}  // namespace hrl::atari::games
