// Tutankham: decimal score in $9C (low) and $9A (high); lives in the low two bits of $9E; game over when $9E is 0 and
// $81 does not read $84. Modes 0, 4, 8, 12 in $AB.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Tutankham final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0x9C, 0x9A));
    const int lives_byte = peek(ram, 0x9E);
    terminal_ = lives_byte == 0 && peek(ram, 0x81) != 0x84;
    lives_ = lives_byte & 0x03;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0xAB) == mode; });
  }
};

}  // namespace

extern const GameSpec tutankham_spec{"tutankham", "085322bae40d904f53bdcc56df0593fc",
                                     {NOOP, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE}, {},
                                     counting(0, 4, 4), {0}, kAllActions, make<Tutankham>};

}  // namespace hrl::atari::games
