// Skiing: the reward is minus the time spent, in centiseconds: minutes in $E8 (binary), seconds and centiseconds in
// $E9 (high) and $EA (low), decimal. The run ends when $91 reads $FF. No lives. The fire actions are illegal (they
// act as NOOP). Reset ends with 16 frames of DOWN.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Skiing final : public Game {
 public:
  void reset() override { start(0); }
  void step(const uint8_t* ram) override {
    const int centiseconds = 6000 * peek(ram, 0xE8) + decimal(ram, 0xEA, 0xE9);
    score_is(centiseconds);
    reward_ = -reward_;
    terminal_ = peek(ram, 0x91) == 0xFF;
  }
  int lives() const override { return 0; }
};

constexpr uint32_t kNoFire = (1u << NOOP) | (1u << UP) | (1u << RIGHT) | (1u << LEFT) | (1u << DOWN) |
                             (1u << UPRIGHT) | (1u << UPLEFT) | (1u << DOWNRIGHT) | (1u << DOWNLEFT);

}  // namespace

extern const GameSpec skiing_spec{"skiing", "b76fbadc8ffb1f83e2ca08b6fb4d6c9f", {NOOP, RIGHT, LEFT},
                                  std::vector<Action>(16, DOWN), {0}, {0}, kNoFire, make<Skiing>};

}  // namespace hrl::atari::games
