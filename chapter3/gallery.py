"""The gallery (lesson 3.11): every activation's properties, computed, and its gradients
through a deep stack of layers.

Nothing here is typed by hand per activation: :func:`properties` reads each function and
its derivative off a fine grid and at ±inf, :func:`table` lays them out for every entry of
:data:`chapter3.registry.ACTIVATIONS`, and :func:`through_depth` back-propagates through
30 random layers with the course's own derivatives.

>>> from chapter3.gallery import properties
>>> p = properties("tanh")
>>> p.output_range, p.zero_centred, p.monotonic, p.smooth, p.saturating
((-1.0, 1.0), True, True, True, 'both sides')
>>> p.max_slope, p.max_slope_at
(1.0, 'x = 0')
"""

from __future__ import annotations

import html
import math
import time
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from chapter3.registry import ACTIVATIONS, Activation

__all__ = ["GRID", "Properties", "properties", "Table", "table", "cost", "INITIALISATIONS",
           "DepthRun", "through_depth", "input_gradient", "directional_check",
           "torch_input_gradient"]

#: Where the properties are read: [-10, 10] in steps of 1/1000, 0 included exactly.
GRID = np.arange(-10_000, 10_001) / 1000
_STEP = 1e-3
#: A jump in f' larger than this between neighbouring grid points is a kink, not a slope
#: (a continuous f' with |f''| < 50 moves by less than 0.05 in one step).
_JUMP = 0.05


def _entry(activation: str | Activation) -> Activation:
    return ACTIVATIONS[activation] if isinstance(activation, str) else activation


@dataclass(frozen=True)
class Properties:
    """What the gallery's table shows for one activation, at its default parameters."""

    name: str
    title: str
    output_range: tuple[float, float]  # infimum and supremum: f(±inf) and the grid
    zero_centred: bool  # f(0) = 0, with outputs of both signs
    monotonic: bool  # f' >= 0 everywhere
    smooth: bool  # f' continuous (no jump between neighbouring grid points)
    saturating: str  # where f' -> 0: "both sides", "x → -∞", "x → +∞" or "no"
    max_slope: float
    max_slope_at: str
    f0: float
    df0: float


def _where(points: NDArray, lo_open: bool, hi_open: bool) -> str:
    """The grid points where the maximum slope is attained, in words; an end is open
    (``<``) where the slope jumps there, as at a kink."""
    lo, hi = float(points.min()), float(points.max())
    if hi - lo < 2.5 * _STEP:
        return f"x = {round((lo + hi) / 2, 2):g}"
    left = round(lo - _STEP, 3) if lo_open else round(lo, 3)
    right = round(hi + _STEP, 3) if hi_open else round(hi, 3)
    if lo <= GRID[0] and hi >= GRID[-1]:
        return "every x"
    if hi >= GRID[-1]:
        return f"x {'>' if lo_open else '≥'} {left:g}"
    if lo <= GRID[0]:
        return f"x {'<' if hi_open else '≤'} {right:g}"
    return f"{left:g} {'<' if lo_open else '≤'} x {'<' if hi_open else '≤'} {right:g}"


def _refined(g: Callable, on_grid: NDArray, arg: Callable, sign: int) -> float:
    """The grid's extreme value of g, refined on a 1000 times finer grid around it when it
    lies inside [-10, 10] (GELU's minimum, say, is not a grid point)."""
    i = int(arg(on_grid))
    if i in (0, GRID.size - 1):
        return float(on_grid[i])
    fine = GRID[i] + np.linspace(-_STEP, _STEP, 2001)
    return float(sign * max(sign * on_grid[i], np.max(sign * g(fine))))


def properties(activation: str | Activation) -> Properties:
    """The properties of one activation (default parameters), computed from its functions."""
    entry = _entry(activation)
    f, df = entry.bind()
    values, slopes = f(GRID), df(GRID)
    at_inf, slope_at_inf = f(np.array([-np.inf, np.inf])), df(np.array([-np.inf, np.inf]))
    low = min(float(at_inf[0]), _refined(f, values, np.argmin, -1))
    high = max(float(at_inf[1]), _refined(f, values, np.argmax, 1))
    zero = np.array([0.0])
    saturating = {(True, True): "both sides", (True, False): "x → -∞",
                  (False, True): "x → +∞", (False, False): "no"}[
        (bool(slope_at_inf[0] == 0), bool(slope_at_inf[1] == 0))]
    on_grid, top = float(slopes.max()), _refined(df, slopes, np.argmax, 1)
    if float(slope_at_inf.max()) > top * (1 + 1e-9):  # approached at infinity, never reached
        top = float(slope_at_inf.max())
        where = "x → +∞ (limit)" if slope_at_inf[1] >= slope_at_inf[0] else "x → -∞ (limit)"
    else:
        hit = np.flatnonzero(slopes >= on_grid - 1e-12 * max(1.0, abs(on_grid)))
        first, last = hit.min(), hit.max()
        where = _where(GRID[hit], first > 0 and slopes[first - 1] < top - _JUMP,
                       last < GRID.size - 1 and slopes[last + 1] < top - _JUMP)
    return Properties(
        name=entry.name, title=entry.title, output_range=(low, high),
        zero_centred=bool(f(zero)[0] == 0 and low < 0 < high),
        monotonic=bool((slopes >= 0).all() and (slope_at_inf >= 0).all()),
        smooth=bool(np.abs(np.diff(slopes)).max() <= _JUMP),
        saturating=saturating, max_slope=top, max_slope_at=where,
        f0=float(f(zero)[0]), df0=float(df(zero)[0]))


def cost(activation: str | Activation, n: int = 1_000_000, repeats: int = 5,
         baseline: Callable = lambda x: np.maximum(x, 0.0)) -> float:
    """Time of ``f(x)`` plus ``f'(x)`` at ``n`` numbers, over the time of ``baseline(x)``
    (``np.maximum(x, 0)``) measured in the same call: the best of ``repeats`` runs each."""
    entry = _entry(activation)
    f, df = entry.bind()
    x = np.random.default_rng(0).normal(scale=3, size=n)

    def best(function: Callable) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            function(x)
            times.append(time.perf_counter() - start)
        return min(times)

    reference = best(baseline)
    return (best(f) + best(df)) / reference


def _number(value: float) -> str:
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return f"{value:.4g}"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


class Table:
    """A table shown as HTML in a notebook and as aligned text elsewhere."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[str]]):
        self.headers, self.rows = list(headers), [list(map(str, r)) for r in rows]

    def __repr__(self) -> str:
        widths = [max(len(h), *(len(r[i]) for r in self.rows)) for i, h in enumerate(self.headers)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(self.headers, widths)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in self.rows]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cell = 'style="padding: 0.1em 0.5em"'  # columns apart, as in the text version
        head = "".join(f"<th {cell}>{html.escape(h)}</th>" for h in self.headers)
        body = "".join("<tr>" + "".join(f"<td {cell}>{html.escape(c)}</td>" for c in r) + "</tr>"
                       for r in self.rows)
        # scrolls sideways rather than overflow a narrow page (the website's text column)
        return (f'<div style="overflow-x: auto"><table style="font-size: 0.85em">'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def _interval(entry: Activation, low: float, high: float) -> str:
    """The range as an interval: ``[`` where f takes the bound (ReLU's 0, GELU's minimum),
    ``(`` where it only approaches it (the sigmoid's 0 and 1, at ±inf)."""
    values = entry.function(GRID)
    limits = entry.function(np.array([-np.inf, np.inf]))

    def taken(bound: float) -> bool:  # reached on the grid, or an extremum between the limits
        return bool(np.isfinite(bound) and (np.any(values == bound) or bound not in limits))

    return (("[" if taken(low) else "(") + f"{_number(low)}, {_number(high)}"
            + ("]" if taken(high) else ")"))


def table(entries: Sequence[str | Activation] | None = None,
          costs: dict[str, float] | None = None) -> Table:
    """One row per activation (every entry of the registry by default): range, zero-centred,
    monotonic, smooth, saturating, maximum slope and where, f(0), f'(0), and the cost if
    ``costs`` (name → ratio, from :func:`cost`) is given."""
    entries = [_entry(e) for e in (entries if entries is not None else ACTIVATIONS.values())]
    headers = ["activation", "range", "zero-centred", "monotonic", "smooth", "saturates",
               "max slope, at", "f(0)", "f'(0)"]
    if costs is not None:
        headers.append("cost")
    rows = []
    for entry in entries:
        p = properties(entry)
        low, high = p.output_range
        row = [entry.name, _interval(entry, low, high), _yes(p.zero_centred),
               _yes(p.monotonic), _yes(p.smooth), p.saturating,
               f"{_number(p.max_slope)}, {p.max_slope_at}", _number(p.f0), _number(p.df0)]
        if costs is not None:
            row.append(f"{costs[entry.name]:.1f}×")
        rows.append(row)
    return Table(headers, rows)


# --------------------------------------------------------------------------------
# Gradients through depth
# --------------------------------------------------------------------------------

#: The standard deviation of a layer's random weights, by initialisation, for a
#: (fan_in, fan_out) weight matrix: Glorot & Bengio (2010), He et al. (2015),
#: LeCun et al. (1998), as SELU's paper (Klambauer et al., 2017) uses it.
INITIALISATIONS: dict[str, Callable[[int, int], float]] = {
    "xavier": lambda fan_in, fan_out: math.sqrt(2 / (fan_in + fan_out)),
    "he": lambda fan_in, fan_out: math.sqrt(2 / fan_in),
    "lecun": lambda fan_in, fan_out: math.sqrt(1 / fan_in),
}


@dataclass
class DepthRun:
    """One pass forward and back through ``depth`` layers ``h = f(h_prev @ W)``.

    ``mean[l]``, ``std[l]``: of the activations after layer l + 1; ``gradient[l]``: the
    root mean square of the gradient with respect to the input of layer l + 1 (so
    ``gradient[0]`` is at the network's input, ``gradient[-1]`` just below the top).
    """

    name: str
    initialisation: str
    mean: NDArray
    std: NDArray
    gradient: NDArray
    inputs: NDArray
    weights: list
    upstream: NDArray


def _network(entry: Activation, depth: int, width: int, batch: int, seed: int,
             initialisation: str | None):
    init = initialisation or entry.initialisation
    rng = np.random.default_rng(seed)
    scale = INITIALISATIONS[init](width, width)
    weights = [rng.standard_normal((width, width)) * scale for _ in range(depth)]
    inputs = rng.standard_normal((batch, width))
    upstream = rng.standard_normal((batch, width))  # dL/dh at the top: any fixed direction
    return init, weights, inputs, upstream


def _forward(f: Callable, weights: list, inputs: NDArray):
    h, pre, outs = inputs, [], []
    for W in weights:
        z = h @ W
        h = f(z)
        pre.append(z)
        outs.append(h)
    return pre, outs


def through_depth(activation: str | Activation, depth: int = 30, width: int = 256,
                  batch: int = 128, seed: int = 0, initialisation: str | None = None) -> DepthRun:
    """Forward and back through ``depth`` random layers of ``width`` units.

    The weights are drawn with the activation's usual initialisation
    (:attr:`chapter3.registry.Activation.initialisation`, or ``initialisation``); the
    backward pass is the chain rule with the course's derivative:
    ``dL/dh_prev = (dL/dh ⊙ f'(z)) @ W.T``.
    """
    entry = _entry(activation)
    f, df = entry.bind()
    init, weights, inputs, upstream = _network(entry, depth, width, batch, seed, initialisation)
    pre, outs = _forward(f, weights, inputs)
    g, gradients = upstream, []
    for W, z in zip(reversed(weights), reversed(pre)):
        g = (g * df(z)) @ W.T
        gradients.append(np.sqrt(np.mean(g**2)))
    return DepthRun(entry.name, init, np.array([o.mean() for o in outs]),
                    np.array([o.std() for o in outs]), np.array(gradients[::-1]),
                    inputs, weights, upstream)


def input_gradient(activation: str | Activation, run: DepthRun) -> NDArray:
    """dL/dx at the network's input for ``L = Σ upstream ⊙ h_top``, by the course's chain rule."""
    f, df = _entry(activation).bind()
    pre, _ = _forward(f, run.weights, run.inputs)
    g = run.upstream
    for W, z in zip(reversed(run.weights), reversed(pre)):
        g = (g * df(z)) @ W.T
    return g


def directional_check(activation: str | Activation, run: DepthRun, seed: int = 1) -> float:
    """Relative difference between ``<dL/dx, v>`` from the backward pass and the central
    difference ``(L(x + hv) - L(x - hv)) / 2h`` along a random direction v.

    Use a shallow run (e.g. ``depth=5``): through 30 sigmoid layers the true gradient is
    ~1e-19, far below what a finite difference of the loss can resolve."""
    f, _ = _entry(activation).bind()
    v = np.random.default_rng(seed).standard_normal(run.inputs.shape)

    def loss(x: NDArray) -> float:
        return float(np.sum(run.upstream * _forward(f, run.weights, x)[1][-1]))

    h = 1e-6
    numeric = (loss(run.inputs + h * v) - loss(run.inputs - h * v)) / (2 * h)
    analytic = float(np.sum(input_gradient(activation, run) * v))
    return abs(analytic - numeric) / max(abs(numeric), 1e-300)


def torch_input_gradient(activation: str | Activation, run: DepthRun) -> NDArray:
    """dL/dx for the same network and loss by PyTorch's autograd, with the activation's
    PyTorch peer from the registry (``entry.peers["PyTorch"]``).

    Raises ImportError without PyTorch, LookupError for an activation without a peer.
    """
    import importlib

    import torch

    entry = _entry(activation)
    if "PyTorch" not in entry.peers:
        raise LookupError(f"torch_input_gradient(): {entry.name} has no PyTorch peer")
    module, _, name = entry.peers["PyTorch"][0].rpartition(".")
    function = getattr(importlib.import_module(module), name)
    x = torch.tensor(run.inputs, dtype=torch.float64, requires_grad=True)
    h = x
    for W in run.weights:
        h = function(h @ torch.tensor(W, dtype=torch.float64))
    (h * torch.tensor(run.upstream, dtype=torch.float64)).sum().backward()
    return x.grad.numpy()
