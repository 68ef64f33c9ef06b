r"""Gradient checking: an analytic derivative against central finite differences.

A derivative derived by hand (or by SymPy) and then typed into code can still be
wrong in the code. The independent check every deep-learning course teaches is the
central difference

.. math:: f'(x) \approx \frac{f(x + h) - f(x - h)}{2h},

whose error is about :math:`h^2 |f'''| / 6` (truncation) plus
:math:`\varepsilon |f| / h` (rounding, ε the machine epsilon). The two balance at
:math:`h \approx \varepsilon^{1/3}`, scaled by :math:`\max(1, |x|)`, which leaves
an error of order :math:`\varepsilon^{2/3}` (about 4e-11 in float64, 2.4e-5 in
float32). So a check can only ask for agreement to that level, and it says so.

>>> import numpy as np
>>> from chapter3 import sigmoid, sigmoid_derivative
>>> from chapter3.gradcheck import check_derivative
>>> check_derivative(sigmoid, sigmoid_derivative, name="sigmoid")
✓ sigmoid: derivative agrees with central differences at all 401 points (relative tolerance 1e-06)
>>> check_derivative(sigmoid, lambda x: sigmoid(x) ** 2, name="a wrong derivative")
✗ a wrong derivative: derivative disagrees with central differences at 401 of 401 points;
  worst at x = 6: analytic 0.995, finite differences 0.00246, relative error 4e+02 (tolerance 1e-06)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["GradientCheck", "check_derivative", "check_jacobian", "central_difference",
           "step_size"]

#: Points a derivative is checked at unless told otherwise: [-6, 6], avoiding 0
#: (where ReLU-like functions have no derivative) by an irrational offset.
DEFAULT_POINTS = np.linspace(-6, 6, 401) + np.sqrt(2) * 1e-3


def step_size(x: NDArray) -> NDArray:
    """The central-difference step for each point: ``eps**(1/3) * max(1, |x|)``,
    rounded to a power of 2 so that ``x + h`` and ``x - h`` are exact floats."""
    eps = np.finfo(x.dtype).eps
    h = np.cbrt(eps) * np.maximum(1, np.abs(x))
    return np.exp2(np.round(np.log2(h))).astype(x.dtype)


def central_difference(f: Callable, x: NDArray) -> tuple[NDArray, NDArray]:
    """``(f(x + h) - f(x - h)) / 2h`` element by element, and a bound on its error.

    The bound is ``16 eps max(|f(x + h)|, |f(x - h)|) / h``, the rounding errors of
    the two values of f (a few eps each, relative) divided by the step, plus the
    truncation error estimated from the same difference with step h/2 (Richardson:
    the error is about ``4/3 |D(h) - D(h/2)|``). That estimate matters only where f
    changes on a scale much shorter than ``max(1, |x|)``, as GELU's tail e^(-x²/2)
    does at x = -30.
    """
    h = step_size(x)
    forward, backward = f(x + h), f(x - h)
    eps = np.finfo(np.result_type(forward, backward)).eps
    noise = 16 * eps * np.maximum(np.abs(forward), np.abs(backward)) / h
    difference = (forward - backward) / (2 * h)
    half = (f(x + h / 2) - f(x - h / 2)) / h
    return difference, noise + 4 / 3 * np.abs(difference - half)


@dataclass(frozen=True)
class GradientCheck:
    """The verdict of a gradient check; prints as one line and is truthy when it passed.

    A point passes when ``|analytic - numeric| <= rtol * |numeric| + noise``, where
    ``noise`` bounds the rounding error of the finite difference itself (it matters
    where the derivative is tiny next to the function, as in the sigmoid's tails).

    Attributes
    ----------
    ok : bool
    name, what : str
        What was checked: ``"derivative"`` or ``"Jacobian"``.
    worst : tuple
        Index of the worst point (in ``x``, or (row, column) of the Jacobian).
    point : float or ndarray
        The input at the worst point (the whole vector for a Jacobian).
    analytic, numeric : float
        The derivative (or Jacobian entry) there: the function under test, and the
        central difference.
    relative_error, absolute_error : float
        ``|analytic - numeric| / |numeric|`` and ``|analytic - numeric|`` there.
    failures, points : int
        How many points fail, out of how many.
    rtol : float
    """

    ok: bool
    name: str
    what: str
    worst: tuple
    point: object
    analytic: float
    numeric: float
    relative_error: float
    absolute_error: float
    failures: int
    points: int
    rtol: float

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        if self.ok:  # the size of the tiny errors varies in the last bits: not printed
            return (f"✓ {self.name}: {self.what} agrees with central differences at "
                    f"all {self.points} points (relative tolerance {self.rtol:g})")
        where = (f"x = {float(self.point):.3g}" if self.what == "derivative"
                 else f"entry {self.worst}")
        return (f"✗ {self.name}: {self.what} disagrees with central differences at "
                f"{self.failures} of {self.points} points; worst at {where}: analytic "
                f"{self.analytic:.3g}, finite differences {self.numeric:.3g}, relative "
                f"error {self.relative_error:.2g} (tolerance {self.rtol:g})")


def _verdict(name, what, analytic, numeric, noise, points, rtol) -> GradientCheck:
    analytic = np.asarray(analytic, dtype=float)
    numeric, noise = np.asarray(numeric, dtype=float), np.asarray(noise, dtype=float)
    if analytic.shape != numeric.shape:
        raise ValueError(f"{name}: the {what} has shape {analytic.shape}, but it should "
                         f"have shape {numeric.shape}")
    absolute = np.abs(analytic - numeric)
    allowed = rtol * np.abs(numeric) + noise
    failing = ~(absolute <= allowed)  # NaN fails too
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = absolute / np.abs(numeric)
        ranking = np.nan_to_num(absolute / np.maximum(allowed, 1e-300), nan=np.inf)
    worst = np.unravel_index(np.argmax(ranking), ranking.shape)  # the most out of bounds
    return GradientCheck(
        ok=not failing.any(), name=name, what=what, worst=tuple(int(i) for i in worst),
        point=np.ravel(points)[worst[0]] if what == "derivative" else points,
        analytic=float(analytic[worst]), numeric=float(numeric[worst]),
        relative_error=float(relative[worst]), absolute_error=float(absolute[worst]),
        failures=int(failing.sum()), points=absolute.size, rtol=rtol,
    )


def check_derivative(f: Callable, derivative: Callable, x: ArrayLike | None = None, *,
                     name: str = "f", rtol: float | None = None) -> GradientCheck:
    """Check an element-wise ``derivative`` of ``f`` against central differences.

    Parameters
    ----------
    f, derivative : callable
        Element-wise functions of a NumPy array.
    x : array_like, optional
        Where to check; by default 401 points in [-6, 6] that avoid 0. Keep points
        further than the step (``step_size(x)``: 6e-6 in float64, 5e-3 in float32)
        from a kink such as ReLU's at 0: a difference that straddles it measures
        neither side's slope.
    name : str
        What to call ``f`` in the report.
    rtol : float, optional
        Allowed relative error, on top of the finite difference's own rounding
        error; by default 1e-6 in float64 and 1e-2 in float32, far above the
        ~eps**(2/3) truncation error of the central difference and far below the
        error of a wrong formula.

    Returns
    -------
    GradientCheck
        Prints as ✓ or ✗ with the worst point; ``bool(check)`` is whether it passed.
    """
    x = DEFAULT_POINTS if x is None else np.asarray(x)
    x = x.astype(np.float64) if x.dtype.kind != "f" else x
    rtol = rtol if rtol is not None else (1e-6 if x.dtype.itemsize >= 8 else 1e-2)
    with np.errstate(all="ignore"):  # a wrong formula may overflow: it fails, loudly
        analytic = np.broadcast_to(derivative(x), x.shape)
        numeric, noise = central_difference(f, x)
    return _verdict(name, "derivative", analytic, numeric, noise, x, rtol)


def check_jacobian(f: Callable, jacobian: Callable, x: ArrayLike, *, name: str = "f",
                   rtol: float = 1e-6) -> GradientCheck:
    """Check the Jacobian of a vector function ``f`` against central differences.

    Column j of the Jacobian is ``(f(x + h e_j) - f(x - h e_j)) / 2h``: one pair of
    evaluations per input. ``x`` is one vector (any shape; it is flattened), and
    ``jacobian(x)`` must return the ``f(x).size`` x ``x.size`` matrix
    ``J[i, j] = d f_i / d x_j``.

    >>> import numpy as np
    >>> from chapter3 import softmax, softmax_jacobian
    >>> check_jacobian(softmax, softmax_jacobian, np.array([0.25, -1, 2.3, -0.2, 1]), name="softmax")
    ✓ softmax: Jacobian agrees with central differences at all 25 points (relative tolerance 1e-06)
    >>> check_jacobian(softmax, lambda x: np.diag(softmax(x)), np.array([0.25, -1, 2.3]), name="diag(y)")
    ✗ diag(y): Jacobian disagrees with central differences at 9 of 9 points;
      worst at entry (2, 2): analytic 0.858, finite differences 0.122, relative error 6
      (tolerance 1e-06)
    """
    x = np.asarray(x, dtype=np.float64)
    flat = x.ravel()
    h = step_size(flat)
    columns, noises = [], []
    with np.errstate(all="ignore"):
        for j in range(flat.size):
            step = np.zeros_like(flat)
            step[j] = h[j]
            forward = np.ravel(f((flat + step).reshape(x.shape)))
            backward = np.ravel(f((flat - step).reshape(x.shape)))
            columns.append((forward - backward) / (2 * h[j]))
            noises.append(16 * np.finfo(float).eps
                          * np.maximum(np.abs(forward), np.abs(backward)) / h[j])
        numeric, noise = np.stack(columns, axis=1), np.stack(noises, axis=1)
        analytic = np.asarray(jacobian(x))
    return _verdict(name, "Jacobian", analytic, numeric, noise, x, rtol)
