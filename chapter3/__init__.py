"""chapter3: activation functions and their derivatives, the companion package of
the course "Chapter 3 — Activation functions and their derivatives".

The notebooks in ``notebooks/`` derive each formula; this package holds the one
numerically safe implementation that they, the tests and the docs all use.

Modules, in the order a learner meets them:

- :mod:`chapter3.activations`: the element-wise functions and their derivatives;
  :mod:`chapter3.softmax`: softmax, its Jacobian and the vector-Jacobian product,
  log-softmax and the cross-entropy losses;
  :mod:`chapter3.contract`: what they all accept and return, written once;
- :mod:`chapter3.symbolic`: the SymPy definitions and the step-by-step derivation checker;
- :mod:`chapter3.registry`: one record per activation, which everything else iterates;
- the helpers the lessons call: :mod:`chapter3.plotting` (figures), :mod:`chapter3.checking`
  (``compare``), :mod:`chapter3.gradcheck` (finite differences), :mod:`chapter3.exercises`
  (``check``), :mod:`chapter3.explore` (sliders), :mod:`chapter3.textbook` (the posts'
  formulas, kept to show where they fail) and :mod:`chapter3.audit` (against mpmath).
"""

from chapter3.activations import (
    SELU_ALPHA,
    SELU_SCALE,
    elu,
    elu_derivative,
    gelu,
    gelu_derivative,
    hard_sigmoid,
    hard_sigmoid_derivative,
    hard_swish,
    hard_swish_derivative,
    mish,
    mish_derivative,
    relu,
    relu_derivative,
    selu,
    selu_derivative,
    sigmoid,
    sigmoid_derivative,
    silu,
    silu_derivative,
    softplus,
    softplus_derivative,
    softsign,
    softsign_derivative,
    tanh,
    tanh_derivative,
)
from chapter3.registry import ACTIVATIONS, SOFTMAX, Activation, value_and_derivative
from chapter3.softmax import (
    log_softmax,
    log_softmax_vjp,
    sigmoid_binary_cross_entropy,
    sigmoid_binary_cross_entropy_gradient,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_gradient,
    softmax_jacobian,
    softmax_vjp,
)

__all__ = [
    "sigmoid", "sigmoid_derivative",
    "tanh", "tanh_derivative",
    "softsign", "softsign_derivative",
    "relu", "relu_derivative",
    "elu", "elu_derivative",
    "selu", "selu_derivative", "SELU_ALPHA", "SELU_SCALE",
    "softplus", "softplus_derivative",
    "gelu", "gelu_derivative",
    "silu", "silu_derivative",
    "mish", "mish_derivative",
    "hard_sigmoid", "hard_sigmoid_derivative",
    "hard_swish", "hard_swish_derivative",
    "softmax", "softmax_jacobian", "softmax_vjp",
    "log_softmax", "log_softmax_vjp", "softmax_cross_entropy", "softmax_cross_entropy_gradient",
    "sigmoid_binary_cross_entropy", "sigmoid_binary_cross_entropy_gradient",
    "value_and_derivative", "ACTIVATIONS", "SOFTMAX", "Activation",
]
__version__ = "0.1.0"
