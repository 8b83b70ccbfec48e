// Surround: the score is the player's points ($F7, decimal) minus the opponent's ($F6); the game ends when either
// reaches 10. ALE gives it no lives logic, so lives() is 1 until the game is over. Modes 0 and 2 (one player) show as
// mode + 1 in $F9.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Surround final : public Game {
 public:
  void reset() override { start(1); }
  void step(const uint8_t* ram) override {
    const int theirs = decimal(ram, 0xF6), mine = decimal(ram, 0xF7);
    score_is(mine - theirs);
    terminal_ = theirs == 10 || mine == 10;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0xF9) == mode + 1; });
  }
};

}  // namespace

extern const GameSpec surround_spec{"surround", "4d7517ae69f95cfbc053be01312b7dba", {NOOP, UP, RIGHT, LEFT, DOWN}, {},
                                    {0, 2}, counting(0, 4), kAllActions, make<Surround>};

}  // namespace hrl::atari::games
