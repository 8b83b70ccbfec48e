// Berzerk: decimal score in $DF (low), $DE, $DD (high). $DA holds lives - 1 and reads $FF at game over. Modes 1-12,
// numbered in BCD ($01-$09, $10-$12) in $80; the game accepts SELECT only after 20 agent steps.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Berzerk final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xDF, 0xDE, 0xDD));
    const int lives_byte = peek(ram, 0xDA);
    terminal_ = lives_byte == 0xFF;
    lives_ = lives_byte + 1;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    for (int i = 0; i < 20; ++i) env.act(NOOP);
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0x80) == mode; });
  }
};

std::vector<int> berzerk_modes() {
  std::vector<int> modes = counting(1, 9);
  for (int m : {0x10, 0x11, 0x12}) modes.push_back(m);
  return modes;
}

}  // namespace

extern const GameSpec berzerk_spec{"berzerk", "136f75c4dd02c29283752b7e5799f978", all_actions(), {}, berzerk_modes(),
                                   {0}, kAllActions, make<Berzerk>};

}  // namespace hrl::atari::games
