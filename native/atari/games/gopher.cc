// Gopher: decimal score in $B2 (low), $B1, $B0 (high). The lives are the carrots left, one bit each in the low three
// bits of $B4; game over when none is left. Modes 0 and 2 in $D3, chosen after a soft reset with SELECT held 5 frames.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Gopher final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xB2, 0xB1, 0xB0));
    const int carrots = peek(ram, 0xB4) & 0x07;
    terminal_ = carrots == 0;
    lives_ = (carrots & 1) + ((carrots >> 1) & 1) + (carrots >> 2);
  }
  bool select_mode(int mode, ModeDriver& env) override {
    env.soft_reset();
    return select_then_reset(env, 5, [mode](const uint8_t* ram) { return peek(ram, 0xD3) == mode; });
  }
};

}  // namespace

extern const GameSpec gopher_spec{"gopher", "c16c79aad6272baffb8aae9a7fff0864",
                                  {NOOP, FIRE, UP, RIGHT, LEFT, UPFIRE, RIGHTFIRE, LEFTFIRE}, {FIRE}, {0, 2}, {0, 1},
                                  kAllActions, make<Gopher>};

}  // namespace hrl::atari::games
