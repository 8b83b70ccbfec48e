// Star Gunner: the score ×100 has four digits in the low nibbles of $83 (ones) to $86 (thousands); a nibble of $A is
// a blank, read as 0. Lives in the low nibble of $87, game over when $87 is 0. Before the game has shown 5 lives ($87
// = 5) ALE reports 5. Modes 0-3 in $F4, SELECT held 15 frames.
#include "game.h"

namespace hrl::atari::games {
namespace {

class StarGunner final : public Game {
 public:
  void reset() override {
    start(5);
    started_ = false;
  }
  void step(const uint8_t* ram) override {
    score_is(100 * low_nibble_digits(ram, 0x83, 4));
    const int lives_byte = peek(ram, 0x87);
    terminal_ = lives_byte == 0;
    if (lives_byte == 0x05) started_ = true;
    lives_ = started_ ? lives_byte & 0x0F : 5;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 15, [mode](const uint8_t* ram) { return peek(ram, 0xF4) == mode; });
  }

 private:
  void save_extra(StateWriter& w) const override { w.put(static_cast<uint8_t>(started_)); }
  void load_extra(StateReader& r) override { started_ = r.get<uint8_t>() != 0; }
  bool started_ = false;
};

}  // namespace

extern const GameSpec star_gunner_spec{"star_gunner", "a3c1c70024d7aabb41381adbfb6d3b25", all_actions(), {},
                                       counting(0, 4), {0}, kAllActions, make<StarGunner>};

}  // namespace hrl::atari::games
