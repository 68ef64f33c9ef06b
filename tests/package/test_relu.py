"""Lesson 3.4: ReLU and Leaky ReLU's own facts, beyond the shared contract."""

import numpy as np
import pytest
import sympy

from chapter3 import relu, relu_derivative, textbook
from chapter3.symbolic import leak, relu_expr, x

POST_X1 = np.array([[0.2], [0.5], [1.2], [-2.3], [0]])
POST_X2 = np.array([[0.11], [-2.2], [0], [50.2], [33.5], [-0.6]])
POST_X3 = np.array([[-0.5], [0], [1], [2], [3], [4.5]])


def test_the_posts_examples_print_the_expected_numbers():
    assert str(relu(POST_X1)) == "[[0.2]\n [0.5]\n [1.2]\n [0. ]\n [0. ]]"
    assert str(relu_derivative(POST_X1)) == "[[1.]\n [1.]\n [1.]\n [0.]\n [0.]]"
    assert str(relu(POST_X2)) == "[[ 0.11]\n [ 0.  ]\n [ 0.  ]\n [50.2 ]\n [33.5 ]\n [ 0.  ]]"
    assert str(relu_derivative(POST_X2)) == "[[1.]\n [0.]\n [0.]\n [1.]\n [1.]\n [0.]]"
    assert str(relu(POST_X3, leak=0.1)) == (
        "[[-0.05]\n [ 0.  ]\n [ 1.  ]\n [ 2.  ]\n [ 3.  ]\n [ 4.5 ]]"
    )
    assert str(relu_derivative(POST_X3, leak=0.1)) == "[[0.1]\n [0.1]\n [1. ]\n [1. ]\n [1. ]\n [1. ]]"


@pytest.mark.parametrize("a", [0.0, 0.01, 0.1])
@pytest.mark.parametrize("zero", [0.0, -0.0])
def test_the_derivative_at_zero_is_the_left_branch(a, zero):
    # The course's convention (the post's, PyTorch's, TensorFlow's): relu'(0) = leak.
    assert relu_derivative(zero, leak=a) == a


def test_sympy_diff_of_the_piecewise_is_the_course_convention():
    derivative = sympy.diff(relu_expr(x, leak), x)
    assert derivative == sympy.Piecewise((1, x > 0), (leak, True))
    assert derivative.subs(x, 0) == leak


def test_the_one_sided_slopes_at_zero_are_leak_and_one():
    h = sympy.Symbol("h", positive=True)
    f = relu_expr(x, leak)
    right = sympy.limit((f.subs(x, h) - f.subs(x, 0)) / h, h, 0)
    left = sympy.limit((f.subs(x, -h) - f.subs(x, 0)) / (-h), h, 0)
    assert (left, right) == (leak, 1)


@pytest.mark.parametrize("a", [0.0, 0.01, 0.1, 1.0])
def test_every_slope_between_leak_and_one_is_a_subgradient_at_zero(a):
    grid = np.linspace(-5, 5, 1001)
    for g in np.linspace(a, 1, 7):
        assert (relu(grid, leak=a) - g * grid >= 0).all()
    for g in (a - 0.05, 1.05):
        assert (relu(grid, leak=a) - g * grid < 0).any()


def test_textbook_relu_turns_minus_infinity_into_nan_with_a_warning():
    edge = np.array([-np.inf, np.inf])
    with pytest.warns(RuntimeWarning, match="invalid value"):
        naive = textbook.relu(edge)
    assert np.isnan(naive[0]) and naive[1] == np.inf
    with np.errstate(all="raise"):  # chapter3: the limits, and not a single warning
        np.testing.assert_array_equal(relu(edge), [0.0, np.inf])
        np.testing.assert_array_equal(relu(edge, leak=0.1), [-np.inf, np.inf])


def test_nan_stays_nan_in_the_derivative_unlike_the_textbook():
    assert textbook.relu_derivative(np.array([np.nan]), 0.1)[0] == 0.1  # silently hidden
    assert np.isnan(relu_derivative(np.nan)) and np.isnan(relu_derivative(np.nan, leak=0.1))


def test_a_unit_with_only_negative_pre_activations_gets_no_gradient_without_a_leak():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(500, 3)) @ np.array([0.3, -0.2, 0.1]) - 4.0
    assert (z <= 0).all()
    assert (relu_derivative(z) == 0).all()
    assert (relu_derivative(z, leak=0.01) == 0.01).all()


@pytest.mark.parametrize("bad", [-0.1, float("inf"), float("nan")])
def test_an_invalid_leak_is_refused_with_a_clear_message(bad):
    with pytest.raises(ValueError, match="leak to be finite and >= 0"):
        relu([1.0], leak=bad)
    with pytest.raises(ValueError, match="leak to be finite and >= 0"):
        relu_derivative([1.0], leak=bad)
