// Breakout: the score's ones and tens are $CD (decimal), its hundreds the low nibble of $CC. Lives in $B9; the game
// counts as started once $B9 shows 5 and ends when it then reaches 0. Modes 0, 4, …, 44 in $B2.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Breakout final : public Game {
 public:
  void reset() override {
    start(5);
    started_ = false;
  }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xCD) + 100 * (peek(ram, 0xCC) & 0x0F));
    lives_ = peek(ram, 0xB9);
    if (lives_ == 5) started_ = true;
    terminal_ = started_ && lives_ == 0;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 1, [mode](const uint8_t* ram) { return peek(ram, 0xB2) == mode; });
  }

 private:
  void save_extra(StateWriter& w) const override { w.put(static_cast<uint8_t>(started_)); }
  void load_extra(StateReader& r) override { started_ = r.get<uint8_t>() != 0; }
  bool started_ = false;
};

}  // namespace

extern const GameSpec breakout_spec{"breakout", "f34f08e5eb96e500e851a80be3277a56", {NOOP, FIRE, RIGHT, LEFT}, {},
                                    counting(0, 12, 4), {0, 1}, kAllActions, make<Breakout>};

}  // namespace hrl::atari::games
