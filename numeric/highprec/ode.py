"""Gragg-Bulirsch-Stoer (GBS) extrapolation integrator in mpmath arithmetic.

Method (Hairer, Norsett & Wanner, *Solving ODEs I*, sec. II.9; Deuflhard 1983): for a
macro step H, Gragg's modified midpoint rule with N_j = 2j substeps (h = H/N_j),

    z_0 = y,  z_1 = z_0 + h f(z_0),  z_{m+1} = z_{m-1} + 2h f(z_m),
    T_j1 = (z_{N-1} + z_N + h f(z_N)) / 2        (Gragg's smoothing),

has an error expansion in even powers of h, so the Aitken-Neville tableau

    T_{j,i+1} = T_{j,i} + (T_{j,i} - T_{j-1,i}) / ((N_j / N_{j-i})^2 - 1)

gives order 2j in column j.  Column j is accepted once the tableau estimate
``max_c |T_{j,j} - T_{j,j-1}|`` is <= ``tol`` (an *absolute* tolerance on the state); if
``k_max`` columns do not reach it the macro step is halved and retried.

mpmath's ``odefun`` documents no error bound, and neither does this: the tableau
difference is an asymptotic *estimate* of the local error of T_{j,j-1} (the accepted
T_{j,j} is one order better).  Results that use it are therefore checked by reruns at
two precisions and two tolerances (:mod:`numeric.highprec.escape`) and against the
n = 2 quadrature reference (:mod:`numeric.highprec.reference_n2`).

All arithmetic happens at the caller's current mpmath precision (scope it with
``mpmath.workdps``).  The field ``f`` is autonomous: ``f(y) -> list`` for a flat list
``y`` of mpf.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import mpmath

Field = Callable[[list], list]


@dataclass
class OdeStats:
    """Work and error bookkeeping of one integration."""

    steps: int = 0
    rejected: int = 0
    nfev: int = 0
    err_sum: mpmath.mpf = field(default_factory=lambda: mpmath.mpf(0))
    err_max: mpmath.mpf = field(default_factory=lambda: mpmath.mpf(0))
    columns: list[int] = field(default_factory=list)


def _check_positive(value, name: str) -> mpmath.mpf:
    try:
        x = mpmath.mpf(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected a positive real number, got {value!r}") from None
    if not (mpmath.isfinite(x) and x > 0):
        raise ValueError(f"{name}: expected a positive real number, got {value!r}")
    return x


def _axpy(a: mpmath.mpf, x: list, y: list) -> list:
    return [yi + a * xi for xi, yi in zip(x, y, strict=True)]


def gbs_step(f: Field, y: Sequence, H, tol, k_max: int = 16,
             stats: OdeStats | None = None) -> tuple[list, mpmath.mpf, bool]:
    """One GBS macro step of size H from y: returns (y(H) estimate, error estimate, accepted).

    ``accepted`` is False when ``k_max`` columns did not bring the tableau estimate
    under ``tol`` (the returned state is then the last diagonal entry, not to be used).
    """
    H = mpmath.mpf(H)
    y = list(y)
    f0 = f(y)
    nfev = 1
    rows: list[list[list]] = []
    err = mpmath.inf
    accepted = False
    for j in range(1, k_max + 1):
        N = 2 * j
        h = H / N
        z_prev, z = y, _axpy(h, f0, y)
        for _ in range(N - 1):
            z_prev, z = z, _axpy(2 * h, f(z), z_prev)
        fz = f(z)
        nfev += N
        T = [(zp + zz + h * fzz) / 2 for zp, zz, fzz in zip(z_prev, z, fz, strict=True)]
        row = [T]
        for i in range(1, j):
            prev = rows[-1][i - 1]
            ratio = mpmath.mpf(N) ** 2 / mpmath.mpf(2 * (j - i)) ** 2 - 1
            row.append([r + (r - p) / ratio for r, p in zip(row[i - 1], prev, strict=True)])
        rows.append(row)
        if j >= 2:
            err = max(abs(u - v) for u, v in zip(row[-1], row[-2], strict=True))
            if err <= tol:
                accepted = True
                break
    if stats is not None:
        stats.nfev += nfev
        if accepted:
            stats.columns.append(j)
    return rows[-1][-1], err, accepted


def _advance(f: Field, y: list, dt: mpmath.mpf, h_try: mpmath.mpf, tol: mpmath.mpf, k_max: int,
             max_halvings: int, stats: OdeStats) -> tuple[list, mpmath.mpf]:
    """Advance y by dt (either sign) with GBS macro steps of size <= |h_try|.

    Step-size memory: a rejected step is halved and the smaller size is kept; a step that
    converged within k_max/2 columns lets the next one double (never beyond the caller's
    H).  Returns (y(dt), the step size to try next).
    """
    sign = 1 if dt >= 0 else -1
    remaining = abs(dt)
    h = abs(h_try)
    while remaining > 0:
        step = min(h, remaining)
        for _ in range(max_halvings + 1):
            y_new, err, ok = gbs_step(f, y, sign * step, tol, k_max, stats)
            if ok:
                break
            stats.rejected += 1
            step = step / 2
        else:
            raise ValueError(f"tol: {mpmath.nstr(tol, 5)} not reached after {max_halvings} "
                             "step halvings (below the rounding floor of this precision?)")
        y = y_new
        remaining = remaining - step if step < remaining else mpmath.mpf(0)
        stats.steps += 1
        stats.err_sum += err
        stats.err_max = max(stats.err_max, err)
        h = step * 2 if stats.columns and stats.columns[-1] <= k_max // 2 else step
    return y, h


def solve(f: Field, y0: Sequence, times: Sequence, *, H, tol, k_max: int = 24,
          max_halvings: int = 30) -> tuple[list[list], OdeStats]:
    """States at the increasing ``times`` (t0 = 0), each reached by GBS macro steps <= H.

    Macro steps end exactly on every requested time.  A rejected step is halved (at most
    ``max_halvings`` times in a row, else ValueError: the tolerance is out of reach at
    this precision).  Returns (list of states, statistics).
    """
    H = _check_positive(H, "H")
    tol = _check_positive(tol, "tol")
    if not isinstance(k_max, int) or k_max < 2:
        raise ValueError(f"k_max: expected an integer >= 2, got {k_max!r}")
    ts = [mpmath.mpf(t) for t in times]
    if any(t < 0 for t in ts) or any(t2 < t1 for t1, t2 in zip(ts, ts[1:], strict=False)):
        raise ValueError("times: expected non-negative, non-decreasing times")
    stats = OdeStats()
    y = [mpmath.mpf(v) for v in y0]
    t = mpmath.mpf(0)
    h = H
    out = []
    for t_target in ts:
        if t_target > t:
            y, h = _advance(f, y, t_target - t, h, tol, k_max, max_halvings, stats)
            h = min(h, H)
            t = t_target
        out.append(list(y))
    return out, stats


def time_to_level(f: Field, y0: Sequence, c: Sequence, level, *, H, tol, k_max: int = 24,
                  t_max=None, max_newton: int = 40,
                  max_halvings: int = 30) -> tuple[mpmath.mpf, list, OdeStats]:
    """First time t at which the linear functional g(y) = c . y reaches ``level`` from below.

    Macro steps (<= H, step-size memory as in :func:`solve`) bracket the crossing;
    safeguarded Newton on t (dg/dt = c . f(y); bisection when a step leaves the
    bracket) then solves g(y(t)) = level.  Stops when |g - level| <= tol.  Returns (t, y(t), statistics).
    """
    H = _check_positive(H, "H")
    tol = _check_positive(tol, "tol")
    level = mpmath.mpf(level)
    cc = [mpmath.mpf(v) for v in c]
    g = lambda y: mpmath.fsum(ci * yi for ci, yi in zip(cc, y, strict=True))
    y = [mpmath.mpf(v) for v in y0]
    if g(y) >= level:
        raise ValueError("level: g(y0) is already at or above the level")
    t = mpmath.mpf(0)
    stats = OdeStats()
    t_cap = mpmath.inf if t_max is None else mpmath.mpf(t_max)
    h = H
    while True:
        if t >= t_cap:
            raise ValueError(f"t_max: level not reached by t = {mpmath.nstr(t_cap, 8)}")
        step = h
        y_next, h = _advance(f, y, step, h, tol, k_max, max_halvings, stats)
        h = min(h, H)
        if g(y_next) >= level:
            break
        y, t = y_next, t + step
    # Safeguarded Newton on t inside the bracket [t_lo, t_hi]: a Newton step that leaves the
    # bracket is replaced by bisection; each trial time is reached from (t_lo, y_lo).
    t_lo, y_lo, t_hi = t, y, t + step
    g_lo, g_hi = g(y), g(y_next)
    t_c = t_lo + step * (level - g_lo) / (g_hi - g_lo)
    for _ in range(max_newton):
        y_c, _ = _advance(f, y_lo, t_c - t_lo, t_c - t_lo, tol, k_max, max_halvings, stats)
        r = g(y_c) - level
        if abs(r) <= tol:
            return t_c, y_c, stats
        if r < 0:
            t_lo, y_lo = t_c, y_c
        else:
            t_hi = t_c
        slope = g(f(y_c))
        stats.nfev += 1
        t_n = t_c - r / slope if slope > 0 else t_lo - 1
        t_c = t_n if t_lo < t_n < t_hi else (t_lo + t_hi) / 2
    raise ValueError("max_newton: Newton iteration on the crossing time did not converge")


def _merge(into: OdeStats, other: OdeStats) -> None:
    into.steps += other.steps
    into.rejected += other.rejected
    into.nfev += other.nfev
    into.err_sum += other.err_sum
    into.err_max = max(into.err_max, other.err_max)
    into.columns.extend(other.columns)
