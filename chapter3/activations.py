"""The activation functions of Chapter 3 and their derivatives, in NumPy.

Each function takes any real array-like ``x`` and works element by element; the
shared input contract (shapes, dtypes, errors) is described in
:mod:`chapter3.contract`. Each docstring names the lesson that derives the formula.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from chapter3.contract import as_parameter, elementwise

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


@elementwise
def sigmoid(x: ArrayLike) -> NDArray[np.floating]:
    r"""The logistic sigmoid, element by element.

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}, \qquad
              \sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)

    Derived in lesson 3.1 (``notebooks/01_sigmoid.ipynb``). Output range (0, 1).

    Parameters
    ----------
    x : array_like
        Real numbers of any shape (see :mod:`chapter3.contract`).

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
    e = np.exp(-np.abs(x))  # in [0, 1]: it cannot overflow
    top = np.maximum(e, x >= 0)  # np.where(x >= 0, 1, e), as e <= 1, at a quarter of its cost
    return top / (1 + e)  # 1/(1 + e) for x >= 0, e/(1 + e) for x < 0


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
        Real numbers of any shape (see :mod:`chapter3.contract`).

    Returns
    -------
    ndarray or scalar
        ``sigmoid'(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    The textbook ``s * (1 - s)`` with ``s = sigmoid(x)`` gives exactly 0 for
    x > 37: there ``s`` rounds to 1 and ``1 - s`` cancels. The derivative is even,
    so the same formula may be evaluated at -|x| instead, where ``s = σ(-|x|)`` is at
    most 1/2 and ``1 - s`` is at least 1/2: nothing cancels, so
    ``sigmoid_derivative(100)`` is ``3.7e-44``, the true value, and the result never
    exceeds 1/4 (``e / (1 + e)**2``, the same value, can round above 1/4 near 0).

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
    e = np.exp(-np.abs(x))
    s = e / (1 + e)  # σ' is even: take σ at -|x|, where s = σ(-|x|) <= 1/2
    return s * (1 - s)  # so 1 - s >= 1/2: nothing cancels (s(1 - s) with s ≈ 1 does)


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
        Real numbers of any shape (see :mod:`chapter3.contract`).

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
        Real numbers of any shape (see :mod:`chapter3.contract`).

    Returns
    -------
    ndarray or scalar
        ``tanh'(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    ``1 - tanh(x)**2`` cancels to exactly 0 once tanh(x) rounds to ±1 (|x| > 19),
    though the true value is positive up to |x| ≈ 372. Since tanh(x) = 2σ(2x) - 1,
    the derivative is 4σ'(2x), and the sigmoid's cancellation-free σ' = s(1 - s)
    with s = σ(-2|x|) applies: ``tanh_derivative(100)`` is ``5.5e-87``, the true
    value. (|x| is capped at half the largest float, so that 2|x| cannot overflow;
    tanh' is 0 in float64 long before that.)

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
    a = np.minimum(np.abs(x), np.finfo(x.dtype).max / 2)  # tanh' is even; 2a cannot overflow
    e = np.exp(-2 * a)
    s = e / (1 + e)  # tanh'(x) = 4σ'(2x), with σ'(2x) = s(1 - s) for s = σ(-2|x|) <= 1/2
    return 4 * s * (1 - s)  # 1 - s >= 1/2: nothing cancels (1 - tanh(x)**2 does for |x| > 19)


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
        Real numbers of any shape (see :mod:`chapter3.contract`).

    Returns
    -------
    ndarray or scalar
        ``softsign(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    At x = ±inf the formula is inf / inf (NaN, with a warning). Clipping x to the
    largest finite float M first changes no finite input, and at ±inf computes
    ±M / (1 + M) = ±1, the limit. NaN stays NaN.

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
    big = np.finfo(x.dtype).max
    x = np.clip(x, -big, big)  # at ±inf, x / (1 + |x|) is inf/inf; at ±max it is the limit ±1
    return x / (1 + np.abs(x))


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
        Real numbers of any shape (see :mod:`chapter3.contract`).

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
    r = 1 / (1 + np.abs(x))  # in (0, 1]; squaring 1 + |x| first would overflow beyond 1.3e154
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
        Real numbers of any shape (see :mod:`chapter3.contract`).
    leak : float, default 0.0
        The slope ``a`` for x <= 0, a finite number >= 0 (PyTorch calls it
        ``negative_slope``; 0.01 is a common choice). 0 gives ReLU.

    Returns
    -------
    ndarray or scalar
        ``relu(x, leak)``, same shape and floating dtype as ``x``.

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
        return np.maximum(x, 0)  # (leak * x would be 0 * -inf = NaN at x = -inf)
    with np.errstate(over="ignore"):  # leak x beyond the largest float: -inf is the limit
        return np.maximum(x, 0) + leak * np.minimum(x, 0)  # x + 0 or 0 + leak x


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
        Real numbers of any shape (see :mod:`chapter3.contract`).
    leak : float, default 0.0
        The slope for x <= 0, a finite number >= 0; 0 gives ReLU.

    Returns
    -------
    ndarray or scalar
        1 where x > 0, ``leak`` where x <= 0, NaN where x is NaN.

    Examples
    --------
    >>> from chapter3 import relu_derivative
    >>> relu_derivative([-2.3, 0, 0.2, float("nan")])
    array([ 0.,  0.,  1., nan])
    >>> relu_derivative([-2.3, 0, 0.2], leak=0.1)
    array([0.1, 0.1, 1. ])
    """
    leak = as_parameter(leak, "leak", "relu_derivative")
    slope = (x > 0) + leak * (x <= 0)  # 1 for x > 0, leak for x <= 0 (so leak at x = 0)
    return np.where(np.isnan(x), np.nan, slope)  # NaN is neither > 0 nor <= 0: it gave 0


# --------------------------------------------------------------------------------
# 3.5 ELU and SELU
# --------------------------------------------------------------------------------


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
        Real numbers of any shape (see :mod:`chapter3.contract`).
    alpha : float, default 1.0
        The saturation value -alpha for x -> -inf, a finite number >= 0.

    Returns
    -------
    ndarray or scalar
        ``elu(x, alpha)``, same shape and floating dtype as ``x``.

    Notes
    -----
    ``e^x - 1`` loses its relative accuracy near 0 (``np.exp(1e-10) - 1`` keeps
    about 7 digits); ``np.expm1`` keeps them all. It is evaluated at ``min(x, 0)``,
    so it cannot overflow at large positive x, where its value is not used. (The
    textbook ``np.where(x > 0, x, alpha * (np.exp(x) - 1))`` computes both branches
    for every x, and overflows for x > 709.)

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
    # x + 0 for x > 0, 0 + alpha (e^x - 1) for x <= 0; e^x is taken at min(x, 0) <= 0
    return np.maximum(x, 0) + alpha * np.expm1(np.minimum(x, 0))


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
        Real numbers of any shape (see :mod:`chapter3.contract`).
    alpha : float, default 1.0
        As in :func:`elu`.

    Returns
    -------
    ndarray or scalar
        ``elu'(x, alpha)``, same shape and floating dtype as ``x``.

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
    # 1 for x > 0, alpha e^x for x <= 0; e^x is taken at min(x, 0) <= 0 (NaN stays NaN)
    return (x > 0) + alpha * np.exp(np.minimum(x, 0)) * (x <= 0)


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
        Real numbers of any shape (see :mod:`chapter3.contract`).
    alpha : float, default SELU_ALPHA
        A finite number >= 0.
    scale : float, default SELU_SCALE
        λ, a finite number >= 0.

    Returns
    -------
    ndarray or scalar
        ``selu(x, alpha, scale)``, same shape and floating dtype as ``x``.

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
    if scale == 0:
        return np.where(np.isnan(x), x, 0)  # (0 * elu(x) would be 0 * inf = NaN at x = inf)
    with np.errstate(over="ignore"):  # beyond the largest float, inf is the limit (as np.exp)
        return scale * elu(x, alpha)


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
        Real numbers of any shape (see :mod:`chapter3.contract`).
    alpha, scale : float
        As in :func:`selu`.

    Returns
    -------
    ndarray or scalar
        ``selu'(x, alpha, scale)``, same shape and floating dtype as ``x``.

    Examples
    --------
    >>> from chapter3 import selu_derivative
    >>> print(selu_derivative([-2.2, 0, 0.11]).round(8))
    [0.19480296 1.75809934 1.05070099]
    """
    alpha = as_parameter(alpha, "alpha", "selu_derivative")
    scale = as_parameter(scale, "scale", "selu_derivative")
    with np.errstate(over="ignore"):  # scale * alpha beyond the largest float: inf, the limit
        return scale * elu_derivative(x, alpha)


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
        Real numbers of any shape (see :mod:`chapter3.contract`).

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
        Real numbers of any shape (see :mod:`chapter3.contract`).

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
# The value and the derivative at once, where they share their costly part
# --------------------------------------------------------------------------------
# Back-propagation needs f(x) going forward and f'(x) coming back, at the same x.
# chapter3.value_and_derivative(name, x) computes both; for these two it takes one
# exponential instead of two (measured: 1.2x faster than the two calls). The
# numbers are exactly those of the separate functions above.


@elementwise
def _sigmoid_pair(x):
    e = np.exp(-np.abs(x))
    s = e / (1 + e)
    return np.maximum(e, x >= 0) / (1 + e), s * (1 - s)


@elementwise
def _softplus_pair(x):
    e = np.exp(-np.abs(x))
    return np.maximum(x, 0) + np.log1p(e), np.maximum(e, x >= 0) / (1 + e)


# --------------------------------------------------------------------------------
# 3.8 GELU and SiLU
# --------------------------------------------------------------------------------
# (Beyond the chapter: the activations of today's transformers, lesson 3.8, and of
# today's mobile networks, lesson 3.9.)

__all__ += [
    "gelu", "gelu_derivative",
    "silu", "silu_derivative",
    "mish", "mish_derivative",
    "hard_sigmoid", "hard_sigmoid_derivative",
    "hard_swish", "hard_swish_derivative",
]

#: 1/√(2π), the standard normal density's constant, rounded once to float64.
_INV_SQRT_2PI = 0.39894228040143267793994605993438
#: √(π/2), which turns erfcx into the ratio Φ/φ, rounded once to float64.
_SQRT_PI_OVER_2 = 1.2533141373155002512078826424055
#: √(2/π), the constant of GELU's tanh approximation, rounded once to float64.
_SQRT_2_OVER_PI = 0.79788456080286535587989211986876


def _gelu_approximation(approximate: str, name: str) -> str:
    """``approximate`` checked: "none" or "tanh", else ValueError naming the function."""
    if not isinstance(approximate, str) or approximate not in ("none", "tanh"):
        raise ValueError(f'{name}() needs approximate to be "none" or "tanh"; got {approximate!r}')
    return approximate


@elementwise
def gelu(x: ArrayLike, approximate: str = "none") -> NDArray[np.floating]:
    r"""GELU, the Gaussian error linear unit, element by element.

    .. math:: f(x) = x\,\Phi(x), \qquad \Phi(x) = \tfrac12 \operatorname{erfc}(-x/\sqrt2),
              \qquad f'(x) = \Phi(x) + x\,\varphi(x)

    Derived in lesson 3.8 (``notebooks/09_gelu_silu.ipynb``): Hendrycks and Gimpel
    (2016). Φ is the standard normal CDF and φ = Φ' its density. Output range
    [-0.17, inf): GELU is a smooth ReLU that dips below 0, to its minimum
    -0.16997 at x = -0.75179.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape (see :mod:`chapter3.contract`).
    approximate : str, default "none"
        ``"none"``: the exact x Φ(x); ``"tanh"``: the approximation
        ½ x (1 + tanh(u)) = x σ(2u), u = √(2/π) (x + 0.044715 x³). The names and the default are
        PyTorch's (``torch.nn.functional.gelu``); JAX's ``jax.nn.gelu`` defaults to
        the approximation (``approximate=True``).

    Returns
    -------
    ndarray or scalar
        ``gelu(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    NumPy has no erf; Φ is ``scipy.special.ndtr``, which takes erfc in the left
    tail (and, below -37, where ndtr's subnormal Φ runs out of digits, the scaled
    ``erfcx(t) = e^(t²) erfc(t)`` times e^(-t²)). The textbook ``0.5 * x * (1 + erf(x / sqrt(2)))`` cancels there: for
    x < -5.9 it is 0 or -0.0, while ``gelu(-30)`` is the tiny negative -1.47e-196.
    (The tail is ill-conditioned, with condition number about x²: rounding x/√2
    already costs about x² ULP, the most any float64 formula can promise.)

    Examples
    --------
    >>> from chapter3 import gelu
    >>> print(gelu([-3.0, -0.75, 0.0, 1.0, 3.0]).round(8))
    [-0.00404969 -0.16997051  0.          0.84134475  2.99595031]
    >>> print(gelu([-3.0, 1.0], approximate="tanh").round(8))
    [-0.00363739  0.84119199]
    >>> print(f"{gelu(-30):.4e}")  # 1 + erf(x/√2) gives 0 here
    -1.4720e-196
    """
    if _gelu_approximation(approximate, "gelu") == "tanh":
        c = np.clip(x, -1e5, 1e5)  # so that c³ cannot overflow; σ(2u) is 0 or 1 beyond
        u = _SQRT_2_OVER_PI * (c + 0.044715 * c**3)
        x = np.maximum(x, np.finfo(x.dtype).min)  # at -inf, x σ(2u) would be -inf * 0
        return x * sigmoid(2 * u)  # ½(1 + tanh(u)) = σ(2u) (3.2), without 1 + tanh's cancellation
    x = np.maximum(x, -40)  # GELU(-40) rounds to -0.0 already; and no -inf * 0 = NaN
    phi = special.ndtr(x.astype(np.float64))  # Φ(x) (SciPy has no long double loop)
    # below -37, ndtr's Φ is subnormal, then 0 (from -37.7), where x Φ(x) is not: there
    # Φ = ½ erfcx(t) e^(-t²), t = -x/√2, and the product is taken with logarithms
    a = np.minimum(x, -37).astype(np.float64)
    tail = -np.exp(np.log(-a * special.erfcx(-a / np.sqrt(2)) / 2) - a * a / 2)
    return np.where(x < -37, tail, x * phi)


@elementwise
def gelu_derivative(x: ArrayLike, approximate: str = "none") -> NDArray[np.floating]:
    r"""The derivative of GELU, element by element.

    .. math:: f'(x) = \Phi(x) + x\,\varphi(x), \qquad
              \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}

    Derived in lesson 3.8 (``notebooks/09_gelu_silu.ipynb``) by the product rule
    with Φ' = φ. It is 0 at x = -0.75179 (GELU's minimum), exceeds 1 for x > 0
    (up to 1.129 at x = 1.4142) and tends to 1 at +inf and to 0 at -inf.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape (see :mod:`chapter3.contract`).
    approximate : str, default "none"
        ``"none"`` or ``"tanh"``, as in :func:`gelu`: with ``"tanh"``, the derivative of the approximation.

    Returns
    -------
    ndarray or scalar
        ``gelu'(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    x is clipped to ±40, where φ is 0 in float64 already, so x² cannot overflow
    and ``inf * 0`` never happens. Below -37 the two terms are subnormal (or 0)
    while the result need not be: there it is (x + √(π/2) erfcx(t)) φ(x), with
    the scaled ``erfcx(t) = e^(t²) erfc(t)``, t = -x/√2, multiplied in logarithms.

    Examples
    --------
    >>> from chapter3 import gelu_derivative
    >>> print(gelu_derivative([-3.0, -1.0, 0.0, 1.0, 3.0]).round(8))
    [-0.01194565 -0.08331547  0.5         1.08331547  1.01194565]
    >>> print(gelu_derivative([-3.0, 1.0], approximate="tanh").round(8))
    [-0.01158417  1.08296408]
    """
    if _gelu_approximation(approximate, "gelu_derivative") == "tanh":
        c = np.clip(x, -1e5, 1e5)  # so that c³ cannot overflow; σ'(2u) is 0 beyond
        u = _SQRT_2_OVER_PI * (c + 0.044715 * c**3)
        du = _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * c**2)
        return sigmoid(2 * u) + c * du * 2 * sigmoid_derivative(2 * u)  # d/dx x σ(2u)
    a = np.clip(x, -40, 40).astype(np.float64)  # φ(±40) is 0 in float64; a² cannot overflow
    slope = special.ndtr(a) + a * _INV_SQRT_2PI * np.exp(-a * a / 2)
    # below -37 both terms are subnormal or 0 while their sum need not be: there
    # Φ + x φ = (x + √(π/2) erfcx(t)) φ(x), t = -x/√2, taken with logarithms
    b = np.minimum(a, -37)
    tail = -np.exp(np.log(-(b + _SQRT_PI_OVER_2 * special.erfcx(-b / np.sqrt(2))) * _INV_SQRT_2PI)
                   - b * b / 2)
    return np.where(x < -37, tail, slope)


@elementwise
def silu(x: ArrayLike) -> NDArray[np.floating]:
    r"""SiLU, the sigmoid linear unit (Swish with β = 1), element by element.

    .. math:: f(x) = x\,\sigma(x), \qquad
              f'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)

    Derived in lesson 3.8 (``notebooks/09_gelu_silu.ipynb``): Elfwing et al. (2018),
    Ramachandran et al. (2017, "Swish"). Output range [-0.28, inf): a smooth ReLU
    that dips to its minimum -0.27846 at x = -1.2785.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape (see :mod:`chapter3.contract`).

    Returns
    -------
    ndarray or scalar
        ``silu(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    The course's :func:`sigmoid` neither overflows nor loses the left tail, so
    ``x * sigmoid(x)`` is safe, except at -inf, where it is ``-inf * 0``.

    Examples
    --------
    >>> from chapter3 import silu
    >>> print(silu([-3.0, -1.28, 0.0, 1.0, 3.0]).round(8))
    [-0.14227762 -0.27846429  0.          0.73105858  2.85772238]
    >>> print(f"{silu(-100):.4e}")  # x / (1 + exp(-x)) gives it too; at -710 it warns
    -3.7201e-42
    """
    x = np.maximum(x, np.finfo(x.dtype).min)  # at -inf, x σ(x) is -inf * 0; at the min, -0.0
    # below -700, σ(x) nears the subnormals and loses digits: x e^x with e^x scaled by e^50
    t = np.minimum(x, -700.0)
    return np.where(x < -700, t * np.exp(t + 50) * np.exp(-50.0), x * sigmoid(x))


@elementwise
def silu_derivative(x: ArrayLike) -> NDArray[np.floating]:
    r"""The derivative of SiLU, element by element.

    .. math:: f'(x) = \sigma(x) + x\,\sigma(x)\,(1 - \sigma(x))
                    = \sigma(x)\,\bigl(1 + x\,\sigma(-x)\bigr)

    Derived in lesson 3.8 (``notebooks/09_gelu_silu.ipynb``) by the product rule
    with σ' = σ(1 - σ). It is 0 at x = -1.2785 (SiLU's minimum), up to 1.0998 at
    x = 2.3994, and tends to 1 at +inf and to 0 at -inf.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape (see :mod:`chapter3.contract`).

    Returns
    -------
    ndarray or scalar
        ``silu'(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    ``1 - σ(x)`` cancels to 0 for x > 37, where σ(x) rounds to 1; it is σ(-x),
    which the course's :func:`sigmoid` computes accurately. x is clipped to the
    largest finite float, where the limits come out, instead of ``inf * 0``.

    Examples
    --------
    >>> from chapter3 import silu_derivative
    >>> print(silu_derivative([-3.0, 0.0, 1.0, 3.0]).round(8))
    [-0.08810411  0.5         0.92767051  1.08810411]
    """
    big = np.finfo(x.dtype).max
    x = np.clip(x, -big, big)  # at ±inf, x σ(-x) would be inf * 0
    # below -700, σ(x) nears the subnormals and loses digits: (1 + x) e^x, e^x scaled by e^50
    t = np.minimum(x, -700.0)
    tail = (1 + t) * np.exp(t + 50) * np.exp(-50.0)
    return np.where(x < -700, tail, sigmoid(x) * (1 + x * sigmoid(-x)))  # σ(-x) = 1 - σ(x)


# --------------------------------------------------------------------------------
# 3.9 Mish and the hard activations
# --------------------------------------------------------------------------------


@elementwise
def mish(x: ArrayLike) -> NDArray[np.floating]:
    r"""Mish, element by element.

    .. math:: f(x) = x \tanh\bigl(\operatorname{softplus}(x)\bigr), \qquad
              f'(x) = \tanh(s) + x\,\operatorname{sech}^2(s)\,\sigma(x),
              \quad s = \operatorname{softplus}(x)

    Derived in lesson 3.9 (``notebooks/10_mish_hard.ipynb``): Misra (2019).
    Output range [-0.31, inf): a smooth ReLU that dips to its minimum -0.30884 at
    x = -1.1924.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape (see :mod:`chapter3.contract`).

    Returns
    -------
    ndarray or scalar
        ``mish(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    ``x * np.tanh(np.log(1 + np.exp(x)))`` overflows for x > 709 and gives 0 for
    x < -37, where 1 + e^x rounds to 1. The course's :func:`softplus` does neither,
    and tanh(s) ≈ s for tiny s keeps the tail: ``mish(-100)`` is -3.72e-42.

    Examples
    --------
    >>> from chapter3 import mish
    >>> print(mish([-3.0, -1.19, 0.0, 1.0, 3.0]).round(8))
    [-0.14564746 -0.30884262  0.          0.86509839  2.986535  ]
    >>> print(f"{mish(-100):.4e}")
    -3.7201e-42
    """
    x = np.maximum(x, np.finfo(x.dtype).min)  # at -inf, x tanh(0) is -inf * 0
    # below -700, tanh(softplus(x)) = e^x to 1e-304 but nears the subnormals: as in silu
    t = np.minimum(x, -700.0)
    return np.where(x < -700, t * np.exp(t + 50) * np.exp(-50.0), x * np.tanh(softplus(x)))


@elementwise
def mish_derivative(x: ArrayLike) -> NDArray[np.floating]:
    r"""The derivative of Mish, element by element.

    .. math:: f'(x) = \tanh(s) + x\,\operatorname{sech}^2(s)\,\sigma(x), \qquad
              s = \operatorname{softplus}(x)

    Derived in lesson 3.9 (``notebooks/10_mish_hard.ipynb``) by the product rule
    and the chain rule, with tanh' = sech² (lesson 3.2) and softplus' = σ (3.6). It
    is 0 at x = -1.1924 (Mish's minimum), up to 1.0885 at x = 1.4906, and tends
    to 1 at +inf and to 0 at -inf.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape (see :mod:`chapter3.contract`).

    Returns
    -------
    ndarray or scalar
        ``mish'(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    sech²(s) = 1 - tanh(s)² cancels to 0 for s > 19: it is :func:`tanh_derivative`,
    accurate there. The tiny factor σ(x) of the left tail is multiplied last.

    Examples
    --------
    >>> from chapter3 import mish_derivative
    >>> print(mish_derivative([-3.0, 0.0, 1.0, 3.0]).round(8))
    [-0.09339311  0.6         1.04903622  1.02110691]
    """
    big = np.finfo(x.dtype).max
    x = np.clip(x, -big, big)  # at ±inf, x sech²(s) would be inf * 0
    s = softplus(x)
    # below -700, f'(x) = (1 + x) e^x to 1e-304, with e^x scaled by e^50 as in silu_derivative
    t = np.minimum(x, -700.0)
    tail = (1 + t) * np.exp(t + 50) * np.exp(-50.0)
    return np.where(x < -700, tail, np.tanh(s) + x * tanh_derivative(s) * sigmoid(x))


@elementwise
def hard_sigmoid(x: ArrayLike) -> NDArray[np.floating]:
    r"""The hard sigmoid, PyTorch's ``hardsigmoid``, element by element.

    .. math:: f(x) = \frac{\operatorname{relu6}(x + 3)}{6}
                   = \begin{cases} 0 & x \le -3 \\ x/6 + 1/2 & -3 < x < 3 \\
                                   1 & x \ge 3 \end{cases}

    Derived in lesson 3.9 (``notebooks/10_mish_hard.ipynb``): Howard et al. (2019,
    MobileNetV3), as ``torch.nn.functional.hardsigmoid`` defines it. Output range
    [0, 1]: a piecewise-linear sigmoid, without an exponential.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape (see :mod:`chapter3.contract`).

    Returns
    -------
    ndarray or scalar
        ``hard_sigmoid(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    relu6(t) = min(max(t, 0), 6) is ``np.clip``, which keeps NaN and gives the
    limits 0 and 1 at ±inf. ``x + 3`` is exact near -3, so values near 0 keep
    every digit.

    Examples
    --------
    >>> from chapter3 import hard_sigmoid
    >>> print(hard_sigmoid([-4.0, -3.0, 0.0, 1.5, 3.0, 4.0]))
    [0.   0.   0.5  0.75 1.   1.  ]
    """
    return np.clip(x + 3, 0, 6) / 6


@elementwise
def hard_sigmoid_derivative(x: ArrayLike) -> NDArray[np.floating]:
    r"""The derivative of the hard sigmoid, element by element.

    .. math:: f'(x) = \begin{cases} 1/6 & -3 < x < 3 \\ 0 & x \le -3 \text{ or } x \ge 3
                      \end{cases}

    Derived in lesson 3.9 (``notebooks/10_mish_hard.ipynb``). At the kinks x = ±3
    the function has no derivative (the one-sided slopes are 0 and 1/6); the course
    returns 0 there, PyTorch's convention (its ``hardsigmoid_backward`` passes the
    gradient only for -3 < x < 3), which is one of the sub-gradients.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape (see :mod:`chapter3.contract`).

    Returns
    -------
    ndarray or scalar
        1/6 where -3 < x < 3, 0 elsewhere, NaN where x is NaN.

    Examples
    --------
    >>> from chapter3 import hard_sigmoid_derivative
    >>> print(hard_sigmoid_derivative([-4.0, -3.0, 0.0, 3.0, 4.0]).round(6))
    [0.       0.       0.166667 0.       0.      ]
    """
    slope = (np.abs(x) < 3) / 6  # 1/6 inside, 0 outside and at ±3 (PyTorch's convention)
    return np.where(np.isnan(x), np.nan, slope)  # NaN is not < 3: it gave 0


@elementwise
def hard_swish(x: ArrayLike) -> NDArray[np.floating]:
    r"""The hard swish, PyTorch's ``hardswish``, element by element.

    .. math:: f(x) = x\,\frac{\operatorname{relu6}(x + 3)}{6}
                   = \begin{cases} 0 & x \le -3 \\ x (x + 3)/6 & -3 < x < 3 \\
                                   x & x \ge 3 \end{cases}

    Derived in lesson 3.9 (``notebooks/10_mish_hard.ipynb``): Howard et al. (2019,
    MobileNetV3), as ``torch.nn.functional.hardswish`` defines it: x times
    :func:`hard_sigmoid`, SiLU with the sigmoid made piecewise linear. Output range
    [-0.375, inf), the minimum at x = -1.5.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape (see :mod:`chapter3.contract`).

    Returns
    -------
    ndarray or scalar
        ``hard_swish(x)``, same shape and floating dtype as ``x``.

    Examples
    --------
    >>> from chapter3 import hard_swish
    >>> print(hard_swish([-4.0, -3.0, -1.5, 0.0, 1.5, 3.0, 4.0]))
    [-0.    -0.    -0.375  0.     1.125  3.     4.   ]
    """
    x = np.maximum(x, -3)  # hard_sigmoid is 0 for x <= -3; at -inf, x * 0 would be NaN
    return x * hard_sigmoid(x)


@elementwise
def hard_swish_derivative(x: ArrayLike) -> NDArray[np.floating]:
    r"""The derivative of the hard swish, element by element.

    .. math:: f'(x) = \begin{cases} 0 & x < -3 \\ (2x + 3)/6 & -3 \le x \le 3 \\
                                    1 & x > 3 \end{cases}

    Derived in lesson 3.9 (``notebooks/10_mish_hard.ipynb``). At the kinks the
    one-sided slopes differ (0 and -1/2 at x = -3, 3/2 and 1 at x = 3); the course
    returns the middle piece's value at both, -1/2 and 3/2, PyTorch's convention
    (its ``hardswish_backward`` uses x/3 + 1/2 for -3 <= x <= 3).

    Parameters
    ----------
    x : array_like
        Real numbers of any shape (see :mod:`chapter3.contract`).

    Returns
    -------
    ndarray or scalar
        ``hard_swish'(x)``, same shape and floating dtype as ``x``.

    Notes
    -----
    ``(2x + 3) / 6`` rather than PyTorch's ``x / 3 + 1 / 2``: near x = -1.5, where
    the slope is 0, ``2x + 3`` is exact and the sum of the other form cancels.

    Examples
    --------
    >>> from chapter3 import hard_swish_derivative
    >>> print(hard_swish_derivative([-4.0, -3.0, -1.5, 0.0, 3.0, 4.0]))
    [ 0.  -0.5  0.   0.5  1.5  1. ]
    """
    middle = (2 * np.clip(x, -3, 3) + 3) / 6  # clipped so that 2x cannot overflow
    return np.where(x > 3, 1.0, np.where(x < -3, 0.0, middle))  # NaN falls to middle: NaN
