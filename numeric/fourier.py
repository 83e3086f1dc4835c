"""Fast O(n*M) evaluation of the S^1 angular field, eq. (2), by Fourier moments.

Method (Jacobi-Anger expansion).  With p = (a+b)/2 and q = (a-b)/2 the kernel is
``exp(w_ij) = exp(p cos(t_i - t_j)) exp(q cos(t_i + t_j))`` and
``exp(x cos u) = sum_k I_k(x) e^{iku}`` (Abramowitz & Stegun 9.6.34), so with
z = e^{i theta}

    exp(w(t, t_j)) = sum_{k,l} I_k(p) I_l(q) z^{k+l} z_j^{l-k}.

For s in {0, 1} let G_s(t) = sum_j exp(w(t, t_j)) conj(z_j)^s.  Collecting powers
of z = e^{it}, ``G_s(t) = sum_N c_N z^N`` with
``c_N = sum_{k+l=N} I_k(p) I_l(q) mu_{l-k-s}`` and the particle moments
``mu_m = sum_j z_j^m``.  Then

    Z_i = Re G_0(t_i),    sum_j exp(w_ij) sin(t_i - t_j) = Im(z_i G_1(t_i)),

so one step costs O(n*L) for L = M_p + M_q moments, plus an O(L^2) contraction
that does not depend on n.  Bessel functions are exponentially scaled
(``scipy.special.ive``): the common factor exp(|p| + |q|) = exp(max(|a|, |b|))
is multiplied back only for the uniform normalization (float64 is safe to
|a|, |b| ~ 700); for softmax it cancels, so nothing overflows.

A-priori truncation bound.  From the power series, ``I_k(x) <= (x/2)^k / k! * I_0(x)``
and ``I_0(x) <= e^x``, hence ``sum_{|k|>M} I_k(x) e^{-x} <= delta_x(M) :=
2 sum_{k>M} (x/2)^k / k!``.  Truncating both expansions changes the kernel by
at most ``exp(|p|+|q|) (delta_p + delta_q + delta_p delta_q)``; :func:`truncation_order`
picks the smallest M with ``delta_x(M) <= tol / 3``, so the kernel error is below
``tol * exp(max(|a|,|b|))`` = tol times the largest possible kernel value.  The
force and Z_i are then accurate to ``tol * n * exp(max|a|,|b|)`` absolutely, i.e.
to ``tol`` relative to their scale ``sum_j exp(w_ij)`` whenever that is within
a modest factor of its upper bound (rounding adds ~1e-15 times that bound).

Use :func:`make_field` in hot loops: it returns a closure with all constants
precomputed and no argument checking.  :func:`numeric.model.angular_velocity`
with ``method="fourier"`` (or ``"auto"``) validates and dispatches here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import lgamma, log

import numpy as np
from scipy.special import ive

#: Default tolerance for the a-priori truncation bound (kernel error / max kernel).
DEFAULT_TOL = 1e-14


def tail_bound(x: float, M: int) -> float:
    """delta_x(M) = 2 * sum_{k>M} (|x|/2)^k / k!, an upper bound on sum_{|k|>M} I_k(|x|) e^{-|x|}."""
    x = abs(float(x)) / 2.0
    if x == 0.0:
        return 0.0
    total = 0.0
    k = M + 1
    term = np.exp(k * log(x) - lgamma(k + 1))
    while True:
        total += term
        k += 1
        ratio = x / k
        if ratio < 0.5 and term * ratio / (1 - ratio) < 1e-3 * total:
            total += term * ratio / (1 - ratio)  # geometric bound on the rest
            break
        term *= ratio
    return 2.0 * total


def truncation_order(x: float, tol: float = DEFAULT_TOL) -> int:
    """Smallest M >= 1 with ``tail_bound(x, M) <= tol / 3`` (see the module docstring)."""
    if not (np.isfinite(tol) and tol > 0):
        raise ValueError(f"tol: expected a positive tolerance, got {tol!r}")
    M = 1
    while tail_bound(x, M) > tol / 3.0:
        M += 1
    return M


@dataclass(frozen=True)
class FourierPlan:
    """Constants of the expansion for one (a, b, tol): orders and contraction matrices."""

    a: float
    b: float
    tol: float
    Mp: int
    Mq: int
    L: int                 # highest power of z in G_s: L = Mp + Mq
    log_scale: float       # |p| + |q| = max(|a|, |b|)
    B0: np.ndarray         # (L+2 moments, 2L+1 coefficients): c^(0) = mu_ext @ B0
    B1: np.ndarray         # same for s = 1


def plan(a: float, b: float, tol: float = DEFAULT_TOL) -> FourierPlan:
    """Precompute truncation orders and the (moment -> coefficient) matrices for K = diag(a, b)."""
    a, b = float(a), float(b)
    p, q = 0.5 * (a + b), 0.5 * (a - b)
    Mp, Mq = truncation_order(p, tol), truncation_order(q, tol)
    L = Mp + Mq
    k = np.arange(-Mp, Mp + 1)
    l_ = np.arange(-Mq, Mq + 1)
    # I_k(p) e^{-|p|}; I_k(-x) = (-1)^k I_k(x).
    Ip = ive(np.abs(k), abs(p)) * (np.sign(p) ** np.abs(k) if p < 0 else 1.0)
    Iq = ive(np.abs(l_), abs(q)) * (np.sign(q) ** np.abs(l_) if q < 0 else 1.0)
    T = Ip[:, None] * Iq[None, :]
    N = (k[:, None] + l_[None, :]) + L          # column index 0..2L
    mats = []
    for s in (0, 1):
        m = (l_[None, :] - k[:, None]) - s          # moment index in [-L-1, L]
        # Extended moment vector index: m + L + 1 in [0, 2L+1].
        B = np.zeros((2 * L + 2, 2 * L + 1))
        np.add.at(B, (m + L + 1, N), T)
        mats.append(B)
    return FourierPlan(a, b, tol, Mp, Mq, L, abs(p) + abs(q), mats[0], mats[1])


def _output_coefficients(P: FourierPlan, R: np.ndarray) -> np.ndarray:
    """Real moments R (..., 2L+4) -> table coefficients (..., 2L+4, 2) for (Z_i, force numerator).

    R interleaves (Re mu_m, Im mu_m) for m = 0..L+1; the output's rows interleave
    (cos m t, sin m t) coefficients, column 0 gives Z(t) = Re G_0(t) and column 1
    gives Im(e^{it} G_1(t)) = sum_j exp(w(t, t_j)) sin(t - t_j).  Linear in R.
    """
    L = P.L
    mu = R[..., 0::2] + 1j * R[..., 1::2]                              # m = 0..L+1
    mu_ext = np.concatenate([np.conj(mu[..., :0:-1]), mu[..., :L + 1]], axis=-1)  # m = -L-1..L
    c0 = (mu_ext[..., :, None] * P.B0).sum(axis=-2)                  # N = -L..L
    c1 = (mu_ext[..., :, None] * P.B1).sum(axis=-2)
    out = np.zeros(R.shape[:-1] + (2 * L + 4, 2))
    for idx, N in enumerate(range(-L, L + 1)):
        a0, b0 = c0[..., idx].real, c0[..., idx].imag
        m = abs(N)
        out[..., 2 * m, 0] += a0
        out[..., 2 * m + 1, 0] += -b0 if N >= 0 else b0
        a1, b1 = c1[..., idx].real, c1[..., idx].imag
        m1 = N + 1
        out[..., 2 * abs(m1), 1] += b1
        out[..., 2 * abs(m1) + 1, 1] += a1 if m1 >= 0 else -a1
    return out


def moment_matrix(P: FourierPlan) -> np.ndarray:
    """The fixed real matrix W with ``coef = R @ W`` (shape (2L+4, (2L+4)*2)), by linearity."""
    D = 2 * P.L + 4
    return _output_coefficients(P, np.eye(D)).reshape(D, D * 2)


def make_field(a: float, b: float, normalization: str = "uniform",
               tol: float = DEFAULT_TOL) -> Callable[[np.ndarray], np.ndarray]:
    """Return ``f(theta) -> theta'`` for K = diag(a, b), theta of shape (..., n), no checks.

    The returned closure assumes finite float64 angles with n >= 2; it is what
    Euler loops should call.  Per call: a power table z_j^m (m <= L+1, built by
    repeated complex multiplication, error ~ m * eps), its column sums (the
    moments), one fixed (2L+4)^2 x 2 linear map to table coefficients, and one
    table-times-coefficients product: O(n L) work per seed.  Products are
    stacked per seed, so row r of the result depends only on row r of theta
    (tested bitwise against batch size).
    """
    if normalization not in ("uniform", "softmax"):
        raise ValueError(f"normalization: expected 'uniform' or 'softmax', got {normalization!r}")
    P = plan(a, b, tol)
    L = P.L
    D = 2 * L + 4
    W = moment_matrix(P)
    uniform = normalization == "uniform"
    scale = float(np.exp(P.log_scale))
    cols = slice(1, 2) if uniform else slice(0, 2)

    def field(theta: np.ndarray) -> np.ndarray:
        theta = np.asarray(theta, dtype=np.float64)
        shape = theta.shape
        th = theta.reshape(-1, shape[-1])                   # (S, n)
        S, n = th.shape
        # Keep the power table cache-sized (~2 MB): large batches go in seed chunks.
        # Every operation is per seed, so chunking does not change any number.
        per = max(1, int(2**21 // (16 * n * (L + 2))))
        if S > per:
            return np.concatenate([_one(th[i:i + per]) for i in range(0, S, per)]).reshape(shape)
        return _one(th).reshape(shape)

    def _one(th: np.ndarray) -> np.ndarray:
        S, n = th.shape
        T = np.empty((S, n, L + 2), dtype=np.complex128)
        T[..., 0] = 1.0
        z = np.cos(th) + 1j * np.sin(th)
        T[..., 1] = z
        for m in range(2, L + 2):
            np.multiply(T[..., m - 1], z, out=T[..., m])
        Tr = T.view(np.float64)                             # (S, n, D): cos, sin interleaved
        R = (np.ones((S, 1, n)) @ Tr)                       # (S, 1, D) moments
        coef = (R @ W).reshape(S, D, 2)[..., cols]          # (S, D, 1 or 2)
        out = Tr @ coef                                     # (S, n, 1 or 2)
        if uniform:
            return -(scale / n) * out[..., 0]
        return -out[..., 1] / out[..., 0]

    field.plan = P  # type: ignore[attr-defined]
    return field
