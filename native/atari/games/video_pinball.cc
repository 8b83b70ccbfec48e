// Video Pinball: decimal score in $B0 (low), $B2, $B4 (high); game over when bit 0 of $AF is set. Lives: 4, plus 1 for
// an extra ball (bit 0 of $A8), minus the balls played (low three bits of $99). Modes 0 and 2 in $C1.
#include "game.h"

namespace hrl::atari::games {
namespace {

class VideoPinball final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xB0, 0xB2, 0xB4));
    terminal_ = (peek(ram, 0xAF) & 0x01) != 0;
    lives_ = 4 + (peek(ram, 0xA8) & 0x01) - (peek(ram, 0x99) & 0x07);
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0xC1) == mode; });
  }
};

}  // namespace

extern const GameSpec video_pinball_spec{"video_pinball", "107cc025334211e6d29da0b6be46aec7",
                                         {NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE}, {}, {0, 2},
                                         {0, 1}, kAllActions, make<VideoPinball>};

}  // namespace hrl::atari::games
