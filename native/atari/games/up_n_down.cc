// Up'n Down: decimal score in $82 (low), $81, $80 (high). The low nibble of $86 holds lives - 1; game over when it is
// 0 and the death timer $94 passes $40. Reset ends with one frame of FIRE.
#include "game.h"

namespace hrl::atari::games {
namespace {

class UpNDown final : public Game {
 public:
  void reset() override { start(5); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0x82, 0x81, 0x80));
    const int spare = peek(ram, 0x86) & 0x0F;
    terminal_ = peek(ram, 0x94) > 0x40 && spare == 0;
    lives_ = spare + 1;
  }
};

}  // namespace

extern const GameSpec up_n_down_spec{"up_n_down", "a499d720e7ee35c62424de882a3351b6",
                                     {NOOP, FIRE, UP, DOWN, UPFIRE, DOWNFIRE}, {FIRE}, {0}, counting(0, 4),
                                     kAllActions, make<UpNDown>};

}  // namespace hrl::atari::games
