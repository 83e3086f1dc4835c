"""Argument checks that raise a ``ValueError`` naming the bad argument."""

from __future__ import annotations

import numpy as np

NORMALIZATIONS = ("uniform", "softmax")


def check_normalization(normalization: str) -> str:
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization: expected one of {NORMALIZATIONS}, got {normalization!r}")
    return normalization


def check_angles(theta, name: str = "theta") -> np.ndarray:
    """Angles of shape (..., n) with n >= 2, finite, as float64."""
    try:
        arr = np.asarray(theta, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected an array of real angles") from None
    if arr.ndim < 1 or arr.shape[-1] < 2:
        raise ValueError(f"{name}: expected shape (..., n) with n >= 2, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: contains non-finite values")
    return arr


def check_K2(K) -> tuple[float, float]:
    """K = (a, b) or a 2x2 diagonal array -> (a, b) floats."""
    try:
        arr = np.asarray(K, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("K: expected (a, b) or a 2x2 diagonal array") from None
    if arr.shape == (2,):
        a, b = arr
    elif arr.shape == (2, 2):
        if arr[0, 1] != 0.0 or arr[1, 0] != 0.0:
            raise ValueError("K: the S^1 angular field needs a diagonal K = diag(a, b)")
        a, b = arr[0, 0], arr[1, 1]
    else:
        raise ValueError(f"K: expected (a, b) or a 2x2 diagonal array, got shape {arr.shape}")
    if not (np.isfinite(a) and np.isfinite(b)):
        raise ValueError("K: entries must be finite")
    return float(a), float(b)


def check_matrix(M, d: int, name: str, *, symmetric: bool = False) -> np.ndarray:
    """A d x d real matrix (a length-d vector means its diagonal)."""
    try:
        arr = np.asarray(M, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected a real {d}x{d} matrix") from None
    if arr.shape == (d,):
        arr = np.diag(arr)
    if arr.shape != (d, d):
        raise ValueError(f"{name}: expected shape ({d}, {d}) or ({d},), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: contains non-finite values")
    if symmetric and not np.allclose(arr, arr.T, rtol=0, atol=1e-12 * max(1.0, np.abs(arr).max())):
        raise ValueError(f"{name}: must be symmetric")
    return arr


def check_points(X, name: str = "X") -> np.ndarray:
    """Points of shape (..., n, d), n >= 2, d >= 2, finite, unit norm."""
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected an array of points") from None
    if arr.ndim < 2 or arr.shape[-2] < 2 or arr.shape[-1] < 2:
        raise ValueError(f"{name}: expected shape (..., n, d) with n >= 2, d >= 2, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: contains non-finite values")
    norms = np.linalg.norm(arr, axis=-1)
    if not np.allclose(norms, 1.0, rtol=0, atol=1e-8):
        raise ValueError(f"{name}: points must lie on the unit sphere (max |norm-1| = "
                         f"{np.abs(norms - 1).max():.2e})")
    return arr


def check_step(h) -> float:
    try:
        h = float(h)
    except (TypeError, ValueError):
        raise ValueError(f"h: expected a positive step size, got {h!r}") from None
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"h: expected a positive step size, got {h!r}")
    return h
