// James Bond 007: decimal score in $DC (low), $DD, $DE (high). The low nibble of $86 holds lives - 1; game over when
// it is 0 and the screen byte $8C reads $68. Modes 0 and 1 in $8C, which adds $48 on the title screen; SELECT is held
// 20 frames.
#include "game.h"

namespace hrl::atari::games {
namespace {

class JamesBond final : public Game {
 public:
  void reset() override { start(6); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xDC, 0xDD, 0xDE));
    const int spare = peek(ram, 0x86) & 0x0F;
    terminal_ = spare == 0 && peek(ram, 0x8C) == 0x68;
    lives_ = spare + 1;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 20, [mode](const uint8_t* ram) {
      const int shown = peek(ram, 0x8C);
      return shown == mode || shown == mode + 0x48;
    });
  }
};

}  // namespace

extern const GameSpec jamesbond_spec{"jamesbond", "e51030251e440cffaab1ac63438b44ae", all_actions(), {}, {0, 1}, {0},
                                     kAllActions, make<JamesBond>};

}  // namespace hrl::atari::games
