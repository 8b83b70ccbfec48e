// Zaxxon: decimal score ×100 in $E9 (low) and $E8 (high); lives in the low three bits of $EA, game over at 0. Modes
// 0, 8, 16, 24 in $82, SELECT held 10 frames.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Zaxxon final : public Game {
 public:
  void reset() override { start(5); }
  void step(const uint8_t* ram) override {
    score_is(100 * decimal(ram, 0xE9, 0xE8));
    lives_ = peek(ram, 0xEA) & 0x07;
    terminal_ = lives_ == 0;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 10, [mode](const uint8_t* ram) { return peek(ram, 0x82) == mode; });
  }
};

}  // namespace

extern const GameSpec zaxxon_spec{"zaxxon", "eea0da9b987d661264cce69a7c13c3bd", all_actions(), {},
                                  counting(0, 4, 8), {0}, kAllActions, make<Zaxxon>};

}  // namespace hrl::atari::games
