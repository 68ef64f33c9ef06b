"""The activation functions of Chapter 3 and their derivatives, in NumPy.

Each function takes any real array-like ``x`` and works element by element; the
shared input contract (shapes, dtypes, errors) is described in
:mod:`chapter3._arrays`. Each docstring names the lesson that derives the formula.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from chapter3._arrays import as_parameter, elementwise

__all__ = [
    "sigmoid", "sigmoid_derivative",
    "tanh", "tanh_derivative",
    "softsign", "softsign_derivative",
    "relu", "relu_derivative",
    "elu", "elu_derivative",
    "selu", "selu_derivative", "SELU_ALPHA", "SELU_SCALE",
    "softplus", "softplus_derivative",
]

#: SELU's self-normalising constant α (Klambauer et al., 2017), rounded once to float64.
SELU_ALPHA = 1.6732632423543772848170429916717
#: SELU's scale λ (Klambauer et al., 2017), rounded once to float64.
SELU_SCALE = 1.0507009873554804934193349852946


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
    e = np.exp(-np.abs(x))
    return _pick(x, e) / (1 + e)


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
    return _sigmoid_slope(x)


def _pick(x: NDArray, e: NDArray) -> NDArray:
    """1 where x >= 0, else e: the numerator of σ(x) = 1/(1 + e) or e/(1 + e).

    ``np.maximum(e, x >= 0)`` is ``np.where(x >= 0, 1, e)`` (e lies in [0, 1], and NaN
    stays NaN) at half the cost: np.where branches on every element.
    """
    return np.maximum(e, x >= 0)


def _sigmoid_slope(x: NDArray) -> NDArray:
    """``e / (1 + e)**2`` with ``e = exp(-|x|)``: σ'(x), shared by tanh' (lesson 3.2)."""
    e, d, error = _exp_neg_abs(x)
    q = e / d / d  # e / (1 + e)**2, but 1 + e was rounded:
    return q - q * (2 * error / d)  # e / (d + error)**2 to first order


def _slopes(x: NDArray, leak: float) -> NDArray:
    """``leak`` where x <= 0 (or NaN), 1 where x > 0: ReLU's slope, looked up by the sign.

    The same numbers as ``np.where(x > 0, 1.0, leak)``, at half the cost: indexing
    a two-element table by the boolean ``x > 0`` does not branch per element.
    """
    return np.take(np.array([leak, 1.0]), (x > 0).view(np.int8))


# --------------------------------------------------------------------------------
# 3.2 Tanh
# --------------------------------------------------------------------------------


@elementwise
def tanh(x: ArrayLike) -> NDArray[np.floating]:
    r"""The hyperbolic tangent, element by element.

    .. math:: \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}, \qquad
              \tanh'(x) = 1 - \tanh(x)^2

    Derived in lesson 3.2 (``notebooks/02_tanh.ipynb``). Output range (-1, 1),
    zero-centred; ``tanh(x) = 2 sigmoid(2x) - 1``.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.

    Returns
    -------
    ndarray or scalar
        ``tanh(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    The textbook quotient of exponentials overflows for |x| > 709 (inf / inf is
    NaN). This is NumPy's ``np.tanh``, which never overflows and is within an ULP of
    the true value; the course wraps it for the shared input contract.

    Examples
    --------
    >>> from chapter3 import tanh
    >>> print(tanh([[0.2], [0.5], [1.2], [-2.3], [0]]).round(8))
    [[ 0.19737532]
     [ 0.46211716]
     [ 0.83365461]
     [-0.9800964 ]
     [ 0.        ]]
    >>> tanh([-1000, 1000])
    array([-1.,  1.])
    """
    return np.tanh(x)


@elementwise
def tanh_derivative(x: ArrayLike) -> NDArray[np.floating]:
    r"""The derivative of tanh, element by element.

    .. math:: \tanh'(x) = 1 - \tanh(x)^2 = \frac{4 e^{-2|x|}}{\left(1 + e^{-2|x|}\right)^2}
              = 4\,\sigma'(2x)

    Derived in lesson 3.2 (``notebooks/02_tanh.ipynb``). Range (0, 1], with the
    maximum 1 at x = 0.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.

    Returns
    -------
    ndarray or scalar
        ``tanh'(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    ``1 - tanh(x)**2`` cancels to exactly 0 once tanh(x) rounds to ±1 (|x| > 19),
    though the true value is positive up to |x| ≈ 372. Since tanh(x) = 2σ(2x) - 1,
    the derivative is 4σ'(2x), and the sigmoid's cancellation-free form of σ'
    applies: ``tanh_derivative(100)`` is ``5.5e-87``, the true value.

    Examples
    --------
    >>> from chapter3 import tanh_derivative
    >>> print(tanh_derivative([[0.2], [0.5], [1.2], [-2.3], [0]]).round(8))
    [[0.96104298]
     [0.78644773]
     [0.30502   ]
     [0.03941105]
     [1.        ]]
    >>> print(f"{tanh_derivative(100):.4e}")  # where 1 - tanh(x)**2 gives 0
    5.5356e-87
    """
    return 4 * _sigmoid_slope(2 * np.minimum(np.abs(x), 1000))  # even; 2x cannot overflow


# --------------------------------------------------------------------------------
# 3.3 Softsign
# --------------------------------------------------------------------------------


@elementwise
def softsign(x: ArrayLike) -> NDArray[np.floating]:
    r"""Softsign, element by element.

    .. math:: f(x) = \frac{x}{1 + |x|}, \qquad f'(x) = \frac{1}{(1 + |x|)^2}

    Derived in lesson 3.3 (``notebooks/03_softsign.ipynb``). Output range (-1, 1),
    zero-centred; it saturates polynomially, more slowly than tanh.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.

    Returns
    -------
    ndarray or scalar
        ``softsign(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    At x = ±inf the formula is inf / inf (NaN); the limit ±1 is returned instead.
    The division is only carried out at finite x (``np.divide(..., where=...)``),
    so no warning is raised anywhere.

    Examples
    --------
    >>> from chapter3 import softsign
    >>> print(softsign([[0.2], [0.5], [1.2], [-2.3], [0]]).round(8))
    [[ 0.16666667]
     [ 0.33333333]
     [ 0.54545455]
     [-0.6969697 ]
     [ 0.        ]]
    >>> softsign([-float("inf"), float("inf")])
    array([-1.,  1.])
    """
    out = np.asarray(np.sign(x))  # the limits ±1 at ±inf; NaN stays NaN
    return np.divide(x, 1 + np.abs(x), out=out, where=np.isfinite(x))


@elementwise
def softsign_derivative(x: ArrayLike) -> NDArray[np.floating]:
    r"""The derivative of softsign, element by element.

    .. math:: f'(x) = \frac{1}{(1 + |x|)^2}

    Derived in lesson 3.3 (``notebooks/03_softsign.ipynb``). Range (0, 1], with
    the maximum 1 at x = 0, where softsign is differentiable although the
    derivation's x/|x| is not defined.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.

    Returns
    -------
    ndarray or scalar
        ``softsign'(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    Computed as ``r * r`` with ``r = 1 / (1 + |x|)``: squaring ``1 + |x|`` first
    would overflow for |x| > 1.3e154.

    Examples
    --------
    >>> from chapter3 import softsign_derivative
    >>> print(softsign_derivative([[0.2], [0.5], [1.2], [-2.3], [0]]).round(8))
    [[0.69444444]
     [0.44444444]
     [0.20661157]
     [0.09182736]
     [1.        ]]
    """
    r = 1 / (1 + np.abs(x))
    return r * r


# --------------------------------------------------------------------------------
# 3.4 ReLU and Leaky ReLU
# --------------------------------------------------------------------------------


@elementwise(blocks=False)  # one or two passes: blocks would only add overhead
def relu(x: ArrayLike, leak: float = 0.0) -> NDArray[np.floating]:
    r"""ReLU (``leak=0``) and Leaky ReLU (``leak > 0``), element by element.

    .. math:: f(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases}, \qquad
              f'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}

    Derived in lesson 3.4 (``notebooks/04_relu.ipynb``). Output range [0, inf)
    for ReLU, (-inf, inf) for Leaky ReLU.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.
    leak : float, default 0.0
        The slope ``a`` for x <= 0, a finite number >= 0 (PyTorch calls it
        ``negative_slope``; 0.01 is a common choice). 0 gives ReLU.

    Returns
    -------
    ndarray or scalar
        ``relu(x, leak)``, same shape and floating dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not real numbers, or ``leak`` is not a real number.
    ValueError
        If ``leak`` is negative, infinite or NaN.

    Notes
    -----
    ``np.where(x > 0, x, leak * x)`` computes both branches everywhere: with
    leak = 0 it gives ``0 * -inf = nan`` at x = -inf (ReLU's limit there is 0), and
    with leak > 1 the unused ``leak * x`` can overflow at large positive x. So plain
    ReLU is ``max(x, 0)``, and Leaky ReLU's x <= 0 branch is ``leak * min(x, 0)``,
    which is 0 wherever it is not used. NaN in gives NaN out.

    Examples
    --------
    >>> from chapter3 import relu
    >>> relu([[0.11], [-2.2], [0], [50.2], [33.5], [-0.6]])
    array([[ 0.11],
           [ 0.  ],
           [ 0.  ],
           [50.2 ],
           [33.5 ],
           [ 0.  ]])
    >>> relu([[-0.5], [0], [1], [2], [3], [4.5]], leak=0.1)
    array([[-0.05],
           [ 0.  ],
           [ 1.  ],
           [ 2.  ],
           [ 3.  ],
           [ 4.5 ]])
    """
    leak = as_parameter(leak, "leak", "relu")
    if leak == 0:
        return np.maximum(x, 0) + 0.0  # + 0.0 turns max(-0.0, 0) into +0.0
    return x * _slopes(x, leak)  # leak * x or 1 * x: nothing is computed twice


@elementwise
def relu_derivative(x: ArrayLike, leak: float = 0.0) -> NDArray[np.floating]:
    r"""The derivative of ReLU / Leaky ReLU, element by element.

    .. math:: f'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}

    Derived in lesson 3.4 (``notebooks/04_relu.ipynb``). At x = 0 the function has
    no derivative (the one-sided slopes are ``leak`` and 1); like the post and the
    common frameworks, the course returns the x <= 0 branch's value, ``leak``,
    which is one of the sub-gradients there.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.
    leak : float, default 0.0
        The slope for x <= 0, a finite number >= 0; 0 gives ReLU.

    Returns
    -------
    ndarray or scalar
        1 where x > 0, ``leak`` where x <= 0, NaN where x is NaN.

    Raises
    ------
    TypeError
        If ``x`` is not real numbers, or ``leak`` is not a real number.
    ValueError
        If ``leak`` is negative, infinite or NaN.

    Examples
    --------
    >>> from chapter3 import relu_derivative
    >>> relu_derivative([-2.3, 0, 0.2, float("nan")])
    array([ 0.,  0.,  1., nan])
    >>> relu_derivative([-2.3, 0, 0.2], leak=0.1)
    array([0.1, 0.1, 1. ])
    """
    leak = as_parameter(leak, "leak", "relu_derivative")
    slopes = np.asarray(_slopes(x, leak))  # (an array also for a 0-d x)
    nan = np.isnan(x)
    if nan.any():  # x > 0 is False for NaN, which picked the leak
        slopes[nan] = np.nan
    return slopes


# --------------------------------------------------------------------------------
# 3.5 ELU and SELU
# --------------------------------------------------------------------------------


def _elu_value(x: NDArray, alpha: float, z: NDArray | None = None) -> NDArray:
    """x for x > 0, alpha (e^x - 1) for x <= 0, without np.where.

    With z = min(x, 0), ``max(x, 0) + alpha * expm1(z)`` is exactly x + 0 on the right
    and 0 + alpha (e^x - 1) on the left, and e^z never overflows; np.where would
    branch on every element.
    """
    z = np.minimum(x, 0) if z is None else z
    return np.maximum(x, 0) + alpha * np.expm1(z)


def _elu_slope(x: NDArray, z: NDArray, alpha: float) -> NDArray:
    """1 for x > 0, alpha e^x for x <= 0: e^z (which is 1 on the right) times the
    slope table (alpha, 1) looked up by the sign, as for ReLU."""
    return np.exp(z) * _slopes(x, alpha)


@elementwise
def elu(x: ArrayLike, alpha: float = 1.0) -> NDArray[np.floating]:
    r"""ELU, the exponential linear unit, element by element.

    .. math:: f(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases},
              \qquad
              f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}

    Derived in lesson 3.5 (``notebooks/05_elu_selu.ipynb``). Output range
    (-alpha, inf). :func:`selu` is ``scale * elu``.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.
    alpha : float, default 1.0
        The saturation value -alpha for x -> -inf, a finite number >= 0.

    Returns
    -------
    ndarray or scalar
        ``elu(x, alpha)``, same shape and floating dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not real numbers, or ``alpha`` is not a real number.
    ValueError
        If ``alpha`` is negative, infinite or NaN.

    Notes
    -----
    ``e^x - 1`` loses its relative accuracy near 0 (``np.exp(1e-10) - 1`` keeps
    about 7 digits); ``np.expm1`` keeps them all. It is evaluated at ``min(x, 0)``,
    so it cannot overflow at large positive x, where its value is not used: the
    result is ``max(x, 0) + alpha * expm1(min(x, 0))``, x + 0 on the right and
    0 + alpha (e^x - 1) on the left (the textbook ``np.where(x > 0, x, ...)``
    computes ``np.exp(x)`` for every x, and overflows for x > 709).

    Examples
    --------
    >>> from chapter3 import elu
    >>> print(elu([[0.11], [-2.2], [0], [50.2], [33.5], [-0.6]]).round(8))
    [[ 0.11      ]
     [-0.88919684]
     [ 0.        ]
     [50.2       ]
     [33.5       ]
     [-0.45118836]]
    """
    alpha = as_parameter(alpha, "alpha", "elu")
    return _elu_value(x, alpha)


@elementwise
def elu_derivative(x: ArrayLike, alpha: float = 1.0) -> NDArray[np.floating]:
    r"""The derivative of ELU, element by element.

    .. math:: f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}

    Derived in lesson 3.5 (``notebooks/05_elu_selu.ipynb``). For x <= 0 it equals
    ``elu(x) + alpha``. At x = 0 it returns the x <= 0 branch's value, alpha; the
    derivative is continuous there only when alpha = 1.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.
    alpha : float, default 1.0
        As in :func:`elu`.

    Returns
    -------
    ndarray or scalar
        ``elu'(x, alpha)``, same shape and floating dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not real numbers, or ``alpha`` is not a real number.
    ValueError
        If ``alpha`` is negative, infinite or NaN.

    Examples
    --------
    >>> from chapter3 import elu_derivative
    >>> print(elu_derivative([[0.11], [-2.2], [0], [50.2], [33.5], [-0.6]]).round(8))
    [[1.        ]
     [0.11080316]
     [1.        ]
     [1.        ]
     [1.        ]
     [0.54881164]]
    """
    alpha = as_parameter(alpha, "alpha", "elu_derivative")
    return _elu_slope(x, np.minimum(x, 0), alpha)


@elementwise
def selu(x: ArrayLike, alpha: float = SELU_ALPHA, scale: float = SELU_SCALE) -> NDArray[np.floating]:
    r"""SELU, the scaled exponential linear unit, element by element.

    .. math:: f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases},
              \qquad
              f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}

    Derived in lesson 3.5 (``notebooks/05_elu_selu.ipynb``). With the defaults,
    the self-normalising constants of Klambauer et al. (2017), :data:`SELU_ALPHA`
    and :data:`SELU_SCALE` (λ). With ``scale=1`` it is :func:`elu`; the original
    post's function is ``selu(x, alpha=1, scale=1)``.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.
    alpha : float, default SELU_ALPHA
        A finite number >= 0.
    scale : float, default SELU_SCALE
        λ, a finite number >= 0.

    Returns
    -------
    ndarray or scalar
        ``selu(x, alpha, scale)``, same shape and floating dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not real numbers, or a parameter is not a real number.
    ValueError
        If a parameter is negative, infinite or NaN.

    Examples
    --------
    >>> from chapter3 import selu
    >>> print(selu([-2.2, 0, 0.11]).round(8))
    [-1.56329638  0.          0.11557711]
    >>> print(selu([-2.2, 0, 0.11], alpha=1, scale=1).round(8))  # ELU
    [-0.88919684  0.          0.11      ]
    """
    alpha = as_parameter(alpha, "alpha", "selu")
    scale = as_parameter(scale, "scale", "selu")
    return scale * _elu_value(x, alpha)


@elementwise
def selu_derivative(x: ArrayLike, alpha: float = SELU_ALPHA,
                    scale: float = SELU_SCALE) -> NDArray[np.floating]:
    r"""The derivative of SELU, element by element.

    .. math:: f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}

    Derived in lesson 3.5 (``notebooks/05_elu_selu.ipynb``). For x <= 0 it equals
    ``selu(x) + scale * alpha``. At x = 0 it returns the x <= 0 branch's value,
    ``scale * alpha``; with the default constants the derivative jumps there
    (from 1.758 to 1.051).

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.
    alpha, scale : float
        As in :func:`selu`.

    Returns
    -------
    ndarray or scalar
        ``selu'(x, alpha, scale)``, same shape and floating dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not real numbers, or a parameter is not a real number.
    ValueError
        If a parameter is negative, infinite or NaN.

    Examples
    --------
    >>> from chapter3 import selu_derivative
    >>> print(selu_derivative([-2.2, 0, 0.11]).round(8))
    [0.19480296 1.75809934 1.05070099]
    """
    alpha = as_parameter(alpha, "alpha", "selu_derivative")
    scale = as_parameter(scale, "scale", "selu_derivative")
    return scale * _elu_slope(x, np.minimum(x, 0), alpha)


# --------------------------------------------------------------------------------
# 3.6 Softplus
# --------------------------------------------------------------------------------


@elementwise
def softplus(x: ArrayLike) -> NDArray[np.floating]:
    r"""Softplus, a smooth ReLU, element by element.

    .. math:: f(x) = \log\left(1 + e^{x}\right), \qquad f'(x) = \sigma(x)

    Derived in lesson 3.6 (``notebooks/06_softplus.ipynb``). Output range
    (0, inf).

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.

    Returns
    -------
    ndarray or scalar
        ``softplus(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    The textbook ``np.log(1 + np.exp(x))`` overflows for x > 709 and, for very
    negative x, rounds ``1 + e^x`` to 1 and returns 0 (below about -37) or loses
    digits (at -20 it gives 2.06115369e-09; the true value is 2.06115362e-09).
    The stable form ``max(x, 0) + log1p(e^{-|x|})`` is the same function
    (``log(1 + e^x) = x + log(1 + e^{-x})``) and only ever exponentiates a
    non-positive number.

    Examples
    --------
    >>> from chapter3 import softplus
    >>> print(softplus([[-20], [0.5], [1.2], [-2.3], [0]]))
    [[2.06115362e-09]
     [9.74076984e-01]
     [1.46328247e+00]
     [9.55454646e-02]
     [6.93147181e-01]]
    >>> print(f"{softplus(-100):.4e}")  # the textbook formula gives 0
    3.7201e-44
    """
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


@elementwise
def softplus_derivative(x: ArrayLike) -> NDArray[np.floating]:
    r"""The derivative of softplus: the sigmoid, element by element.

    .. math:: f'(x) = \frac{e^{x}}{1 + e^{x}} = \sigma(x)

    Derived in lesson 3.6 (``notebooks/06_softplus.ipynb``); the same numbers as
    :func:`sigmoid`.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.

    Returns
    -------
    ndarray or scalar
        ``softplus'(x)``, same shape and floating dtype as ``x``.

    Examples
    --------
    >>> from chapter3 import softplus_derivative
    >>> print(softplus_derivative([[-20], [0.5], [1.2], [-2.3], [0]]).round(8))
    [[0.        ]
     [0.62245933]
     [0.76852478]
     [0.09112296]
     [0.5       ]]
    """
    return sigmoid(x)


# --------------------------------------------------------------------------------
# The value and the derivative together
# --------------------------------------------------------------------------------
# Back-propagation needs f(x) in the forward pass and f'(x) in the backward pass,
# at the same x. Computed together they share their most expensive part (the
# exponential of the sigmoid and softplus, the reciprocal of softsign, the branch
# mask of the piecewise ones). Each pair returns exactly the numbers of the two
# functions above (the tests check it bit for bit); see
# :func:`chapter3.value_and_derivative`.


@elementwise
def _sigmoid_pair(x):
    e, d, error = _exp_neg_abs(x)
    q = e / d / d
    return _pick(x, e) / d, q - q * (2 * error / d)


@elementwise
def _tanh_pair(x):
    return np.tanh(x), 4 * _sigmoid_slope(2 * np.minimum(np.abs(x), 1000))


@elementwise
def _softsign_pair(x):
    a = np.abs(x)
    out = np.asarray(np.sign(x))
    y = np.divide(x, 1 + a, out=out, where=np.isfinite(x))
    r = 1 / (1 + a)
    return y, r * r


@elementwise
def _relu_pair(x, leak=0.0):
    return relu.__wrapped__(x, leak), relu_derivative.__wrapped__(x, leak)


@elementwise
def _elu_pair(x, alpha=1.0):
    alpha = as_parameter(alpha, "alpha", "elu")
    z = np.minimum(x, 0)
    return _elu_value(x, alpha, z), _elu_slope(x, z, alpha)


@elementwise
def _selu_pair(x, alpha=SELU_ALPHA, scale=SELU_SCALE):
    alpha = as_parameter(alpha, "alpha", "selu")
    scale = as_parameter(scale, "scale", "selu")
    z = np.minimum(x, 0)
    return scale * _elu_value(x, alpha, z), scale * _elu_slope(x, z, alpha)


@elementwise
def _softplus_pair(x):
    e = np.exp(-np.abs(x))
    return np.maximum(x, 0) + np.log1p(e), _pick(x, e) / (1 + e)
