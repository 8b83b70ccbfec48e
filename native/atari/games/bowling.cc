// Bowling: decimal score in $A1 (low) and $A6 (high); the game ends after the tenth frame, when the frame counter $A4
// passes $10. No lives. Modes 0, 2, 4 in $82.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Bowling final : public Game {
 public:
  void reset() override { start(0); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xA1, 0xA6));
    terminal_ = peek(ram, 0xA4) > 0x10;
  }
  int lives() const override { return 0; }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0x82) == mode; });
  }
};

}  // namespace

extern const GameSpec bowling_spec{"bowling", "c9b7afad3bfd922e006a6bfc1d4f3fe7",
                                   {NOOP, FIRE, UP, DOWN, UPFIRE, DOWNFIRE}, {}, {0, 2, 4}, {0, 1}, kAllActions,
                                   make<Bowling>};

}  // namespace hrl::atari::games
