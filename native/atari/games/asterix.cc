// Asterix: decimal score in $E0 (low), $DF, $DE (high); lives in the low nibble of $D3. The game ends when the death
// counter $C7 reaches 1 on the last life: waiting for the lives to reach 0 would let the agent restart the game by
// holding FIRE on that frame.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Asterix final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(decimal(ram, 0xE0, 0xDF, 0xDE));
    lives_ = peek(ram, 0xD3) & 0x0F;
    terminal_ = peek(ram, 0xC7) == 0x01 && lives_ == 1;
  }
};

}  // namespace

extern const GameSpec asterix_spec{"asterix", "89a68746eff7f266bbf08de2483abe55",
                                   {NOOP, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT}, {FIRE}, {0},
                                   {0}, kAllActions, make<Asterix>};

}  // namespace hrl::atari::games
