"""Lesson 3.3: softsign's own facts, beyond the shared contract."""

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from chapter3 import softsign, softsign_derivative, tanh, textbook
from chapter3.symbolic import Claim, Derivation, hold, softsign_expr, tanh_expr, x

POST_X = np.array([[0.2], [0.5], [1.2], [-2.3], [0]])
ABS_X = sympy.Abs(x)
reals = st.floats(allow_nan=False, allow_infinity=False, width=64)


def test_the_posts_example_prints_the_posts_numbers():
    # Divisions and products are correctly rounded, so these digits hold on every CPU.
    assert str(softsign(POST_X)) == (
        "[[ 0.16666667]\n [ 0.33333333]\n [ 0.54545455]\n [-0.6969697 ]\n [ 0.        ]]"
    )
    assert repr(softsign_derivative(POST_X)) == (
        "array([[0.69444444],\n       [0.44444444],\n       [0.20661157],\n"
        "       [0.09182736],\n       [1.        ]])"
    )


def derivation_steps(abs_derivative):
    """The lesson's derivation, with d|x|/dx replaced by ``abs_derivative``."""
    with sympy.evaluate(False):
        return [
            ((hold(1 + ABS_X) * sympy.Derivative(x, x) - x * sympy.Derivative(1 + ABS_X, x))
             / (1 + ABS_X) ** 2, "quotient rule"),
            (((1 + ABS_X) - x * abs_derivative) / (1 + ABS_X) ** 2, "g' = 1, h' = d|x|/dx"),
            ((1 + ABS_X - x ** 2 / ABS_X) / (1 + ABS_X) ** 2, "multiply out"),
            ((1 + ABS_X - ABS_X) / (1 + ABS_X) ** 2, "x^2/|x| = |x|"),
            (1 / (1 + ABS_X) ** 2, "cancel"),
        ]


def test_the_derivation_holds_and_the_abs_slip_is_caught():
    with sympy.evaluate(False):
        x_over_abs = x / ABS_X
    assert Derivation(softsign_expr(x), derivation_steps(x_over_abs)).verify()
    slip = Derivation(softsign_expr(x), derivation_steps(sympy.Integer(1)))
    assert [c.ok for c in slip.checks] == [True, False, False, True, True]
    assert slip.checks[1].witness[x] < 0  # d|x|/dx = 1 is only wrong for x < 0


def test_the_how_step_holds_and_cancelling_an_x_does_not():
    with sympy.evaluate(False):
        x_squared_over_abs = x ** 2 / ABS_X
    assert Claim(x_squared_over_abs, ABS_X).check.how == "proof"
    assert not Claim(x_squared_over_abs, x).ok


def test_differentiable_at_zero_from_both_sides_although_x_over_abs_x_is_not_defined():
    assert (x / ABS_X).subs(x, 0) is sympy.nan
    h = sympy.Symbol("h", real=True)
    quotient = (softsign_expr(h) - softsign_expr(0)) / h
    assert sympy.limit(quotient, h, 0, "+") == sympy.limit(quotient, h, 0, "-") == 1
    # |x| itself has no derivative at 0
    assert sympy.limit(sympy.Abs(h) / h, h, 0, "+") == 1
    assert sympy.limit(sympy.Abs(h) / h, h, 0, "-") == -1
    assert softsign_derivative(0.0) == 1.0
    # but only once: the second derivative jumps from 2 to -2
    second = sympy.diff(softsign_expr(x), x, 2)
    assert (sympy.limit(second, x, 0, "-"), sympy.limit(second, x, 0, "+")) == (2, -2)


def test_saturation_is_polynomial_for_softsign_and_exponential_for_tanh():
    t = sympy.Symbol("t", positive=True)
    assert sympy.limit(t * (1 - softsign_expr(t)), t, sympy.oo) == 1
    assert sympy.limit((1 - tanh_expr(t)) * sympy.exp(2 * t) / 2, t, sympy.oo) == 1
    values = np.array([2.0, 5.0, 10.0, 100.0, 1000.0])
    np.testing.assert_allclose(1 - softsign(values), 1 / (1 + values), rtol=1e-12)
    # in float64 tanh has reached 1 exactly long before softsign gets close
    np.testing.assert_array_equal(tanh(values[3:]), [1.0, 1.0])


def test_textbook_formulas_fail_at_infinity_and_beyond_sqrt_of_the_largest_float():
    with pytest.warns(RuntimeWarning, match="invalid value"):
        assert np.isnan(textbook.softsign(np.array([np.inf, -np.inf]))).all()
    with pytest.warns(RuntimeWarning, match="overflow"):
        assert textbook.softsign_derivative(np.array([1e155]))[0] == 0
    np.testing.assert_array_equal(softsign([-np.inf, np.inf]), [-1.0, 1.0])
    assert np.isnan(softsign(np.nan)) and np.isnan(softsign_derivative(np.nan))
    # chapter3 keeps the subnormal value 1e-310, correctly rounded
    with mpmath.workdps(50):
        exact = float(1 / (1 + mpmath.mpf(1e155)) ** 2)
    assert softsign_derivative(1e155) == exact == 1e-310
    assert softsign_derivative(1e200) == 0.0 and softsign_derivative(np.inf) == 0.0


def test_the_derivatives_cross_where_cosh_x_is_1_plus_x():
    root = float(sympy.nsolve(sympy.cosh(x) - 1 - x, x, 1.5))
    assert root == pytest.approx(1.6161375, abs=1e-7)
    below, above = root - 0.01, root + 0.01
    tanh_slope = lambda v: 1 - tanh(v) ** 2  # noqa: E731 (moderate v: no cancellation)
    assert softsign_derivative(below) < tanh_slope(below)
    assert softsign_derivative(above) > tanh_slope(above)


def test_the_exercise_answer_matches_chapter3_without_any_warning():
    def my_softsign(values):
        big = np.finfo(np.float64).max
        clipped = np.clip(np.asarray(values, dtype=float), -big, big)
        return clipped / (1 + np.abs(clipped))

    s = np.concatenate([np.linspace(-1000, 1000, 100001),
                        [-np.inf, -1e308, 0.0, 1e-10, 1e308, np.inf, np.nan]])
    with np.errstate(all="raise"):
        np.testing.assert_array_equal(my_softsign(s), softsign(s))


@given(reals)
def test_softsign_is_odd_and_its_derivative_even_exactly(value):
    assert softsign(-value) == -softsign(value)
    assert softsign_derivative(-value) == softsign_derivative(value)
    assert -1 <= softsign(value) <= 1 and 0 <= softsign_derivative(value) <= 1
