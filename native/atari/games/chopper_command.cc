// Chopper Command: decimal score ×100 in $EE (low) and $EC (high); lives in the low nibble of $E4. The game counts
// as started once the chopper has faced right (bit 0 of $C2; it faces left on the mode screen), and ends at 0 lives
// after that. ALE reports the lives even once the game is over. Modes 0 and 2 in $E0.
#include "game.h"

namespace hrl::atari::games {
namespace {

class ChopperCommand final : public Game {
 public:
  void reset() override {
    start(3);
    started_ = false;
  }
  void step(const uint8_t* ram) override {
    score_is(100 * decimal(ram, 0xEE, 0xEC));
    lives_ = peek(ram, 0xE4) & 0x0F;
    if (peek(ram, 0xC2) & 0x01) started_ = true;
    terminal_ = started_ && lives_ == 0;
  }
  int lives() const override { return lives_; }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0xE0) == mode; });
  }

 private:
  void save_extra(StateWriter& w) const override { w.put(static_cast<uint8_t>(started_)); }
  void load_extra(StateReader& r) override { started_ = r.get<uint8_t>() != 0; }
  bool started_ = false;
};

}  // namespace

extern const GameSpec chopper_command_spec{"chopper_command", "c1cb228470a87beb5f36e90ac745da26", all_actions(), {},
                                           {0, 2}, {0, 1}, kAllActions, make<ChopperCommand>};

}  // namespace hrl::atari::games
