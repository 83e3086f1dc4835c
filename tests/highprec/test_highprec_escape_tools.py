"""Unit tests for numeric.highprec.escape, reference_n2 and the ``metastab escape`` command."""

from __future__ import annotations

import json

import mpmath
import pytest

from numeric.highprec.escape import (
    angular_saddle,
    balanced_unstable_direction,
    bipodal_angles,
    measure_rate,
    predicted_rate,
    unstable_direction,
)
from numeric.highprec.field import angular_field
from numeric.highprec.reference_n2 import escape_time_quad, linear_rate, separation_rate
from verify.cli import main


def test_symmetric_subspace_direction_is_paper_v_minus() -> None:
    """Balanced uniform state: the computed escape pair is (e^{-gamma}, v-) (Appendix C)."""
    with mpmath.workdps(50):
        phi = mpmath.pi / 6
        f = lambda th: angular_field(th, (2, 5))
        lam, v = unstable_direction(f, bipodal_angles(6, phi), [range(3), range(3, 6)])
        vm = balanced_unstable_direction(6)
        g = 2 * mpmath.cos(phi) ** 2 + 5 * mpmath.sin(phi) ** 2
        # central differences with h = 1e-16 at 50 digits: error ~1e-32
        assert abs(lam - mpmath.exp(-g)) < mpmath.mpf("1e-30")
        assert max(abs(a - b) for a, b in zip(v, vm, strict=True)) < mpmath.mpf("1e-30")


def test_unbalanced_direction_is_mean_preserving() -> None:
    """k at phi, m = n - k at phi + pi: the escape eigenvector is m 1_X - k 1_Y (up to scale)."""
    with mpmath.workdps(50):
        s = angular_saddle((1, 3), "0.4", 5, 2, "uniform")
        ratio = s.v[0] / s.v[-1]
        assert abs(ratio - mpmath.mpf(-3) / 2) < mpmath.mpf("1e-30")  # same 1e-32 difference error
        assert s.v[0] == s.v[1] and s.v[2] == s.v[3] == s.v[4]  # exactly cluster-symmetric


def test_reference_rate_is_gamma() -> None:
    """h'(0) of the n = 2 reduction equals e^{-gamma(phi)} and h(u)/u -> it."""
    with mpmath.workdps(40):
        lam = linear_rate((2, 5), "0.3")
        assert abs(lam - predicted_rate((2, 5), "0.3", 2)) < mpmath.mpf("1e-38")  # same formula, rounding
        # h(u)/u - h'(0) = O(u^2) (measured 1.6e-31 at u = 1e-15): 1e-28 leaves 1000x and catches O(u)
        assert abs(separation_rate("1e-15", (2, 5), "0.3") / mpmath.mpf("1e-15") - lam) < mpmath.mpf("1e-28")


def test_quad_depends_on_precision_only_in_last_digits() -> None:
    a = escape_time_quad((1, 3), "0.2", "1e-5", "2", dps=30)
    b = escape_time_quad((1, 3), "0.2", "1e-5", "2", dps=45)
    with mpmath.workdps(50):
        assert abs(mpmath.mpf(a["T"]) - mpmath.mpf(b["T"])) < mpmath.mpf("1e-26")  # 30-digit quad


def test_precision_is_scoped() -> None:
    """Every entry point leaves the global precision alone and returns strings of dps digits."""
    r = measure_rate(lambda: angular_saddle((1, 3), "0.5", 2), dps=30, eps="1e-12", rtol="1e-8")
    assert mpmath.mp.dps == 15
    assert len(r["rate"].replace("0.", "", 1).lstrip("0")) >= 29


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"dps": 10}, "dps"), ({"dps": 30, "eps": "0.1"}, "eps"), ({"dps": 30, "rtol": "2"}, "rtol")],
)
def test_measure_rate_bad_arguments(kwargs: dict, name: str) -> None:
    with pytest.raises(ValueError, match=f"^{name}:"):
        measure_rate(lambda: angular_saddle((1, 3), "0.5", 2), **kwargs)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: bipodal_angles(3, 0), "n"),
        (lambda: bipodal_angles(4, 0, 4), "k"),
        (lambda: angular_saddle((1, 3), 0, 4, 1, direction="paper"), "direction"),
        (lambda: angular_saddle((1, 3), 0, 4, normalization="x"), "normalization"),
        (lambda: escape_time_quad((1, 3), 0, "1", "0.5"), "u1"),
        (lambda: predicted_rate((1, 3), "pi/7", 2), "phi"),
    ],
)
def test_bad_input_names_the_argument(call, name: str) -> None:
    with pytest.raises(ValueError, match=f"^{name}:"):
        call()


def test_cli_escape_json(capsys) -> None:
    rc = main(["escape", "--K", "1,3", "--phi", "pi/4", "--n", "2", "--eps", "1e-12",
               "--plan", "25:1e-6,30:1e-8", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dps"] == 30 and out["k"] == 1 and len(out["runs"]) == 2
    # 30 digits, eps 1e-12 (nonlinear bias ~ eps^2), rtol 1e-8: >= 8 digits with a margin
    assert out["digits"] >= 8
    assert out["predicted"].startswith("0.1353352832366126918939994949")  # e^-2


def test_cli_escape_bad_input(capsys) -> None:
    assert main(["escape", "--K", "1,x"]) == 2
    assert "K:" in capsys.readouterr().err
    assert main(["escape", "--K", "1,3", "--plan", "10:1e-3"]) == 2
    assert "plan:" in capsys.readouterr().err
