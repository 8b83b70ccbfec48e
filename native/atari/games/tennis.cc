// Tennis: games won in $C5 (player) and $C6 (opponent), points of the current game in $C7 and $C8, plain binary. A
// frame's reward is the change of the points lead, or, when that did not change, of the games lead. The set ends at
// 6 games with a lead of 2, or at 7 games. No lives. Modes 0 and 2 in $80.
#include "game.h"

namespace hrl::atari::games {
namespace {

class Tennis final : public Game {
 public:
  void reset() override {
    start(0);
    points_lead_ = games_lead_ = 0;
  }
  void step(const uint8_t* ram) override {
    const int my_points = peek(ram, 0xC7), their_points = peek(ram, 0xC8);
    const int points_lead = my_points - their_points, games_lead = peek(ram, 0xC5) - peek(ram, 0xC6);
    if (points_lead != points_lead_) reward_ = points_lead - points_lead_;
    else reward_ = games_lead - games_lead_;
    points_lead_ = points_lead;
    games_lead_ = games_lead;
    terminal_ = (my_points >= 6 && points_lead >= 2) || (their_points >= 6 && points_lead <= -2) || my_points == 7 ||
                their_points == 7;
  }
  int lives() const override { return 0; }
  bool select_mode(int mode, ModeDriver& env) override {
    return select_then_reset(env, 2, [mode](const uint8_t* ram) { return peek(ram, 0x80) == mode; });
  }

 private:
  void save_extra(StateWriter& w) const override { w.put(points_lead_); w.put(games_lead_); }
  void load_extra(StateReader& r) override { points_lead_ = r.get<int32_t>(); games_lead_ = r.get<int32_t>(); }
  int32_t points_lead_ = 0, games_lead_ = 0;
};

}  // namespace

extern const GameSpec tennis_spec{"tennis", "42cdd6a9e42a3639e190722b8ea3fc51", all_actions(), {}, {0, 2},
                                  counting(0, 4), kAllActions, make<Tennis>};

}  // namespace hrl::atari::games
