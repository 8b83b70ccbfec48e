// Double Dunk: the score is the player's points ($F6, decimal) minus the opponent's ($F7); the game ends when either
// side has 24 and $FE reads $E7. No lives. The 16 modes are the combinations of four yes/no options of the game's
// menu: bit 0 three-point shots, bit 1 ten-second rule, bit 2 three-second rule, bit 3 fouls.
#include "game.h"

namespace hrl::atari::games {
namespace {

class DoubleDunk final : public Game {
 public:
  void reset() override { start(0); }
  void step(const uint8_t* ram) override {
    const int mine = decimal(ram, 0xF6), theirs = decimal(ram, 0xF7);
    score_is(mine - theirs);
    terminal_ = (mine >= 24 || theirs >= 24) && peek(ram, 0xFE) == 0xE7;
  }
  int lives() const override { return 0; }

  // The menu: SELECT opens it; DOWN moves to the next line ($B0 changes); RIGHT turns the line's option on and LEFT
  // off, shown by a bit of $80. Each move is an agent step followed by a NOOP step.
  bool select_mode(int mode, ModeDriver& env) override {
    env.press_select(1);
    bool ok = next_line(env) && next_line(env);  // the first two lines are not modes
    const int option_bits[4] = {0x08, 0x10, 0x04, 0x20};
    for (int i = 0; i < 4 && ok; ++i) {
      if (i > 0) ok = next_line(env);
      if (ok) ok = set_option(env, option_bits[i], (mode >> i) & 1);
    }
    if (!ok) return false;
    env.soft_reset();
    env.act(UPFIRE);
    env.act(NOOP);
    return true;
  }

 private:
  static void tap(ModeDriver& env, Action a) {
    env.act(a);
    env.act(NOOP);
  }
  static bool next_line(ModeDriver& env) {
    const int line = peek(env.ram(), 0xB0);
    for (int i = 0; i < kMaxSelectPresses; ++i) {
      tap(env, DOWN);
      if (peek(env.ram(), 0xB0) != line) return true;
    }
    return false;
  }
  static bool set_option(ModeDriver& env, int bit, bool on) {
    for (int i = 0; i < kMaxSelectPresses; ++i) {
      if (((peek(env.ram(), 0x80) & bit) != 0) == on) return true;
      tap(env, on ? RIGHT : LEFT);
    }
    return false;
  }
};

}  // namespace

extern const GameSpec double_dunk_spec{"double_dunk", "368d88a6c071caba60b4f778615aae94", all_actions(), {UPFIRE},
                                       counting(0, 16), {0}, kAllActions, make<DoubleDunk>};

}  // namespace hrl::atari::games
