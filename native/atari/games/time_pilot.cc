// Time Pilot: decimal score ×100 in $8D (low) and $8F (high); game over when $A0 is non-zero. The low three bits of
// $8B hold lives - 1, read only while the low nibble of the screen byte $80 is 2 (the lives keep their value
// otherwise).
#include "game.h"

namespace hrl::atari::games {
namespace {

class TimePilot final : public Game {
 public:
  void reset() override { start(5); }
  void step(const uint8_t* ram) override {
    score_is(100 * decimal(ram, 0x8D, 0x8F));
    terminal_ = peek(ram, 0xA0) != 0;
    if ((peek(ram, 0x80) & 0x0F) == 2) lives_ = (peek(ram, 0x8B) & 0x07) + 1;
  }
};

}  // namespace

extern const GameSpec time_pilot_spec{"time_pilot", "fc2104dd2dadf9a6176c1c1c8f87ced9",
                                      {NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE, DOWNFIRE}, {},
                                      {0}, counting(0, 3), kAllActions, make<TimePilot>};

}  // namespace hrl::atari::games
