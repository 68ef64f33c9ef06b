"""Lesson 3.3: softsign's own facts. (What every activation keeps, the post's numbers and
the textbook formulas' failures, softsign'(1e155) = 1e-310 among them, are tested for all
of them: test_activations.py, test_accuracy.py, test_properties.py, test_textbook.py and
the docstrings' examples; the derivations are re-run from the notebook.)"""

import pytest
import sympy

from chapter3 import softsign_derivative, tanh_derivative
from chapter3.symbolic import x


def test_the_gradients_cross_where_cosh_x_is_1_plus_x():
    # the lesson's exercise 4: 1/(1 + x)^2 = 1/cosh(x)^2 for x > 0, at x = 1.6161
    root = float(sympy.nsolve(sympy.cosh(x) - 1 - x, x, 1.5))
    assert root == pytest.approx(1.6161375, abs=1e-7)
    assert softsign_derivative(root - 0.01) < tanh_derivative(root - 0.01)
    assert softsign_derivative(root + 0.01) > tanh_derivative(root + 0.01)
