#!/usr/bin/env python3
"""PyTorch side of bench/sections/training-step.ts: the same networks, shapes and steps, timed with PyTorch.

Prints one JSON object to stdout: {"torch": version, "threads": n, "rows": {row: {"medianMs", "reps"}}}.
Run it with OpenBLAS (Debian's torch otherwise uses the slow reference BLAS):

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OMP_NUM_THREADS=1 /usr/bin/python3 bench/torch/training_step.py

Options: --rows a,b,c (default all), --reps N (timed repetitions, default 15), --warmup N (default 3).
"""
import argparse
import json
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class HadamardDense(nn.Module):
    """tanh(W1 x + b1) * tanh(W2 x + b2)."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.a = nn.Linear(n_in, n_out)
        self.b = nn.Linear(n_in, n_out)

    def forward(self, x):
        return torch.tanh(self.a(x)) * torch.tanh(self.b(x))


def nature_cnn(hadamard, actions=18):
    hidden = HadamardDense(3136, 512) if hadamard else nn.Sequential(nn.Linear(3136, 512), nn.Tanh())
    return nn.Sequential(
        nn.Conv2d(4, 32, 8, stride=4), nn.ReLU(),
        nn.Conv2d(32, 64, 4, stride=2), nn.ReLU(),
        nn.Conv2d(64, 64, 3, stride=1), nn.ReLU(),
        nn.Flatten(), hidden, nn.Linear(512, actions),
    )


def minatar_net(channels=4, actions=3):
    return nn.Sequential(nn.Conv2d(channels, 16, 3, stride=1), nn.ReLU(), nn.Flatten(), nn.Linear(16 * 8 * 8, 128), nn.ReLU(), nn.Linear(128, actions))


def train_step_fn(net, obs_shape, batch, actions, lr):
    g = torch.Generator().manual_seed(0)
    obs = torch.randint(0, 256, (batch, *obs_shape), generator=g, dtype=torch.uint8)
    target = torch.randn(batch, actions, generator=g)
    opt = torch.optim.Adam(net.parameters(), lr=lr)

    def step():
        x = obs.float() / 255.0
        loss = F.mse_loss(net(x), target)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return step


def act_fn(net, obs_shape):
    g = torch.Generator().manual_seed(0)
    obs = torch.randint(0, 256, (1, *obs_shape), generator=g, dtype=torch.uint8)

    def step():
        with torch.no_grad():
            return int(net(obs.float() / 255.0).argmax(dim=1).item())
    return step


ROWS = {
    'nature-tanh-b32': lambda: train_step_fn(nature_cnn(False), (4, 84, 84), 32, 18, 1e-4),
    'nature-hr-tanh-b32': lambda: train_step_fn(nature_cnn(True), (4, 84, 84), 32, 18, 1e-4),
    'nature-tanh-b256': lambda: train_step_fn(nature_cnn(False), (4, 84, 84), 256, 18, 1e-4),
    'nature-hr-tanh-b256': lambda: train_step_fn(nature_cnn(True), (4, 84, 84), 256, 18, 1e-4),
    'minatar-b32': lambda: train_step_fn(minatar_net(), (4, 10, 10), 32, 3, 2.5e-4),
    'nature-act-b1': lambda: act_fn(nature_cnn(False), (4, 84, 84)),
    'minatar-act-b1': lambda: act_fn(minatar_net(), (4, 10, 10)),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rows', default=','.join(ROWS))
    ap.add_argument('--reps', type=int, default=15)
    ap.add_argument('--warmup', type=int, default=3)
    a = ap.parse_args()
    threads = int(os.environ.get('OMP_NUM_THREADS', '1'))
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    out = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'rows': {}}
    for name in a.rows.split(','):
        fn = ROWS[name]()
        for _ in range(a.warmup):
            fn()
        # cheap rows warm up for ~100 ms more, as ours do (the caching allocator and caches reach their steady state)
        t0 = time.perf_counter()
        fn()
        if time.perf_counter() - t0 < 0.05:
            end = time.perf_counter() + 0.1
            while time.perf_counter() < end:
                fn()
        # fast rows get more repetitions (the median of sub-millisecond timings needs them)
        t0 = time.perf_counter()
        fn()
        once = time.perf_counter() - t0
        reps = max(a.reps, min(200, int(0.5 / max(once, 1e-6))))
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        out['rows'][name] = {'medianMs': statistics.median(times), 'reps': reps}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
