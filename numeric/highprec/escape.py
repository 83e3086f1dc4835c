"""Escape rates from bipodal saddles, measured from the dynamics in mpmath (issue 6).

The paper (Linearized Analysis of the Bipodal State, eq. (4), Appendix C): at the
balanced bipodal state theta* = (phi,...,phi, phi+pi,...,phi+pi) the Jacobian of eq. (2)
has one positive eigenvalue e^{-gamma(phi)}, gamma(phi) = a cos^2 phi + b sin^2 phi,
eigenvector v- = (1,...,1,-1,...,-1)/sqrt(n).

Measurement (:func:`measure_rate`), done without using that formula:

1. start at y0 = y* + eps v (v a unit unstable direction; each point renormalised to the
   sphere for eq. (1));
2. set the time unit from the dynamics: lambda0 = <f(y0), v> / eps (one field
   evaluation), tau = 1/lambda0;
3. integrate with the GBS integrator (:mod:`numeric.highprec.ode`) to t = tau and 2 tau;
4. the displacement's component d(t) = <y(t) - y*, v> gives the rates
   r_A = ln(d(tau)/d(0))/tau, r_B = ln(d(2tau)/d(tau))/tau, r = ln(d(2tau)/d(0))/(2tau).

Along an unstable eigenvector, d(t) = eps e^{lambda t} (1 + O(eps e^{lambda t})) (for the
balanced uniform state the correction is O(eps^2 e^{2 lambda t}), the reduced field being
odd), so with eps <= 1e-20 and lambda t <= 2 the nonlinear bias is below 1e-19 relative.
The error of a measured rate is estimated (:func:`rate_study`) from reruns at two working
precisions, two integrator tolerances and the two windows.

All public functions scope their precision with ``mpmath.workdps`` and return decimal
strings (or plain numbers) so no result depends on the caller's global precision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import mpmath

from numeric.highprec.field import (
    angular_field,
    check_normalization,
    sphere_field,
    to_K2,
    to_matrix,
    to_mpf,
)
from numeric.highprec.ode import solve, time_to_level

#: Default run plan of :func:`rate_study`: (dps, rtol) with absolute GBS tolerance
#: rtol * eps.  (50, 1e-18) vs (60, 1e-18) isolates the precision, (60, 1e-18) vs
#: (60, 1e-22) the tolerance; the last is the reported run.
DEFAULT_PLAN = ((50, "1e-18"), (60, "1e-18"), (60, "1e-22"))


def _check_n_k(n: int, k: int | None) -> tuple[int, int]:
    if not isinstance(n, int) or isinstance(n, bool) or n < 2:
        raise ValueError(f"n: expected an integer >= 2, got {n!r}")
    if k is None:
        if n % 2:
            raise ValueError(f"n: the balanced bipodal state needs an even n, got {n}")
        k = n // 2
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= n - 1:
        raise ValueError(f"k: expected an integer in [1, n-1], got {k!r}")
    return n, k


def gamma(K: Any, phi: Any) -> mpmath.mpf:
    """gamma(phi) = a cos^2 phi + b sin^2 phi, eq. (3), at the current precision."""
    a, b = to_K2(K)
    p = to_mpf(phi, "phi")
    return a * mpmath.cos(p) ** 2 + b * mpmath.sin(p) ** 2


def bipodal_angles(n: int, phi: Any, k: int | None = None) -> list:
    """k angles at phi and n-k at phi+pi (k = n/2 by default), current precision."""
    n, k = _check_n_k(n, k)
    p = to_mpf(phi, "phi")
    return [p] * k + [p + mpmath.pi] * (n - k)


def balanced_unstable_direction(n: int) -> list:
    """The paper's v- = (1,...,1,-1,...,-1)/sqrt(n) (Appendix C), unit length."""
    n, k = _check_n_k(n, None)
    r = 1 / mpmath.sqrt(n)
    return [r] * k + [-r] * (n - k)


def unstable_direction(f: Callable[[list], list], y: Sequence, groups: Sequence[Sequence[int]],
                       block: int = 1, h: Any = None) -> tuple[mpmath.mpf, list]:
    """Top eigenpair of the Jacobian of f at y restricted to the cluster-symmetric subspace.

    ``groups`` are the clusters (particle index lists; particle p owns coordinates
    p*block .. p*block+block-1).  The subspace of cluster-constant displacements is
    invariant under the Jacobian (permutation symmetry of the bipodal state), and the
    escape eigenvector lies in it.  Its orthonormal basis B (one column per cluster and
    coordinate) is exact; J B is taken by central differences (step h = 10^(-dps/3),
    error ~10^(-2 dps/3)); the small matrix B^T J B is diagonalised with ``mpmath.eig``
    (the full Jacobian's many repeated eigenvalues can stall mpmath's QR).  Returns the
    eigenvalue with the largest real part and the unit vector B w, exactly
    cluster-symmetric, so the stiff within-cluster modes are never excited.
    """
    y = [mpmath.mpf(v) for v in y]
    h = mpmath.mpf(10) ** (-(mpmath.mp.dps // 3)) if h is None else mpmath.mpf(h)
    cols = []
    for grp in groups:
        w = 1 / mpmath.sqrt(len(grp))
        for c in range(block):
            col = [mpmath.mpf(0)] * len(y)
            for p in grp:
                col[p * block + c] = w
            cols.append(col)
    m = len(cols)
    R = mpmath.matrix(m, m)
    for j, bj in enumerate(cols):
        fp = f([yi + h * bi for yi, bi in zip(y, bj, strict=True)])
        fm = f([yi - h * bi for yi, bi in zip(y, bj, strict=True)])
        Jb = [(p - q) / (2 * h) for p, q in zip(fp, fm, strict=True)]
        for i, bi in enumerate(cols):
            R[i, j] = mpmath.fsum(x * z for x, z in zip(bi, Jb, strict=True))
    E, ER = mpmath.eig(R)
    top = max(range(m), key=lambda t: mpmath.re(E[t]))
    w = [mpmath.re(ER[r, top]) for r in range(m)]
    v = [mpmath.fsum(w[j] * cols[j][i] for j in range(m)) for i in range(len(y))]
    nv = mpmath.sqrt(mpmath.fsum(x * x for x in v))
    if nv == 0:
        raise ValueError("f: the top eigenvector has no real part")
    v = [x / nv for x in v]
    # a fixed sign, so reruns are deterministic: the largest-magnitude entry positive
    big = max(range(len(v)), key=lambda t: abs(v[t]))
    if v[big] < 0:
        v = [-x for x in v]
    return mpmath.re(E[top]), v


@dataclass(frozen=True)
class Saddle:
    """A bipodal equilibrium ``y_star`` of a flat field ``f`` with a unit unstable direction ``v``.

    ``sphere_dim`` is d for a flattened S^{d-1} configuration (points are renormalised
    after displacement) and None for angles.
    """

    f: Callable[[list], list]
    y_star: list
    v: list
    sphere_dim: int | None = None


def angular_saddle(K: Any, phi: Any, n: int, k: int | None = None,
                   normalization: str = "uniform", direction: str = "auto") -> Saddle:
    """Bipodal saddle of eq. (2) at the current precision.

    ``direction="paper"`` uses v- (balanced states only); ``"jacobian"`` the top
    eigenvector of the central-difference Jacobian on the cluster-symmetric subspace
    (:func:`unstable_direction`); ``"auto"`` is "paper" for the
    balanced uniform state and "jacobian" otherwise.
    """
    n, k = _check_n_k(n, k)
    check_normalization(normalization)
    a, b = to_K2(K)
    f = lambda th: angular_field(th, (a, b), normalization)
    y = bipodal_angles(n, phi, k)
    if direction not in ("auto", "paper", "jacobian"):
        raise ValueError(f"direction: expected 'auto', 'paper' or 'jacobian', got {direction!r}")
    if direction == "auto":
        direction = "paper" if (2 * k == n and normalization == "uniform") else "jacobian"
    if direction == "paper":
        if 2 * k != n:
            raise ValueError("direction: 'paper' (v-) is the balanced state's eigenvector only")
        v = balanced_unstable_direction(n)
    else:
        _, v = unstable_direction(f, y, [range(k), range(k, n)])
    return Saddle(f, y, v)


def sphere_saddle(K: Any, u: Sequence[Any], n: int, k: int | None = None,
                  normalization: str = "uniform") -> Saddle:
    """Bipodal saddle x_i in {u, -u} of eq. (1) on S^{d-1} (k at u), flattened.

    The unstable direction is the top eigenvector of the ambient central-difference
    Jacobian on the cluster-symmetric subspace (tangent to the sphere, which is invariant).
    """
    n, k = _check_n_k(n, k)
    check_normalization(normalization)
    uu = [to_mpf(x, f"u[{i}]") for i, x in enumerate(u)]
    d = len(uu)
    if d < 2:
        raise ValueError(f"u: expected a vector of dimension >= 2, got {d}")
    nu = mpmath.sqrt(mpmath.fsum(x * x for x in uu))
    if nu == 0:
        raise ValueError("u: must be non-zero")
    uu = [x / nu for x in uu]
    Km = to_matrix(K, d, "K")

    def f(y: list) -> list:
        X = [y[i * d:(i + 1) * d] for i in range(n)]
        return [c for row in sphere_field(X, Km, normalization) for c in row]

    y = [c for i in range(n) for c in (uu if i < k else [-x for x in uu])]
    _, v = unstable_direction(f, y, [range(k), range(k, n)], block=d)
    return Saddle(f, y, v, sphere_dim=d)


def _displaced(s: Saddle, eps: mpmath.mpf) -> list:
    y0 = [ys + eps * vs for ys, vs in zip(s.y_star, s.v, strict=True)]
    if s.sphere_dim:
        d = s.sphere_dim
        for i in range(0, len(y0), d):
            r = mpmath.sqrt(mpmath.fsum(x * x for x in y0[i:i + d]))
            y0[i:i + d] = [x / r for x in y0[i:i + d]]
    return y0


def _component(s: Saddle, y: Sequence) -> mpmath.mpf:
    return mpmath.fsum((yi - ys) * vi for yi, ys, vi in zip(y, s.y_star, s.v, strict=True))


def measure_rate(make_saddle: Callable[[], Saddle], *, dps: int, eps: Any = "1e-30",
                 rtol: Any = "1e-22", k_max: int = 24) -> dict[str, Any]:
    """One measured growth rate (see the module docstring) at ``dps`` digits.

    ``make_saddle`` builds the saddle at the current precision (it is called inside
    ``workdps(dps)``).  The GBS absolute tolerance is rtol * eps; macro step tau/2.
    Returns decimal strings (``dps`` digits) for r, r_A, r_B, lambda0, tau and the
    integrator's summed error estimate relative to eps, plus work counts.
    """
    if not isinstance(dps, int) or isinstance(dps, bool) or dps < 20:
        raise ValueError(f"dps: expected an integer >= 20, got {dps!r}")
    with mpmath.workdps(dps):
        e = to_mpf(eps, "eps")
        if not 0 < e < mpmath.mpf("1e-6"):
            raise ValueError(f"eps: expected 0 < eps < 1e-6, got {eps!r}")
        rt = to_mpf(rtol, "rtol")
        if not 0 < rt < 1:
            raise ValueError(f"rtol: expected 0 < rtol < 1, got {rtol!r}")
        s = make_saddle()
        y0 = _displaced(s, e)
        d0 = _component(s, y0)
        lam0 = _component(s, [ys + fv for ys, fv in zip(s.y_star, s.f(y0), strict=True)]) / d0
        if not lam0 > 0:
            raise ValueError("make_saddle: the chosen direction does not grow (lambda0 <= 0)")
        tau = 1 / lam0
        (y1, y2), st = solve(s.f, y0, [tau, 2 * tau], H=tau / 2, tol=rt * e, k_max=k_max)
        d1, d2 = _component(s, y1), _component(s, y2)
        rA = mpmath.log(d1 / d0) / tau
        rB = mpmath.log(d2 / d1) / tau
        r = mpmath.log(d2 / d0) / (2 * tau)
        sd = lambda x: mpmath.nstr(x, dps, strip_zeros=False)
        return {
            "dps": dps, "eps": mpmath.nstr(e, 5), "rtol": mpmath.nstr(rt, 5),
            "rate": sd(r), "rate_A": sd(rA), "rate_B": sd(rB),
            "lambda0": sd(lam0), "tau": sd(tau),
            "err_est_rel_eps": mpmath.nstr(st.err_sum / e, 3),
            "steps": st.steps, "rejected": st.rejected, "nfev": st.nfev,
        }


def digits_between(x: Any, y: Any) -> float:
    """-log10(|x - y| / |y|) at 80 digits (inf when equal); x, y decimal strings or numbers."""
    with mpmath.workdps(80):
        xx, yy = mpmath.mpf(x), mpmath.mpf(y)
        if xx == yy:
            return float("inf")
        return float(-mpmath.log10(abs(xx - yy) / abs(yy)))


def rate_study(make_saddle: Callable[[], Saddle], predicted: Callable[[], Any], *,
               eps: Any = "1e-30", plan: Sequence[tuple[int, Any]] = DEFAULT_PLAN,
               k_max: int = 24) -> dict[str, Any]:
    """Measured rate with an error estimate from several runs, against a prediction.

    Runs :func:`measure_rate` for each (dps, rtol) of ``plan``; the last run is the
    reported one.  ``error`` is the largest |rate' - rate| over the other runs and the
    last run's two windows (r_A, r_B): an estimate of the measurement's error, not a
    bound.  ``stable_digits`` = -log10(error/rate); ``digits`` = -log10(|rate -
    predicted|/predicted), with ``predicted()`` evaluated at the last run's precision.
    """
    if not plan:
        raise ValueError("plan: expected at least one (dps, rtol) pair")
    runs = [measure_rate(make_saddle, dps=dps, eps=eps, rtol=rt, k_max=k_max) for dps, rt in plan]
    main = runs[-1]
    with mpmath.workdps(main["dps"] + 10):
        rate = mpmath.mpf(main["rate"])
        others = [mpmath.mpf(r["rate"]) for r in runs[:-1]]
        others += [mpmath.mpf(main["rate_A"]), mpmath.mpf(main["rate_B"])]
        err = max(abs(o - rate) for o in others)
    with mpmath.workdps(main["dps"]):
        pred = mpmath.nstr(mpmath.mpf(predicted()), main["dps"], strip_zeros=False)
    with mpmath.workdps(main["dps"] + 10):
        stable = float("inf") if err == 0 else float(-mpmath.log10(err / abs(rate)))
        err_s = mpmath.nstr(err, 3)
    return {
        "measured": main["rate"], "predicted": pred,
        "digits": digits_between(main["rate"], pred),
        "stable_digits": stable, "error_estimate": err_s,
        "dps": main["dps"], "eps": main["eps"], "runs": runs,
    }


def escape_time(make_saddle: Callable[[], Saddle], *, dps: int, eps: Any, radius: Any,
                rtol: Any = "1e-20", k_max: int = 24) -> str:
    """Time for d(t) = <y(t) - y*, v> to grow from eps to ``radius`` (nonlinear escape).

    Integrates from y* + eps v and locates the crossing d = radius by Newton's method
    on the time (:func:`numeric.highprec.ode.time_to_level`); tolerance rtol * eps.
    Returns the time as a decimal string of ``dps`` digits.
    """
    if not isinstance(dps, int) or isinstance(dps, bool) or dps < 20:
        raise ValueError(f"dps: expected an integer >= 20, got {dps!r}")
    with mpmath.workdps(dps):
        e = to_mpf(eps, "eps")
        R = to_mpf(radius, "radius")
        if not 0 < e < R:
            raise ValueError(f"radius: expected 0 < eps < radius, got eps={eps!r}, radius={radius!r}")
        s = make_saddle()
        y0 = _displaced(s, e)
        lam0 = _component(s, [ys + fv for ys, fv in zip(s.y_star, s.f(y0), strict=True)]) / e
        H = 1 / (2 * lam0)
        level = R + mpmath.fsum(ys * vs for ys, vs in zip(s.y_star, s.v, strict=True))
        t, _, _ = time_to_level(s.f, y0, s.v, level, H=H, tol=to_mpf(rtol, "rtol") * e,
                                k_max=k_max, t_max=200 * H)
        return mpmath.nstr(t, dps, strip_zeros=False)


def _balanced_start(n: int, phi: Any, u0: Any) -> tuple[list, list]:
    """Angles theta_X = phi + u0/2 (first n/2), theta_Y = phi + pi - u0/2, and the
    functional c with c . theta = mean(theta_X) - mean(theta_Y) = u - pi."""
    n, k = _check_n_k(n, None)
    p, u = phi_value(phi), to_mpf(u0, "u0")
    th = [p + u / 2] * k + [p + mpmath.pi - u / 2] * k
    c = [mpmath.mpf(1) / k] * k + [-mpmath.mpf(1) / k] * k
    return th, c


def balanced_separation_after(K: Any, phi: Any, n: int, u0: Any, T: Any, *, dps: int,
                              tol: Any, k_max: int = 24) -> dict[str, Any]:
    """Integrate eq. (2) (full n-particle field, GBS) from separation u0 for time T.

    Returns u(T) = mean(theta_X) - mean(theta_Y) + pi as a decimal string, the largest
    within-cluster spread at T (zero when cluster symmetry is kept) and work counts.
    """
    with mpmath.workdps(dps):
        a, b = to_K2(K)
        th, c = _balanced_start(n, phi, u0)
        f = lambda y: angular_field(y, (a, b), "uniform")
        (y,), st = solve(f, th, [to_mpf(T, "T")], H=_h_unit(f, th, c), tol=to_mpf(tol, "tol"),
                         k_max=k_max)
        k = n // 2
        u = mpmath.fsum(ci * yi for ci, yi in zip(c, y, strict=True)) + mpmath.pi
        spread = max(max(y[:k]) - min(y[:k]), max(y[k:]) - min(y[k:]))
        return {"u": mpmath.nstr(u, dps, strip_zeros=False), "cluster_spread": mpmath.nstr(spread, 3),
                "steps": st.steps, "nfev": st.nfev, "dps": dps}


def balanced_escape_time(K: Any, phi: Any, n: int, u0: Any, u1: Any, *, dps: int, tol: Any,
                         k_max: int = 24) -> str:
    """First time the separation u of the balanced state reaches u1 from u0 (full field, GBS,
    Newton on the crossing time).  Decimal string of ``dps`` digits."""
    with mpmath.workdps(dps):
        a, b = to_K2(K)
        th, c = _balanced_start(n, phi, u0)
        f = lambda y: angular_field(y, (a, b), "uniform")
        level = to_mpf(u1, "u1") - mpmath.pi
        H = _h_unit(f, th, c)
        t, _, _ = time_to_level(f, th, c, level, H=H, tol=to_mpf(tol, "tol"), k_max=k_max,
                                t_max=400 * H)
        return mpmath.nstr(t, dps, strip_zeros=False)


def _h_unit(f: Callable[[list], list], y: list, c: list) -> mpmath.mpf:
    """Macro step: half the local e-folding time of c . y, from one field evaluation."""
    cy = mpmath.fsum(ci * yi for ci, yi in zip(c, y, strict=True)) + mpmath.pi
    cf = mpmath.fsum(ci * fi for ci, fi in zip(c, f(y), strict=True))
    if not cf > 0:
        raise ValueError("u0: the separation does not grow from this state")
    return cy / (2 * cf)


#: The paper's orientations by name, evaluated at the working precision when used.
PHI_NAMES: dict[str, Callable[[], mpmath.mpf]] = {
    "0": lambda: mpmath.mpf(0),
    "pi/6": lambda: mpmath.pi / 6,
    "pi/4": lambda: mpmath.pi / 4,
    "pi/3": lambda: mpmath.pi / 3,
    "pi/2": lambda: mpmath.pi / 2,
}


def phi_value(phi: Any) -> mpmath.mpf:
    """A named angle from :data:`PHI_NAMES` or a number/decimal string, at the current precision."""
    if isinstance(phi, str) and phi in PHI_NAMES:
        return PHI_NAMES[phi]()
    return to_mpf(phi, "phi")


def balanced_rate_case(K: Any, phi: Any, n: int, *, eps: Any = "1e-30",
                       plan: Sequence[tuple[int, Any]] = DEFAULT_PLAN) -> dict[str, Any]:
    """The paper's experiment for one (K, phi, n): measured escape rate from the balanced
    uniform bipodal state along v-, against e^{-gamma(phi)} (eq. (3), (4))."""
    a, b = to_K2(K)
    _check_n_k(n, None)
    out = rate_study(lambda: angular_saddle((a, b), phi_value(phi), n, direction="paper"),
                     lambda: mpmath.exp(-gamma((a, b), phi_value(phi))), eps=eps, plan=plan)
    return {"K": f"diag({mpmath.nstr(a, 15)},{mpmath.nstr(b, 15)})", "phi": str(phi), "n": n, **out}


def predicted_rate(K: Any, phi: Any, n: int, k: int | None = None,
                   normalization: str = "uniform") -> mpmath.mpf:
    """Closed-form escape eigenvalue at the current precision.

    The formula is ``symbolic.spectra.unstable_eigenvalue`` (uniform: e^{-gamma(phi)},
    eq. (4), for every k; softmax: e^{-gamma} (m/Z_X + k/Z_Y)), evaluated here with gamma
    passed in at the working precision plus 10 guard digits, so the prediction and the
    SymPy derivation cannot drift apart.
    """
    import sympy as sp

    from symbolic.spectra import unstable_eigenvalue

    n, k = _check_n_k(n, k)
    check_normalization(normalization)
    digits = mpmath.mp.dps + 10
    g = sp.Float(mpmath.nstr(gamma(K, phi_value(phi)), digits), digits)
    return mpmath.mpf(str(sp.N(unstable_eigenvalue(n, k, g, normalization), digits)))
