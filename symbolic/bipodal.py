"""Jacobians at bipodal states (Appendix C, and past it): explicit n and symbolic n.

Everything is differentiated from the angular field *derived from eq. (1)*
(:func:`symbolic.model.angular_field_from_eq1`), then evaluated at
theta* = (phi x k, phi + pi x (n - k)).  gamma is introduced by substituting
the computed <x, K x> = a cos^2 phi + b sin^2 phi by a symbol, and e^gamma by
a symbol E, so every identity below is an identity of rational functions of E
that ``sympy.cancel`` decides.
"""

from __future__ import annotations

import sympy as sp

from symbolic import spectra
from symbolic.model import (
    ab_symbols,
    angle_symbols,
    angular_field_from_eq1,
    bipodal_angles,
    check_n,
    check_normalization,
    gamma_of,
)

G = sp.Symbol("gamma", real=True)
E = sp.Symbol("E", positive=True)  # stands for e^gamma


def to_E(expr):
    """Rewrite sinh/cosh/exp of gamma through E = e^gamma and cancel."""
    expr = sp.sympify(expr).rewrite(sp.exp)
    expr = expr.replace(lambda e: isinstance(e, sp.exp),
                        lambda e: E ** sp.expand(e.args[0] / G) if sp.expand(e.args[0] / G).is_Integer
                        else e)
    return sp.cancel(expr)


def gamma_exps(expr, gam):
    """Write every exp(c * gam) (c a rational number, decided by cancel) as exp(c * G).

    ``gam`` is the computed <x, K x> = a cos^2 phi + b sin^2 phi; exponents are
    compared after expand_trig and sin^2 -> 1 - cos^2, so the substitution is
    exact, and anything else is left untouched (the caller checks that a, b and
    phi are gone).
    """
    from symbolic.angular import pythagoras

    g0 = pythagoras(sp.expand_trig(gam))

    def sub(e):
        arg = pythagoras(sp.expand_trig(e.args[0]))
        if arg == 0:
            return sp.Integer(1)
        r = sp.cancel(arg / g0)
        return sp.exp(r * G) if r.is_Rational else e

    def one(part):
        part = sp.powsimp(sp.expand(part), combine="exp")
        return pythagoras(part.replace(lambda e: isinstance(e, sp.exp), sub))

    num, den = sp.fraction(sp.together(sp.sympify(expr)))
    return sp.cancel(one(num) / one(den)) if den != 1 else one(num)


def jacobian_at_bipodal(n: int, k: int, normalization: str = "uniform") -> sp.Matrix:
    """Jacobian of the derived angular field at k angles phi, n - k angles phi + pi.

    Returns the matrix in terms of gamma (symbol ``G``) and n only; raises if
    a, b or phi survive (they must enter only through gamma = <x, K x>).
    """
    check_normalization(normalization)
    n = check_n(n)
    a, b, phi = ab_symbols()
    theta = angle_symbols(n)
    field = sp.Matrix(angular_field_from_eq1(theta, a, b, normalization))
    J = field.jacobian(theta)
    at = dict(zip(theta, bipodal_angles(n, k, phi), strict=True))
    gam = gamma_of(a, b, phi)
    Js = J.subs(at).applyfunc(lambda e: gamma_exps(e, gam))
    if Js.has(a) or Js.has(b) or Js.has(phi):
        raise RuntimeError("jacobian_at_bipodal: a, b or phi survived the substitution of gamma")
    return Js


def paper_appendix_c_matrix(n: int) -> sp.Matrix:
    """Appendix C's A = -sinh(gamma) I + C, C = [[mu 11^T, -nu 11^T], [-nu 11^T, mu 11^T]].

    mu = e^gamma / n, nu = e^-gamma / n (the paper's statement, typed in to be
    *compared* with the Jacobian computed from eq. (1), never used to derive).
    """
    n = check_n(n)
    if n % 2:
        raise ValueError(f"n: the balanced state needs even n, got {n}")
    p = n // 2
    mu, nu = sp.exp(G) / n, sp.exp(-G) / n
    C = sp.Matrix(n, n, lambda i, j: mu if (i < p) == (j < p) else -nu)
    return -sp.sinh(G) * sp.eye(n) + C


def eigenbasis(n: int, k: int, normalization: str = "uniform") -> tuple[sp.Matrix, list[str]]:
    """Columns: v_+ = 1, escape vector, then e_1 - e_j in X and e_{k+1} - e_j in Y.

    Escape vector: (m 1_X, -k 1_Y) for the uniform normalization and
    (m / Z_X 1_X, -k / Z_Y 1_Y) for softmax (they agree when balanced).
    """
    m = n - k
    cols, labels = [[1] * n], ["zero"]
    if 0 < k < n:
        if normalization == "uniform":
            cols.append([m] * k + [-k] * m)
        else:
            zx = k * sp.exp(G) + m * sp.exp(-G)
            zy = m * sp.exp(G) + k * sp.exp(-G)
            cols.append([m / zx] * k + [-k / zy] * m)
        labels.append("escape")
    for j in range(1, k):
        cols.append([1 if r == 0 else (-1 if r == j else 0) for r in range(n)])
        labels.append("within_X")
    for j in range(k + 1, n):
        cols.append([1 if r == k else (-1 if r == j else 0) for r in range(n)])
        labels.append("within_Y")
    return sp.Matrix(cols).T, labels


def closed_form_by_label(n: int, k: int, normalization: str) -> dict[str, sp.Expr]:
    """The closed forms of :mod:`symbolic.spectra` indexed by eigenvector family."""
    m = n - k
    if k in (0, n):
        within = -sp.exp(G) if normalization == "uniform" else sp.Integer(-1)
        return {"zero": sp.Integer(0), "within_X": within, "within_Y": within}
    zx = k * sp.exp(G) + m * sp.exp(-G)
    zy = m * sp.exp(G) + k * sp.exp(-G)
    nx = zx if normalization == "softmax" else n
    ny = zy if normalization == "softmax" else n
    return {"zero": sp.Integer(0),
            "escape": spectra.unstable_eigenvalue(n, k, G, normalization),
            "within_X": (m * sp.exp(-G) - k * sp.exp(G)) / nx,
            "within_Y": (k * sp.exp(-G) - m * sp.exp(G)) / ny}


def basis_det(P: sp.Matrix) -> sp.Expr:
    """det P as a factored rational function of E = e^gamma.

    The entries are rewritten through E *before* the determinant (Berkowitz,
    division free): the determinant of the exp-valued softmax basis takes
    minutes in SymPy's default method.
    """
    return sp.factor(sp.cancel(P.applyfunc(to_E).det(method="berkowitz")))


def explicit_spectrum_proof(n: int, k: int, normalization: str = "uniform") -> dict:
    """Exact spectrum at one (n, k): J P = P Lambda with P invertible, Lambda from spectra.py.

    Proves, for symbolic a, b, phi (any real a, b; gamma = a cos^2 phi + b
    sin^2 phi), that the Jacobian of the field derived from eq. (1) has
    exactly the closed-form eigenvalues with the stated multiplicities
    (P's determinant is a non-zero rational function of E = e^gamma > 0 -
    SymPy decides the sign with E positive - so the columns are a basis of
    eigenvectors).  For the balanced uniform case also checks the
    paper's Appendix C matrix entry by entry and that C = A + sinh(gamma) I
    has rank 2.
    """
    J = jacobian_at_bipodal(n, k, normalization)
    P, labels = eigenbasis(n, k, normalization)
    lam = closed_form_by_label(n, k, normalization)
    L = sp.diag(*[lam[lb] for lb in labels])
    residual = (J * P - P * L).applyfunc(to_E)
    det = basis_det(P)
    out = {"jacobian": J, "basis_det": det, "basis_det_nonzero": bool(sp.simplify(det).is_nonzero),
           "labels": labels,
           "eig_residual_zero": residual == sp.zeros(n, n)}
    if normalization == "uniform" and 2 * k == n:
        A = paper_appendix_c_matrix(n)
        out["appendix_c_entries_zero"] = (J - A).applyfunc(to_E) == sp.zeros(n, n)
        C = (J + sp.sinh(G) * sp.eye(n)).applyfunc(to_E)
        out["rank_C"] = C.rank(simplify=True)
    return out


def pair_derivatives(normalization: str = "uniform") -> dict:
    """Per-pair derivatives of the derived field's j-term at same/opposite clusters (any n).

    The derived field is f_i = (1/Z_i) N_i with N_i = sum_j g(theta_i, theta_j),
    g(theta_i, theta_j) = e^{<x_i,Kx_j>} <P^perp_{x_i} x_j, e_theta(theta_i)>.
    Only the j = k term of N_i depends on theta_k (k != i), so
    dN_i/dtheta_k = d_2 g(theta_i, theta_k) and dN_i/dtheta_i = sum_{j != i}
    d_1 g(theta_i, theta_j) (g(t, t) = 0 identically).  Returns d_1 g, d_2 g
    and e^{w} at (phi, phi), (phi, phi+pi), (phi+pi, phi+pi), (phi+pi, phi),
    with gamma substituted.
    """
    check_normalization(normalization)
    a, b, phi = ab_symbols()
    ti, tj = sp.symbols("theta_i theta_j", real=True)
    g = angular_field_from_eq1([ti, tj], a, b, "uniform")[0] * 2  # = g(ti,ti)+g(ti,tj), g(ti,ti)=0
    self_term = sp.simplify(angular_field_from_eq1([ti, ti], a, b, "uniform")[0])
    wij = sp.expand(sp.cos(ti) * a * sp.cos(tj) + b * sp.sin(ti) * sp.sin(tj))
    gam = gamma_of(a, b, phi)
    pts = {"XX": (phi, phi), "XY": (phi, phi + sp.pi), "YY": (phi + sp.pi, phi + sp.pi),
           "YX": (phi + sp.pi, phi)}
    out = {"self_term": self_term}
    for name, (p, q) in pts.items():
        sub = {ti: p, tj: q}
        out[name] = {
            "g": sp.simplify(g.subs(sub)),
            "d1": sp.simplify(gamma_exps(g.diff(ti).subs(sub), gam)),
            "d2": sp.simplify(gamma_exps(g.diff(tj).subs(sub), gam)),
            "ew": sp.simplify(gamma_exps(sp.exp(wij).subs(sub), gam)),
        }
    return out


def block_proof(normalization: str = "uniform") -> dict:
    """Spectrum for symbolic n, k (1 <= k <= n-1) via the block structure.

    With the per-pair derivatives (:func:`pair_derivatives`), for i in X:
    A_ii = (1/Z_X)[(k-1) d1(XX) + m d1(XY)], A_ij = d2(XX)/Z_X (j in X),
    A_ij = d2(XY)/Z_X (j in Y), and symmetrically for Y; Z_X = n (uniform) or
    k e^{w(XX)} + m e^{w(XY)} (softmax; the derivative of 1/Z_i multiplies
    N_i = 0, so it drops out - checked here with generic functions).  Hence
    span{1_X, 1_Y} is invariant, with the 2x2 matrix R below, and every vector
    supported on X with zero sum is an eigenvector with eigenvalue
    A_ii - A_ij(same) (multiplicity k - 1; likewise Y, m - 1).  The dimensions
    2 + (k-1) + (m-1) = n add up and the subspaces are independent, so this is
    the whole spectrum for every n >= 2 and 1 <= k <= n-1 (n, k symbolic;
    the linear algebra of this paragraph is the argument, SymPy computes every
    quantity in it).  Also returns the balanced specialisation k = m = n/2
    and the paper's shift/rank-2 decomposition quantities.
    """
    check_normalization(normalization)
    pdv = pair_derivatives(normalization)
    n, k = sp.symbols("n k", positive=True, integer=True)
    m = n - k
    Nf, Zf = sp.Function("N"), sp.Function("Z")
    t = sp.Symbol("t")
    # d(N/Z) = N'/Z - N Z'/Z^2; at a bipodal state N = 0 but N' need not be, so the
    # derivative N' is frozen as a symbol *before* N = 0 is substituted (substituting
    # N(t) = 0 first would also turn Derivative(N(t), t) into 0).
    dN = sp.Symbol("dN")
    quotient = sp.diff(Nf(t) / Zf(t), t).subs(sp.Derivative(Nf(t), t), dN).subs(Nf(t), 0)
    quotient_rule = sp.simplify(quotient - dN / Zf(t))
    if normalization == "uniform":
        ZX = ZY = n
    else:
        ZX = k * pdv["XX"]["ew"] + m * pdv["XY"]["ew"]
        ZY = m * pdv["YY"]["ew"] + k * pdv["YX"]["ew"]
    AxxD = ((k - 1) * pdv["XX"]["d1"] + m * pdv["XY"]["d1"]) / ZX
    AyyD = ((m - 1) * pdv["YY"]["d1"] + k * pdv["YX"]["d1"]) / ZY
    sX, cX = pdv["XX"]["d2"] / ZX, pdv["XY"]["d2"] / ZX
    sY, cY = pdv["YY"]["d2"] / ZY, pdv["YX"]["d2"] / ZY
    R = sp.Matrix([[AxxD + (k - 1) * sX, m * cX], [k * cY, AyyD + (m - 1) * sY]])
    R = R.applyfunc(sp.simplify)
    eig_R = [sp.simplify(e) for e in R.eigenvals()]
    within_X = sp.simplify(AxxD - sX)
    within_Y = sp.simplify(AyyD - sY)
    closed = {
        "escape": spectra.unstable_eigenvalue(n, k, G, normalization),
        "within_X": (m * sp.exp(-G) - k * sp.exp(G)) / (n if normalization == "uniform" else ZX),
        "within_Y": (k * sp.exp(-G) - m * sp.exp(G)) / (n if normalization == "uniform" else ZY),
    }
    esc_match = [to_E(e - closed["escape"]) == 0 for e in eig_R]
    zero_match = [to_E(e) == 0 for e in eig_R]
    res = {
        "pair": pdv, "quotient_rule_residual": quotient_rule, "R": R, "eig_R": eig_R,
        "R_has_zero_and_escape": sorted([any(zero_match), any(esc_match)]) == [True, True]
        and len(eig_R) == 2,
        "within_X": within_X, "within_Y": within_Y,
        "within_X_residual": to_E(within_X - closed["within_X"]),
        "within_Y_residual": to_E(within_Y - closed["within_Y"]),
    }
    p = sp.Symbol("p", positive=True, integer=True)
    bal = {k: p, n: 2 * p}
    res["balanced_within"] = sp.simplify(within_X.subs(bal))
    res["balanced_escape"] = sp.simplify(closed["escape"].subs(bal))
    if normalization == "uniform":
        # Appendix C: shift alpha = A_ii - mu, C v_+ = (p(mu - nu)) v_+, C v_- = p(mu + nu) v_-.
        mu, nu = sX.subs(bal), -cX.subs(bal)
        res["mu_nu"] = (sp.simplify(mu), sp.simplify(nu))
        res["shift_plus_sinh"] = to_E(within_X.subs(bal) + sp.sinh(G))
        res["C_vplus_minus_sinh"] = to_E(p * (mu - nu) - sp.sinh(G))
        res["C_vminus_minus_cosh"] = to_E(p * (mu + nu) - sp.cosh(G))
        res["escape_minus_paper"] = to_E(-sp.sinh(G) + sp.cosh(G) - sp.exp(-G))
        res["rank2_det"] = sp.simplify(sp.Matrix([[mu, -nu], [-nu, mu]]).det())
    return res
