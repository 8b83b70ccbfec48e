// Name This Game: decimal score in $C6 (low), $C5, $C4 (high); lives in the low three bits of $C7, game over at 0.
// Modes $08, $18, $28 in $DE.
#include "game.h"

namespace hrl::atari::games {
namespace {

class NameThisGame final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xC6, 0xC5, 0xC4));
    lives_ = peek(ram, 0xC7) & 0x07;
    terminal_ = lives_ == 0;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0xDE) == mode; });
  }
};

}  // namespace

extern const GameSpec name_this_game_spec{"name_this_game", "36306070f0c90a72461551a7a4f3a209",
                                          {NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}, {}, {0x08, 0x18, 0x28},
                                          {0, 1}, kAllActions, make<NameThisGame>};

}  // namespace hrl::atari::games
