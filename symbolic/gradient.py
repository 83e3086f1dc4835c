"""Gradient structure of eq. (2) (ledger id ``ext-gradient-structure``; feeds ``conj4-lyapunov``).

Paper, Conjecture 4: "There is an energy function E: (S^1)^n -> R for the
dynamics (2) such that bipodal states are saddle points of E and consensus
states are local minima.  The Kuramoto model (K = 0) has a known energy
function; finding one for K != 0 remains open."

Proved here (uniform normalization Z_i = n, field derived from eq. (1)):

* :func:`isotropic_energy`: for K = a I (a != 0) the field is
  theta_i' = -dV/dtheta_i with V = -(1/(2 n a)) sum_{i,j} e^{a cos(theta_i - theta_j)};
  the constant c in the ansatz V = c sum_{i,j} e^{a cos(theta_i - theta_j)} is
  *solved for*, not assumed, and the residual is 0 for the explicit n.
  (a = 0, Kuramoto: V = -(1/(2n)) sum cos(theta_i - theta_j), the a -> 0
  limit of V + const.)  Along solutions dV/dt = -|theta'|^2 <= 0.
* :func:`jacobian_asymmetry`: for K = diag(a, b) the antisymmetric part
  J - J^T of the Jacobian of (2), in closed form for explicit n; it
  vanishes for a = b; its (1, 2) entry is (a - b)/n e^{w_12}
  sin(theta_1 - theta_2) sin(theta_1 + theta_2) (checked for explicit n),
  and its value at theta = (0, pi/4, ...) is evaluated exactly.  A C^1 field
  on the torus with theta' = -grad V
  (Euclidean metric in the angles) has a symmetric Jacobian (Hessian of V)
  everywhere, so for a != b *no* such V exists (for any constant multiple
  either).  This does not exclude a Lyapunov function that is not a
  gradient potential, nor a gradient structure for another metric.
"""

from __future__ import annotations

import sympy as sp

from symbolic.angular import canonical
from symbolic.model import angle_symbols, angular_field_from_eq1, check_n


def isotropic_energy(n: int) -> dict:
    """Solve for c in V = c sum_{i,j} e^{a cos(theta_i - theta_j)} with theta' = -grad V (K = aI)."""
    n = check_n(n)
    a = sp.Symbol("a", nonzero=True, real=True)
    theta = angle_symbols(n)
    field = angular_field_from_eq1(theta, a, a, "uniform")
    c = sp.Symbol("c")
    V = c * sp.Add(*[sp.exp(a * sp.cos(ti - tj)) for ti in theta for tj in theta])
    # Solve the first component at a generic point for c, then check every component.
    r0 = canonical(field[0] + sp.diff(V, theta[0]))
    sol = sp.solve(r0.subs({t: sp.Rational(v + 1, 7) for v, t in enumerate(theta)}), c)
    residuals = []
    if len(sol) == 1:
        Vs = V.subs(c, sol[0])
        residuals = [sp.simplify(canonical(f + sp.diff(Vs, t))) for f, t in zip(field, theta, strict=True)]
    # Kuramoto limit: a = 0 uses V0 = -(1/(2n)) sum cos.
    field0 = angular_field_from_eq1(theta, 0, 0, "uniform")
    V0 = -sp.Rational(1, 2 * n) * sp.Add(*[sp.cos(ti - tj) for ti in theta for tj in theta])
    res0 = [sp.simplify(canonical(f + sp.diff(V0, t))) for f, t in zip(field0, theta, strict=True)]
    dVdt = sp.simplify(canonical(sum(sp.diff(V.subs(c, sol[0]), t) * f
                                     for f, t in zip(field, theta, strict=True))
                                 + sum(f**2 for f in field))) if len(sol) == 1 else None
    return {"c_solutions": sol, "V": V.subs(c, sol[0]) if len(sol) == 1 else None,
            "residuals": residuals, "kuramoto_V": V0, "kuramoto_residuals": res0,
            "dVdt_plus_speed2": dVdt}


def jacobian_asymmetry(n: int) -> dict:
    """J - J^T of the derived field (2) for K = diag(a, b), explicit n, and one exact nonzero value."""
    n = check_n(n)
    a, b = sp.symbols("a b", real=True)
    theta = angle_symbols(n)
    J = sp.Matrix(angular_field_from_eq1(theta, a, b, "uniform")).jacobian(theta)
    anti = (J - J.T).applyfunc(lambda e: sp.simplify(canonical(e)))
    iso = anti.subs(b, a).applyfunc(lambda e: sp.simplify(canonical(e)))
    # An exact point: theta = (0, pi/4, pi/2, ...), entry (0, 1).
    pt = {t: sp.pi * v / 4 for v, t in enumerate(theta)}
    value = sp.nsimplify(sp.simplify(anti[0, 1].subs(pt)))
    return {"antisymmetric_part": anti, "isotropic_antisymmetric_zero": iso == sp.zeros(n, n),
            "entry_01": sp.factor(anti[0, 1]), "entry_01_at_point": sp.simplify(anti[0, 1].subs(pt)),
            "point": pt, "value_simplified": value}
