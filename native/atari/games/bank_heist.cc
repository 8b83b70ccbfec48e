// Bank Heist: decimal score in $DA (low), $D9, $D8 (high); lives in $D5. Game over when the death timer $CE reads 1
// with no lives left. Modes 0, 4, …, 28 in $80.
#include "game.h"

namespace hrl::atari::games {
namespace {

class BankHeist final : public Game {
 public:
  void reset() override { start(5); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xDA, 0xD9, 0xD8));
    lives_ = peek(ram, 0xD5);
    terminal_ = peek(ram, 0xCE) == 0x01 && lives_ == 0;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 1, [mode](const uint8_t* ram) { return peek(ram, 0x80) == mode; });
  }
};

}  // namespace

extern const GameSpec bank_heist_spec{"bank_heist", "00ce0bdd43aed84a983bef38fe7f5ee3", all_actions(), {},
                                      counting(0, 8, 4), counting(0, 4), kAllActions, make<BankHeist>};

}  // namespace hrl::atari::games
