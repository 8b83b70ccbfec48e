// Kangaroo: decimal score ×100 in $A8 (low) and $A7 (high). $AD holds lives - 1 in its low three bits and reads $FF
// at game over. Modes 0 and 1 in $BA, which adds $80 on the title screen.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Kangaroo final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(100 * decimal(ram, 0xA8, 0xA7));
    const int lives_byte = peek(ram, 0xAD);
    terminal_ = lives_byte == 0xFF;
    lives_ = (lives_byte & 0x07) + 1;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) {
      const int shown = peek(ram, 0xBA);
      return shown == mode || shown == mode + 0x80;
    });
  }
};

}  // namespace

extern const GameSpec kangaroo_spec{"kangaroo", "4326edb70ff20d0ee5ba58fa5cb09d60", all_actions(), {}, {0, 1}, {0},
                                    kAllActions, make<Kangaroo>};

}  // namespace hrl::atari::games
