// Solaris: decimal score ×10 in $DC (low), $DD, $DE (high); lives in the low nibble of $D9, game over when $D9 is 0.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Solaris final : public Game {
 public:
  void reset() override { start(3); }
  void step(const uint8_t* ram) override {
    score_is(10 * decimal(ram, 0xDC, 0xDD, 0xDE));
    const int lives_byte = peek(ram, 0xD9);
    terminal_ = lives_byte == 0;
    lives_ = lives_byte & 0x0F;
  }
};

}  // namespace

extern const GameSpec solaris_spec{"solaris", "e72eb8d4410152bdcb69e7fba327b420", all_actions(), {}, {0}, {0},
                                   kAllActions, make<Solaris>};

}  // namespace hrl::atari::games
