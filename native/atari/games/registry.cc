#include "registry.h"

namespace hrl::atari::games {

// One line per game file: X(id) names the GameSpec `id##_spec` it defines.
#define HRL_ATARI_GAMES(X)                                                                                          \
  X(alien) X(amidar) X(assault) X(asterix) X(asteroids) X(atlantis) X(bank_heist) X(battle_zone) X(beam_rider)       \
  X(berzerk) X(bowling) X(boxing) X(breakout) X(centipede) X(chopper_command) X(crazy_climber) X(defender)           \
  X(demon_attack) X(double_dunk) X(enduro) X(fishing_derby) X(freeway) X(frostbite) X(gopher) X(gravitar) X(hero)   \
  X(ice_hockey) X(jamesbond) X(kangaroo) X(krull) X(kung_fu_master) X(montezuma_revenge) X(ms_pacman)               \
  X(name_this_game) X(phoenix) X(pitfall) X(pong) X(private_eye) X(qbert) X(riverraid) X(road_runner) X(robotank)   \
  X(seaquest) X(skiing) X(solaris) X(space_invaders) X(star_gunner) X(surround) X(tennis) X(time_pilot)             \
  X(tutankham) X(up_n_down) X(venture) X(video_pinball) X(wizard_of_wor) X(yars_revenge) X(zaxxon) X(tetris)

#define HRL_DECLARE_SPEC(id) extern const GameSpec id##_spec;
HRL_ATARI_GAMES(HRL_DECLARE_SPEC)
#undef HRL_DECLARE_SPEC

const std::vector<const GameSpec*>& all_games() {
#define HRL_SPEC_ADDRESS(id) &id##_spec,
  static const std::vector<const GameSpec*> games{HRL_ATARI_GAMES(HRL_SPEC_ADDRESS)};
#undef HRL_SPEC_ADDRESS
  return games;
}

const GameSpec* find_game(const std::string& id) {
  for (const GameSpec* g : all_games())
    if (id == g->id) return g;
  return nullptr;
}

const GameSpec* find_game_by_md5(const std::string& md5) {
  for (const GameSpec* g : all_games())
    if (md5 == g->md5) return g;
  return nullptr;
}

}  // namespace hrl::atari::games
