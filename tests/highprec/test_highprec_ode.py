"""The GBS integrator (numeric.highprec.ode) on problems with known solutions."""

from __future__ import annotations

import mpmath
import pytest

from numeric.highprec.ode import gbs_step, solve, time_to_level


def test_harmonic_oscillator_to_working_precision() -> None:
    """y'' = -y from (1, 0): y(t) = cos t; 50 digits, tol 1e-45, t up to 10."""
    with mpmath.workdps(50):
        f = lambda y: [y[1], -y[0]]
        ys, st = solve(f, [1, 0], [1, 5, 10], H=1, tol=mpmath.mpf("1e-45"))
        for t, y in zip([1, 5, 10], ys, strict=True):
            # tol 1e-45 per step, <= 12 steps, the tableau estimate can be ~10x optimistic
            assert abs(y[0] - mpmath.cos(t)) < mpmath.mpf("1e-42")
            assert abs(y[1] + mpmath.sin(t)) < mpmath.mpf("1e-42")
        assert st.steps >= 10 and st.nfev > 0


def test_precision_is_what_limits_accuracy() -> None:
    """The same problem at 30 digits cannot beat ~1e-29, and asks for a tolerance it can reach."""
    with mpmath.workdps(30):
        (y,), _ = solve(lambda y: [y[0]], [1], [2], H=1, tol=mpmath.mpf("1e-26"))
        err = abs(y[0] - mpmath.exp(2))
        assert err < mpmath.mpf("1e-24")  # 1e-26 per step x 2 steps x e^2, with a 10x margin
        with pytest.raises(ValueError, match="^tol"):
            solve(lambda y: [y[0]], [1], [2], H=1, tol=mpmath.mpf("1e-45"), max_halvings=3)


def test_gbs_order_increases_with_columns() -> None:
    """More extrapolation columns give a smaller error on y' = y over H = 1 (order 2j)."""
    with mpmath.workdps(60):
        errs = []
        for k in (2, 4, 8, 12):
            y, _, _ = gbs_step(lambda y: [y[0]], [1], 1, mpmath.mpf(0), k_max=k)
            errs.append(abs(y[0] - mpmath.e))
        # measured 4.7e-3, 1.5e-6, 1.5e-15, 3.4e-26: each step up in order gains >= 1e3
        assert all(e1 > 1e3 * e2 for e1, e2 in zip(errs, errs[1:], strict=False))
        assert errs[-1] < mpmath.mpf("1e-24")  # order 24 with H = 1 (1/(2j)! scale constants)


def test_time_to_level_exponential() -> None:
    """y' = y from 1 reaches 10 at t = ln 10 (Newton on the crossing time)."""
    with mpmath.workdps(50):
        t, y, _ = time_to_level(lambda y: [y[0]], [1], [1], 10, H="0.7", tol=mpmath.mpf("1e-44"))
        assert abs(t - mpmath.log(10)) < mpmath.mpf("1e-42")  # |g - 10| <= 1e-44 => |dt| <= 1e-45
        assert abs(y[0] - 10) <= mpmath.mpf("1e-44")


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"H": 0}, "H"), ({"H": "x"}, "H"), ({"tol": -1}, "tol"), ({"k_max": 1}, "k_max")],
)
def test_bad_arguments(kwargs: dict, name: str) -> None:
    args = {"H": 1, "tol": 1e-10, "k_max": 8} | kwargs
    with pytest.raises(ValueError, match=f"^{name}:"):
        solve(lambda y: y, [1], [1], **args)
    with pytest.raises(ValueError, match="^times:"):
        solve(lambda y: y, [1], [2, 1], H=1, tol=1e-10)
