// Centipede: decimal score in $F6 (low), $F5, $F4 (high); a drop of the score (it rolls over) gives reward 0. Lives - 1
// in bits 4-6 of $ED; game over when bit 6 of $A6 is set. Modes $16 and $56 in $A7.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Centipede final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xF6, 0xF5, 0xF4));
    if (reward_ < 0) reward_ = 0;
    lives_ = ((peek(ram, 0xED) >> 4) & 0x07) + 1;
    terminal_ = (peek(ram, 0xA6) & 0x40) != 0;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0xA7) == mode; });
  }
};

}  // namespace

extern const GameSpec centipede_spec{"centipede", "91c2098e88a6b13f977af8c003e0bca5", all_actions(), {},
                                     {0x16, 0x56}, {0}, kAllActions, make<Centipede>};

}  // namespace hrl::atari::games
