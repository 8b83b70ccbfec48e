// Gravitar: decimal score in $89 (low), $88, $87 (high). $81 is a screen byte: 1 at game over; while it is 0 the
// lives read 6, otherwise $84 holds lives - 1. Reset ends with 16 frames of FIRE. Modes 0-4 in $80, with SELECT held
// 10 frames.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Gravitar final : public Game {
 public:
  void reset() override { start(6); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0x89, 0x88, 0x87));
    const int screen = peek(ram, 0x81);
    terminal_ = screen == 0x01;
    lives_ = screen == 0 ? 6 : peek(ram, 0x84) + 1;
  }
  // (ALE also sets the lives each mode starts with here: 6, 15, 6, 100, 25; the soft reset's step() overwrites them
  // from RAM, so that is not needed.)
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 10, [mode](const uint8_t* ram) { return peek(ram, 0x80) == mode; });
  }
};

}  // namespace

extern const GameSpec gravitar_spec{"gravitar", "8ac18076d01a6b63acf6e2cab4968940", all_actions(),
                                    std::vector<Action>(16, FIRE), counting(0, 5), {0}, kAllActions, make<Gravitar>};

}  // namespace hrl::atari::games
