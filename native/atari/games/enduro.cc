// Enduro: the reward counts cars passed. $AD is the day (0 before the race starts); $AB (low) and $AC (high) count,
// in decimal, the cars still to pass that day: 200 on day 1, 300 on later days. So the score is the cars passed today
// plus 200 for day 1 and 300 for each later day completed. Game over when $AF reads $FF. No lives.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Enduro final : public Game {
 public:
  void reset() override { start(0); }
  void step(const uint8_t* ram) override {
    const int day = peek(ram, 0xAD);
    int score = 0;
    if (day != 0) {
      const int to_pass = decimal(ram, 0xAB, 0xAC);
      score = day == 1 ? 200 - to_pass : 300 - to_pass + 200 + 300 * (day - 2);
    }
    score_is(score);
    terminal_ = peek(ram, 0xAF) == 0xFF;
  }
  int lives() const override { return 0; }
};

}  // namespace

extern const GameSpec enduro_spec{"enduro", "94b92a882f6dbaa6993a46e2dcc58402",
                                  {NOOP, FIRE, RIGHT, LEFT, DOWN, DOWNRIGHT, DOWNLEFT, RIGHTFIRE, LEFTFIRE}, {FIRE},
                                  {0}, {0}, kAllActions, make<Enduro>};

}  // namespace hrl::atari::games
