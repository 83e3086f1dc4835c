"""``metastab escape``: measure the escape rate from a bipodal saddle of eq. (2) in mpmath.

Starts at the bipodal state (k angles at phi, n-k at phi + pi), displaced by eps along
its unstable direction, integrates eq. (2) with the GBS extrapolation integrator of
:mod:`numeric.highprec.ode` and prints the measured growth rate next to the closed form
(e^{-gamma(phi)} for Z_i = n, the paper's eq. (4)), with the agreeing digits, the digits
that reruns at other precisions/tolerances/windows leave unchanged, and the precision
used.  ``--quad-check`` adds the n = 2 reference: the balanced escape time from the
one-dimensional integral (:mod:`numeric.highprec.reference_n2`) against the integrator.

The heavy modules are imported inside :func:`run`, so ``metastab --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--K", required=True, help="K = diag(a, b) as a,b (e.g. 2,5)")
    parser.add_argument("--phi", default="0",
                        help="orientation: 0, pi/6, pi/4, pi/3, pi/2 or a number (default 0)")
    parser.add_argument("--n", type=int, default=2, help="number of particles (default 2)")
    parser.add_argument("--k", type=int, default=None, help="particles at phi (default n/2)")
    parser.add_argument("--normalization", default="uniform", choices=("uniform", "softmax"))
    parser.add_argument("--eps", default="1e-30", help="initial displacement (default 1e-30)")
    parser.add_argument("--plan", default="50:1e-18,60:1e-18,60:1e-22",
                        help="runs as dps:rtol,...; the last is reported, the others give the error "
                             "estimate (default 50:1e-18,60:1e-18,60:1e-22)")
    parser.add_argument("--quad-check", action="store_true",
                        help="also check the integrator against the n = 2 quadrature (uniform, balanced)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def _parse_K(text: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise ValueError(f"K: expected a,b (two numbers), got {text!r}")
    try:
        return float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError(f"K: expected a,b (two numbers), got {text!r}") from None


def _parse_plan(text: str) -> list[tuple[int, str]]:
    plan = []
    for item in text.split(","):
        try:
            dps, rtol = item.split(":")
            plan.append((int(dps), str(float(rtol))))
        except ValueError:
            raise ValueError(f"plan: expected dps:rtol[,dps:rtol...], got {text!r}") from None
        if plan[-1][0] < 20:
            raise ValueError(f"plan: dps must be >= 20, got {plan[-1][0]}")
    return plan


def run(args: argparse.Namespace) -> int:
    import mpmath

    from numeric.highprec.escape import (
        angular_saddle,
        balanced_escape_time,
        digits_between,
        phi_value,
        predicted_rate,
        rate_study,
    )
    from numeric.highprec.reference_n2 import escape_time_quad

    K = _parse_K(args.K)
    plan = _parse_plan(args.plan)
    with mpmath.workdps(30):
        phi_value(args.phi)  # validates the angle (ValueError naming phi)
    n, k, norm = args.n, args.k, args.normalization
    result = rate_study(lambda: angular_saddle(K, phi_value(args.phi), n, k, norm),
                        lambda: predicted_rate(K, args.phi, n, k, norm), eps=args.eps, plan=plan)
    out = {"K": list(K), "phi": args.phi, "n": n, "k": n // 2 if k is None else k,
           "normalization": norm, **result}
    if args.quad_check:
        if norm != "uniform" or (k is not None and 2 * k != n):
            raise ValueError("quad-check: needs the balanced state with --normalization uniform")
        dps = plan[-1][0]
        with mpmath.workdps(dps):
            phi = mpmath.nstr(phi_value(args.phi), dps)
        q = escape_time_quad(K, phi, "1e-8", "1", dps=dps)
        T = balanced_escape_time(K, phi, n, "1e-8", "1", dps=dps, tol=f"1e-{dps - 6}")
        out["quad_check"] = {"u0": "1e-8", "u1": "1", "T_quad": q["T"], "T_integrator": T,
                             "digits": round(digits_between(T, q["T"]), 1), "dps": dps}
    if args.json:
        json.dump(out, sys.stdout, indent=2)
        print()
        return 0
    print(f"K = diag{tuple(K)}, phi = {args.phi}, n = {n}, k = {out['k']}, Z_i: {norm}, eps = {out['eps']}")
    print(f"measured  rate = {result['measured']}")
    print(f"predicted rate = {result['predicted']}")
    print(f"agreeing digits {result['digits']:.1f}; stable digits {result['stable_digits']:.1f} "
          f"(error estimate {result['error_estimate']}); precision {result['dps']} digits; "
          f"runs (dps, rtol) = {plan}")
    if args.quad_check:
        qc = out["quad_check"]
        print(f"n = 2 reference: T_quad = {qc['T_quad'][:40]}, integrator {qc['T_integrator'][:40]}, "
              f"{qc['digits']} digits at {qc['dps']} digits")
    return 0
