#!/usr/bin/env python3
"""Known-value fixtures from PyTorch for the hadamard-rl engine tests (test/torch-fixtures/).

Writes small JSON files to test/fixtures/torch/. Every input is generated here with fixed seeds, rounded to float32 and
stored in the JSON, so the TypeScript tests feed exactly the same numbers. Regenerate with (from the repository root):

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OMP_NUM_THREADS=1 \
        /usr/bin/python3 scripts/torch-fixtures/generate.py

Numbers are written with 9 significant digits, which round-trips float32 exactly.
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'torch')


def fl(t):
    """Flat list of floats with 9 significant digits (exact for float32)."""
    return [float('%.9g' % v) for v in t.detach().reshape(-1).tolist()]


def meta():
    return {'torch': torch.__version__, 'python': sys.version.split()[0], 'generator': 'scripts/torch-fixtures/generate.py'}


def write(name, obj):
    obj = {'meta': meta(), **obj}
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
        f.write('\n')
    print(f'{path}: {os.path.getsize(path)} bytes')


def randn(gen, *shape, scale=1.0):
    return (torch.randn(*shape, generator=gen, dtype=torch.float32) * scale).to(torch.float32)


# ---- conv2d --------------------------------------------------------------------------------------------------------

def conv_fixtures():
    gen = torch.Generator().manual_seed(1)
    cases = [
        # name, x shape, w shape, bias, stride, padding
        ('stride2_pad1_bias', (2, 3, 7, 7), (4, 3, 3, 3), True, (2, 2), (1, 1)),
        ('nonsquare_kernel_stride_pad', (2, 2, 6, 9), (3, 2, 2, 3), True, (1, 2), (1, 0)),
        ('stride1_nopad_nobias', (1, 3, 5, 5), (2, 3, 3, 3), False, (1, 1), (0, 0)),
        ('nature_like_8x8_stride4', (1, 2, 16, 16), (2, 2, 8, 8), True, (4, 4), (0, 0)),
        ('pad2_1x1_kernel', (1, 2, 4, 3), (3, 2, 1, 1), True, (1, 1), (2, 2)),
    ]
    out = []
    for name, xs, ws, has_b, stride, padding in cases:
        x = randn(gen, *xs).requires_grad_()
        w = randn(gen, *ws, scale=0.5).requires_grad_()
        b = randn(gen, ws[0], scale=0.5).requires_grad_() if has_b else None
        y = F.conv2d(x, w, b, stride=stride, padding=padding)
        gy = randn(gen, *y.shape)
        (y * gy).sum().backward()
        case = {
            'name': name, 'stride': list(stride), 'padding': list(padding),
            'xShape': list(xs), 'x': fl(x), 'wShape': list(ws), 'w': fl(w), 'b': fl(b) if has_b else None,
            'yShape': list(y.shape), 'y': fl(y), 'gy': fl(gy), 'gx': fl(x.grad), 'gw': fl(w.grad),
            'gb': fl(b.grad) if has_b else None,
        }
        out.append(case)
    write('conv2d.json', {'cases': out})


# ---- layer_norm ----------------------------------------------------------------------------------------------------

def layer_norm_fixtures():
    gen = torch.Generator().manual_seed(2)
    cases = [
        # name, x shape, normalized shape, affine, eps, offset (adds a per-row offset to test centring)
        ('affine_1d', (4, 6), (6,), True, 1e-5, 0.0),
        ('affine_2d', (2, 3, 4, 5), (4, 5), True, 1e-5, 0.0),
        ('affine_1d_offset_eps1e-6', (3, 8), (8,), True, 1e-6, 10.0),
        ('no_affine_2d', (3, 2, 3), (2, 3), False, 1e-5, 0.0),
        ('affine_tiny_variance', (2, 5), (5,), True, 1e-5, 0.0),  # x scaled by 1e-3: eps matters
    ]
    out = []
    for name, xs, ns, affine, eps, offset in cases:
        x = randn(gen, *xs)
        if name == 'affine_tiny_variance':
            x = x * 1e-3
        if offset:
            x = x + offset * torch.arange(1, xs[0] + 1, dtype=torch.float32).reshape(-1, *([1] * (len(xs) - 1)))
        x = x.to(torch.float32).requires_grad_()
        wgt = (1 + randn(gen, *ns, scale=0.3)).requires_grad_() if affine else None
        bias = randn(gen, *ns, scale=0.3).requires_grad_() if affine else None
        y = F.layer_norm(x, ns, wgt, bias, eps)
        gy = randn(gen, *y.shape)
        (y * gy).sum().backward()
        out.append({
            'name': name, 'xShape': list(xs), 'normalizedShape': list(ns), 'eps': eps, 'x': fl(x),
            'weight': fl(wgt) if affine else None, 'bias': fl(bias) if affine else None,
            'y': fl(y), 'gy': fl(gy), 'gx': fl(x.grad),
            'gWeight': fl(wgt.grad) if affine else None, 'gBias': fl(bias.grad) if affine else None,
        })
    write('layer_norm.json', {'cases': out})


# ---- gelu and log_softmax -------------------------------------------------------------------------------------------

def activation_fixtures():
    gen = torch.Generator().manual_seed(3)
    # exact (erf) GELU, PyTorch's default; large |x| included (saturation, underflow of the tail)
    grid = torch.linspace(-6, 6, 49)
    extra = torch.tensor([-40.0, -20.0, -10.0, -8.0, -7.5, 7.5, 8.0, 10.0, 20.0, 40.0, 1e-4, -1e-4, 0.0])
    x = torch.cat([grid, extra, randn(gen, 16, scale=2.0)]).to(torch.float32).requires_grad_()
    y = F.gelu(x)
    gy = randn(gen, x.numel())
    (y * gy).sum().backward()
    gelu = {'x': fl(x), 'y': fl(y), 'gy': fl(gy), 'gx': fl(x.grad)}

    ls_cases = []
    specs = [
        ('rows_last_dim', (4, 6), -1, 1.0, 0.0),
        ('large_logits', (3, 5), -1, 30.0, 1000.0),  # stability: naive exp overflows
        ('axis0_3d', (3, 2, 4), 0, 1.0, 0.0),
        ('axis1_3d', (2, 5, 3), 1, 3.0, -50.0),
    ]
    for name, shape, axis, scale, offset in specs:
        x = (randn(gen, *shape, scale=scale) + offset).to(torch.float32).requires_grad_()
        y = F.log_softmax(x, dim=axis)
        gy = randn(gen, *shape)
        (y * gy).sum().backward()
        ls_cases.append({'name': name, 'shape': list(shape), 'axis': axis, 'x': fl(x), 'y': fl(y), 'gy': fl(gy), 'gx': fl(x.grad)})
    write('activations.json', {'gelu': gelu, 'logSoftmax': ls_cases})


# ---- optimizers ----------------------------------------------------------------------------------------------------

def optimizer_fixtures():
    gen = torch.Generator().manual_seed(4)
    shapes = [(7,), (2, 3)]
    p0 = [randn(gen, *s) for s in shapes]
    steps = 10
    grads = []
    for t in range(steps):
        gs = [randn(gen, *s, scale=0.5 + 0.5 * (t % 3)) for s in shapes]
        # special values in the first parameter: an always-zero gradient, a tiny one and a large one
        gs[0][0] = 0.0
        gs[0][1] = 1e-6 * (1 if t % 2 else -1)
        gs[0][2] = 50.0 if t % 4 == 0 else -3.0
        # the second parameter's gradient changes sign at every step (momentum and centring matter)
        gs[1] = gs[1] * (1 if t % 2 == 0 else -1)
        grads.append([g.to(torch.float32) for g in gs])

    def run(cls, opts, n=steps):
        params = [p.clone().requires_grad_() for p in p0]
        opt = cls(params, **opts)
        traj = []
        for t in range(n):
            opt.zero_grad()
            for p, g in zip(params, grads[t]):
                p.grad = g.clone()
            opt.step()
            traj.append([fl(p) for p in params])
        return traj

    configs = [
        ('adam', 'Adam', torch.optim.Adam, {'lr': 0.05}),
        ('adam_weight_decay', 'Adam', torch.optim.Adam, {'lr': 0.05, 'weight_decay': 0.1}),
        ('adam_eps1e-3_betas', 'Adam', torch.optim.Adam, {'lr': 0.05, 'eps': 1e-3, 'betas': (0.8, 0.99)}),
        ('adam_eps0.1', 'Adam', torch.optim.Adam, {'lr': 0.1, 'eps': 0.1}),
        ('adam_cleanrl_ppo', 'Adam', torch.optim.Adam, {'lr': 2.5e-4, 'eps': 1e-5}),
        ('radam', 'RAdam', torch.optim.RAdam, {'lr': 0.05}),
        ('radam_weight_decay', 'RAdam', torch.optim.RAdam, {'lr': 0.05, 'weight_decay': 0.05}),
        ('radam_betas_eps', 'RAdam', torch.optim.RAdam, {'lr': 0.02, 'betas': (0.8, 0.99), 'eps': 1e-3}),
        ('rmsprop', 'RMSprop', torch.optim.RMSprop, {'lr': 0.01}),
        ('rmsprop_centered', 'RMSprop', torch.optim.RMSprop, {'lr': 0.01, 'centered': True}),
        ('rmsprop_momentum', 'RMSprop', torch.optim.RMSprop, {'lr': 0.01, 'momentum': 0.9}),
        ('rmsprop_centered_momentum_wd', 'RMSprop', torch.optim.RMSprop, {'lr': 0.01, 'momentum': 0.5, 'centered': True, 'weight_decay': 0.1}),
        ('rmsprop_minatar', 'RMSprop', torch.optim.RMSprop, {'lr': 2.5e-4, 'alpha': 0.95, 'eps': 0.01, 'centered': True}),
        ('rmsprop_minatar_lr0.01', 'RMSprop', torch.optim.RMSprop, {'lr': 0.01, 'alpha': 0.95, 'eps': 0.01, 'centered': True}),
        ('sgd', 'SGD', torch.optim.SGD, {'lr': 0.1}),
        ('sgd_momentum', 'SGD', torch.optim.SGD, {'lr': 0.05, 'momentum': 0.9}),
        ('sgd_momentum_dampening_wd', 'SGD', torch.optim.SGD, {'lr': 0.05, 'momentum': 0.9, 'dampening': 0.3, 'weight_decay': 0.01}),
        ('sgd_nesterov', 'SGD', torch.optim.SGD, {'lr': 0.05, 'momentum': 0.9, 'nesterov': True}),
    ]
    cases = []
    for name, kind, cls, opts in configs:
        o = {k: (list(v) if isinstance(v, tuple) else v) for k, v in opts.items()}
        cases.append({'name': name, 'optimizer': kind, 'options': o, 'trajectory': run(cls, opts)})
    # RAdam's rectification switch: rho_t > 5 first holds at step 6 with beta2 = 0.999
    b2 = 0.999
    rho_inf = 2 / (1 - b2) - 1
    rho = [rho_inf - 2 * t * b2 ** t / (1 - b2 ** t) for t in range(1, steps + 1)]
    write('optimizers.json', {
        'shapes': [list(s) for s in shapes], 'params0': [fl(p) for p in p0],
        'grads': [[fl(g) for g in gs] for gs in grads], 'cases': cases,
        'radamRho': rho, 'radamFirstRectifiedStep': next(i + 1 for i, r in enumerate(rho) if r > 5),
    })


# ---- initialisation statistics --------------------------------------------------------------------------------------

def init_fixtures():
    seeds = 200
    ortho = []
    for shape in [(4, 8), (8, 4), (16, 16), (6, 3, 2, 2), (64, 32)]:
        for gain in [1.0, math.sqrt(2), 0.01]:
            rows = shape[0]
            cols = int(torch.tensor(shape[1:]).prod())
            entries, diag, max_gram_err, sv_min, sv_max = [], [], 0.0, float('inf'), 0.0
            for s in range(seeds):
                torch.manual_seed(1000 + s)
                w = torch.empty(*shape)
                torch.nn.init.orthogonal_(w, gain=gain)
                m = w.reshape(rows, cols).double()
                g = m @ m.T if rows <= cols else m.T @ m
                err = (g - gain * gain * torch.eye(g.shape[0], dtype=torch.float64)).abs().max().item() / (gain * gain)
                max_gram_err = max(max_gram_err, err)
                sv = torch.linalg.svdvals(m)
                sv_min = min(sv_min, sv.min().item() / gain)
                sv_max = max(sv_max, sv.max().item() / gain)
                entries.append(m.reshape(-1))
                diag.append(torch.diagonal(m))
            e = torch.cat(entries) / gain
            d = torch.cat(diag) / gain
            ortho.append({
                'shape': list(shape), 'gain': gain, 'seeds': seeds, 'rows': rows, 'cols': cols,
                'maxRelGramError': max_gram_err, 'minSingularValueOverGain': sv_min, 'maxSingularValueOverGain': sv_max,
                # entry statistics, divided by gain; theory: mean 0, std 1/sqrt(max(rows, cols))
                'entryMeanOverGain': e.mean().item(), 'entryStdOverGain': e.std().item(),
                'entryAbsMeanOverGain': e.abs().mean().item(), 'diagMeanOverGain': d.mean().item(),
                'entryCount': e.numel(), 'theoryStdOverGain': 1 / math.sqrt(max(rows, cols)),
            })
    default = []
    for kind, shape in [('Linear', (64, 3136)), ('Linear', (18, 512)), ('Linear', (128, 1600)), ('Conv2d', (32, 4, 8, 8)), ('Conv2d', (16, 4, 3, 3))]:
        torch.manual_seed(7)
        if kind == 'Linear':
            layer = torch.nn.Linear(shape[1], shape[0])
            fan_in = shape[1]
        else:
            layer = torch.nn.Conv2d(shape[1], shape[0], shape[2])
            fan_in = shape[1] * shape[2] * shape[3]
        w, b = layer.weight.detach(), layer.bias.detach()
        default.append({
            'layer': kind, 'weightShape': list(shape), 'fanIn': fan_in, 'bound': 1 / math.sqrt(fan_in),
            'weightMaxAbs': w.abs().max().item(), 'weightStd': w.std().item(), 'weightMean': w.mean().item(),
            'biasMaxAbs': b.abs().max().item(),
        })
    write('init.json', {'orthogonal': ortho, 'defaultInit': default})


# ---- NaN and ±Inf ----------------------------------------------------------------------------------------------------

NAN, INF = float('nan'), float('inf')
# every unary op meets each of these, once with a finite upstream gradient and once with a non-finite one
SPECIAL = [NAN, INF, -INF, 0.0, -0.0, 1.5, -1.5, 30.0, -30.0]
GY_FINITE = [1.0, -2.0, 0.5, 3.0, -1.0, 0.25, -0.75, 2.0, 1.5]
GY_SPECIAL = [INF, NAN, NAN, NAN, INF, NAN, -INF, NAN, 0.0]


def nf(t):
    """Like fl, with NaN and ±Inf as the strings 'nan', 'inf' and '-inf' (JSON has no such numbers)."""
    out = []
    for v in (t.detach().reshape(-1).tolist() if torch.is_tensor(t) else t):
        if math.isnan(v):
            out.append('nan')
        elif math.isinf(v):
            out.append('inf' if v > 0 else '-inf')
        else:
            out.append(float('%.9g' % v))
    return out


def t32(values, *shape):
    t = torch.tensor(values, dtype=torch.float32)
    return t.reshape(*shape) if shape else t


def nonfinite_fixtures():
    unary_specs = [
        # our op name, p1, p2, the PyTorch function
        ('neg', 0, 0, lambda x: -x),
        ('exp', 0, 0, torch.exp),
        ('log', 0, 0, torch.log),
        ('sqrt', 0, 0, torch.sqrt),
        ('abs', 0, 0, torch.abs),
        ('sign', 0, 0, torch.sign),
        ('square', 0, 0, torch.square),
        ('reciprocal', 0, 0, torch.reciprocal),
        ('pow', 3, 0, lambda x: torch.pow(x, 3)),
        ('pow', 0.5, 0, lambda x: torch.pow(x, 0.5)),
        ('clamp', -1, 1, lambda x: torch.clamp(x, -1, 1)),
        ('relu', 0, 0, F.relu),
        ('leaky_relu', 0.01, 0, lambda x: F.leaky_relu(x, 0.01)),
        ('elu', 1, 0, lambda x: F.elu(x, 1.0)),
        ('gelu', 0, 0, F.gelu),
        ('silu', 0, 0, F.silu),
        ('tanh', 0, 0, torch.tanh),
        ('sigmoid', 0, 0, torch.sigmoid),
        ('softplus', 0, 0, F.softplus),
        ('huber', 1, 0, lambda x: F.huber_loss(x, torch.zeros_like(x), reduction='none', delta=1.0)),
        ('add_scalar', 2, 0, lambda x: x + 2),
        ('mul_scalar', 0, 0, lambda x: x * 0),
        ('mul_scalar', -3, 0, lambda x: x * -3),
    ]
    x_values = SPECIAL + SPECIAL
    gy = t32(GY_FINITE + GY_SPECIAL)
    unary = []
    for op, p1, p2, fn in unary_specs:
        x = t32(x_values).requires_grad_()
        y = fn(x)
        case = {'op': op, 'p1': p1, 'p2': p2, 'x': nf(x), 'gy': nf(gy), 'y': nf(y)}
        if op != 'sign':  # sign has no gradient
            (y * gy).sum().backward()
            case['gx'] = nf(x.grad)
        unary.append(case)

    # binary ops over every pair of these values (no broadcasting, so each gradient element is one pair's)
    v = [NAN, INF, -INF, 0.0, 1.0, -2.0]
    av = [a for a in v for _ in v]
    bv = [b for _ in v for b in v]
    binary = []
    for op, fn in [('add', torch.add), ('sub', torch.sub), ('mul', torch.mul), ('div', torch.div),
                   ('maximum', torch.maximum), ('minimum', torch.minimum)]:
        a, b = t32(av).requires_grad_(), t32(bv).requires_grad_()
        y = fn(a, b)
        y.backward(torch.ones_like(y))
        binary.append({'op': op, 'y': nf(y), 'ga': nf(a.grad), 'gb': nf(b.grad)})
    compare = []
    for op, fn in [('gt', torch.gt), ('ge', torch.ge), ('lt', torch.lt), ('le', torch.le), ('eq', torch.eq)]:
        compare.append({'op': op, 'y': nf(fn(t32(av), t32(bv)).float())})

    # reductions along either axis of a [5, 5] matrix: NaN first, NaNs later, ±Inf, ties of Inf, all −Inf
    rows = [
        [1.0, NAN, 3.0, NAN, 2.0],
        [2.0, 5.0, INF, -INF, 0.0],
        [-INF, -INF, -INF, -INF, -INF],
        [NAN, 1.0, 2.0, 3.0, 4.0],
        [INF, 1.0, INF, -2.0, -INF],
    ]
    reduce = []
    gy5 = t32([1.0, -2.0, 0.5, 3.0, -1.0])
    for axis in (1, 0):
        for op in ('max', 'min'):
            x = t32(sum(rows, []), 5, 5).requires_grad_()
            values, indices = (x.max if op == 'max' else x.min)(dim=axis)
            (values * gy5).sum().backward()
            reduce.append({'op': op, 'axis': axis, 'values': nf(values), 'indices': indices.tolist(), 'gx': nf(x.grad)})
        x = t32(sum(rows, []), 5, 5)
        reduce.append({'op': 'sum', 'axis': axis, 'values': nf(x.sum(dim=axis))})
        reduce.append({'op': 'mean', 'axis': axis, 'values': nf(x.mean(dim=axis))})

    sm_rows = [[NAN, 1.0, 2.0, 3.0], [INF, 1.0, 2.0, 3.0], [-INF, 1.0, 2.0, 3.0], [-INF] * 4, [INF, INF, 1.0, 2.0]]
    sm_gy = t32([0.5, -1.0, 2.0, 0.25] * 5, 5, 4)
    softmax = []
    for log in (False, True):
        x = t32(sum(sm_rows, []), 5, 4).requires_grad_()
        y = (F.log_softmax if log else F.softmax)(x, dim=1)
        (y * sm_gy).sum().backward()
        softmax.append({'log': log, 'x': nf(x), 'gy': nf(sm_gy), 'y': nf(y), 'gx': nf(x.grad)})

    layer_norm = []
    for name, xv, gamma_v in [
        ('nonfinite_rows', [NAN, 1.0, 2.0, 3.0, INF, 1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 4.0], [1.0, 0.5, -1.0, 2.0]),
        ('nan_weight', [1.0, 2.0, 3.0, 4.0, -1.0, 0.0, 1.0, 5.0, 2.0, 2.5, 3.0, 3.5], [1.0, NAN, -1.0, 2.0]),
    ]:
        x = t32(xv, 3, 4).requires_grad_()
        w = t32(gamma_v).requires_grad_()
        b = t32([0.1, -0.2, 0.3, 0.0]).requires_grad_()
        g = t32([1.0, -2.0, 0.5, 3.0] * 3, 3, 4)
        y = F.layer_norm(x, (4,), w, b, 1e-5)
        (y * g).sum().backward()
        layer_norm.append({'name': name, 'x': nf(x), 'weight': nf(w), 'bias': nf(b), 'gy': nf(g), 'y': nf(y),
                           'gx': nf(x.grad), 'gWeight': nf(w.grad), 'gBias': nf(b.grad)})

    # matmul of a zero column of A with NaN / Inf in the matching rows of B: 0·NaN and 0·Inf are NaN. 3×4·4×5 runs
    # the small-GEMM path of every backend; 10×10·10×10 (1000 multiply-adds) the native small kernel.
    matmul = []
    for name, (m, k, n) in [('small_3x4x5', (3, 4, 5)), ('mid_10x10x10', (10, 10, 10))]:
        a = torch.tensor([[((i * 7 + p * 3) % 11 - 5) / 4.0 for p in range(k)] for i in range(m)], dtype=torch.float32)
        b = torch.tensor([[((p * 5 + j * 2) % 13 - 6) / 8.0 for j in range(n)] for p in range(k)], dtype=torch.float32)
        a[:, 1] = 0.0
        a[0, 2] = 0.0
        b[1, 0] = NAN
        b[1, 3] = INF
        b[2, 4] = -INF
        a.requires_grad_()
        b.requires_grad_()
        y = a @ b
        g = torch.tensor([[((i + 2 * j) % 5 - 2) / 2.0 for j in range(n)] for i in range(m)], dtype=torch.float32)
        (y * g).sum().backward()
        matmul.append({'name': name, 'm': m, 'k': k, 'n': n, 'a': nf(a), 'b': nf(b), 'gy': nf(g), 'y': nf(y),
                       'ga': nf(a.grad), 'gb': nf(b.grad)})
    # linear (x·Wᵀ + b) with zeros in x against NaN / Inf weights, and a NaN bias
    x = t32([0.0, 1.0, -2.0, 0.0, 0.5, 0.0, 3.0, 1.0, 0.0], 3, 3).requires_grad_()
    w = t32([NAN, 1.0, 2.0, -1.0, INF, 0.5, 1.0, 1.0, 1.0, 0.0, 2.0, -3.0], 4, 3).requires_grad_()
    bias = t32([0.0, 1.0, NAN, -1.0]).requires_grad_()
    g = t32([1.0, -1.0, 0.5, 2.0] * 3, 3, 4)
    y = F.linear(x, w, bias)
    (y * g).sum().backward()
    linear = {'x': nf(x), 'w': nf(w), 'bias': nf(bias), 'gy': nf(g), 'y': nf(y), 'gx': nf(x.grad), 'gw': nf(w.grad),
              'gBias': nf(bias.grad)}

    conv = []
    for name, relu in [('nan_inf_input_pad1', False), ('nan_inf_input_pad1_relu', True), ('nan_weight_pad1', False)]:
        x = torch.tensor([[[[((c * 5 + i * 3 + j) % 7 - 3) / 2.0 for j in range(5)] for i in range(5)] for c in range(2)]],
                         dtype=torch.float32)
        w = torch.tensor([[[[((o * 3 + c * 2 + i + j * 2) % 5 - 2) / 4.0 for j in range(3)] for i in range(3)] for c in range(2)]
                          for o in range(3)], dtype=torch.float32)
        if name.startswith('nan_inf_input'):
            x[0, 0, 1, 1] = NAN
            x[0, 1, 3, 4] = INF
        else:
            w[1, 0, 0, 0] = NAN
        bias = t32([0.5, -0.25, 0.0])
        x.requires_grad_()
        w.requires_grad_()
        bias.requires_grad_()
        y = F.conv2d(x, w, bias, stride=1, padding=1)
        if relu:
            y = F.relu(y)
        g = torch.tensor([((k * 3) % 5 - 2) / 2.0 for k in range(y.numel())], dtype=torch.float32).reshape(y.shape)
        (y * g).sum().backward()
        conv.append({'name': name, 'relu': relu, 'xShape': list(x.shape), 'x': nf(x), 'wShape': list(w.shape), 'w': nf(w),
                     'b': nf(bias), 'yShape': list(y.shape), 'y': nf(y), 'gy': nf(g), 'gx': nf(x.grad), 'gw': nf(w.grad),
                     'gb': nf(bias.grad)})

    pool = []
    xp = [1.0, NAN, 2.0, 3.0,
          NAN, 0.0, INF, 1.0,
          -INF, -INF, 5.0, NAN,
          -INF, -INF, 4.0, 6.0]
    for name, kernel, stride, padding in [('k2_s2', 2, 2, 0), ('k3_s1_pad1', 3, 1, 1)]:
        x = t32(xp, 1, 1, 4, 4).requires_grad_()
        y, idx = F.max_pool2d(x, kernel, stride=stride, padding=padding, return_indices=True)
        g = torch.tensor([((k * 3) % 5 - 2) / 2.0 + 0.25 for k in range(y.numel())], dtype=torch.float32).reshape(y.shape)
        (y * g).sum().backward()
        pool.append({'name': name, 'kernel': kernel, 'stride': stride, 'padding': padding, 'x': nf(x),
                     'yShape': list(y.shape), 'y': nf(y), 'indices': idx.reshape(-1).tolist(), 'gy': nf(g), 'gx': nf(x.grad)})

    losses = []
    pred_v, target_v = [NAN, 1.0, INF, 2.0, -INF, 0.5], [0.0, NAN, INF, 1.0, 1.0, 0.5]
    for name, fn in [('mse', lambda p, t: F.mse_loss(p, t)), ('huber', lambda p, t: F.huber_loss(p, t, delta=1.0))]:
        for sel in ('all', 'finite_target_inf_pred'):
            pv, tv = (pred_v, target_v) if sel == 'all' else ([1.0, INF, 0.0], [0.5, 2.0, 0.0])
            p, t = t32(pv).requires_grad_(), t32(tv)
            y = fn(p, t)
            y.backward()
            losses.append({'name': name, 'pred': nf(p), 'target': nf(t), 'y': nf(y), 'gPred': nf(p.grad)})
    logits = t32([NAN, 1.0, 2.0, 1.0, INF, 0.0, 1.0, 2.0, 3.0, -INF, 0.0, 1.0], 4, 3).requires_grad_()
    targets = [0, 1, 2, 0]
    y = F.cross_entropy(logits, torch.tensor(targets))
    y.backward()
    cross_entropy = {'logits': nf(logits), 'targets': targets, 'y': nf(y), 'gLogits': nf(logits.grad)}

    clip = []
    for name, bad in [('nan_gradient', NAN), ('inf_gradient', INF)]:
        params = [torch.zeros(3, requires_grad=True), torch.zeros(2, 2, requires_grad=True)]
        grads = [t32([1.0, bad, -2.0]), t32([0.5, 0.25, -1.0, 3.0], 2, 2)]
        for p, gr in zip(params, grads):
            p.grad = gr.clone()
        norm = torch.nn.utils.clip_grad_norm_(params, 1.0)
        clip.append({'name': name, 'maxNorm': 1.0, 'grads': [nf(gr) for gr in grads], 'norm': nf([norm.item()])[0],
                     'clipped': [nf(p.grad) for p in params]})

    optim = []
    p0 = [1.0, 2.0, -3.0, 4.0, 0.5]
    steps_g = [[NAN, INF, -INF, 0.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0]]
    for name, kind, cls, opts in [
        ('adam', 'Adam', torch.optim.Adam, {'lr': 0.1}),
        ('radam', 'RAdam', torch.optim.RAdam, {'lr': 0.1}),
        ('rmsprop', 'RMSprop', torch.optim.RMSprop, {'lr': 0.01}),
        ('rmsprop_centered_momentum', 'RMSprop', torch.optim.RMSprop, {'lr': 0.01, 'centered': True, 'momentum': 0.9}),
        ('sgd_momentum', 'SGD', torch.optim.SGD, {'lr': 0.1, 'momentum': 0.9}),
    ]:
        p = t32(p0).requires_grad_()
        opt = cls([p], **opts)
        traj = []
        for gv in steps_g:
            opt.zero_grad()
            p.grad = t32(gv)
            opt.step()
            traj.append(nf(p))
        optim.append({'name': name, 'optimizer': kind, 'options': opts, 'trajectory': traj})

    write('nonfinite.json', {
        'unary': unary, 'binary': {'a': nf(av), 'b': nf(bv), 'ops': binary, 'compare': compare},
        'reduce': {'x': nf(sum(rows, [])), 'gy': nf(gy5), 'cases': reduce}, 'softmax': softmax, 'layerNorm': layer_norm,
        'matmul': matmul, 'linear': linear, 'conv2d': conv, 'maxPool2d': pool,
        'losses': losses, 'crossEntropy': cross_entropy, 'clipGradNorm': clip, 'optimizers': {'params0': p0, 'grads': [nf(g) for g in steps_g], 'cases': optim},
    })


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    conv_fixtures()
    layer_norm_fixtures()
    activation_fixtures()
    optimizer_fixtures()
    init_fixtures()
    nonfinite_fixtures()
