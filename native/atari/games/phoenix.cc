// Phoenix: the score's ones digit is always 0, its tens digit is the high nibble of $C7, and the digits above are
// $C8 (low) and $C9 (high), decimal. Lives in the low three bits of $CB; game over when $CC reads $80.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Phoenix final : public Game {
 public:
  void reset() override { start(5); }
  void step(const uint8_t* ram) override {
    score_is(10 * (10 * decimal(ram, 0xC8, 0xC9) + (peek(ram, 0xC7) >> 4)));
    terminal_ = peek(ram, 0xCC) == 0x80;
    lives_ = peek(ram, 0xCB) & 0x07;
  }
};

}  // namespace

extern const GameSpec phoenix_spec{"phoenix", "7e52a95074a66640fcfde124fffd491a",
                                   {NOOP, FIRE, RIGHT, LEFT, DOWN, RIGHTFIRE, LEFTFIRE, DOWNFIRE}, {}, {0}, {0},
                                   kAllActions, make<Phoenix>};

}  // namespace hrl::atari::games
