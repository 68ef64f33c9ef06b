"""Figures of a function and its derivative, written once for every lesson.

The colours are the Okabe–Ito palette (distinguishable with the common forms of
colour blindness), the derivative is also dashed so the two curves differ without
colour, and the figure has a white background so it reads in light and dark themes.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from chapter3.registry import ACTIVATIONS, Activation

#: Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
_STYLES = [
    {"color": PALETTE["blue"], "linestyle": "-"},
    {"color": PALETTE["vermillion"], "linestyle": "--"},
    {"color": PALETTE["green"], "linestyle": "-."},
    {"color": PALETTE["purple"], "linestyle": ":"},
]


def new_axes(title: str, xlabel: str = "$x$", ylabel: str = "value") -> Axes:
    """A white, labelled, gridded pair of axes with the x and y axes drawn in grey."""
    fig, ax = plt.subplots(figsize=(7, 4), facecolor="white", layout="constrained")
    ax.set_facecolor("white")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, color="#dddddd", linewidth=0.8)
    ax.axhline(0, color="#888888", linewidth=0.8, zorder=1)
    ax.axvline(0, color="#888888", linewidth=0.8, zorder=1)
    return ax


def plot_curves(x: ArrayLike, curves: dict[str, ArrayLike], title: str,
                ax: Axes | None = None) -> Axes:
    """Plot ``{label: y}`` against ``x`` in the course style; return the axes."""
    ax = ax if ax is not None else new_axes(title)
    for (label, y), style in zip(curves.items(), _STYLES * len(curves)):
        ax.plot(np.ravel(x), np.ravel(y), label=label, linewidth=2.2, **style)
    ax.legend(loc="best", frameon=True, facecolor="white")
    return ax


def plot_activation(activation: Activation | str, x: ArrayLike | None = None,
                    ax: Axes | None = None, **params: float) -> Axes:
    """Plot an activation and its derivative, e.g. ``plot_activation("sigmoid")``.

    ``x`` defaults to 601 points in [-6, 6]. Parameters such as ``leak=0.1`` or
    ``alpha=1, scale=1`` are passed to both functions and named in the title.
    Returns the axes so a lesson can add annotations; show the figure with
    ``plt.show()``.
    """
    a = ACTIVATIONS[activation] if isinstance(activation, str) else activation
    x = np.linspace(-6, 6, 601) if x is None else np.asarray(x)
    function, derivative = a.bind(**params)
    curves = {f"${a.symbol}(x)$": function(x), f"${a.symbol}'(x)$": derivative(x)}
    title = f"{a.title}: the function and its derivative"
    if params:
        title += " (" + ", ".join(f"{k} = {v:g}" for k, v in params.items()) + ")"
    return plot_curves(x, curves, title, ax)
