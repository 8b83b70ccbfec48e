// Asteroids: decimal score ×10 in $BE (low) and $BD (high); it rolls over at 100,000, so a negative change is read as
// a wrap. Lives in the high nibble of $BC, game over at 0. Modes 0-31 and $80 (the children's game) in $80.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Asteroids final : public Game {
 public:
  void reset() override { start(4); }
  void step(const uint8_t* ram) override {
    score_is(10 * decimal(ram, 0xBE, 0xBD));
    if (reward_ < 0) reward_ += 100000;
    lives_ = peek(ram, 0xBC) >> 4;
    terminal_ = lives_ == 0;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0x80) == mode; });
  }
};

std::vector<int> asteroids_modes() {
  std::vector<int> modes = counting(0, 32);
  modes.push_back(0x80);
  return modes;
}

}  // namespace

extern const GameSpec asteroids_spec{
    "asteroids", "ccbd36746ed4525821a8083b0d6d2c2c",
    {NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, UPFIRE, RIGHTFIRE, LEFTFIRE, DOWNFIRE, UPRIGHTFIRE,
     UPLEFTFIRE},
    {}, asteroids_modes(), {0, 3}, kAllActions, make<Asteroids>};

}  // namespace hrl::atari::games
