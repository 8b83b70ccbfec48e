// The games the Atari environments know: ALE's Atari-57 plus Tetris (the homebrew ROM the tests use), by ALE's ROM
// name. Each game's facts and settings live in its own file in this folder.
#pragma once
#include <string>
#include <vector>

#include "game.h"

namespace hrl::atari::games {

// Every registered game, in the order of registry.cc's list (alphabetical, Tetris last).
const std::vector<const GameSpec*>& all_games();
// The game with this ALE ROM name (e.g. "breakout"), or null.
const GameSpec* find_game(const std::string& id);
// The game whose supported ROM has this md5 (lower-case hex), or null.
const GameSpec* find_game_by_md5(const std::string& md5);

}  // namespace hrl::atari::games
