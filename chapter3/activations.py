"""The activation functions of Chapter 3 and their derivatives, in NumPy.

Each function takes any real array-like ``x`` and works element by element; the
shared input contract (shapes, dtypes, errors) is described in
:mod:`chapter3._arrays`. Each docstring names the lesson that derives the formula.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from chapter3._arrays import elementwise

__all__ = ["sigmoid", "sigmoid_derivative"]


def _exp_neg_abs(x: NDArray) -> tuple[NDArray, NDArray, NDArray]:
    """Return ``e = exp(-|x|)``, ``d = 1 + e`` and the rounding error of ``d``.

    ``e`` lies in [0, 1], so it can never overflow. ``d`` is rounded to the nearest
    float; because ``|e| <= 1`` the error of that rounding is exactly ``(1 - d) + e``
    (the "Fast2Sum" trick), which lets a derivative correct for it.
    """
    e = np.exp(-np.abs(x))
    d = 1 + e
    return e, d, (1 - d) + e


@elementwise
def sigmoid(x: ArrayLike) -> NDArray[np.floating]:
    r"""The logistic sigmoid, element by element.

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}, \qquad
              \sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)

    Derived in lesson 3.1 (``notebooks/01_sigmoid.ipynb``). Output range (0, 1).

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.

    Returns
    -------
    ndarray or scalar
        ``sigmoid(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    The textbook ``1 / (1 + np.exp(-x))`` overflows in ``np.exp`` for x < -709.
    Here only ``e = exp(-|x|)``, which lies in [0, 1], is ever computed, and

    * for x >= 0: ``sigmoid(x) = 1 / (1 + e)``,
    * for x < 0:  ``sigmoid(x) = e / (1 + e)`` (the same fraction multiplied by e^x).

    So ``sigmoid(-710)`` is the subnormal ``4.47e-309`` rather than 0, ``sigmoid(nan)``
    is nan, and ``sigmoid(-inf)``, ``sigmoid(inf)`` are 0 and 1.

    Examples
    --------
    >>> import numpy as np
    >>> from chapter3 import sigmoid
    >>> sigmoid(np.array([[0.1], [0.2], [0.3], [0.4], [0.5]]))
    array([[0.52497919],
           [0.549834  ],
           [0.57444252],
           [0.59868766],
           [0.62245933]])
    >>> sigmoid([-np.inf, 0, np.inf, np.nan])
    array([0. , 0.5, 1. , nan])
    >>> print(f"{sigmoid(-710):.4e}")  # a subnormal number, not 0
    4.4763e-309
    """
    e, d, _ = _exp_neg_abs(x)
    return np.where(x >= 0, 1, e) / d


@elementwise
def sigmoid_derivative(x: ArrayLike) -> NDArray[np.floating]:
    r"""The derivative of the sigmoid, element by element.

    .. math:: \sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)
                         = \frac{e^{-|x|}}{\left(1 + e^{-|x|}\right)^2}

    Derived in lesson 3.1 (``notebooks/01_sigmoid.ipynb``). Range (0, 1/4], with
    the maximum 1/4 at x = 0. The function is even: ``σ'(-x) = σ'(x)``.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.

    Returns
    -------
    ndarray or scalar
        ``sigmoid'(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    The textbook ``s * (1 - s)`` with ``s = sigmoid(x)`` gives exactly 0 for
    x > 37: there ``s`` rounds to 1 and ``1 - s`` cancels. Writing the derivative
    as ``e / (1 + e)**2`` with ``e = exp(-|x|)`` keeps every factor near 1 or
    computed without cancellation, so ``sigmoid_derivative(100)`` is ``3.7e-44``,
    the true value. The rounding error of ``1 + e`` is recovered exactly and
    corrected for, which keeps the result within 2 ULP of the true value.

    Examples
    --------
    >>> import numpy as np
    >>> from chapter3 import sigmoid_derivative
    >>> sigmoid_derivative(np.array([[0.1], [0.2], [0.3], [0.4], [0.5]]))
    array([[0.24937604],
           [0.24751657],
           [0.24445831],
           [0.24026075],
           [0.23500371]])
    >>> print(sigmoid_derivative(0))
    0.25
    >>> print(f"{sigmoid_derivative(100):.4e}")  # where s * (1 - s) gives 0
    3.7201e-44
    """
    e, d, error = _exp_neg_abs(x)
    q = e / d / d  # e / (1 + e)**2, but 1 + e was rounded:
    return q - q * (2 * error / d)  # e / (d + error)**2 to first order
