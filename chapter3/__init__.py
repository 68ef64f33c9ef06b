"""chapter3: activation functions and their derivatives, the companion package of
the course "Chapter 3 — Activation functions and their derivatives".

The notebooks in ``notebooks/`` derive each formula; this package holds the one
numerically safe implementation that they, the tests and the docs all use.

Modules: :mod:`chapter3.activations` (NumPy),
:mod:`chapter3.softmax` (softmax, its Jacobian and vector-Jacobian product), :mod:`chapter3.symbolic` (SymPy and
the derivation checker), :mod:`chapter3.registry` (one description per activation),
:mod:`chapter3.plotting` (figures).
"""

from chapter3.activations import (
    SELU_ALPHA,
    SELU_SCALE,
    elu,
    elu_derivative,
    relu,
    relu_derivative,
    selu,
    selu_derivative,
    sigmoid,
    sigmoid_derivative,
    softplus,
    softplus_derivative,
    softsign,
    softsign_derivative,
    tanh,
    tanh_derivative,
)
from chapter3.registry import ACTIVATIONS, Activation, value_and_derivative
from chapter3.softmax import softmax, softmax_jacobian, softmax_vjp

__all__ = [
    "sigmoid", "sigmoid_derivative",
    "tanh", "tanh_derivative",
    "softsign", "softsign_derivative",
    "relu", "relu_derivative",
    "elu", "elu_derivative",
    "selu", "selu_derivative", "SELU_ALPHA", "SELU_SCALE",
    "softplus", "softplus_derivative",
    "softmax", "softmax_jacobian", "softmax_vjp",
    "value_and_derivative", "ACTIVATIONS", "Activation",
]
__version__ = "0.1.0"
