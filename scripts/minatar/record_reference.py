#!/usr/bin/env python3
"""Records MinAtar reference traces for test/envs/minatar-replay.test.ts (see test/fixtures/minatar/README.md).

Runs the Python reference implementation (kenjyoung/MinAtar, its `Environment` with sticky actions) and writes, for
every reset and step: the chosen action (full six-action set), the reward, the terminal flag, the observation and the
random numbers the reference drew during that call. The TypeScript test replays the actions while feeding the same
random numbers to our games, and compares every frame. Needs numpy; no other package.

    python3 scripts/minatar/record_reference.py --minatar PATH/TO/MinAtar [--out test/fixtures/minatar]

PATH/TO/MinAtar is a checkout of https://github.com/kenjyoung/MinAtar (the folder holding `setup.py` and `minatar/`).
"""
import argparse
import copy
import json
import os
import subprocess
import sys
from types import SimpleNamespace

import numpy as np

FIELDS = ['action', 'reward', 'terminal', 'frame', 'draws']


class RecordingRandom:
    """A numpy RandomState that logs what it returns: a float for each rand() value, [n, k] for a randint in [lo, lo+n)
    that returned lo+k (the low end is not needed to replay: our games draw int(n) and add their own offset)."""

    def __init__(self, seed):
        self.rs = np.random.RandomState(seed)
        self.log = []

    def rand(self, *shape):
        v = self.rs.rand(*shape)
        self.log.extend(float(x) for x in np.atleast_1d(v).ravel())
        return v

    def randint(self, low, high=None, size=None):
        v = self.rs.randint(low, high, size)
        lo, hi = (0, low) if high is None else (low, high)
        self.log.extend([int(hi - lo), int(x) - lo] for x in np.atleast_1d(v).ravel())
        return v

    def take(self):
        out, self.log = self.log, []
        return out

    def __getattr__(self, name):
        raise AttributeError(f'RecordingRandom: the reference called random.{name}, which the recorder does not log')


class FrameDeltas:
    """Observations channel-first ([C, 10, 10], as ours) and flattened; each frame is written as the sorted flat indices
    (c·100 + y·10 + x) whose value differs from the previous frame of the episode (the reset frame: from all zeros)."""

    def __init__(self):
        self.last = None

    def __call__(self, env):
        s = np.asarray(env.state(), dtype=bool).transpose(2, 0, 1).reshape(-1)
        prev = np.zeros_like(s) if self.last is None else self.last
        self.last = s
        return [int(i) for i in np.flatnonzero(s != prev)]


def make_env(game, sticky, seed):
    from minatar import Environment
    env = Environment(game, sticky_action_prob=sticky, difficulty_ramping=True)
    rnd = RecordingRandom(seed)
    env.random = rnd          # what Environment.seed() does, with the recorder in place of the RandomState
    env.env.random = rnd
    return env, rnd


def channels(env):
    ch = env.env.channels
    return sorted(ch, key=ch.get)


def record(game, sticky, seed, actions_per_episode, hidden=None):
    """Replays lists of actions (one list per episode, each run until it ends or its actions run out)."""
    env, rnd = make_env(game, sticky, seed)
    episodes = []
    for actions in actions_per_episode:
        env.reset()
        frame = FrameDeltas()
        ep = {'reset': {'frame': frame(env), 'draws': rnd.take()}, 'steps': []}
        if hidden:
            ep['reset']['hidden'] = hidden(env)
        for a in actions:
            r, t = env.act(a)
            step = [int(a), int(r), bool(t), frame(env), rnd.take()]
            if hidden:
                step.append(hidden(env))
            ep['steps'].append(step)
            if t:
                break
        episodes.append(ep)
    return env, episodes


def random_play(game, sticky, seed, steps, want_sticky_resets):
    """Uniformly random actions from their own RandomState; plays whole episodes until `steps` steps and at least
    `want_sticky_resets` episode starts whose first step repeated the previous episode's last action, visibly: the
    frame differs from the one a no-op there would give (what a reset of the last action to no-op would do)."""
    env, rnd = make_env(game, sticky, seed)
    policy = np.random.RandomState(seed + 1000)
    actions_per_episode, total, sticky_resets = [], 0, 0
    while total < steps or sticky_resets < want_sticky_resets:
        env.reset()
        acts, t = [], False
        while not t:
            a = int(policy.randint(6))
            if not acts and actions_per_episode and env.last_action != 0:
                as_if_reset = copy.deepcopy(env)
                as_if_reset.last_action = 0
                as_if_reset.act(a)
            else:
                as_if_reset = None
            acts.append(a)
            _, t = env.act(a)
            if as_if_reset is not None and not np.array_equal(as_if_reset.state(), env.state()):
                sticky_resets += 1
            total += 1
            if total >= steps and sticky_resets >= want_sticky_resets and game == 'freeway':
                break
        actions_per_episode.append(acts)
        if total > 20 * steps:
            sys.exit(f'{game}: no sticky action carried over a reset in {total} steps; try another seed')
    _, episodes = record(game, sticky, seed, actions_per_episode)
    return episodes, sticky_resets


# ---------------------------------------------------------------------------------------------------------------
# Seaquest: a scripted submarine, found by depth-first search over actions with the reference itself as the model.

N, L, U, R, D, F = range(6)


def seaquest_hidden(env):
    g = env.env
    return [int(g.oxygen), int(g.diver_count), int(g.ramp_index)]


def toward(g, tx, ty):
    """Actions ordered by the Manhattan distance to (tx, ty) they leave (fire and no-op stay), then a fixed order."""
    def after(a):
        x, y = g.sub_x, g.sub_y
        if a == L: x = max(0, x - 1)
        elif a == R: x = min(9, x + 1)
        elif a == U: y = max(0, y - 1)
        elif a == D: y = min(8, y + 1)
        return abs(x - tx) + abs(y - ty)
    return sorted([U, D, L, R, N, F], key=after)


def nearest_diver(g):
    if not g.divers:
        return None
    return min(g.divers, key=lambda d: abs(d[0] - g.sub_x) + abs(d[1] - g.sub_y))


class Phase:
    """A goal for the search: `order` ranks the actions to try, `allowed` prunes a child, `done` ends the phase."""

    def __init__(self, name, order, allowed, done, ends_episode=False):
        self.name, self.order, self.allowed, self.done, self.ends_episode = name, order, allowed, done, ends_episode


def collect_order(low_oxygen):
    def order(g):
        if g.sub_y == 0:
            return [D, N, L, R, F, U] if g.divers else [N, F, L, R, D, U]
        if g.diver_count == 6 or (g.oxygen <= g.sub_y + low_oxygen and g.diver_count != 0):
            return toward(g, g.sub_x, 0)
        d = nearest_diver(g)
        if d is None:
            return toward(g, g.sub_x, 4)
        return toward(g, d[0], d[1])
    return order


def collect_allowed(low_oxygen):
    def allowed(parent, child, r):
        if child.terminal:
            return False
        surfacing = parent.sub_y > 0 and child.sub_y == 0
        return not surfacing or parent.diver_count == 6 or parent.oxygen <= parent.sub_y + low_oxygen
    return allowed


def bonus_done(parent, child, r):
    return parent.sub_y > 0 and child.sub_y == 0 and parent.diver_count == 6


def dive_then_surface_order(g):
    # Down for ten steps below the surface, then back up (avoiding divers is left to `allowed`).
    if g.sub_y == 0 or g.oxygen > 190:
        return [D, N, L, R, F, U]
    return toward(g, g.sub_x, 0)


def no_pickup_allowed(parent, child, r):
    return not child.terminal and child.diver_count == parent.diver_count


def surfaced_without_divers_done(parent, child, r):
    return parent.sub_y > 0 and child.sub_y == 0 and parent.diver_count < 0 and not child.terminal


def zero_oxygen_order(g):
    # Hold rows 1-2 until the oxygen is gone, then be on row 1 and go up in the step that finds it at 0.
    if g.sub_y == 0:
        return [D, N, L, R, F, U]
    if g.oxygen <= 0:
        return [U]
    if g.oxygen <= 2:
        return toward(g, g.sub_x, 1)
    return toward(g, g.sub_x, 2)


def zero_oxygen_allowed(parent, child, r):
    if child.diver_count != parent.diver_count and not (parent.sub_y > 0 and child.sub_y == 0):
        return False      # no pickups
    if parent.sub_y > 0 and child.sub_y == 0:
        return parent.oxygen == 0   # the only surfacing: in the step that finds the oxygen at 0
    return not child.terminal


def zero_oxygen_done(parent, child, r):
    return parent.oxygen == 0 and parent.sub_y > 0 and child.sub_y == 0 and child.terminal


def stay_down_order(g):
    if g.sub_y == 0:
        return [D, N, L, R, F]
    return toward(g, g.sub_x, 5)


def stay_down_allowed(parent, child, r):
    if child.sub_y == 0 and parent.sub_y > 0:
        return False
    return not child.terminal or parent.oxygen <= 0


def oxygen_out_done(parent, child, r):
    return child.terminal and parent.oxygen <= 0 and child.sub_y > 0


def search(env, phase, budget):
    """Depth-first search for actions that reach phase.done; returns (actions, env after them) or None."""
    stack = [(env, iter(phase.order(env.env)), [])]
    nodes = 0
    while stack:
        node, it, path = stack[-1]
        a = next(it, None)
        if a is None:
            stack.pop()
            continue
        nodes += 1
        if nodes > budget:
            return None
        child = copy.deepcopy(node)
        g = node.env
        parent_game = SimpleNamespace(sub_y=g.sub_y, diver_count=g.diver_count, oxygen=g.oxygen)
        r, _ = child.act(a)
        child.random.log.clear()
        if phase.done(parent_game, child.env, r):
            return path + [a], child
        if not phase.allowed(parent_game, child.env, r) or len(path) > 600:
            continue
        stack.append((child, iter(phase.order(child.env)), path + [a]))
    return None


def seaquest_story(seed, budget):
    """Episode 1: six divers and surface (bonus, −1 divers left); dive and surface with none (−1 → −2, no kill);
    collect up to the next bonus (eight net) and surface; dive, hold until the oxygen is 0 and surface in that step
    (ends the game since v1.0.11). Episode 2: dive and stay down until the oxygen runs out."""
    env, rnd = make_env('seaquest', 0.0, seed)
    env.reset()
    rnd.log.clear()
    episode1 = [
        Phase('bonus', collect_order(6), collect_allowed(6), bonus_done),
        Phase('surface-without-divers', dive_then_surface_order, no_pickup_allowed, surfaced_without_divers_done),
        Phase('bonus', collect_order(6), collect_allowed(6), bonus_done),
        Phase('surface-at-zero-oxygen', zero_oxygen_order, zero_oxygen_allowed, zero_oxygen_done, ends_episode=True),
    ]
    episode2 = [Phase('oxygen-out', stay_down_order, stay_down_allowed, oxygen_out_done, ends_episode=True)]
    actions_per_episode, events = [], []
    for ei, phases in enumerate([episode1, episode2]):
        if ei > 0:
            env.reset()
            env.random.log.clear()
        acts = []
        for phase in phases:
            found = search(env, phase, budget)
            if found is None:
                return None
            path, env = found
            acts += path
            events.append({'episode': ei, 'step': len(acts) - 1, 'event': phase.name})
        actions_per_episode.append(acts)
    return actions_per_episode, events


def reference_info(path):
    info = {'repository': 'https://github.com/kenjyoung/MinAtar'}
    with open(os.path.join(path, 'setup.py')) as f:
        for line in f:
            if 'version=' in line:
                info['version'] = line.split("'")[1]
    try:
        info['commit'] = subprocess.check_output(['git', '-C', path, 'rev-parse', 'HEAD'], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        info['commit'] = 'unknown'
    return info


def write(out, name, data):
    with open(os.path.join(out, name), 'w') as f:
        json.dump(data, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {name}: {os.path.getsize(os.path.join(out, name))} bytes')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--minatar', required=True, help='checkout of kenjyoung/MinAtar (holds setup.py and minatar/)')
    ap.add_argument('--out', default='test/fixtures/minatar')
    ap.add_argument('--budget', type=int, default=200_000, help='search nodes per phase of the Seaquest story')
    args = ap.parse_args()
    sys.path.insert(0, os.path.abspath(args.minatar))
    ref = reference_info(args.minatar)
    os.makedirs(args.out, exist_ok=True)
    recorder = 'scripts/minatar/record_reference.py'

    # Seeds chosen so that a short trace shows a sticky action carried over a reset (not possible in Freeway).
    for game, seed, steps in [('asterix', 10, 300), ('breakout', 12, 300), ('freeway', 3, 300), ('seaquest', 7, 300),
                              ('space_invaders', 12, 300)]:
        want = 0 if game == 'freeway' else 1   # a Freeway episode lasts 2500 steps
        episodes, carried = random_play(game, 0.1, seed, steps, want)
        env, _ = make_env(game, 0.1, seed)
        write(args.out, f'random-{game.replace("_", "-")}.json', {
            'reference': ref, 'recordedBy': recorder, 'game': game, 'stickyActionProb': 0.1, 'difficultyRamping': True,
            'what': 'uniformly random actions (full action set), sticky actions 0.1, one random stream (seed '
                    f'{seed}) for sticky draws and the game',
            'stickyCarriedOverReset': carried, 'channels': channels(env), 'stepFields': FIELDS, 'episodes': episodes})

    for seed in range(1, 50):
        story = seaquest_story(seed, args.budget)
        if story is None:
            print(f'seaquest story: seed {seed} failed, trying the next')
            continue
        actions, events = story
        env, episodes = record('seaquest', 0.0, seed, actions, seaquest_hidden)
        write(args.out, 'seaquest-story.json', {
            'reference': ref, 'recordedBy': recorder, 'game': 'seaquest', 'stickyActionProb': 0.0,
            'difficultyRamping': True,
            'what': 'a scripted submarine (actions found by search with the reference as the model): '
                    + seaquest_story.__doc__.replace('\n   ', '').strip(),
            'seed': seed, 'events': events, 'channels': channels(env), 'stepFields': FIELDS + ['hidden'],
            'hiddenFields': ['oxygen', 'diverCount', 'rampIndex'], 'episodes': episodes})
        return
    sys.exit('seaquest story: no seed worked')


if __name__ == '__main__':
    main()
