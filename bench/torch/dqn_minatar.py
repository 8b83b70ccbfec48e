#!/usr/bin/env python3
"""PyTorch side of bench/sections/dqn.ts: the MinAtar DQN learner loop on a MinAtar-shaped random-observation stream.

Per environment step, as the MinAtar defaults (Young & Tian 2019): an epsilon-greedy batch-1 forward, a replay-buffer
insert, and one update (batch 32, Huber TD loss with a target network, centered RMSprop lr 2.5e-4, alpha 0.95,
eps 0.01); a hard target update every 1000 steps. Observations: 4x10x10 uint8 0/1 (Breakout's channels), 3 actions.
Prints one JSON line: {"torch": version, "threads": n, "stepsPerSecond": [per rep]}.
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def net(channels=4, actions=3):
    return nn.Sequential(nn.Conv2d(channels, 16, 3, stride=1), nn.ReLU(), nn.Flatten(), nn.Linear(16 * 8 * 8, 128), nn.ReLU(), nn.Linear(128, actions))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    torch.manual_seed(0)
    q, target = net(), net()
    target.load_state_dict(q.state_dict())
    opt = torch.optim.RMSprop(q.parameters(), lr=2.5e-4, alpha=0.95, eps=0.01, centered=True)
    cap = 100_000
    obs_buf = np.zeros((cap, 4, 10, 10), dtype=np.uint8)
    next_buf = np.zeros_like(obs_buf)
    act_buf = np.zeros(cap, dtype=np.int64)
    rew_buf = np.zeros(cap, dtype=np.float32)
    done_buf = np.zeros(cap, dtype=np.float32)
    size = 0
    obs = (rng.random((4, 10, 10)) < 0.1).astype(np.uint8)

    def step(t):
        nonlocal obs, size
        with torch.no_grad():
            a = int(q(torch.from_numpy(obs).float().unsqueeze(0)).argmax(1)) if rng.random() > 0.1 else int(rng.integers(3))
        nxt = (rng.random((4, 10, 10)) < 0.1).astype(np.uint8)
        i = t % cap
        obs_buf[i], next_buf[i], act_buf[i], rew_buf[i], done_buf[i] = obs, nxt, a, float(rng.random() < 0.05), float(rng.random() < 0.1)
        size = min(size + 1, cap)
        obs = nxt
        idx = rng.integers(0, size, 32)
        o = torch.from_numpy(obs_buf[idx]).float()
        n = torch.from_numpy(next_buf[idx]).float()
        with torch.no_grad():
            y = torch.from_numpy(rew_buf[idx]) + 0.99 * (1 - torch.from_numpy(done_buf[idx])) * target(n).max(1).values
        qa = q(o).gather(1, torch.from_numpy(act_buf[idx]).unsqueeze(1)).squeeze(1)
        loss = F.smooth_l1_loss(qa, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if t % 1000 == 0:
            target.load_state_dict(q.state_dict())

    t = 0
    for _ in range(200):  # warm-up
        step(t)
        t += 1
    sps = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        for _ in range(args.steps):
            step(t)
            t += 1
        sps.append(args.steps / (time.perf_counter() - t0))
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "stepsPerSecond": sps}))


if __name__ == "__main__":
    main()
