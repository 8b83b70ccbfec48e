// Q*bert: decimal score in $DB (low), $DA, $D9 (high). $88 is a signed lives byte: the game is over when it reads $FE,
// or 2 right after -1. ALE counts the lives itself, from 4, taking one off each time the byte drops by exactly 1. The
// game-over frame gives no reward and leaves the score as it was.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Qbert final : public Game {
 public:
  void reset() override {
    start(4);
    last_lives_byte_ = 2;
  }
  void step(const uint8_t* ram) override {
    const int byte = peek(ram, 0x88);
    const int lives_byte = static_cast<int8_t>(byte);
    terminal_ = byte == 0xFE || (byte == 0x02 && last_lives_byte_ == -1);
    if (lives_byte == last_lives_byte_ - 1) --lives_;
    last_lives_byte_ = lives_byte;
    if (terminal_) reward_ = 0;
    else score_is(decimal(ram, 0xDB, 0xDA, 0xD9));
  }

 private:
  void save_extra(StateWriter& w) const override { w.put(last_lives_byte_); }
  void load_extra(StateReader& r) override { last_lives_byte_ = r.get<int32_t>(); }
  int32_t last_lives_byte_ = 2;
};

}  // namespace

extern const GameSpec qbert_spec{"qbert", "484b0076816a104875e00467d431c2d2", {NOOP, FIRE, UP, RIGHT, LEFT, DOWN}, {},
                                 {0}, {0, 1}, kAllActions, make<Qbert>};

}  // namespace hrl::atari::games
