// Defender: six score digits, one per byte in the low nibble of $9C (ones) to $A1 (hundred-thousands); a nibble of $A
// is a blank, read as 0. Lives in $C2, game over at 0. Modes 1-9 and 16 (the easy game) in $9B.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Defender final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(low_nibble_digits(ram, 0x9C, 6));
    lives_ = peek(ram, 0xC2);
    terminal_ = lives_ == 0;
  }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0x9B) == mode; });
  }
};

std::vector<int> defender_modes() {
  std::vector<int> modes = counting(1, 9);
  modes.push_back(16);
  return modes;
}

}  // namespace

extern const GameSpec defender_spec{"defender", "0f643c34e40e3f1daafd9c524d3ffe64", all_actions(), {},
                                    defender_modes(), {0, 1}, kAllActions, make<Defender>};

}  // namespace hrl::atari::games
