// Alien: the score's five digits sit in every other byte from $83 (ten-thousands) to $8B (ones), each byte holding
// its digit times 8 ($80 is a blank, read as 0); the game shows the score ×10. Lives: low nibble of $C0, game over
// at 0.
#include "game.h"

namespace hrl::atari::games {
namespace {

int alien_digit(const uint8_t* ram, int address) {
  const int b = peek(ram, address);
  return b == 0x80 ? 0 : b >> 3;
}

class Alien final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    int digits = 0;
    for (int address = 0x83; address <= 0x8B; address += 2) digits = 10 * digits + alien_digit(ram, address);
    score_is(10 * digits);
    lives_ = peek(ram, 0xC0) & 0x0F;
    terminal_ = lives_ == 0;
  }
  int lives() const override { return lives_; }  // ALE does not zero it at game over (it is 0 then anyway)
  // (ALE also rereads the lives here; the soft reset's step() reads them again, so that is not needed.)
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 1, [mode](const uint8_t* ram) { return peek(ram, 0x81) == mode; });
  }
};

}  // namespace

extern const GameSpec alien_spec{"alien", "f1a0a23e6464d954e3a9579c4ccd01c8", all_actions(), {},
                                 counting(0, 4), counting(0, 4), kAllActions, make<Alien>};

}  // namespace hrl::atari::games
