"""Candidate Lyapunov functions for eq. (2) with K = diag(a, b).

Convention: a candidate ``V`` is a Lyapunov function when it is non-increasing along
the flow, ``dV/dt = grad V . f <= 0`` (consensus then sits at minima).  Each
candidate gives ``grad V`` in any mpmath-like context (``numpy`` via
:func:`grad_numpy`, ``mpmath.mp`` or ``mpmath.iv`` via :func:`dVdt_certified`), so a
violation ``dV/dt > 0`` found in float64 can be certified with outward-rounded
interval arithmetic at 50 digits.

Candidates (``CANDIDATES``):

* ``kuramoto``: ``V = -(1/2n) sum_ij cos(theta_i - theta_j)`` (= -n R^2 / 2), the
  Kuramoto energy, a Lyapunov function for K = 0.
* ``isotropic_mean``: ``V = -(1/(2 n c)) sum_ij exp(c cos(theta_i - theta_j))`` with
  ``c = (a + b)/2``: for K = aI eq. (2) is the gradient *ascent* of
  ``E = (1/(2na)) sum_ij exp(a cos(theta_i - theta_j))``, i.e. ``V = -E`` decreases.
* ``isotropic_max``: the same with ``c = max(a, b)``.
* ``exp_w``: ``V = -(1/2n) sum_ij exp(w_ij)`` - the interaction energy
  ``E_beta = sum exp(<x_i, K x_j>)`` of Geshkovski et al. (2025), whose gradient flow is
  the model with V = K rather than V = I; for K = aI it equals ``a * V_iso`` up to scale.
* ``wrong_sign_kuramoto``: ``+(1/2n) sum cos`` - planted wrong candidate (positive control).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import numpy as np

from numeric.validation import check_angles, check_K2


def _kuramoto(ctx: Any, th: Sequence[Any], a: Any, b: Any) -> list[Any]:
    n = len(th)
    return [sum((ctx.sin(th[i] - th[j]) for j in range(n) if j != i), ctx.mpf(0)) / n for i in range(n)]


def _wrong_kuramoto(ctx: Any, th: Sequence[Any], a: Any, b: Any) -> list[Any]:
    return [-g for g in _kuramoto(ctx, th, a, b)]


def _iso(c_of: Callable[[Any, Any, Any], Any]) -> Callable[..., list[Any]]:
    def grad(ctx: Any, th: Sequence[Any], a: Any, b: Any) -> list[Any]:
        n = len(th)
        c = c_of(ctx, a, b)
        return [sum((ctx.exp(c * ctx.cos(th[i] - th[j])) * ctx.sin(th[i] - th[j])
                     for j in range(n) if j != i), ctx.mpf(0)) / n for i in range(n)]
    return grad


def _exp_w(ctx: Any, th: Sequence[Any], a: Any, b: Any) -> list[Any]:
    n = len(th)
    hp, hm = (a + b) / 2, (a - b) / 2
    out = []
    for i in range(n):
        acc = ctx.mpf(0)
        for j in range(n):
            if j == i:
                continue
            d, s = th[i] - th[j], th[i] + th[j]
            e = ctx.exp(hp * ctx.cos(d) + hm * ctx.cos(s))
            acc += e * (hp * ctx.sin(d) + hm * ctx.sin(s))
        out.append(acc / n)
    return out


def _max(ctx: Any, a: Any, b: Any) -> Any:
    # interval max: a, b are point intervals/mpf built from floats, so compare their floats
    return a if float(_mid(a)) >= float(_mid(b)) else b


def _mid(x: Any) -> Any:
    return x.mid if hasattr(x, "mid") else x


CANDIDATES: dict[str, Callable[..., list[Any]]] = {
    "kuramoto": _kuramoto,
    "isotropic_mean": _iso(lambda ctx, a, b: (a + b) / 2),
    "isotropic_max": _iso(_max),
    "exp_w": _exp_w,
    "wrong_sign_kuramoto": _wrong_kuramoto,
}


class _NumpyCtx:
    """Minimal numpy stand-in for the mpmath context API used above (float64)."""

    sin, cos, exp = staticmethod(np.sin), staticmethod(np.cos), staticmethod(np.exp)

    @staticmethod
    def mpf(x: Any) -> float:
        return float(x)


def _check_name(name: str) -> Callable[..., list[Any]]:
    if name not in CANDIDATES:
        raise ValueError(f"name: unknown candidate {name!r}; choose one of {sorted(CANDIDATES)}")
    return CANDIDATES[name]


def grad_numpy(name: str, theta, a: float, b: float) -> np.ndarray:
    """grad V of candidate ``name`` in float64."""
    g = _check_name(name)
    theta = check_angles(theta)
    a, b = check_K2((a, b))
    return np.array(g(_NumpyCtx, list(theta), a, b), dtype=float)


def dVdt(name: str, theta, a: float, b: float) -> tuple[float, float]:
    """(dV/dt, cosine between grad V and f) in float64 along eq. (2)."""
    from conjectures.equilibria import field

    gv = grad_numpy(name, theta, a, b)
    f = field(theta, a, b)
    d = float(gv @ f)
    denom = float(np.linalg.norm(gv) * np.linalg.norm(f))
    return d, (d / denom if denom > 0 else 0.0)


def dVdt_certified(name: str, theta, a: float, b: float, *, dps: int = 50) -> dict[str, Any]:
    """Enclosure of dV/dt at the float64 point ``theta`` with mpmath.iv at ``dps`` digits.

    ``sign`` is ``+1``/``-1`` when the enclosure excludes 0 (a proof of the sign), else 0.
    """
    from conjectures.certify import _field_jac, iv_workdps

    g = _check_name(name)
    theta = check_angles(theta)
    a, b = check_K2((a, b))
    iv = mpmath.iv
    with iv_workdps(dps):
        th = [iv.mpf(float(x)) for x in theta]
        A, B = iv.mpf(a), iv.mpf(b)
        f, _ = _field_jac(iv, th, A, B, want_jac=False)
        gv = g(iv, th, A, B)
        d = iv.mpf(0)
        for x, y in zip(gv, f, strict=True):
            d += x * y
        lo, hi = d.a, d.b
        sign = 1 if lo > 0 else (-1 if hi < 0 else 0)
        with mpmath.workdps(dps):
            return {"lower": mpmath.nstr(mpmath.mpf(lo.a), 12), "upper": mpmath.nstr(mpmath.mpf(hi.b), 12),
                    "sign": sign, "dps": dps}
