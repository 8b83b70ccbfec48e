// H.E.R.O.: decimal score in $B9 (low), $B8, $B7 (high); lives in $B3, game over at 0. Modes 0-4 in $80.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Hero final : public Game {
 public:
  void reset() override { start(4); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xB9, 0xB8, 0xB7));
    lives_ = peek(ram, 0xB3);
    terminal_ = lives_ == 0;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 1, [mode](const uint8_t* ram) { return peek(ram, 0x80) == mode; });
  }
};

}  // namespace

extern const GameSpec hero_spec{"hero", "fca4a5be1251927027f2c24774a02160", all_actions(), {}, counting(0, 5), {0},
                                kAllActions, make<Hero>};

}  // namespace hrl::atari::games
