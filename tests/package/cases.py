"""The functions under test: every activation's function and derivative, at its default
parameters and at every setting its registry entry lists."""

from __future__ import annotations

import pytest

from chapter3 import ACTIVATIONS
from chapter3.symbolic import x as X


class Case:
    """One function to test: an activation's function or derivative, with parameters."""

    def __init__(self, activation, which, params):
        self.activation, self.which, self.params = activation, which, dict(params)
        function, derivative = activation.bind(**params)
        self.f = function if which == "function" else derivative
        self.name = (activation.function if which == "function" else activation.derivative).__name__

    def expr(self):
        a = self.activation
        return (a.expression(X, **self.params) if self.which == "function"
                else a.derivative_expression(X, **self.params))

    def __str__(self):
        return self.name + "".join(f"[{k}={v:g}]" for k, v in self.params.items())


# Every element-wise function the course exports, at its default parameters and at every setting
# the registry lists (Leaky ReLU's leak, ELU's alpha, ...).
CASES = [
    pytest.param(case, id=str(case))
    for a in ACTIVATIONS.values()
    for params in ({}, *a.settings)
    for case in (Case(a, "function", params), Case(a, "derivative", params))
]


