"""Lesson 3.1: the sigmoid's own facts, beyond the shared contract."""

import numpy as np
import pytest

from chapter3 import sigmoid, sigmoid_derivative, textbook
from chapter3.symbolic import sigmoid_expr, x
from reference import mp_values, ulp_distance

POST_X = np.array([[0.1], [0.2], [0.3], [0.4], [0.5]])


def test_the_posts_example_prints_the_posts_numbers():
    # Copied from the output of the original post (shared/seed/3.1-sigmoid.md).
    assert str(sigmoid(POST_X)) == (
        "[[0.52497919]\n [0.549834  ]\n [0.57444252]\n [0.59868766]\n [0.62245933]]"
    )
    assert repr(sigmoid_derivative(POST_X)) == (
        "array([[0.24937604],\n       [0.24751657],\n       [0.24445831],\n"
        "       [0.24026075],\n       [0.23500371]])"
    )


def test_far_left_tail_is_a_subnormal_not_zero():
    value = sigmoid(-710)
    assert 0 < value < np.finfo(np.float64).smallest_normal
    assert ulp_distance(np.float64(value), mp_values(sigmoid_expr(x), [-710.0])[0]) <= 4


@pytest.mark.parametrize("x", [100.0, -100.0])
def test_derivative_tails_keep_their_value(x):
    # The textbook s * (1 - s) gives exactly 0 at x = 100: 1 - s cancels.
    assert sigmoid_derivative(x) == pytest.approx(3.7200759760208356e-44, rel=1e-15)
    assert (textbook.sigmoid_derivative(x) == 0) == (x > 0)


def test_maximum_slope_is_a_quarter_at_zero():
    grid = np.linspace(-10, 10, 20001)
    slopes = sigmoid_derivative(grid)
    assert slopes.max() == 0.25 and grid[slopes.argmax()] == 0


def test_textbook_formula_overflows_where_chapter3_does_not():
    with pytest.warns(RuntimeWarning, match="overflow"):
        naive = textbook.sigmoid(np.array([-1000.0, -710.0]))
    # -1000: 0 is right (e^-1000 is below the smallest subnormal), by luck: 1/inf = 0.
    # -710: the true value is a subnormal, and the overflow turned it into 0.
    np.testing.assert_array_equal(naive, [0.0, 0.0])
    assert sigmoid(-1000.0) == 0.0 and sigmoid(-710.0) > 0


def test_half_precision_is_computed_in_higher_precision():
    x16 = np.array([-12.0, -3.0, 0.0, 3.0, 12.0], dtype=np.float16)
    expected = sigmoid(x16.astype(np.float64)).astype(np.float16)
    np.testing.assert_array_equal(sigmoid(x16), expected)
