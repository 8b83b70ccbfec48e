// Beam Rider: decimal score in $89 (low), $8A, $8B (high). $85 holds lives - 1 and reads $FF at game over. The lives
// counter blinks while the ship explodes, so a loss of one life is taken only on a frame where $8C reads 1; any other
// change is taken at once.
#include "game.h"

namespace hrl::atari::games {
namespace {

class BeamRider final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0x89, 0x8A, 0x8B));
    const int shown = peek(ram, 0x85) + 1;
    if (shown != lives_ - 1 || peek(ram, 0x8C) == 0x01) lives_ = shown;
    terminal_ = peek(ram, 0x85) == 0xFF;
  }
};

}  // namespace

extern const GameSpec beam_rider_spec{"beam_rider", "79ab4123a83dc11d468fb2108ea09e2e",
                                      {NOOP, FIRE, UP, RIGHT, LEFT, UPRIGHT, UPLEFT, RIGHTFIRE, LEFTFIRE}, {RIGHT},
                                      {0}, {0, 1}, kAllActions, make<BeamRider>};

}  // namespace hrl::atari::games
