// Seaquest: decimal score in $BA (low), $B9, $B8 (high); $BB holds lives - 1; game over when $A3 is non-zero.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Seaquest final : public Game {
 public:
  void reset() override { start(4); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xBA, 0xB9, 0xB8));
    terminal_ = peek(ram, 0xA3) != 0;
    lives_ = peek(ram, 0xBB) + 1;
  }
};

}  // namespace

extern const GameSpec seaquest_spec{"seaquest", "240bfbac5163af4df5ae713985386f92", all_actions(), {}, {0}, {0, 1},
                                    kAllActions, make<Seaquest>};

}  // namespace hrl::atari::games
