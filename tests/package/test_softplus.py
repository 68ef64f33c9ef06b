"""Lesson 3.6: softplus's own facts, beyond the shared contract."""

import numpy as np
import pytest
import sympy

from chapter3 import relu, sigmoid, softplus, softplus_derivative, textbook
from chapter3.symbolic import Claim, sigma, softplus_expr, x
from reference import mp_values, ulp_distance

POST_X = np.array([[-20], [0.5], [1.2], [-2.3], [0]])
t = sympy.Symbol("t", positive=True)


def test_the_posts_example_and_its_wrong_digit():
    # The post printed this for softplus(x): the textbook formula reproduces it, wrong digit and all.
    posts_softplus = (
        "[[2.06115369e-09]\n [9.74076984e-01]\n [1.46328247e+00]\n [9.55454646e-02]\n [6.93147181e-01]]"
    )
    assert str(textbook.softplus(POST_X)) == posts_softplus
    # chapter3 differs only in the first entry, where it prints the true value.
    assert str(softplus(POST_X)) == posts_softplus.replace("2.06115369e-09", "2.06115362e-09")
    # The post's derivative was right.
    assert repr(softplus_derivative(POST_X)) == (
        "array([[2.06115362e-09],\n       [6.22459331e-01],\n       [7.68524783e-01],\n"
        "       [9.11229610e-02],\n       [5.00000000e-01]])"
    )


def test_the_wrong_digit_comes_from_rounding_one_plus_e_to_the_minus_20():
    small = np.exp(-20.0)
    rounded = (1 + small) - 1  # what is left of e^-20 after 1 + e^-20 is rounded
    assert f"{rounded:.8e}" == "2.06115369e-09" and f"{small:.8e}" == "2.06115362e-09"
    assert abs(rounded - small) <= np.spacing(1.0) / 2
    assert f"{np.log1p(small):.8e}" == "2.06115362e-09"
    reference = mp_values(softplus_expr(x), [-20.0])[0]
    assert ulp_distance(np.float64(softplus(-20.0)), np.float64(reference)) <= 2


@pytest.mark.parametrize("value", [-37.0, -40.0, -100.0, -700.0])
def test_the_left_tail_keeps_its_value_where_the_textbook_gives_zero(value):
    assert textbook.softplus(np.float64(value)) == 0
    reference = mp_values(softplus_expr(x), [value])[0]
    assert softplus(value) > 0
    assert ulp_distance(np.float64(softplus(value)), np.float64(reference)) <= 2


def test_the_textbook_thresholds():
    # 1 + e^x rounds to 1 once e^x <= 2^-53, i.e. x <= -53 log 2 = -36.74 ...
    assert textbook.softplus(np.float64(-36.7)) > 0 and textbook.softplus(np.float64(-36.8)) == 0
    # ... and e^x overflows beyond log(largest float64) = 709.78.
    assert np.isfinite(textbook.softplus(np.float64(709.7)))
    with pytest.warns(RuntimeWarning, match="overflow"):
        assert textbook.softplus(np.float64(709.8)) == np.inf
    assert softplus(1000.0) == 1000.0 and softplus(-1000.0) == 0.0


def test_float32_overflows_already_beyond_88():
    with pytest.warns(RuntimeWarning, match="overflow"):
        assert textbook.softplus(np.float32(100)) == np.inf
    value = softplus(np.float32(100))
    assert value.dtype == np.float32 and value == 100


def test_the_derivative_is_the_sigmoid():
    grid = np.linspace(-1000, 1000, 20001)
    np.testing.assert_array_equal(softplus_derivative(grid), sigmoid(grid))
    Claim(sympy.diff(softplus_expr(x), x), sigma(x)).verify()
    Claim(sympy.diff(softplus_expr(x), x, 2), sigma(x) * (1 - sigma(x))).verify()


def test_the_stable_form_on_each_side():
    stable = lambda v: sympy.Max(v, 0) + sympy.log(1 + sympy.exp(-sympy.Abs(v)))  # noqa: E731
    Claim(softplus_expr(t), stable(t)).verify()
    Claim(softplus_expr(-t), stable(-t)).verify()
    Claim(softplus_expr(x), x + softplus_expr(-x)).verify()
    Claim(softplus_expr(-x), -sympy.log(sigma(x))).verify()


def test_a_smooth_relu_at_most_log_2_above_it():
    grid = np.linspace(-40, 40, 8001)
    gap = softplus(grid) - relu(grid)
    assert gap.max() == pytest.approx(np.log(2), rel=1e-15) and grid[gap.argmax()] == 0
    assert (gap >= 0).all()  # on the right, x + log1p(e^-x) rounds to x beyond x = 37: a gap of 0
