// Battle Zone: the score is in thousands; its three digits are the high nibble of $9D (thousands) and the low and high
// nibbles of $9E (ten- and hundred-thousands). A nibble of $A is a blank, read as 0. Lives in the low nibble of $BA,
// game over at 0. Modes 1-3 in $A1.
#include "game.h"

namespace hrl::atari::games {
namespace {

class BattleZone final : public Game {
 public:
  void reset() override { start(5); }
  void step(const uint8_t* ram) override {
    const int lo = peek(ram, 0x9D), hi = peek(ram, 0x9E);
    const int thousands = blank_as_zero(lo >> 4) + 10 * blank_as_zero(hi & 0x0F) + 100 * blank_as_zero(hi >> 4);
    score_is(1000 * thousands);
    lives_ = peek(ram, 0xBA) & 0x0F;
    terminal_ = lives_ == 0;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0xA1) == mode; });
  }
};

}  // namespace

extern const GameSpec battle_zone_spec{"battle_zone", "41f252a66c6301f1e8ab3612c19bc5d4", all_actions(), {},
                                       counting(1, 3), {0}, kAllActions, make<BattleZone>};

}  // namespace hrl::atari::games
