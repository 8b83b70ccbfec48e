// Ms. Pac-Man: decimal score in $F8 (low), $F9, $FA (high). The low nibble of $FB holds lives - 1; game over when it
// is 0 and the death timer $A7 reads $53. Modes 0-3: $99 is the game number and $A1 the variation; mode 0 is game 1
// variation 1, mode m > 0 is game m variation 0. SELECT is held 10 frames.
#include "game.h"

namespace hrl::atari::games {
namespace {

class MsPacman final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xF8, 0xF9, 0xFA));
    const int spare = peek(ram, 0xFB) & 0x0F;
    terminal_ = spare == 0 && peek(ram, 0xA7) == 0x53;
    lives_ = (spare & 0x07) + 1;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    const int game = mode == 0 ? 1 : mode, variation = mode == 0 ? 1 : 0;
    return select_then_reset(env, 10, [game, variation](const uint8_t* ram) {
      return peek(ram, 0x99) == game && peek(ram, 0xA1) == variation;
    });
  }
};

}  // namespace

extern const GameSpec ms_pacman_spec{"ms_pacman", "87e79cd41ce136fd4f72cc6e2c161bee",
                                     {NOOP, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT}, {},
                                     counting(0, 4), {0}, kAllActions, make<MsPacman>};

}  // namespace hrl::atari::games
