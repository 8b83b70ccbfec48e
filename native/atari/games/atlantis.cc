// Atlantis: decimal score ×100 in $A2 (low), $A3, $A1 (high). Lives in $F1, $FF at game over. On the game-over frame
// the game writes garbage into $A1, so that frame's reward is 0 and the score is kept (no points can be scored then).
#include "game.h"

namespace hrl::atari::games {
namespace {

class Atlantis final : public Game {
 public:
  void reset() override { start(6); }
  void step(const uint8_t* ram) override {
    lives_ = peek(ram, 0xF1);
    terminal_ = lives_ == 0xFF;
    if (terminal_) {
      reward_ = 0;
      return;
    }
    score_is(100 * decimal(ram, 0xA2, 0xA3, 0xA1));
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0x8D) == mode; });
  }
};

}  // namespace

extern const GameSpec atlantis_spec{"atlantis", "9ad36e699ef6f45d9eb6c4cf90475c9f", {NOOP, FIRE, RIGHTFIRE, LEFTFIRE},
                                    {}, counting(0, 4), {0}, kAllActions, make<Atlantis>};

}  // namespace hrl::atari::games
