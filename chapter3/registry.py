"""One description per activation, for notebooks, figures, tests and docs to iterate.

Adding a lesson means adding its functions to :mod:`chapter3.activations`, its
SymPy definition to :mod:`chapter3.symbolic` and one :class:`Activation` entry here;
the figures, the generic tests (shapes, dtypes, special values, accuracy against
mpmath, SymPy against NumPy) and the docs pick it up from :data:`ACTIVATIONS`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy

from chapter3 import activations, symbolic

INF = math.inf


@dataclass(frozen=True)
class Activation:
    """What the course knows about one element-wise activation.

    Attributes
    ----------
    name : str
        Identifier, as in ``chapter3.<name>`` and ``chapter3.<name>_derivative``.
    title : str
        Human name, e.g. ``"Sigmoid"``.
    lesson : str
        Lesson number, e.g. ``"3.1"``.
    notebook : str
        The lesson's notebook in ``notebooks/``.
    symbol : str
        LaTeX symbol used in figures, e.g. ``r"\\sigma"``.
    function, derivative : callable
        The NumPy implementations, ``function(x, **params)``.
    expr : callable
        ``expr(x, **params)`` is the definition as a SymPy expression; without
        ``params`` the parameters are SymPy symbols (``a``, ``α``, ``λ``).
    output_range : tuple of float
        Infimum and supremum of the function's values, at the default parameters.
    zero_centred : bool
        Whether f(0) = 0, so that outputs are centred on zero.
    differentiable : bool
        Whether f has a derivative at every x, at the default parameters.
    pair : callable
        ``pair(x, **params)`` returns ``(function(x), derivative(x))`` computed
        together, sharing their common work; see :func:`value_and_derivative`.
    params : mapping
        The numeric parameters and their defaults, as in the function's signature.
    settings : tuple of mappings
        Further parameter values that the tests and figures cover besides the
        defaults, e.g. ``({"leak": 0.1},)`` for Leaky ReLU.
    """

    name: str
    title: str
    lesson: str
    notebook: str
    symbol: str
    function: Callable
    derivative: Callable
    expr: Callable[..., sympy.Expr]
    output_range: tuple[float, float]
    zero_centred: bool
    differentiable: bool
    pair: Callable
    params: Mapping[str, float] = field(default_factory=dict)
    settings: tuple[Mapping[str, float], ...] = ()

    def expression(self, x: sympy.Symbol = symbolic.x, **params: float) -> sympy.Expr:
        """The definition with numeric parameters (the defaults unless given).

        Each float is converted exactly (``sympy.Rational(0.1)`` is the binary value
        of 0.1, not 1/10), so a high-precision evaluation is a reference for exactly
        the function that the NumPy code computes.
        """
        values = {**self.params, **params}
        return self.expr(x, **{k: sympy.Rational(v) for k, v in values.items()})

    def derivative_expression(self, x: sympy.Symbol = symbolic.x, **params: float) -> sympy.Expr:
        """``sympy.diff`` of :meth:`expression`: the reference for the NumPy derivative.

        For a piecewise function SymPy differentiates each piece, so at a break
        point the result is the value of the piece that holds there (x <= 0), the
        course's convention.
        """
        return sympy.diff(self.expression(x, **params), x)

    def value_and_derivative(self, x, **params: float):
        """``(f(x), f'(x))`` in one pass: see :func:`value_and_derivative`."""
        return self.pair(x, **params)

    def bind(self, **params: float) -> tuple[Callable, Callable]:
        """``function`` and ``derivative`` with the parameters fixed."""
        return (functools.partial(self.function, **params),
                functools.partial(self.derivative, **params))


#: Every element-wise activation of the course, by name: ``ACTIVATIONS["sigmoid"]``.
ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation(
            name="sigmoid", title="Sigmoid", lesson="3.1", notebook="01_sigmoid.ipynb",
            symbol=r"\sigma",
            function=activations.sigmoid, derivative=activations.sigmoid_derivative,
            pair=activations._sigmoid_pair,
            expr=symbolic.sigmoid_expr, output_range=(0.0, 1.0),
            zero_centred=False, differentiable=True,
        ),
        Activation(
            name="tanh", title="Tanh", lesson="3.2", notebook="02_tanh.ipynb",
            symbol=r"\tanh",
            function=activations.tanh, derivative=activations.tanh_derivative,
            pair=activations._tanh_pair,
            expr=symbolic.tanh_expr, output_range=(-1.0, 1.0),
            zero_centred=True, differentiable=True,
        ),
        Activation(
            name="softsign", title="Softsign", lesson="3.3", notebook="03_softsign.ipynb",
            symbol=r"\mathrm{softsign}",
            function=activations.softsign, derivative=activations.softsign_derivative,
            pair=activations._softsign_pair,
            expr=symbolic.softsign_expr, output_range=(-1.0, 1.0),
            zero_centred=True, differentiable=True,
        ),
        Activation(
            name="relu", title="ReLU and Leaky ReLU", lesson="3.4", notebook="04_relu.ipynb",
            symbol=r"\mathrm{relu}",
            function=activations.relu, derivative=activations.relu_derivative,
            pair=activations._relu_pair,
            expr=symbolic.relu_expr, output_range=(0.0, INF),
            zero_centred=False, differentiable=False,
            params={"leak": 0.0}, settings=({"leak": 0.1}, {"leak": 0.01}),
        ),
        Activation(
            name="elu", title="ELU", lesson="3.5", notebook="05_elu_selu.ipynb",
            symbol=r"\mathrm{elu}",
            function=activations.elu, derivative=activations.elu_derivative,
            pair=activations._elu_pair,
            expr=symbolic.elu_expr, output_range=(-1.0, INF),
            zero_centred=True, differentiable=True,
            params={"alpha": 1.0}, settings=({"alpha": 0.5}, {"alpha": 2.0}),
        ),
        Activation(
            name="selu", title="SELU", lesson="3.5", notebook="05_elu_selu.ipynb",
            symbol=r"\mathrm{selu}",
            function=activations.selu, derivative=activations.selu_derivative,
            pair=activations._selu_pair,
            expr=symbolic.selu_expr,
            output_range=(-activations.SELU_SCALE * activations.SELU_ALPHA, INF),
            zero_centred=True, differentiable=False,
            params={"alpha": activations.SELU_ALPHA, "scale": activations.SELU_SCALE},
            settings=({"alpha": 1.0, "scale": 1.0},),
        ),
        Activation(
            name="softplus", title="Softplus", lesson="3.6", notebook="06_softplus.ipynb",
            symbol=r"\mathrm{softplus}",
            function=activations.softplus, derivative=activations.softplus_derivative,
            pair=activations._softplus_pair,
            expr=symbolic.softplus_expr, output_range=(0.0, INF),
            zero_centred=False, differentiable=True,
        ),
    ]
}


def value_and_derivative(activation: str | Activation, x, **params: float):
    """An activation and its derivative at ``x``, computed together.

    Back-propagation needs both at the same inputs: ``f(x)`` going forward and
    ``f'(x)`` coming back. Computed together they share their costly part (one
    exponential instead of two for the sigmoid and softplus) and, like every
    function of the course, large arrays are processed in cache-sized blocks. The
    results are exactly those of the two separate functions.

    >>> import numpy as np
    >>> y, dy = value_and_derivative("sigmoid", np.array([-1.0, 0.0, 2.0]))
    >>> print(y.round(6), dy.round(6))
    [0.268941 0.5      0.880797] [0.196612 0.25     0.104994]
    >>> y, dy = value_and_derivative("relu", [-2.0, 3.0], leak=0.1)
    >>> print(y, dy)
    [-0.2  3. ] [0.1 1. ]
    """
    entry = ACTIVATIONS[activation] if isinstance(activation, str) else activation
    return entry.value_and_derivative(x, **params)
