"""High-precision references for the CLV predictions, computed with mpmath from the published
formulas (not from segcore):

- BG/NBD: Fader, Hardie and Lee (2005), "Counting your customers the easy way", eq. (10) for
  E[Y(t) | x, t_x, T], the P(alive) of their note "Computing P(alive) using the BG/NBD model",
  and E[X(t)] (eq. 7).
- Pareto/NBD: Fader and Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related
  Expressions": the likelihood's A0 with its two 2F1 cases (alpha >= beta, alpha < beta),
  P(alive) (eq. 18) and E[Y(t) | x, t_x, T] (eq. 22).
- Gamma-Gamma: Fader, Hardie and Lee (2005), "RFM and CLV", E[M | x, m] (eq. 5).

Each value is evaluated at two working precisions (60 and 90 digits) and kept only when both
agree to 1e-30, so the cancellation inside the formulas (1 - a product close to 1, the
difference of the two A0 terms) cannot leak into the reference.

Run from the repository root with Debian's interpreter:
    /usr/bin/python3 tools/clv_reference.py > tests/clv/clv_reference_grid.inc
It writes the grid as a C++ initializer list that tests/clv/test_clv_reference.cpp includes;
python/tests/test_clv_reference.py imports the formulas and the grid from here.
"""
import itertools
import sys

import mpmath as mp

# Parameter sets: the CDNOW fits (the papers' parameters, full precision from our fit) and
# extreme ones: a = 1 (the removable singularity of (a+b-1)/(a-1)), a + b < 1, a + b < r
# (terms of mixed sign), tiny b, alpha >> beta and alpha << beta, s = 1, alpha = beta,
# very large and very small scales.
BGNBD = {
    "cdnow": (0.242595, 4.413602, 0.792922, 2.425907),
    "fast_buyers": (5.0, 0.5, 3.0, 0.2),
    "rare_heterogeneous": (0.01, 50.0, 0.05, 40.0),
    "a_is_one": (1.3, 0.1, 1.0, 1.5),
    "a_plus_b_below_one": (2.0, 1.0, 0.3, 0.4),
    "a_plus_b_below_r": (3.0, 2.0, 0.5, 0.5),  # and a + b = 1: c = 0 in the 2F1 at x = 0
    "tiny_b": (0.2, 200.0, 5.0, 1e-3),
    "large_scale": (50.0, 1e4, 20.0, 80.0),
}
PARETO = {
    "cdnow": (0.5534, 10.5802, 0.6061, 11.6562),
    "alpha_much_larger": (0.8, 50.0, 2.5, 0.5),
    "alpha_much_smaller": (3.0, 0.2, 0.3, 80.0),
    "s_is_one_alpha_is_beta": (1.0, 5.0, 1.0, 5.0),
    "small_shapes": (0.05, 1000.0, 0.05, 1.0),
    "large_beta": (0.5, 10.0, 3.0, 1e4),
    "large_shapes": (40.0, 2.0, 25.0, 3.0),
}
GAMMA_GAMMA = {
    "cdnow": (6.25, 3.74, 15.44),
    "q_below_one": (0.5, 0.8, 20.0),
    "large": (200.0, 150.0, 3.0),
}

FREQUENCIES = (0, 1, 10, 100, 1000, 5000)
T_VALUES = (0.0, 1.0, 39.0, 200.0, 1000.0)
HORIZONS = (1.0, 52.0, 1000.0)
MONETARY = (0.0, 0.01, 35.0, 1e5)


def recencies(x, T):
    """t_x near 0, in the middle, near T and at T (only 0 when x = 0)."""
    if x == 0:
        return (0.0,)
    if T == 0:
        return ()
    return tuple(sorted({min(1e-3, T / 2), T / 2, T * (1 - 1e-6), T}))


def bgnbd_alive(p, x, tx, T):
    r, al, a, b = map(mp.mpf, p)
    if x == 0:
        return mp.mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((al + T) / (al + tx)) ** (r + x))


def bgnbd_conditional(p, t, x, tx, T):
    r, al, a, b = map(mp.mpf, p)
    x, tx, T, t = map(mp.mpf, (x, tx, T, t))
    z = t / (al + T + t)
    head = (a + b + x - 1) / (a - 1) * (1 - ((al + T) / (al + T + t)) ** (r + x) * mp.hyp2f1(r + x, b + x, a + b + x - 1, z, maxterms=10**6))
    return head * bgnbd_alive(p, x, tx, T)


def removable(f, p, index, *args):
    """f at a removable singularity of parameter p[index] (a = 1: (a+b-1)/(a-1); a + b + x = 1:
    0 times a 2F1 with c = 0), as the mean of f at p[index] -+ 1e-25: f is analytic there, so
    the mean is off by ~1e-50, and each side loses ~25 of the working digits to the pole."""
    h = mp.mpf("1e-25")
    lo, hi = list(p), list(p)
    lo[index], hi[index] = mp.mpf(p[index]) - h, mp.mpf(p[index]) + h
    return (f(tuple(lo), *args) + f(tuple(hi), *args)) / 2


def bgnbd_conditional_limit(p, t, x, tx, T):
    """bgnbd_conditional, also where a = 1 or a + b + x - 1 = 0."""
    if p[2] == 1:
        return removable(bgnbd_conditional, p, 2, t, x, tx, T)
    if mp.mpf(p[2]) + p[3] + x - 1 == 0:
        return removable(bgnbd_conditional, p, 3, t, x, tx, T)
    return bgnbd_conditional(p, t, x, tx, T)


def bgnbd_expected(p, t):
    """E[X(t)], also where a = 1 or a + b = 1."""
    r, al, a, b = map(mp.mpf, p)
    t = mp.mpf(t)
    if a == 1:
        return removable(bgnbd_expected, p, 2, t)
    if a + b == 1:
        return removable(bgnbd_expected, p, 3, t)
    return (a + b - 1) / (a - 1) * (1 - (al / (al + t)) ** r * mp.hyp2f1(r, b, a + b - 1, t / (al + t), maxterms=10**6))


def pareto_a0(p, x, tx, T):
    r, al, s, be = map(mp.mpf, p)
    x, tx, T = map(mp.mpf, (x, tx, T))
    k = r + s + x
    if al >= be:
        f = lambda y: mp.hyp2f1(k, s + 1, k + 1, (al - be) / (al + y), maxterms=10**6) / (al + y) ** k
    else:
        f = lambda y: mp.hyp2f1(k, r + x, k + 1, (be - al) / (be + y), maxterms=10**6) / (be + y) ** k
    return f(tx) - f(T)


def pareto_alive(p, x, tx, T):
    r, al, s, be = map(mp.mpf, p)
    x, tx, T = map(mp.mpf, (x, tx, T))
    return 1 / (1 + s / (r + s + x) * (al + T) ** (r + x) * (be + T) ** s * pareto_a0(p, x, tx, T))


def pareto_conditional(p, t, x, tx, T):
    r, al, s, be = map(mp.mpf, p)
    x, tx, T, t = map(mp.mpf, (x, tx, T, t))
    if s == 1:
        gap = mp.log((be + T + t) / (be + T))
    else:
        gap = (1 - ((be + T) / (be + T + t)) ** (s - 1)) / (s - 1)
    return pareto_alive(p, x, tx, T) * (r + x) * (be + T) / (al + T) * gap


def gamma_gamma_spend(p, x, m):
    pp, q, v = map(mp.mpf, p)
    x, m = mp.mpf(x), mp.mpf(m)
    den = pp * x + q - 1
    if den <= 0:
        return mp.nan  # the posterior mean does not exist
    return pp * (v + x * m) / den


def stable(f, *args):
    """f(*args) at 60 and 90 digits; the 90-digit value when both agree to 1e-30, else None."""
    with mp.workdps(60):
        lo = f(*args)
    with mp.workdps(90):
        hi = f(*args)
    if mp.isnan(hi) and mp.isnan(lo):
        return hi
    if hi == 0:
        return hi if lo == 0 else None
    return hi if abs(lo - hi) <= abs(hi) * mp.mpf("1e-30") else None


def grid(frequencies=FREQUENCIES, t_values=T_VALUES, horizons=HORIZONS, sets=None):
    """Yields (model, set name, params, quantity, x, tx, T, t or m, value) rows; sets limits
    them to those set names."""
    pick = lambda d: {k: v for k, v in d.items() if sets is None or k in sets}
    for name, p in pick(BGNBD).items():
        cond = bgnbd_conditional_limit
        for t in horizons:
            yield "bgnbd", name, p, "expected", 0, 0, 0, t, stable(bgnbd_expected, p, t)
        for x, T in itertools.product(frequencies, t_values):
            for tx in recencies(x, T):
                yield "bgnbd", name, p, "alive", x, tx, T, 0, stable(bgnbd_alive, p, x, tx, T)
                for t in horizons:
                    yield "bgnbd", name, p, "conditional", x, tx, T, t, stable(cond, p, t, x, tx, T)
    for name, p in pick(PARETO).items():
        for x, T in itertools.product(frequencies, t_values):
            for tx in recencies(x, T):
                yield "pareto", name, p, "alive", x, tx, T, 0, stable(pareto_alive, p, x, tx, T)
                for t in horizons:
                    yield "pareto", name, p, "conditional", x, tx, T, t, stable(pareto_conditional, p, t, x, tx, T)
    for name, p in pick(GAMMA_GAMMA).items():
        for x, m in itertools.product(frequencies, MONETARY):
            if x == 0 and m != 0:
                continue
            yield "gamma_gamma", name, p + (0.0,), "spend", x, 0, 0, m, stable(gamma_gamma_spend, p, x, m)


def cxx(v):
    if v is None:
        return '"unstable"'
    if mp.isnan(v):
        return '"nan"'
    return '"' + mp.nstr(v, 20, min_fixed=1, max_fixed=0) + '"' if v != 0 else '"0"'


def main(only=None):
    """Writes the grid; with set names, only those sets' rows (to refresh them in place)."""
    out = sys.stdout
    out.write("// Generated by tools/clv_reference.py (mpmath, 90 digits); do not edit.\n")
    out.write("// {model, set, {params}, quantity, x, t_x, T, t or monetary, reference as text (it may be\n// below the smallest double)}\n")
    for model, name, p, q, x, tx, T, t, v in grid(sets=only):
        params = ", ".join(repr(float(c)) for c in p)
        out.write(f'{{"{model}", "{name}", {{{params}}}, "{q}", {x}, {float(tx)!r}, {float(T)!r}, {float(t)!r}, {cxx(v)}}},\n')


if __name__ == "__main__":
    main(set(sys.argv[1:]) or None)
