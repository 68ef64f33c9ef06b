"""The activation functions of Chapter 3 and their derivatives, in NumPy.

Each function takes any real array-like ``x`` and works element by element; the
shared input contract (shapes, dtypes, errors) is described in
:mod:`chapter3.contract`. Each docstring names the lesson that derives the formula.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

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
