// Kung-Fu Master: decimal score in $9A (low), $99, $98 (high). $9D holds lives - 1 (low three bits) and reads $FF at
// game over.
#include "game.h"

namespace hrl::atari::games {
namespace {

class KungFuMaster final : public Game {
 public:
  void reset() override { start(4); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0x9A, 0x99, 0x98));
    const int lives_byte = peek(ram, 0x9D);
    terminal_ = lives_byte == 0xFF;
    lives_ = (lives_byte & 0x07) + 1;
  }
};

}  // namespace

extern const GameSpec kung_fu_master_spec{
    "kung_fu_master", "5b92a93b23523ff16e2789b820e2a4c5",
    {NOOP, UP, RIGHT, LEFT, DOWN, DOWNRIGHT, DOWNLEFT, RIGHTFIRE, LEFTFIRE, DOWNFIRE, UPRIGHTFIRE, UPLEFTFIRE,
     DOWNRIGHTFIRE, DOWNLEFTFIRE},
    {}, {0}, {0}, kAllActions, make<KungFuMaster>};

}  // namespace hrl::atari::games
