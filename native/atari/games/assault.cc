// Assault: decimal score in $82 (low), $81, $80 (high); lives in $E5, game over at 0.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Assault final : public Game {
 public:
  void reset() override { start(4); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0x82, 0x81, 0x80));
    lives_ = peek(ram, 0xE5);
    terminal_ = lives_ == 0;
  }
};

}  // namespace

extern const GameSpec assault_spec{"assault", "de78b3a064d374390ac0710f95edde92",
                                   {NOOP, FIRE, UP, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}, {}, {0}, {0}, kAllActions,
                                   make<Assault>};

}  // namespace hrl::atari::games
