"""Time integrators: the paper's explicit Euler protocol, solve_ivp, projected Euler on S^{d-1}.

* :func:`euler_run` - explicit Euler ``theta <- theta + h f(theta)`` with h = 0.1 by
  default, counting steps until sigma_theta < 0.05 (the paper's protocol, section
  "Scaling Laws"), batched over seeds (arrays (seeds, n)).  It records both
  readings of sigma_theta (:mod:`numeric.observables`), the mean speed every step,
  and a stability diagnostic: the stiffest local rate estimated from the state
  (:func:`numeric.stability.diagonal_rate`) every ``check_every`` steps, at steps
  1, 2, 4, 8, ... and at each seed's last step, flagged
  when h * rate >= 2 (explicit Euler's stability limit, h|lambda| < 2 for real
  negative lambda; Hairer & Wanner, Solving ODEs II, IV.2).
* :func:`integrate_ivp` - scipy ``solve_ivp`` (DOP853 by default) for continuous-time
  comparisons.
* :func:`sphere_euler_step` / :func:`sphere_euler_run` - projected Euler on S^{d-1}:
  step along the tangent field of eq. (1), then renormalise each point.
* :func:`sphere_integrate_ivp` - continuous-time eq. (1) on S^{d-1} with an adaptive
  stiff-switching solver (LSODA), stopped by an event at a given spread.

Determinism: the field is evaluated row by row (see :mod:`numeric.fourier`), and a
seed that has stopped is removed from the active batch; the numbers of a seed
are bitwise the same whatever batch it runs in (tested).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.integrate import solve_ivp

from numeric.model import make_angular_field, sphere_velocity
from numeric.observables import SIGMA_KINDS, sigma_theta
from numeric.validation import check_angles, check_normalization, check_points, check_step

Field = Callable[[np.ndarray], np.ndarray]


class _Series:
    """Per-seed time series stored in blocks of ``block`` steps (no max_steps-sized preallocation)."""

    def __init__(self, seeds: int, block: int = 16384):
        self.seeds, self.block, self.blocks = seeds, block, []

    def set(self, rows: np.ndarray, step: int, values: np.ndarray) -> None:
        k, j = divmod(step, self.block)
        while len(self.blocks) <= k:
            self.blocks.append(np.full((self.seeds, self.block), np.nan))
        self.blocks[k][rows, j] = values

    def array(self, last: int) -> np.ndarray:
        """Steps 0..last as one (seeds, last+1) array."""
        return np.concatenate(self.blocks, axis=1)[:, :last + 1]


def euler_step(theta: np.ndarray, f: Field, h: float) -> np.ndarray:
    """One explicit Euler step ``theta + h * f(theta)`` (no checks; for loops)."""
    return theta + h * f(theta)


@dataclass
class EulerRun:
    """Result of :func:`euler_run` for S seeds (all arrays indexed by seed first).

    ``T[kind]``: first step count at which sigma_theta(kind) < sigma_stop, or -1
    if not reached by the time the run stopped (``capped`` says the step cap was hit).
    ``speed``: (S, steps_recorded) mean_i |theta_i'| at steps 0, 1, ... (NaN after a
    seed stopped).  ``snapshots``: step -> (S, n) angles for the requested steps.
    ``stability``: the largest h * rate seen per seed and the steps where it was >= 2.
    """

    K: tuple[float, float]
    normalization: str
    h: float
    method: str
    stop_kind: str
    sigma_stop: float
    T: dict[str, np.ndarray]
    capped: np.ndarray
    speed: np.ndarray
    sigma: dict[str, np.ndarray]
    theta_final: np.ndarray
    snapshots: dict[int, np.ndarray] = field(default_factory=dict)
    max_h_rate: np.ndarray | None = None
    unstable_steps: list[list[int]] = field(default_factory=list)

    def summary(self) -> dict:
        """JSON-able summary (names the sigma_theta reading and the stability diagnostic)."""
        return {
            "K": list(self.K), "normalization": self.normalization, "h": self.h,
            "method": self.method, "stop_statistic": f"sigma_theta ({self.stop_kind}) < {self.sigma_stop}",
            "T": {k: v.tolist() for k, v in self.T.items()}, "capped": self.capped.tolist(),
            "max_h_times_rate": None if self.max_h_rate is None else self.max_h_rate.tolist(),
            "euler_unstable_seeds": [i for i, s in enumerate(self.unstable_steps) if s],
            "warnings": [f"seed index {i}: explicit Euler stability limit violated (h * stiffest "
                         f"diagonal rate >= 2) at checked steps {s[:5]}{'...' if len(s) > 5 else ''}; "
                         "numbers come from an unstable discretisation"
                         for i, s in enumerate(self.unstable_steps) if s],
        }


def euler_run(theta0, K, normalization: str = "uniform", *, h: float = 0.1,
              max_steps: int = 100_000, sigma_stop: float = 0.05, stop_kind: str = "circular",
              method: str = "auto", snapshot_steps: tuple[int, ...] = (),
              check_every: int = 100, progress: bool = False) -> EulerRun:
    """Explicit Euler from ``theta0`` (shape (n,) or (S, n)) until sigma_theta(stop_kind) < sigma_stop.

    Each seed stops on its own; T counts Euler steps (T = 0 if theta0 already
    satisfies the criterion).  Both sigma readings are tracked every step and
    their first-passage steps reported in ``T``.
    """
    theta = check_angles(theta0, "theta0")
    theta = np.atleast_2d(theta).reshape(-1, theta.shape[-1]).copy()
    h = check_step(h)
    check_normalization(normalization)
    if stop_kind not in SIGMA_KINDS:
        raise ValueError(f"stop_kind: expected one of {SIGMA_KINDS}, got {stop_kind!r}")
    if int(max_steps) < 0:
        raise ValueError(f"max_steps: expected a non-negative integer, got {max_steps}")
    if not (np.isfinite(sigma_stop) and sigma_stop > 0):
        raise ValueError(f"sigma_stop: expected a positive number, got {sigma_stop!r}")
    if int(check_every) < 1:
        raise ValueError(f"check_every: expected a positive integer, got {check_every}")
    from numeric.model import choose_method
    from numeric.stability import diagonal_rate
    from numeric.validation import check_K2

    a, b = check_K2(K)
    S, n = theta.shape
    used = choose_method(n, a, b) if method == "auto" else method
    f = make_angular_field((a, b), normalization, n=n, method=used)
    max_steps = int(max_steps)
    T = {k: np.full(S, -1, dtype=np.int64) for k in SIGMA_KINDS}
    speed = _Series(S)
    sig = {k: _Series(S) for k in SIGMA_KINDS}
    snaps = {int(s): np.full((S, n), np.nan) for s in snapshot_steps}
    max_rate = np.zeros(S)
    unstable: list[list[int]] = [[] for _ in range(S)]
    final = theta.copy()
    active = np.arange(S)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=max_steps, unit="step", desc=f"Euler K=diag({a:g},{b:g}) {normalization}")
    step = 0
    last = 0
    while True:
        th = theta[active]
        for kind in SIGMA_KINDS:
            s = sigma_theta(th, kind)
            sig[kind].set(active, step, s)
            newly = (T[kind][active] < 0) & (s < sigma_stop)
            T[kind][active[newly]] = step
        if step in snaps:
            snaps[step][active] = th
        done = T[stop_kind][active] >= 0
        # Stability check: every check_every steps, at powers of two (short runs), and
        # for seeds stopping now or at the cap (their final state is checked too).
        if step % check_every == 0 or (step & (step - 1)) == 0 or done.any() or step >= max_steps:
            r = h * diagonal_rate(th, (a, b), normalization)
            max_rate[active] = np.maximum(max_rate[active], r)
            for idx in np.flatnonzero(r >= 2.0):
                unstable[active[idx]].append(step)
        v = f(th)
        speed.set(active, step, np.mean(np.abs(v), axis=-1))
        if done.any() or step >= max_steps:
            stop_now = active[done] if step < max_steps else active
            final[stop_now] = theta[stop_now]
            keep = ~done if step < max_steps else np.zeros(len(active), bool)
            active = active[keep]
            v = v[keep]
            th = th[keep]
        if active.size == 0:
            break
        theta[active] = th + h * v
        step += 1
        if bar is not None and step - last >= 1000:
            bar.update(step - last)
            last = step
    if bar is not None:
        bar.update(step - last)
        bar.close()
    capped = T[stop_kind] < 0
    return EulerRun((a, b), normalization, h, used, stop_kind, float(sigma_stop), T, capped,
                    speed.array(step), {k: v.array(step) for k, v in sig.items()},
                    final, snaps, max_rate, unstable)


def integrate_ivp(theta0, K, normalization: str = "uniform", *, t_span: tuple[float, float],
                  t_eval=None, rtol: float = 1e-10, atol: float = 1e-12,
                  solver: str = "DOP853", method: str = "auto"):
    """Continuous-time solution of eq. (2) with ``scipy.integrate.solve_ivp``.

    ``theta0`` of shape (n,) or (S, n) is integrated as one system (seeds do
    not interact).  Returns the ``OdeResult``; ``sol.y`` has shape (S*n, len(t)).
    """
    theta = check_angles(theta0, "theta0")
    shape = theta.shape
    f = make_angular_field(K, normalization, n=shape[-1], method=method)

    def rhs(_t: float, y: np.ndarray) -> np.ndarray:
        return f(y.reshape(shape)).ravel()

    sol = solve_ivp(rhs, t_span, theta.ravel(), method=solver, t_eval=t_eval, rtol=rtol, atol=atol)
    if not sol.success:
        raise RuntimeError(f"solve_ivp failed: {sol.message}")
    return sol


def _kernel_matrix(K, d: int) -> np.ndarray:
    """K as a d x d array (a length-d vector means diag(K))."""
    Kd = np.asarray(K, dtype=np.float64)
    return np.diag(Kd) if Kd.shape == (d,) else Kd


def sphere_euler_step(X: np.ndarray, K, h: float, normalization: str = "uniform",
                      Q=None, V=None, beta: float = 1.0) -> np.ndarray:
    """Projected Euler on S^{d-1}: ``x <- (x + h v(x)) / |x + h v(x)|`` with v of eq. (1).

    v is tangent (v . x = 0), so |x + h v| = sqrt(1 + h^2 |v|^2) >= 1 never vanishes.
    """
    h = check_step(h)
    Y = X + h * sphere_velocity(X, K, normalization, Q, V, beta)
    return Y / np.linalg.norm(Y, axis=-1, keepdims=True)


def sphere_euler_run(X0, K, normalization: str = "uniform", *, h: float = 0.1,
                     max_steps: int = 20_000, spread_stop: float = 0.05,
                     snapshot_steps: tuple[int, ...] = (), progress: bool = False) -> dict:
    """Projected Euler on S^{d-1} for X0 of shape (n, d) until the spread < spread_stop.

    The spread is sqrt(-2 ln R) with R = |mean_i x_i| (the spherical analogue of
    the circular standard deviation).  Returns speeds, spreads, snapshots, the
    final state, the stopping step T (-1 if the cap was hit) and the largest
    deviation | |x| - 1 | seen (it is renormalised away each step).
    """
    X = check_points(X0, "X0").copy()
    h = check_step(h)
    check_normalization(normalization)
    d = X.shape[-1]
    Kd = _kernel_matrix(K, d)
    speeds, spreads = [], []
    snaps = {}
    T = -1
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=max_steps, unit="step", desc=f"projected Euler on S^{d - 1}")
    for step in range(int(max_steps) + 1):
        R = np.linalg.norm(X.mean(axis=-2), axis=-1)
        spread = float(np.sqrt(-2.0 * np.log(np.clip(R, 1e-300, 1.0))))
        spreads.append(spread)
        if step in snapshot_steps:
            snaps[step] = X.copy()
        v = sphere_velocity(X, Kd, normalization)
        speeds.append(float(np.mean(np.linalg.norm(v, axis=-1))))
        if spread < spread_stop:
            T = step
            break
        if step == max_steps:
            break
        X = X + h * v
        X /= np.linalg.norm(X, axis=-1, keepdims=True)
        if bar is not None and step % 1000 == 0:
            bar.update(1000)
    if bar is not None:
        bar.close()
    return {"T": T, "speed": np.array(speeds), "spread": np.array(spreads), "snapshots": snaps,
            "X_final": X, "norm_drift": float(np.abs(np.linalg.norm(X, axis=-1) - 1).max())}


def sphere_integrate_ivp(X0, K, normalization: str = "uniform", *, t_max: float,
                         spread_stop: float = 0.05, rtol: float = 1e-8, atol: float = 1e-10,
                         solver: str = "LSODA") -> dict:
    """Continuous-time eq. (1) on S^{d-1} (Q = V = I, beta = 1) until the spread < ``spread_stop``.

    The field is evaluated at the renormalised points x / |x|: the exact flow stays on
    the sphere, so the integrator's drift off it (reported) measures its error, and the
    renormalisation keeps the field itself exact.  LSODA (Petzold 1983) switches to BDF
    on the stiff plateau, where the step can grow to many time units.  Returns the
    accepted times ``t``, the mean speed and spread there, the stopping time (None if
    ``t_max`` came first), the points at every accepted step (``X``, shape
    (len(t), n, d)) and the largest | |x| - 1 | seen.
    """
    X = check_points(X0, "X0").copy()
    check_normalization(normalization)
    if not (np.isfinite(t_max) and t_max > 0):
        raise ValueError(f"t_max: expected a positive finite time, got {t_max!r}")
    shape = X.shape
    d = shape[-1]
    Kd = _kernel_matrix(K, d)

    def unit(y: np.ndarray) -> np.ndarray:
        Y = y.reshape(shape)
        return Y / np.linalg.norm(Y, axis=-1, keepdims=True)

    def spread_of(Y: np.ndarray) -> float:
        R = np.linalg.norm(Y.mean(axis=-2), axis=-1)
        return float(np.sqrt(-2.0 * np.log(np.clip(R, 1e-300, 1.0))))

    def rhs(_t: float, y: np.ndarray) -> np.ndarray:
        return sphere_velocity(unit(y), Kd, normalization).ravel()

    def stop(_t: float, y: np.ndarray) -> float:
        return spread_of(unit(y)) - spread_stop

    stop.terminal = True
    sol = solve_ivp(rhs, (0.0, float(t_max)), X.ravel(), method=solver, rtol=rtol, atol=atol,
                    events=stop)
    if sol.status < 0:
        raise RuntimeError(f"solve_ivp failed: {sol.message}")
    Y = sol.y.T.reshape((sol.t.size, *shape))
    drift = float(np.abs(np.linalg.norm(Y, axis=-1) - 1).max())
    Xs = Y / np.linalg.norm(Y, axis=-1, keepdims=True)
    speed = np.array([np.mean(np.linalg.norm(sphere_velocity(x, Kd, normalization), axis=-1)) for x in Xs])
    spread = np.array([spread_of(x) for x in Xs])
    t_stop = float(sol.t_events[0][0]) if sol.t_events[0].size else None
    return {"t": sol.t, "speed": speed, "spread": spread, "t_stop": t_stop, "X": Xs,
            "norm_drift": drift, "nfev": int(sol.nfev), "solver": solver, "rtol": rtol, "atol": atol}
