"""Closed-form Jacobian spectra at bipodal equilibria (the suite's contract).

The paper (Appendix C) linearizes eq. (2),
``theta_i' = -(1/n) sum_j e^{w_ij} sin(theta_i - theta_j)``, at the balanced
bipodal state and finds eq. (4): "lambda_1 = 0, lambda_2 = ... = lambda_{n-1}
= -sinh(gamma), lambda_n = e^{-gamma} > 0".  This module gives the closed forms
the suite derived (the SymPy derivations that prove them are
:func:`symbolic.bipodal.explicit_spectrum_proof` (explicit n, k) and
:func:`symbolic.bipodal.block_proof` (symbolic n, k) on S^1, and
:func:`symbolic.sphere.sphere_jacobian_proof` on S^{d-1}; ``tests/symbolic``
holds the finite-difference twins):

* :func:`unbalanced_spectrum` - uniform normalization Z_i = n, ``k`` particles
  at phi and ``n - k`` at phi + pi (k = n/2 is the paper's balanced state);
* :func:`softmax_spectrum` - the same states under Z_i = sum_j exp(w_ij);
* :func:`unstable_eigenvalue` - the escape eigenvalue (eigenvector
  ``(n-k) 1_X - k 1_Y`` in angle coordinates for Z_i = n, and
  ``(n-k)/Z_X 1_X - k/Z_Y 1_Y`` for softmax);
* :func:`sphere_spectrum` - bipodal states x_i in {u, -u} on S^{d-1}.

Notation: m = n - k, gamma = <u, K u> (= a cos^2 phi + b sin^2 phi on S^1),
Z_X = k e^gamma + m e^-gamma, Z_Y = m e^gamma + k e^-gamma.  Results, each a
list of ``(eigenvalue, multiplicity)`` in the order (zero, escape, within
cluster X, within cluster Y) with zero multiplicities dropped and equal
eigenvalues merged when that is decidable:

=============  ======================  ===========================================
               uniform (Z_i = n)        softmax
=============  ======================  ===========================================
zero (x1)      0                        0
escape (x1)    e^-gamma                 e^-gamma (m/Z_X + k/Z_Y)
within X       (m e^-g - k e^g)/n       (m e^-g - k e^g)/Z_X      (x k-1)
within Y       (k e^-g - m e^g)/n       (k e^-g - m e^g)/Z_Y      (x m-1)
=============  ======================  ===========================================

k = 0 or k = n is the consensus state: {0 (x1), -e^gamma (x n-1)} uniform,
{0 (x1), -1 (x n-1)} softmax.  On S^{d-1} every multiplicity is multiplied by
d - 1.  Assumptions: Q = V = I, beta = 1, K real symmetric; nothing else (no
positivity of gamma is needed for the formulas; it is needed for the signs).
"""

from __future__ import annotations

import sympy as sp

__all__ = [
    "unbalanced_spectrum",
    "softmax_spectrum",
    "unstable_eigenvalue",
    "sphere_spectrum",
    "sphere_gamma",
]

NORMALIZATIONS = ("uniform", "softmax")


# -- argument checks ----------------------------------------------------------
def _sympify(value, name):
    try:
        expr = sp.sympify(value)
    except (sp.SympifyError, TypeError, ValueError):
        raise ValueError(f"{name}: expected a number or a SymPy expression, got {value!r}") from None
    if not isinstance(expr, sp.Expr):
        raise ValueError(f"{name}: expected a scalar expression, got {value!r}")
    if expr.is_number:
        if expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or expr.is_real is False:
            raise ValueError(f"{name}: must be a finite real number, got {value!r}")
    return expr


def _check_nk(n, k):
    n = _sympify(n, "n")
    k = _sympify(k, "k")
    if n.is_number:
        if not n.is_integer or n < 2:
            raise ValueError(f"n: expected an integer >= 2, got {n}")
    if k.is_number:
        if not k.is_integer or k < 0:
            raise ValueError(f"k: expected an integer >= 0, got {k}")
        if n.is_number and k > n:
            raise ValueError(f"k: expected 0 <= k <= n = {n}, got {k}")
    return n, k


def _check_normalization(normalization):
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization: expected one of {NORMALIZATIONS}, got {normalization!r}")
    return normalization


def _is_consensus(n, k):
    return bool(k.is_number and n.is_number and (k == 0 or k == n))


def _tidy(pairs):
    """Drop zero multiplicities; merge eigenvalues whose difference simplifies to 0."""
    out: list[tuple[sp.Expr, sp.Expr]] = []
    for lam, mult in pairs:
        if mult.is_number and mult == 0:
            continue
        for idx, (lam2, mult2) in enumerate(out):
            if sp.simplify(lam - lam2) == 0:
                out[idx] = (lam2, mult2 + mult)
                break
        else:
            out.append((lam, mult))
    return out


# -- closed forms ---------------------------------------------------------------
def unbalanced_spectrum(n, k, gamma):
    """Spectrum of the Jacobian of eq. (2), Z_i = n, at k particles at phi, n-k at phi+pi.

    Paper, eq. (4) (balanced case k = n/2): "lambda_1 = 0, lambda_2 = ... =
    lambda_{n-1} = -sinh(gamma), lambda_n = e^{-gamma} > 0".  Proved in
    :func:`symbolic.bipodal.block_proof` for symbolic n, k via the 2x2 block
    reduction, and by explicit eigenbases for small n
    (:func:`symbolic.bipodal.explicit_spectrum_proof`).
    Returns ``[(0, 1), (e^-gamma, 1), ((m e^-gamma - k e^gamma)/n, k-1),
    ((k e^-gamma - m e^gamma)/n, m-1)]`` with m = n - k (entries merged/dropped
    as described in the module docstring); consensus (k in {0, n}) gives
    ``[(0, 1), (-e^gamma, n-1)]``.
    """
    n, k = _check_nk(n, k)
    g = _sympify(gamma, "gamma")
    if _is_consensus(n, k):
        return _tidy([(sp.Integer(0), sp.Integer(1)), (-sp.exp(g), n - 1)])
    m = n - k
    return _tidy([
        (sp.Integer(0), sp.Integer(1)),
        (sp.exp(-g), sp.Integer(1)),
        ((m * sp.exp(-g) - k * sp.exp(g)) / n, k - 1),
        ((k * sp.exp(-g) - m * sp.exp(g)) / n, m - 1),
    ])


def softmax_spectrum(n, k, gamma):
    """Same states as :func:`unbalanced_spectrum` under softmax, Z_i = sum_j exp(w_ij).

    At a bipodal state every sin(theta_i - theta_j) vanishes, so the numerator
    of f_i is 0 and the Jacobian is diag(n / Z_i) times the uniform one
    (proved in :func:`symbolic.bipodal.block_proof` with ``"softmax"`` and
    :func:`symbolic.bipodal.explicit_spectrum_proof`).
    Balanced (k = n/2): {0, -tanh(gamma) (x n-2), e^-gamma / cosh(gamma)}.
    Consensus: {0 (x1), -1 (x n-1)}.
    """
    n, k = _check_nk(n, k)
    g = _sympify(gamma, "gamma")
    if _is_consensus(n, k):
        return _tidy([(sp.Integer(0), sp.Integer(1)), (sp.Integer(-1), n - 1)])
    m = n - k
    zx = k * sp.exp(g) + m * sp.exp(-g)
    zy = m * sp.exp(g) + k * sp.exp(-g)
    return _tidy([
        (sp.Integer(0), sp.Integer(1)),
        (sp.exp(-g) * (m / zx + k / zy), sp.Integer(1)),
        ((m * sp.exp(-g) - k * sp.exp(g)) / zx, k - 1),
        ((k * sp.exp(-g) - m * sp.exp(g)) / zy, m - 1),
    ])


def unstable_eigenvalue(n, k, gamma, normalization="uniform"):
    """The escape eigenvalue at a bipodal state (eigenvector: see the module docstring).

    Paper: "The single positive eigenvalue lambda_n = e^{-gamma} controls the
    escape rate from the bipodal saddle".  Uniform: e^-gamma for every
    1 <= k <= n-1 (independent of n and k).  Softmax: e^-gamma (m/Z_X + k/Z_Y),
    = e^-gamma / cosh(gamma) when balanced.  It is always > 0; it is the *only*
    positive eigenvalue iff the within-cluster ones are negative, i.e. iff
    gamma > ln(m/k)/2 when k >= 2 and gamma > ln(k/m)/2 when m >= 2 (so always
    when balanced with gamma > 0).  Consensus (k in {0, n}) has no escape
    eigenvalue: ValueError naming k.
    """
    _check_normalization(normalization)
    n, k = _check_nk(n, k)
    g = _sympify(gamma, "gamma")
    if _is_consensus(n, k):
        raise ValueError(f"k: k = {k} with n = {n} is the consensus state, which has no escape eigenvalue")
    if normalization == "uniform":
        return sp.exp(-g)
    m = n - k
    zx = k * sp.exp(g) + m * sp.exp(-g)
    zy = m * sp.exp(g) + k * sp.exp(-g)
    return sp.exp(-g) * (m / zx + k / zy)


def sphere_gamma(K, u):
    """gamma(u) = <u, K u> for a sympy Matrix (or nested list) K and unit vector u."""
    try:
        Km = sp.Matrix(K)
    except (TypeError, ValueError, sp.SympifyError):
        raise ValueError("K: expected a square symmetric matrix") from None
    d = Km.rows
    if Km.cols != d or d < 2:
        raise ValueError(f"K: expected a d x d matrix with d >= 2, got {Km.shape}")
    if any(sp.simplify(Km[i, j] - Km[j, i]) != 0 for i in range(d) for j in range(i)):
        raise ValueError("K: must be symmetric")
    try:
        uv = sp.Matrix(u).reshape(d, 1) if sp.Matrix(u).shape != (d, 1) else sp.Matrix(u)
    except (TypeError, ValueError, sp.SympifyError):
        raise ValueError(f"u: expected a vector of length {d}") from None
    if len(uv) != d:
        raise ValueError(f"u: expected a vector of length {d}, got length {len(uv)}")
    norm2 = sp.nsimplify(sp.expand((uv.T * uv)[0, 0])) if all(x.is_Float for x in uv) else \
        sp.simplify((uv.T * uv)[0, 0])
    if norm2.is_number:
        if abs(float(norm2) - 1.0) > 1e-12:  # float input: allow rounding of a unit vector
            raise ValueError(f"u: must be a unit vector (|u|^2 = {norm2})")
    return sp.expand((uv.T * Km * uv)[0, 0]), d


def sphere_spectrum(K, u, n, k, normalization="uniform"):
    """Spectrum on the product of tangent spaces at x_i in {u, -u} on S^{d-1}.

    Paper, "Numerical Dynamics on S^2": "an analytical treatment analogous to
    Linearized Analysis of the Bipodal State remains open".  Proved in
    :mod:`symbolic.sphere`: for Q = V = I, beta = 1 and any symmetric K, *every*
    unit u gives an equilibrium (the attention sum is parallel to u), and the
    Jacobian is M (x) I_{d-1} with M the S^1 angle Jacobian at gamma = <u, K u>.
    So the spectrum is the S^1 spectrum (uniform or softmax) with every
    multiplicity times d - 1.  ``u`` need not be an eigenvector of K (the
    contract's case is included); ``k`` counts particles at +u.
    """
    _check_normalization(normalization)
    gamma, d = sphere_gamma(K, u)
    base = unbalanced_spectrum(n, k, gamma) if normalization == "uniform" else softmax_spectrum(n, k, gamma)
    return [(lam, mult * (d - 1)) for lam, mult in base]
