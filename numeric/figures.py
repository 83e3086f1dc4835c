"""Matplotlib figures for the simulations: circle snapshots, speed curves with phases, S^2 scatter.

Each function returns a ``matplotlib.figure.Figure`` (pass it to
``evidence.figure`` or save it); nothing here computes physics.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure


def circle_snapshots(snapshots: dict[int, np.ndarray], title: str = "") -> Figure:
    """One panel per step: the particles on the unit circle (snapshots: step -> (n,) angles)."""
    steps = sorted(snapshots)
    fig = Figure(figsize=(2.6 * len(steps), 2.8))
    for k, s in enumerate(steps):
        ax = fig.add_subplot(1, len(steps), k + 1)
        t = np.linspace(0, 2 * np.pi, 200)
        ax.plot(np.cos(t), np.sin(t), color="0.8", lw=0.8)
        th = snapshots[s]
        ax.scatter(np.cos(th), np.sin(th), s=8, color="C0")
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"step {s}", fontsize=9)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def speed_with_phases(speeds: np.ndarray, segments: list[dict], title: str = "") -> Figure:
    """Mean speed against Euler step (log-log) per seed; the first seed's phases shaded."""
    fig = Figure(figsize=(6.5, 3.8))
    ax = fig.add_subplot(1, 1, 1)
    for i, v in enumerate(np.atleast_2d(speeds)):
        steps = np.arange(1, v.size + 1)
        ax.loglog(steps, v, lw=0.8, color=f"C{i % 10}", alpha=0.8)
    seg = segments[0]
    if seg["t1"] is not None:
        end = seg["t3"] if seg["t3"] is not None else seg["T"]
        ax.axvspan(1, seg["t1"] + 1, color="C1", alpha=0.12, label="Phase I (seed 0)")
        ax.axvspan(seg["t1"] + 1, end + 1, color="C2", alpha=0.12, label="plateau (seed 0)")
        if seg["t3"] is not None:
            ax.axvspan(seg["t3"] + 1, seg["T"] + 1, color="C3", alpha=0.12, label="Phase III (seed 0)")
        ax.axhline(seg["threshold"], color="k", ls=":", lw=0.8, label="threshold 0.1 v_I (seed 0)")
    ax.set_xlabel("Euler step + 1")
    ax.set_ylabel("mean speed")
    ax.legend(fontsize=7, loc="lower left")
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig


def axis_histogram(axes: dict[str, np.ndarray], title: str = "") -> Figure:
    """Histogram of two-cluster axis angles in [0, pi) per configuration label."""
    fig = Figure(figsize=(6.5, 3.5))
    ax = fig.add_subplot(1, 1, 1)
    bins = np.linspace(0, np.pi, 37)
    for k, (label, vals) in enumerate(axes.items()):
        ax.hist(vals, bins=bins, alpha=0.6, label=label, color=f"C{k}")
    ax.set_xticks([0, np.pi / 4, np.pi / 2, 3 * np.pi / 4, np.pi])
    ax.set_xticklabels(["0", "pi/4", "pi/2", "3pi/4", "pi"])
    ax.set_xlabel("cluster axis angle (mod pi)")
    ax.set_ylabel("seeds")
    ax.legend(fontsize=7)
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig


def sphere_scatter(snapshots: dict[int, np.ndarray], title: str = "") -> Figure:
    """3-D scatter of points on S^2, one panel per step."""
    steps = sorted(snapshots)
    fig = Figure(figsize=(3.0 * len(steps), 3.2))
    for k, s in enumerate(steps):
        ax = fig.add_subplot(1, len(steps), k + 1, projection="3d")
        X = snapshots[s]
        ax.scatter(X[:, 0], X[:, 1], X[:, 2], s=6)
        ax.set_xlim(-1, 1)
        ax.set_ylim(-1, 1)
        ax.set_zlim(-1, 1)
        ax.set_title(f"step {s}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_zticks([-1, 0, 1])
    if title:
        fig.suptitle(title, fontsize=10)
    return fig
