"""Lesson 3.2: tanh's own facts, beyond the shared contract."""

import numpy as np
import pytest
import sympy

from chapter3 import sigmoid, sigmoid_derivative, tanh, tanh_derivative, textbook
from chapter3.symbolic import Derivation, check_equal, sigma, sigmoid_expr, tanh_expr, x
from reference import mp_values, ulp_distance

POST_X = np.array([[0.2], [0.5], [1.2], [-2.3], [0]])


def test_the_posts_example():
    assert str(tanh(POST_X)) == (
        "[[ 0.19737532]\n [ 0.46211716]\n [ 0.83365461]\n [-0.9800964 ]\n [ 0.        ]]"
    )
    assert repr(tanh_derivative(POST_X)) == (
        "array([[0.96104298],\n       [0.78644773],\n       [0.30502   ],\n"
        "       [0.03941105],\n       [1.        ]])"
    )


def test_the_posts_sigmoid_erratum_and_the_true_relation():
    assert not check_equal(tanh_expr(x), sigmoid_expr(x)).ok
    assert check_equal(tanh_expr(x), 2 * sigma(2 * x) - 1).how == "proof"
    assert check_equal(1 - sympy.tanh(x) ** 2, 4 * sigma(2 * x) * (1 - sigma(2 * x))).how == "proof"


def quotient_rule_steps(sign=-1):
    """The lesson's first steps; ``sign=+1`` is the reconstructed slip (a plus between the squares)."""
    with sympy.evaluate(False):
        u = sympy.exp(x) - sympy.exp(-x)
        v = sympy.exp(x) + sympy.exp(-x)
        return [
            ((v * sympy.Derivative(u, x) - u * sympy.Derivative(v, x)) / v**2, "quotient rule"),
            ((v * v - u * u) / v**2, "u' = v and v' = u"),
            ((v**2 + sign * u**2) / v**2, "squares"),
            (1 + sign * sympy.tanh(x) ** 2, "name"),
        ]


def test_the_derivation_holds_and_the_sign_slip_is_caught_where_it_happens():
    assert Derivation(tanh_expr(x), quotient_rule_steps()).verify()
    slip = Derivation(tanh_expr(x), quotient_rule_steps(sign=+1))
    assert [c.ok for c in slip.checks] == [True, True, False, True] and not slip.final.ok
    assert sympy.simplify(slip.checks[2].difference - 2 * sympy.tanh(x) ** 2) == 0


def test_tanh_is_a_stretched_sigmoid_numerically():
    grid = np.linspace(-10, 10, 2001)
    np.testing.assert_allclose(tanh(grid), 2 * sigmoid(2 * grid) - 1, rtol=0, atol=1e-15)
    np.testing.assert_array_equal(tanh_derivative(grid), 4 * sigmoid_derivative(2 * grid))


@pytest.mark.parametrize("value", [19.0, 20.0, 40.0, 100.0, -100.0])
def test_derivative_tail_keeps_its_value_where_the_textbook_cancels(value):
    assert textbook.tanh_derivative(np.float64(value)) == 0
    reference = mp_values(1 / sympy.cosh(x) ** 2, [value])[0]
    assert ulp_distance(np.float64(tanh_derivative(value)), reference) <= 4


def test_textbook_quotient_is_nan_with_warnings_beyond_709():
    inputs = np.array([-1000.0, -710.0, -709.0, 709.0, 710.0, 1000.0])
    with pytest.warns(RuntimeWarning) as caught:
        naive = textbook.tanh(inputs)
    messages = {str(w.message) for w in caught}
    assert messages == {"overflow encountered in exp", "invalid value encountered in divide"}
    np.testing.assert_array_equal(np.isnan(naive), [True, True, False, False, True, True])
    np.testing.assert_array_equal(tanh(inputs), [-1, -1, -1, 1, 1, 1])


def test_float32_exercise_answers():
    assert textbook.tanh(np.float32(50)) == 1  # e^50 fits in float32: no warning
    with pytest.warns(RuntimeWarning) as caught:
        assert np.isnan(textbook.tanh(np.float32(100)))  # inf / inf in float32
    assert "overflow encountered in exp" in {str(w.message) for w in caught}
    assert textbook.tanh_derivative(np.float32(50)) == 0
    value = tanh_derivative(np.float32(50))
    assert value.dtype == np.float32 and value == np.float32(4 * np.exp(-100.0))
