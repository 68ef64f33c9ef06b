"""The formulas as the original posts code them: straight from the definition.

Do not use these: they overflow, warn and lose the tails. The lessons compare them
with the safe versions in :mod:`chapter3.activations`, and the tests check that they
fail where the lessons say they fail. Each activation's registry entry names its pair
(:attr:`chapter3.registry.Activation.textbook`).
"""

import numpy as np


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
