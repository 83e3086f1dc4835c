"""Derivations for the angular ODE (2), its Kuramoto limit and Propositions 1-2.

Each function starts from the model (eq. (1), built in :mod:`symbolic.model`)
or from the statement being proved, lets SymPy compute, and returns the
residuals that SymPy reduced to zero together with the derived formulas, so
a test can assert the zeros and record the formulas.
"""

from __future__ import annotations

import sympy as sp

from symbolic.model import (
    ab_symbols,
    angle_symbols,
    angular_field_from_eq1,
    attention_weight,
    check_n,
    check_normalization,
    circle_point,
    circle_tangent,
    sphere_field_from_eq1,
    tangent_projection,
)


def paper_w(a, b, ti, tj):
    """The paper's w_ij = (a+b)/2 cos(theta_i - theta_j) + (a-b)/2 cos(theta_i + theta_j)."""
    return (a + b) / 2 * sp.cos(ti - tj) + (a - b) / 2 * sp.cos(ti + tj)


def paper_eq2(theta, a, b, normalization="uniform"):
    """Right side of eq. (2) as printed (uniform) or with Z_i = sum_j e^{w_ij} (softmax)."""
    check_normalization(normalization)
    theta = list(theta)
    n = len(theta)
    out = []
    for ti in theta:
        terms = [sp.exp(paper_w(a, b, ti, tj)) for tj in theta]
        Z = sp.Integer(n) if normalization == "uniform" else sp.Add(*terms)
        out.append(-sp.Add(*[e * sp.sin(ti - tj) for e, tj in zip(terms, theta, strict=True)]) / Z)
    return out


def pythagoras(expr) -> sp.Expr:
    """Replace sin(v)**k by sin(v)**(k mod 2) (1 - cos(v)**2)**(k div 2) and expand."""
    def is_sin_power(e):
        return (e.is_Pow and isinstance(e.base, sp.sin) and e.exp.is_Integer and e.exp >= 2)

    def rewrite(e):
        k = int(e.exp)
        return e.base ** (k % 2) * (1 - sp.cos(e.base.args[0]) ** 2) ** (k // 2)

    return sp.expand(sp.expand(expr).replace(is_sin_power, rewrite))


def canonical(expr) -> sp.Expr:
    """Expand every exponent and every trig function of sums (expand_trig), then expand.

    Both sides of an identity are brought to polynomials in cos/sin of the
    single angles times exp(polynomial in cos/sin), where SymPy's ordinary
    expansion decides zero.
    """
    expr = expr.replace(lambda e: isinstance(e, sp.exp),
                        lambda e: sp.exp(pythagoras(sp.expand_trig(e.args[0]))))
    return sp.expand(sp.expand_trig(expr))


def _zero(expr) -> bool:
    """True when SymPy reduces expr to 0 (canonical form, simplify as a fallback)."""
    e = canonical(expr)
    return e == 0 or sp.simplify(e) == 0


def derive_angular_ode(normalization: str = "uniform", n_explicit: int = 3) -> dict:
    """Appendix A: eq. (1) on S^1 -> eq. (2), for every n (per-pair) and explicitly for one n.

    Paper: "Setting Q = V = I, beta = 1, and using the uniformly normalized model
    (Z_i = n), the dynamics (1) reduce to theta_i' = -(1/n) sum_j e^{w_ij}
    sin(theta_i - theta_j)", with "w_ij = (a+b)/2 cos(theta_i - theta_j) +
    (a-b)/2 cos(theta_i + theta_j)" = <x_i, K x_j>.

    Proved (assumptions: Q = V = I, beta = 1, K = diag(a, b) with a, b real):

    1. ``w_residual``: <x_i, K x_j> - w_ij = 0 (the product-to-sum step).
    2. ``chain_rule``: for x(t) = (cos theta(t), sin theta(t)),
       <x'(t), e_theta> = theta'(t) (SymPy differentiates the composite).
    3. ``normal_residual``: <F_i, x_i> = 0 for the right side F_i of eq. (1),
       so x_i' = theta_i' e_theta loses nothing (checked for n_explicit points).
    4. ``pair_residual``: <P^perp_{x_i} x_j, e_theta(theta_i)> + sin(theta_i -
       theta_j) = 0.  F_i is (1/Z_i) sum_j e^{w_ij} P^perp_{x_i} x_j, linear in
       the j-terms, so 1-4 give eq. (2) for *every* n, and for any Z_i that does
       not depend on j - in particular Z_i = n and softmax Z_i = sum_j e^{w_ij}.
    5. ``explicit_residuals``: the full field for n = n_explicit minus the
       printed eq. (2) (or its softmax version) is 0, entry by entry.
    6. ``appendix_bracket_residual``: the paper's own route, (cos theta_j -
       cos(theta_i - theta_j) cos theta_i) - sin theta_i sin(theta_i -
       theta_j) = 0, i.e. its identity after dividing by sin theta_i (valid
       where sin theta_i != 0; route 2-4 needs no division).
    """
    check_normalization(normalization)
    n_explicit = check_n(n_explicit, "n_explicit")
    a, b, _ = ab_symbols()
    ti, tj = sp.symbols("theta_i theta_j", real=True)
    K = sp.diag(a, b)
    xi, xj = circle_point(ti), circle_point(tj)
    w_model = attention_weight(xi, K, xj)
    w_residual = sp.simplify(sp.expand(sp.expand_trig(w_model - paper_w(a, b, ti, tj))))

    t = sp.Symbol("t", real=True)
    th = sp.Function("theta", real=True)(t)
    x_t = circle_point(th)
    chain = sp.simplify((x_t.diff(t).T * circle_tangent(th))[0, 0])
    chain_residual = sp.simplify(chain - th.diff(t))

    pair = (tangent_projection(xi, xj).T * circle_tangent(ti))[0, 0]
    pair_residual = sp.simplify(sp.expand(sp.expand_trig(pair + sp.sin(ti - tj))))

    theta = angle_symbols(n_explicit)
    X = [circle_point(v) for v in theta]
    F = sphere_field_from_eq1(X, K, normalization)
    normal_res = [pythagoras((Fi.T * x)[0, 0]) for Fi, x in zip(F, X, strict=True)]
    derived = angular_field_from_eq1(theta, a, b, normalization)
    printed = paper_eq2(theta, a, b, normalization)
    explicit = [_zero(d - p) for d, p in zip(derived, printed, strict=True)]

    bracket = sp.cos(tj) - sp.cos(ti - tj) * sp.cos(ti) - sp.sin(ti) * sp.sin(ti - tj)
    bracket_residual = sp.simplify(sp.expand(sp.expand_trig(bracket)))

    wsym = sp.Symbol("w_{ij}")
    Zsym = sp.Symbol("Z_i")
    j = sp.Symbol("j")
    formula = sp.Eq(sp.Symbol(r"\dot\theta_i"),
                    -sp.Sum(sp.exp(wsym) * sp.sin(ti - tj), (j, 1, sp.Symbol("n")))
                    / (sp.Symbol("n") if normalization == "uniform" else Zsym))
    return {
        "w_model": w_model,
        "w_residual": w_residual,
        "chain_rule": chain,
        "chain_rule_residual": chain_residual,
        "pair_term": sp.simplify(pair),
        "pair_residual": pair_residual,
        "normal_residuals": normal_res,
        "explicit_zero": explicit,
        "appendix_bracket_residual": bracket_residual,
        "formula": formula,
        "derived_field_n": derived,
    }


def derive_kuramoto(n: int = 3) -> dict:
    """Appendix B: K = 0 gives Kuramoto with omega_i = 0 and kappa = 1 (solved for, not assumed).

    Paper: "When K = 0, we have w_ij = 0 and the dynamics (2) reduce to the
    classical Kuramoto model with zero natural frequencies and uniform
    coupling", i.e. theta_i' = omega_i + (kappa/n) sum_j sin(theta_j - theta_i)
    with omega_i = 0, kappa = 1.

    Proved: with K the zero matrix in eq. (1) (uniform Z_i = n), the derived
    angular field minus the Kuramoto field with unknown omega_i, kappa
    vanishes identically for each i iff omega_i = 0 and kappa = 1: the two
    unknowns are solved from the residual at theta = 0 and its theta_j-
    derivative there (so they are unique), then the residual with those values
    is simplified to 0 (explicit n).  By the per-pair identity of
    :func:`derive_angular_ode` the same holds for every n.  Also: w_ij = 0.
    """
    n = check_n(n)
    theta = angle_symbols(n)
    zero = sp.Integer(0)
    derived = angular_field_from_eq1(theta, zero, zero, "uniform")
    omega, kappa = sp.symbols("omega kappa", real=True)
    solutions, residuals = [], []
    for i, ti in enumerate(theta):
        kur = omega + kappa / n * sp.Add(*[sp.sin(tj - ti) for tj in theta])
        R = derived[i] - kur
        at0 = {v: 0 for v in theta}
        other = theta[(i + 1) % n]
        sol = sp.solve([R.subs(at0), R.diff(other).subs(at0)], [omega, kappa], dict=True)
        solutions.append(sol)
        if len(sol) == 1:
            residuals.append(sp.simplify(sp.expand(sp.expand_trig(R.subs(sol[0])))))
        else:
            residuals.append(None)
    x = circle_point(theta[0])
    w_zero = attention_weight(x, sp.zeros(2, 2), circle_point(theta[1]))
    return {"solutions": solutions, "residuals": residuals, "w_ij": w_zero,
            "derived_field": derived}


def prop1_explicit(n: int, normalization: str = "uniform") -> sp.Expr:
    """Proposition 1 for one n: sum_i theta_i' of the field derived from eq. (1), simplified.

    Paper: "The arithmetic mean angle theta_bar(t) = (1/n) sum_i theta_i(t) is
    conserved".  Returns the simplified sum (0 proves it for this n, symbolic
    a, b, theta).  Holds for the uniform normalization; for softmax the sum is
    returned too (it is *not* 0 in general: Z_i differs between particles, so
    the pairing argument breaks - see the tests).
    """
    n = check_n(n)
    a, b, _ = ab_symbols()
    field = angular_field_from_eq1(angle_symbols(n), a, b, normalization)
    return sp.simplify(sp.expand(sp.Add(*field)))


def prop1_general() -> dict:
    """Proposition 1 for symbolic n via the paper's pairing argument, carried by SymPy Sums.

    Paper's proof: "Since w_ij = w_ji and sin(theta_i - theta_j) =
    -sin(theta_j - theta_i), the double sum sum_i sum_j e^{w_ij} sin(theta_i -
    theta_j) vanishes by antisymmetry."

    SymPy steps (n a positive integer symbol, theta an IndexedBase):
    S = Sum_{i,j=1}^n T(i, j) with T(i, j) = e^{w_ij} sin(theta_i - theta_j);
    renaming the bound indices i <-> j and exchanging the two finite sums
    gives S = Sum_{i,j} T(j, i); so 2S = Sum_{i,j} (T(i, j) + T(j, i)), and
    SymPy reduces the summand T(i, j) + T(j, i) to 0.  Returns the summand
    residual, the combined double sum (evaluated: 0) and the w-symmetry
    residual.
    """
    n = sp.Symbol("n", integer=True, positive=True)
    i, j = sp.symbols("i j", integer=True, positive=True)
    th = sp.IndexedBase("theta", real=True)
    a, b, _ = ab_symbols()

    def T(p, q):
        return sp.exp(paper_w(a, b, th[p], th[q])) * sp.sin(th[p] - th[q])

    S = sp.Sum(T(i, j), (j, 1, n), (i, 1, n))
    renamed = S.xreplace({i: j, j: i})  # Sum(T(j, i), (i, 1, n), (j, 1, n))
    swapped = renamed.reorder((0, 1))  # Fubini for finite sums
    same_limits = swapped.limits == S.limits
    summand = sp.simplify(T(i, j) + swapped.function)
    two_S = sp.Sum(summand, *S.limits).doit()
    w_sym = sp.simplify(paper_w(a, b, th[i], th[j]) - paper_w(a, b, th[j], th[i]))
    return {"double_sum": S, "swapped": swapped, "same_limits": same_limits,
            "summand_residual": summand, "two_S": two_S, "w_symmetry_residual": w_sym}


def prop2_steps() -> dict:
    """Proposition 2: each step of the paper's proof, checked by SymPy.

    Paper: "If theta* is an equilibrium with all angles contained in an open
    semicircle (i.e., max_i theta*_i - min_i theta*_i < pi), then theta*_1 =
    ... = theta*_n."  Proof steps and what SymPy establishes (delta_j =
    theta*_m - theta*_j with m the arg max, so delta_j in [0, pi)):

    * ``equilibrium_row``: f_m = 0  <=>  sum_j e^{w_mj} sin(delta_j) = 0 - the
      derived field's m-th entry is -(1/n) times that sum (a, b real, n >= 1).
    * ``sin_min_on_range``: min of sin on [0, pi) is 0, so each sin(delta_j) >= 0.
    * ``weight_positive``: e^{w} > 0 for real w.
    * ``sum_of_nonnegatives``: "a sum of non-negative terms can only be zero
      if every term is zero": for one term u >= 0 and the rest r >= 0 with
      u + r = 0, SymPy reduces {u >= 0, -u >= 0} (r = -u) to u = 0.
    * ``zeros_of_sin``: {delta in [0, pi) : sin(delta) = 0} = {0}, hence
      theta*_j = theta*_m for all j.
    * ``sharpness``: the bipodal state (spread exactly pi) is an equilibrium,
      so the strict inequality cannot be relaxed to <= pi.
    Assumptions: K = diag(a, b) with a, b real (any sign), uniform or softmax
    Z_i > 0 (the proof uses only the sign of each term).
    """
    a, b, _ = ab_symbols()
    d = sp.Symbol("delta", real=True)
    n = 3
    theta = angle_symbols(n)
    field = angular_field_from_eq1(theta, a, b, "uniform")
    m = 0
    row_sum = sp.Add(*[sp.exp(paper_w(a, b, theta[m], tj)) * sp.sin(theta[m] - tj) for tj in theta])
    row_residual = sp.simplify(sp.expand(sp.expand_trig(field[m] + row_sum / n)))
    sin_min = sp.minimum(sp.sin(d), d, sp.Interval.Ropen(0, sp.pi))
    w = sp.Symbol("w", real=True)
    pos = sp.exp(w).is_positive
    u, rest = sp.symbols("u r", real=True)
    # term u >= 0, rest of the sum r >= 0, u + r = 0  =>  r = -u, so u >= 0 and -u >= 0
    only_zero = sp.reduce_inequalities([u >= 0, (-u) >= 0], u)
    zeros = sp.solveset(sp.sin(d), d, sp.Interval.Ropen(0, sp.pi))
    phi = sp.Symbol("phi", real=True)
    bip = angular_field_from_eq1([phi, phi + sp.pi], a, b, "uniform")
    return {"equilibrium_row_residual": row_residual, "sin_min_on_range": sin_min,
            "weight_positive": pos, "sum_of_nonnegatives": only_zero,
            "zeros_of_sin": zeros, "bipodal_velocity": [sp.simplify(v) for v in bip]}
