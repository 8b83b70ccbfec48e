// Frostbite: decimal score in $CA (low), $C9, $C8 (high). The low nibble of $CC holds lives - 1; game over when it is
// 0 and bit 7 of $F1 is set. Modes 0 and 2 in $80.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Frostbite final : public Game {
 public:
  void reset() override { start(4); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xCA, 0xC9, 0xC8));
    const int spare = peek(ram, 0xCC) & 0x0F;
    terminal_ = spare == 0 && (peek(ram, 0xF1) & 0x80) != 0;
    lives_ = spare + 1;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 1, [mode](const uint8_t* ram) { return peek(ram, 0x80) == mode; });
  }
};

}  // namespace

extern const GameSpec frostbite_spec{"frostbite", "4ca73eb959299471788f0b685c3ba0b5", all_actions(), {}, {0, 2},
                                     {0}, kAllActions, make<Frostbite>};

}  // namespace hrl::atari::games
