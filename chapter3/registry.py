"""One description per activation, for notebooks, figures, tests and docs to iterate.

Adding a lesson means adding its functions to :mod:`chapter3.activations`, its
SymPy definition to :mod:`chapter3.symbolic` and one :class:`Activation` entry here;
the figures, the generic tests (shapes, dtypes, special values, accuracy against
mpmath, SymPy against NumPy) and the docs pick it up from :data:`ACTIVATIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy

from chapter3 import activations, symbolic


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
        The NumPy implementations.
    expr : callable
        ``expr(x)`` is the definition as a SymPy expression in ``x``.
    output_range : tuple of float
        Infimum and supremum of the function's values.
    """

    name: str
    title: str
    lesson: str
    notebook: str
    symbol: str
    function: Callable
    derivative: Callable
    expr: Callable[[sympy.Symbol], sympy.Expr]
    output_range: tuple[float, float]

    def derivative_expr(self, x: sympy.Symbol = symbolic.x) -> sympy.Expr:
        """``sympy.diff`` of the definition: the reference for the NumPy derivative."""
        return sympy.diff(self.expr(x), x)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation(
            name="sigmoid",
            title="Sigmoid",
            lesson="3.1",
            notebook="01_sigmoid.ipynb",
            symbol=r"\sigma",
            function=activations.sigmoid,
            derivative=activations.sigmoid_derivative,
            expr=symbolic.sigmoid_expr,
            output_range=(0.0, 1.0),
        ),
    ]
}
