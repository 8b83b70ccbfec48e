// Tetris (Colin Hughes' homebrew, the ROM ALE ships for tests; not one of the Atari-57): decimal score in $F1 (low)
// and $F2 (high); a frame's reward is the rise of the score (never negative). Game over when bit 7 of $F3 is set; the
// score counts from 0 again after it. No lives.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Tetris final : public Game {
 public:
  void reset() override { start(0); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xF1, 0xF2));
    if (reward_ < 0) reward_ = 0;
    terminal_ = (peek(ram, 0xF3) & 0x80) != 0;
    if (terminal_) score_ = 0;
  }
};

}  // namespace

extern const GameSpec tetris_spec{"tetris", "b0e1ee07fbc73493eac5651a52f90f00", {NOOP, FIRE, RIGHT, LEFT, DOWN}, {},
                                  {0}, {0}, kAllActions, make<Tetris>};

}  // namespace hrl::atari::games
