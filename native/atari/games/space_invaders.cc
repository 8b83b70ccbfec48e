// Space Invaders: decimal score in $E8 (low) and $E6 (high); it rolls over at 10,000, so a drop is read as a wrap.
// Lives in $C9; game over at 0 lives or when bit 7 of $98 is set. Modes 0-15 in $DC.
#include "game.h"

namespace hrl::atari::games {
namespace {

class SpaceInvaders final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xE8, 0xE6));
    if (reward_ < 0) reward_ += 10000;
    lives_ = peek(ram, 0xC9);
    terminal_ = (peek(ram, 0x98) & 0x80) != 0 || lives_ == 0;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0xDC) == mode; });
  }
};

}  // namespace

extern const GameSpec space_invaders_spec{"space_invaders", "72ffbef6504b75e69ee1045af9075f66",
                                          {NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}, {}, counting(0, 16),
                                          {0, 1}, kAllActions, make<SpaceInvaders>};

}  // namespace hrl::atari::games
