"""The formulas as the original posts code them: straight from the definition (and, for
lessons 3.8 and 3.9, which have no post, as the papers write them).

Do not use these: they overflow, warn and lose the tails. The lessons compare them
with the safe versions in :mod:`chapter3.activations`, and the tests check that they
fail where the lessons say they fail. Each activation's registry entry names its pair
(:attr:`chapter3.registry.Activation.textbook`).
"""

import numpy as np
from scipy import special


def sigmoid(x):
    """The post's ``sig``: ``1/(1 + np.exp(-x))``; overflows for x < -709 (lesson 3.1)."""
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    """The post's ``sig_dash``: ``sig(x) * (1 - sig(x))``; 0 for x > 37 (lesson 3.1)."""
    return sigmoid(x) * (1 - sigmoid(x))


def tanh(x):
    """The definition as a quotient of exponentials; inf/inf = nan for |x| > 709 (lesson 3.2)."""
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


def tanh_derivative(x):
    """``1 - tanh(x)**2``; cancels to 0 for |x| > 19 (lesson 3.2)."""
    return 1 - tanh(x) ** 2


def softsign(x):
    """``x / (1 + |x|)``; inf/inf = nan at ±inf (lesson 3.3)."""
    return x / (1 + np.abs(x))


def softsign_derivative(x):
    """``1 / (1 + |x|)**2``; the square overflows for |x| > 1.3e154 (lesson 3.3)."""
    return 1 / (1 + np.abs(x)) ** 2


def relu(x, leak=0.0):
    """``np.where(x > 0, x, leak * x)``; 0 * -inf = nan at -inf (lesson 3.4)."""
    return np.where(x > 0, x, leak * x)


def relu_derivative(x, leak=0.0):
    """``np.where(x > 0, 1, leak)``; NaN in gives ``leak`` out, not NaN (lesson 3.4)."""
    return np.where(x > 0, 1, leak)


def selu(x, alpha=1.0, scale=1.0):
    """``scale * np.where(x > 0, x, alpha * (np.exp(x) - 1))``; the unused branch
    overflows for x > 709, and e^x - 1 loses digits near 0 (lesson 3.5)."""
    return scale * np.where(x > 0, x, alpha * (np.exp(x) - 1))


def selu_derivative(x, alpha=1.0, scale=1.0):
    """``scale * np.where(x > 0, 1, alpha * np.exp(x))``; overflow warning for x > 709
    (lesson 3.5)."""
    return scale * np.where(x > 0, 1, alpha * np.exp(x))


def softplus(x):
    """``np.log(1 + np.exp(x))``; inf for x > 709, 0 for x < -37 (lesson 3.6)."""
    return np.log(1 + np.exp(x))


def softplus_derivative(x):
    """``1 / (1 + np.exp(-x))``, the textbook sigmoid (lesson 3.6)."""
    return 1 / (1 + np.exp(-x))


def softmax(x):
    """``np.exp(x) / np.sum(np.exp(x))``; e^x overflows for x > 709 (lesson 3.7)."""
    return np.exp(x) / np.sum(np.exp(x))


# Lessons 3.8 and 3.9 go beyond the posts: their "textbook" code is each paper's formula
# typed straight into NumPy (and SciPy's erf, which NumPy lacks), as it is usually written.


def gelu(x):
    """``0.5 * x * (1 + erf(x / sqrt(2)))``; 1 + erf cancels to 0 for x < -5.9 (lesson 3.8)."""
    return 0.5 * x * (1 + special.erf(x / np.sqrt(2)))


def gelu_derivative(x):
    """``Φ(x) + x φ(x)`` with Φ from erf; Φ cancels for x < -5.9, and x φ(x) is
    inf * 0 = nan at ±inf (lesson 3.8)."""
    return 0.5 * (1 + special.erf(x / np.sqrt(2))) + x * np.exp(-x**2 / 2) / np.sqrt(2 * np.pi)


def silu(x):
    """``x / (1 + np.exp(-x))``; e^-x overflows for x < -709 (lesson 3.8)."""
    return x / (1 + np.exp(-x))


def silu_derivative(x):
    """``s * (1 + x * (1 - s))`` with the textbook sigmoid s; overflows for x < -709,
    and x (1 - s) is inf * 0 = nan at +inf (lesson 3.8)."""
    s = 1 / (1 + np.exp(-x))
    return s * (1 + x * (1 - s))


def mish(x):
    """``x * np.tanh(np.log(1 + np.exp(x)))``; warns for x > 709, 0 for x < -37 (lesson 3.9)."""
    return x * np.tanh(np.log(1 + np.exp(x)))


def mish_derivative(x):
    """``tanh(sp) + x sech²(sp) σ(x)`` from the textbook softplus; sech² = 1 - tanh² cancels
    to 0 for x > 19, and e^x overflows for x > 709 (lesson 3.9)."""
    sp = np.log(1 + np.exp(x))
    return np.tanh(sp) + x * (1 - np.tanh(sp) ** 2) / (1 + np.exp(-x))


def hard_sigmoid(x):
    """``np.minimum(np.maximum(x + 3, 0), 6) / 6``, relu6(x + 3)/6: right (lesson 3.9)."""
    return np.minimum(np.maximum(x + 3, 0), 6) / 6


def hard_sigmoid_derivative(x):
    """``((x > -3) & (x < 3)) / 6``; NaN in gives 0 out, not NaN (lesson 3.9)."""
    return ((x > -3) & (x < 3)) / 6


def hard_swish(x):
    """``x * relu6(x + 3) / 6``; x * 6 overflows beyond 3e307, -inf * 0 = nan (lesson 3.9)."""
    return x * np.minimum(np.maximum(x + 3, 0), 6) / 6


def hard_swish_derivative(x):
    """PyTorch's ``x / 3 + 1 / 2`` between the kinks, in nested ``np.where``; NaN in gives
    1 out, and the sum cancels near x = -1.5 (lesson 3.9)."""
    return np.where(x < -3, 0.0, np.where(x <= 3, x / 3 + 0.5, 1.0))
