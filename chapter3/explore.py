"""Sliders for exploring the lessons in JupyterLab (ipywidgets).

``explore("relu")`` draws an activation and its derivative with one slider per
parameter of its registry entry (ReLU's ``leak``, ELU's ``alpha``, SELU's ``alpha``
and ``scale``); ``explore_temperature(x)`` shows softmax(x / T) as T moves. The
sliders need a live kernel: on the static website the cells show nothing, and in
the notebooks they carry ``# NBVAL_IGNORE_OUTPUT``, since a widget has no stable
text to compare.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from numpy.typing import ArrayLike

from chapter3.plotting import PALETTE, new_axes, plot_activation
from chapter3.registry import ACTIVATIONS
from chapter3.softmax import softmax

__all__ = ["explore", "explore_temperature"]


def explore(name: str, x: ArrayLike | None = None):
    """An activation and its derivative, with a slider for each of its parameters.

    Returns an ``ipywidgets.interactive``; as the last line of a cell, it shows the
    sliders and the figure, which is redrawn when a slider is released.
    """
    import ipywidgets

    if name not in ACTIVATIONS:
        raise KeyError(f"no activation {name!r}; the activations are {', '.join(ACTIVATIONS)}")
    activation = ACTIVATIONS[name]
    if not activation.sliders:
        having = ", ".join(n for n, a in ACTIVATIONS.items() if a.sliders)
        raise ValueError(f"{name} has no parameters to explore; these do: {having}")
    sliders = {}
    for parameter, (low, high, step) in activation.sliders.items():
        default = activation.params[parameter]
        sliders[parameter] = ipywidgets.FloatSlider(
            value=default, min=low, max=high, step=step, description=parameter,
            continuous_update=False, readout_format=".3f")

    def draw(**params):
        plot_activation(activation, x, **params)
        plt.show()

    return ipywidgets.interactive(draw, **sliders)


def explore_temperature(x: ArrayLike):
    """softmax(x / T) as a bar chart, with a (logarithmic) slider for the temperature T.

    Small T sharpens the distribution towards a one-hot vector at the largest x;
    large T flattens it towards uniform.
    """
    import ipywidgets

    values = np.ravel(np.asarray(x, dtype=float))
    slider = ipywidgets.FloatLogSlider(value=1.0, base=10, min=-2, max=2, step=0.05,
                                       description="T", continuous_update=False)

    def draw(T):
        ax = new_axes(f"softmax(x / T) at T = {T:.3g}", xlabel="index $i$",
                      ylabel="probability $y_i$")
        ax.bar(range(values.size), softmax(values / T), color=PALETTE["blue"])
        ax.axhline(1 / values.size, color=PALETTE["vermillion"], linestyle="--",
                   label="uniform, $1/n$ (T → ∞)")
        ax.set_ylim(0, 1.05)
        ax.set_xticks(range(values.size))
        ax.legend(loc="upper left")
        plt.show()

    return ipywidgets.interactive(draw, T=slider)
