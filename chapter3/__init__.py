"""chapter3: activation functions and their derivatives, the companion package of
the course "Chapter 3 — Activation functions and their derivatives".

The notebooks in ``notebooks/`` derive each formula; this package holds the one
numerically safe implementation that they, the tests and the docs all use.

Modules: :mod:`chapter3.activations` (NumPy), :mod:`chapter3.symbolic` (SymPy and
the derivation checker), :mod:`chapter3.registry` (one description per activation),
:mod:`chapter3.plotting` (figures).
"""

from chapter3.activations import sigmoid, sigmoid_derivative
from chapter3.registry import ACTIVATIONS, Activation

__all__ = ["sigmoid", "sigmoid_derivative", "ACTIVATIONS", "Activation"]
__version__ = "0.1.0"
