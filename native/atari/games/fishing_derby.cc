// Fishing Derby: the score is the player's catch ($BD, decimal) minus the opponent's ($BE); the game ends when either
// reaches 99 (a byte of $99). No lives.
#include "game.h"

namespace hrl::atari::games {
namespace {

class FishingDerby final : public Game {
 public:
  void reset() override { start(0); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xBD) - decimal(ram, 0xBE));
    terminal_ = peek(ram, 0xBD) == 0x99 || peek(ram, 0xBE) == 0x99;
  }
  int lives() const override { return 0; }
};

}  // namespace

extern const GameSpec fishing_derby_spec{"fishing_derby", "b8865f05676e64f3bec72b9defdacfa7", all_actions(), {}, {0},
                                         counting(0, 4), kAllActions, make<FishingDerby>};

}  // namespace hrl::atari::games
