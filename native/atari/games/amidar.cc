// Amidar: decimal score in $D9 (low), $DA, $DB (high). $D6 holds the lives in its low nibble and reads $80 at game
// over.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Amidar final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xD9, 0xDA, 0xDB));
    const int lives_byte = peek(ram, 0xD6);
    terminal_ = lives_byte == 0x80;
    lives_ = lives_byte & 0x0F;
  }
};

}  // namespace

extern const GameSpec amidar_spec{"amidar", "acb7750b4d0c4bd34969802a7deb2990",
                                  {NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE, DOWNFIRE}, {},
                                  {0}, {0, 3}, kAllActions, make<Amidar>};

}  // namespace hrl::atari::games
