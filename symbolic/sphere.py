"""Bipodal states on S^{d-1}, d >= 2, any symmetric K (ledger id ``ext-sphere-spectrum``).

Paper, "Numerical Dynamics on S^2": "an analytical treatment analogous to
Linearized Analysis of the Bipodal State remains open."  Here eq. (1) with
Q = V = I, beta = 1 is linearized at x_i = s_i u (s_i = +1 for k particles,
-1 for the other m = n - k), u a unit vector, K real symmetric.

What is proved (every step a SymPy computation on eq. (1), built in
:mod:`symbolic.model`):

* :func:`sphere_equilibrium`: the velocity of every particle is 0 for *every*
  unit u (symbolic u on the whole sphere via the stereographic chart, symbolic
  symmetric K).  Reason: V = I, so the attention sum of particle i is
  sum_j e^{s_i s_j <u, K u>} s_j u, parallel to u = +-x_i, and the tangent
  projection removes it.  K enters only through the weights, so u need *not*
  be an eigenvector of K.  (The velocity is *not* proportional to
  P_u^perp K u; that would be the case for V = K, not for the paper's V = I.)
* :func:`sphere_jacobian` / :func:`sphere_jacobian_proof`: the Jacobian on the
  product of tangent spaces, in the chart x_i = (y_i, s_i sqrt(1 - |y_i|^2))
  around u = e_d (y_i in R^{d-1} = T_u S^{d-1}), with a *general* symmetric K
  (all d(d+1)/2 entries symbolic).  It depends on K only through
  gamma = K_dd = <u, K u>, equals M (x) I_{d-1}, and J P = P Lambda holds with
  P = (D P_1) (x) I_{d-1}, D = diag(s_i), P_1 the S^1 eigenbasis of
  :func:`symbolic.bipodal.eigenbasis` and Lambda the closed forms of
  :func:`symbolic.spectra.sphere_spectrum` (every S^1 multiplicity times d - 1).
  Explicit (d, n, k).
* :func:`pair_blocks`: for symbolic n, k: the field is f_i = (1/Z_i) sum_j
  g(x_i, x_j); the derivative blocks of g at same-sign and opposite-sign pairs
  are e^{s gamma} I_{d-1} (in x_j) and -s e^{s gamma} I_{d-1} (in x_i),
  s = s_i s_j, for each explicit d, general symmetric K; the S^1 per-pair
  derivatives (:func:`symbolic.bipodal.pair_derivatives`) are the same up to
  the sign s_i s_j of the chart.  So the sphere Jacobian is
  (D A D) (x) I_{d-1} with A the S^1 angle Jacobian at the same gamma, and
  :func:`symbolic.bipodal.block_proof` (symbolic n, k) gives its spectrum.
  The derivative of 1/Z_i (softmax) multiplies the vanishing projected sum,
  so both normalizations are covered.
* u = e_d is no loss of generality: for orthogonal R, <R x, R K R^T R y> =
  <x, K y> and P^perp_{Rx} R y = R P^perp_x y, so R maps solutions for K to
  solutions for R K R^T (a two-line argument, not a SymPy computation; the
  tests' numerical twins use random u that are not eigenvectors of K).
* :func:`escape_rate_orientation`: the escape eigenvalue is e^{-<u, K u>}
  (uniform) and e^{-gamma}/cosh(gamma) balanced softmax, decreasing in
  gamma(u) = <u, K u>, which on the unit sphere is largest (= lambda_max(K))
  at a top eigenvector: for K = diag(k_1, ..., k_d) with k_d largest,
  k_d - gamma(u) = sum_l (k_d - k_l) u_l^2 >= 0.  So the slowest escape is
  along the dominant axis of K, in every dimension.
"""

from __future__ import annotations

import sympy as sp

from symbolic import spectra
from symbolic.bipodal import E, G, basis_det, eigenbasis, pair_derivatives, to_E
from symbolic.model import check_n, check_normalization, sphere_field_from_eq1


def check_d(d, name: str = "d") -> int:
    if isinstance(d, bool) or not isinstance(d, (int, sp.Integer)) or int(d) < 2:
        raise ValueError(f"{name}: expected an integer dimension >= 2, got {d!r}")
    return int(d)


def _check_k(n: int, k) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k <= n:
        raise ValueError(f"k: expected an integer with 0 <= k <= n = {n}, got {k!r}")
    return k


def symmetric_K(d: int) -> sp.Matrix:
    """A general real symmetric d x d matrix of symbols K_ij (i <= j)."""
    d = check_d(d)
    syms = {}
    for i in range(d):
        for j in range(i, d):
            syms[(i, j)] = sp.Symbol(f"K_{i + 1}{j + 1}", real=True)
    return sp.Matrix(d, d, lambda i, j: syms[(min(i, j), max(i, j))])


def stereographic_unit(d: int) -> tuple[sp.Matrix, tuple]:
    """u(y) = (2 y, 1 - |y|^2) / (1 + |y|^2), y in R^{d-1}: exactly unit, all of S^{d-1} but -e_d."""
    d = check_d(d)
    y = sp.symbols(f"y_1:{d}", real=True)
    r2 = sum(v**2 for v in y)
    u = sp.Matrix([2 * v for v in y] + [1 - r2]) / (1 + r2)
    return u, y


def signs(n: int, k: int) -> list[int]:
    """s_i = +1 for the first k particles (at +u), -1 for the other n - k (at -u)."""
    return [1] * k + [-1] * (n - k)


def sphere_equilibrium(d: int, n: int, k: int, normalization: str = "uniform") -> dict:
    """Velocities of eq. (1) at x_i = s_i u for symbolic unit u and symbolic symmetric K.

    Returns ``velocity_zero`` (every component of every x_i' cancels to 0) and
    ``unit_check`` (|u|^2 - 1 cancels to 0).  Assumptions: Q = V = I,
    beta = 1, K real symmetric (no definiteness needed), u = u(y) any point of
    the sphere except -e_d (that point is +-e_d up to relabelling s -> -s).
    """
    d, n = check_d(d), check_n(n)
    k = _check_k(n, k)
    check_normalization(normalization)
    K = symmetric_K(d)
    u, _ = stereographic_unit(d)
    X = [s * u for s in signs(n, k)]
    F = sphere_field_from_eq1(X, K, normalization)
    comps = [sp.cancel(sp.together(c)) for Fi in F for c in Fi]
    return {"velocity_zero": all(c == 0 for c in comps),
            "unit_check": sp.cancel((u.T * u)[0, 0] - 1)}


def _chart_points(d: int, n: int, k: int):
    ys = [sp.symbols(f"y_{i + 1}_1:{d}", real=True) for i in range(n)]
    pts = []
    for s, yi in zip(signs(n, k), ys, strict=True):
        pts.append(sp.Matrix(list(yi) + [s * sp.sqrt(1 - sum(v**2 for v in yi))]))
    return pts, ys


def sphere_jacobian(d: int, n: int, k: int, normalization: str = "uniform",
                    K: sp.Matrix | None = None) -> sp.Matrix:
    """Jacobian of eq. (1) on prod T_u S^{d-1} at x_i = s_i e_d, chart coordinates y_i.

    Rows/columns ordered (particle i, tangent direction a), i-major.  ``K``
    defaults to a general symbolic symmetric matrix; K_dd is replaced by the
    symbol gamma (``symbolic.bipodal.G``) and e^gamma by ``symbolic.bipodal.E``, so the
    result is a matrix of rational functions of E and shows which entries of K enter.
    """
    d, n = check_d(d), check_n(n)
    k = _check_k(n, k)
    check_normalization(normalization)
    K = symmetric_K(d) if K is None else sp.Matrix(K)
    if K.shape != (d, d):
        raise ValueError(f"K: expected a {d} x {d} matrix, got {K.shape}")
    pts, ys = _chart_points(d, n, k)
    F = sphere_field_from_eq1(pts, K, normalization)
    # y_i' = first d-1 components of x_i' (the chart is the orthogonal projection onto e_d^perp).
    field = sp.Matrix([Fi[a] for Fi in F for a in range(d - 1)])
    coords = [v for yi in ys for v in yi]
    at0 = {v: 0 for v in coords}
    J = field.jacobian(coords).subs(at0)
    # exp(+-K_dd) -> E^{+-1} with E = e^gamma, then cancel: a rational function of E
    # (sp.simplify on the softmax entries takes minutes).
    J = J.subs(K[d - 1, d - 1], G).applyfunc(to_E)
    return J


def sphere_jacobian_proof(d: int, n: int, k: int, normalization: str = "uniform") -> dict:
    """Exact spectrum on S^{d-1} at one (d, n, k), general symmetric K: J P = P Lambda.

    Proves for this (d, n, k): (i) J contains no entry of K except
    gamma = K_dd = <e_d, K e_d>; (ii) J P = P Lambda with P = (D P_1) (x)
    I_{d-1} invertible (det P = det(P_1)^{d-1} (+-1), P_1's determinant is a
    nonzero rational function of e^gamma); (iii) the diagonal of Lambda, as a
    multiset, equals :func:`symbolic.spectra.sphere_spectrum` (K, e_d, n, k).
    """
    J = sphere_jacobian(d, n, k, normalization)
    K = symmetric_K(d)
    leftover = sorted(str(s) for s in J.free_symbols if s not in (G, E))
    P1, labels = eigenbasis(n, k, normalization)
    lam = _closed_forms(n, k, normalization, set(labels))
    D = sp.diag(*signs(n, k))
    eye = sp.eye(d - 1)
    P = sp.kronecker_product(D * P1, eye)
    L = sp.kronecker_product(sp.diag(*[lam[lb] for lb in labels]), eye)
    residual = (J * P - P * L).applyfunc(to_E)
    det1 = basis_det(P1)
    # Multiset comparison with the contract (spectra.sphere_spectrum, gamma = K_dd -> G).
    e_d = [0] * (d - 1) + [1]
    contract = [(lam_.subs(K[d - 1, d - 1], G), mult)
                for lam_, mult in spectra.sphere_spectrum(K, e_d, n, k, normalization)]
    diag = [L[i, i] for i in range(L.rows)]
    counts = []
    for lam_c, mult in contract:
        counts.append((lam_c, mult, sum(1 for x in diag if to_E(x - lam_c) == 0)))
    return {"jacobian": J, "other_K_entries": leftover, "labels": labels,
            "eig_residual_zero": residual == sp.zeros(*residual.shape),
            "basis_det_S1": det1, "basis_det_nonzero": bool(det1.is_nonzero),
            "contract_counts": counts,
            "contract_match": all(int(m) == c for _, m, c in counts) and
            sum(c for *_, c in counts) == n * (d - 1)}


def _closed_forms(n: int, k: int, normalization: str, used: set[str]) -> dict:
    """Closed forms by eigenvector family, taken from the contract (symbolic.spectra)."""
    base = (spectra.unbalanced_spectrum(n, k, G) if normalization == "uniform"
            else spectra.softmax_spectrum(n, k, G))
    m = n - k
    if k in (0, n):
        nonzero = [lam for lam, _ in base if lam != 0]
        return {"zero": sp.Integer(0), "within_X": nonzero[0], "within_Y": nonzero[0]}
    # Identify the families by their defining formulas (spectra merges equal ones).
    zx = k * sp.exp(G) + m * sp.exp(-G)
    zy = m * sp.exp(G) + k * sp.exp(-G)
    nx, ny = (n, n) if normalization == "uniform" else (zx, zy)
    out = {"zero": sp.Integer(0),
           "escape": spectra.unstable_eigenvalue(n, k, G, normalization),
           "within_X": (m * sp.exp(-G) - k * sp.exp(G)) / nx,
           "within_Y": (k * sp.exp(-G) - m * sp.exp(G)) / ny}
    for name, val in out.items():
        if name in used and not any(to_E(val - lam) == 0 for lam, _ in base):
            raise RuntimeError(f"closed form {name} not in the contract's spectrum")
    return out


def pair_blocks(d: int, normalization: str = "uniform") -> dict:
    """Per-pair derivative blocks on S^{d-1} (general symmetric K), for the symbolic-n argument.

    g(x_i, x_j) = e^{<x_i, K x_j>} P^perp_{x_i} x_j; at x_i = s_i e_d, x_j = s_j e_d
    returns D1 = d g / d y_i and D2 = d g / d y_j (tangential components) for
    s_i s_j = +1 ("same") and -1 ("opposite"), plus the residuals
    D2 - e^{s gamma} I and D1 + s e^{s gamma} I (s = s_i s_j), and the
    comparison with the S^1 per-pair derivatives: d1_S1 = D1 / I and
    d2_S1 = s D2 / I (the chart flips the sign of the angle for s_i = -1).
    """
    d = check_d(d)
    check_normalization(normalization)
    K = symmetric_K(d)
    out = {}
    s1 = pair_derivatives(normalization)
    for name, (si, sj), key in (("same", (1, 1), "XX"), ("opposite", (1, -1), "XY")):
        yi = sp.symbols(f"p_1:{d}", real=True)
        yj = sp.symbols(f"q_1:{d}", real=True)
        xi = sp.Matrix(list(yi) + [si * sp.sqrt(1 - sum(v**2 for v in yi))])
        xj = sp.Matrix(list(yj) + [sj * sp.sqrt(1 - sum(v**2 for v in yj))])
        w = (xi.T * K * xj)[0, 0]
        g = sp.exp(w) * (xj - (xi.T * xj)[0, 0] * xi)
        gt = sp.Matrix(g[: d - 1])
        at0 = {v: 0 for v in (*yi, *yj)}
        D1 = gt.jacobian(yi).subs(at0).subs(K[d - 1, d - 1], G).applyfunc(sp.simplify)
        D2 = gt.jacobian(yj).subs(at0).subs(K[d - 1, d - 1], G).applyfunc(sp.simplify)
        s = si * sj
        eye = sp.eye(d - 1)
        r2 = (D2 - sp.exp(s * G) * eye).applyfunc(sp.simplify)
        r1 = (D1 + s * sp.exp(s * G) * eye).applyfunc(sp.simplify)
        c1 = to_E(s1[key]["d1"] - D1[0, 0])
        c2 = to_E(s1[key]["d2"] - s * D2[0, 0])
        cw = to_E(s1[key]["ew"] - sp.exp(s * G))
        out[name] = {"D1": D1, "D2": D2, "D1_residual_zero": r1 == sp.zeros(d - 1, d - 1),
                     "D2_residual_zero": r2 == sp.zeros(d - 1, d - 1),
                     "S1_d1_residual": c1, "S1_d2_residual": c2, "S1_weight_residual": cw}
    return out


def escape_rate_orientation(d: int) -> dict:
    """gamma(u) = <u, K u> for diagonal K, its maximum over unit u, and the escape-rate ordering.

    Returns the gap k_d - gamma(u) for K = diag(k_1, ..., k_d) written as
    sum_l (k_d - k_l) u_l^2 (residual must be 0 on the sphere, via the
    stereographic u), and d/dgamma of both escape eigenvalues.
    """
    d = check_d(d)
    ks = sp.symbols(f"k_1:{d + 1}", real=True)
    K = sp.diag(*ks)
    u, _ = stereographic_unit(d)
    gam = sp.cancel((u.T * K * u)[0, 0])
    gap = sp.cancel(ks[-1] - gam - sum((ks[-1] - ks[i]) * u[i] ** 2 for i in range(d)))
    gp = sp.Symbol("gamma", positive=True)
    return {"gamma_u": gam, "gap_identity_residual": gap,
            "d_uniform_escape": sp.diff(sp.exp(-gp), gp),
            "d_softmax_escape": sp.simplify(sp.diff(sp.exp(-gp) / sp.cosh(gp), gp))}
