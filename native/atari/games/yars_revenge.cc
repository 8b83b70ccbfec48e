// Yars' Revenge: decimal score in $E2 (low), $E1, $E0 (high); lives in the high nibble of $9E, game over at 0. Reset
// ends with one frame of FIRE. Modes $00, $20, $40, $60 in $E3: one long SELECT (2 frames) opens the mode screen, then
// 1-frame presses step through it.
#include "game.h"

namespace hrl::atari::games {
namespace {

class YarsRevenge final : public Game {
 public:
  void reset() override { start(4); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xE2, 0xE1, 0xE0));
    lives_ = peek(ram, 0x9E) >> 4;
    terminal_ = lives_ == 0;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    env.press_select(2);
    return select_then_reset(env, 1, [mode](const uint8_t* ram) { return peek(ram, 0xE3) == mode; });
  }
};

}  // namespace

extern const GameSpec yars_revenge_spec{"yars_revenge", "c5930d0e8cdae3e037349bfa08e871be", all_actions(), {FIRE},
                                        {0x00, 0x20, 0x40, 0x60}, {0, 1}, kAllActions, make<YarsRevenge>};

}  // namespace hrl::atari::games
