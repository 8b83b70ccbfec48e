// Road Runner: the score ×100 has four digits in the low nibbles of $C9 (ones) to $CC (thousands); a nibble of $A is
// a blank, read as 0. The low three bits of $C4 hold lives - 1; game over when they are 0 and the Road Runner is
// moving or dying ($B9 or $BD non-zero).
#include "game.h"

namespace hrl::atari::games {
namespace {

class RoadRunner final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(100 * low_nibble_digits(ram, 0xC9, 4));
    const int spare = peek(ram, 0xC4) & 0x07;
    terminal_ = spare == 0 && (peek(ram, 0xB9) != 0 || peek(ram, 0xBD) != 0);
    lives_ = spare + 1;
  }
};

}  // namespace

extern const GameSpec road_runner_spec{"road_runner", "ce5cc62608be2cd3ed8abd844efb8919", all_actions(), {}, {0}, {0},
                                       kAllActions, make<RoadRunner>};

}  // namespace hrl::atari::games
