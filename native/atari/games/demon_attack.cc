// Demon Attack: decimal score in $85 (low), $83, $81 (high), except that the pattern $81/$83/$85 = $AB/$CD/$EA reads
// as 0. $F2 holds lives - 1; the game is over when it shows 0 lives while $F1 reads $BD, except on the first frame
// after a mode change. Modes 1, 3, 5, 7 in $EA.
#include "game.h"

namespace hrl::atari::games {
namespace {

class DemonAttack final : public Game {
 public:
  void reset() override {
    start(4);
    level_change_ = false;
  }
  void step(const uint8_t* ram) override {
    const bool blank = peek(ram, 0x81) == 0xAB && peek(ram, 0x83) == 0xCD && peek(ram, 0x85) == 0xEA;
    score_is(blank ? 0 : decimal(ram, 0x85, 0x83, 0x81));
    const int lives_shown = peek(ram, 0xF2);
    terminal_ = lives_shown == 0 && peek(ram, 0xF1) == 0xBD && !level_change_;
    lives_ = lives_shown + 1;
    level_change_ = false;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    if (!press_select_until(env, 1, [mode](const uint8_t* ram) { return peek(ram, 0xEA) == mode; })) return false;
    level_change_ = true;
    env.soft_reset();
    return true;
  }

 private:
  void save_extra(StateWriter& w) const override { w.put(static_cast<uint8_t>(level_change_)); }
  void load_extra(StateReader& r) override { level_change_ = r.get<uint8_t>() != 0; }
  bool level_change_ = false;
};

}  // namespace

extern const GameSpec demon_attack_spec{"demon_attack", "f0e0addc07971561ab80d9abe1b8d333",
                                        {NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}, {}, {1, 3, 5, 7}, {0, 1},
                                        kAllActions, make<DemonAttack>};

}  // namespace hrl::atari::games
