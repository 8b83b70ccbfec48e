// Wizard of Wor: decimal score ×100 in $86 (low) and $88 (high), where a value of 8000 or more has 8000 too many.
// Lives in the low nibble of $8D, read only while bit 0 of $D7 is clear (the lives keep their value otherwise); game
// over when they are 0 and $F4 reads $F8.
#include "game.h"

namespace hrl::atari::games {
namespace {

class WizardOfWor final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    int hundreds = decimal(ram, 0x86, 0x88);
    if (hundreds >= 8000) hundreds -= 8000;
    score_is(100 * hundreds);
    const int shown = peek(ram, 0x8D) & 0x0F;
    terminal_ = shown == 0 && peek(ram, 0xF4) == 0xF8;
    if ((peek(ram, 0xD7) & 0x01) == 0) lives_ = shown;
  }
};

}  // namespace

extern const GameSpec wizard_of_wor_spec{"wizard_of_wor", "7e8aa18bc9502eb57daaf5e7c1e94da7",
                                         {NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE, DOWNFIRE},
                                         {}, {0}, {0, 1}, kAllActions, make<WizardOfWor>};

}  // namespace hrl::atari::games
