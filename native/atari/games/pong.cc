// Pong: the score is the player's points ($8E) minus the computer's ($8D), plain binary; the game ends when either
// reaches 21. No lives. Modes 0 and 1 in $96.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Pong final : public Game {
 public:
  void reset() override { start(0); }
  void step(const uint8_t* ram) override {
    const int computer = peek(ram, 0x8D), player = peek(ram, 0x8E);
    score_is(player - computer);
    terminal_ = computer == 21 || player == 21;
  }
  int lives() const override { return 0; }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0x96) == mode; });
  }
};

}  // namespace

extern const GameSpec pong_spec{"pong", "60e0ea3cbe0913d39803477945e9e5ec",
                                {NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}, {}, {0, 1}, counting(0, 4),
                                kAllActions, make<Pong>};

}  // namespace hrl::atari::games
