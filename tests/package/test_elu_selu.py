"""Lesson 3.5: the facts of ELU and SELU beyond what every activation keeps. (The
contract, accuracy, the derivative's value at 0 and the post's numbers are tested for
all activations: test_activations.py, test_accuracy.py and the docstrings' examples.)"""

import sympy

from chapter3 import SELU_ALPHA, SELU_SCALE
from chapter3.symbolic import alpha, scale, selu_expr, x
from reference import limit


def test_selu_defaults_are_the_papers_constants_rounded_once():
    # Klambauer et al. (2017). The accuracy tests take the constants from chapter3, so
    # only this ties them to the paper.
    assert SELU_ALPHA == float("1.6732632423543772848170429916717")
    assert SELU_SCALE == float("1.0507009873554804934193349852946")


def test_derivative_is_continuous_at_zero_only_for_alpha_one():
    derivative = sympy.diff(selu_expr(x, alpha, scale), x)
    left, right = limit(derivative, 0, "-"), limit(derivative, 0, "+")
    assert (left, right) == (alpha * scale, scale)
    assert sympy.solve(sympy.Eq(left, right), alpha) == [1]
    assert limit(selu_expr(x, alpha, scale), 0, "-") == limit(selu_expr(x, alpha, scale), 0, "+") == 0
