// River Raid: six score digits in every other byte from $CD (hundred-thousands) to $D7 (ones), each byte holding its
// digit times 8 (any other value, a blank, reads 0). $C0 shows the lives: $58 at the start of a game, $59 on the last
// life, else 8 × (lives - 1); the game is over when it goes from $59 to $58.
#include "game.h"

namespace hrl::atari::games {
namespace {

int riverraid_digit(const uint8_t* ram, int address) {
  const int b = peek(ram, address);
  return b % 8 == 0 && b <= 72 ? b / 8 : 0;
}

class RiverRaid final : public Game {
 public:
  void reset() override {
    start(0);
    lives_byte_ = 0x58;
  }
  void step(const uint8_t* ram) override {
    int score = 0;
    for (int address = 0xCD; address <= 0xD7; address += 2) score = 10 * score + riverraid_digit(ram, address);
    score_is(score);
    const int lives_byte = peek(ram, 0xC0);
    terminal_ = lives_byte == 0x58 && lives_byte_ == 0x59;
    lives_byte_ = lives_byte;
  }
  int lives() const override {
    if (terminal_) return 0;
    if (lives_byte_ == 0x58) return 4;  // the start of a game
    if (lives_byte_ == 0x59) return 1;
    return lives_byte_ / 8 + 1;
  }

 private:
  void save_extra(StateWriter& w) const override { w.put(lives_byte_); }
  void load_extra(StateReader& r) override { lives_byte_ = r.get<int32_t>(); }
  int32_t lives_byte_ = 0x58;
};

}  // namespace

extern const GameSpec riverraid_spec{"riverraid", "393948436d1f4cc3192410bb918f9724", all_actions(), {}, {0}, {0, 1},
                                     kAllActions, make<RiverRaid>};

}  // namespace hrl::atari::games
