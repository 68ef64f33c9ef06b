"""Lesson 3.5: the facts of ELU and SELU that the lesson states, beyond the shared contract."""

import mpmath
import numpy as np
import pytest
import sympy

from chapter3 import SELU_ALPHA, SELU_SCALE, elu, elu_derivative, selu, selu_derivative
from chapter3.symbolic import alpha, scale, selu_expr, x
from reference import limit, mp_values, ulp_distance

POST_X = np.array([[0.11], [-2.2], [0], [50.2], [33.5], [-0.6]])
PAPER_ALPHA = "1.6732632423543772848170429916717"  # Klambauer et al. (2017)
PAPER_SCALE = "1.0507009873554804934193349852946"


def test_the_posts_function_is_selu_with_alpha_and_scale_one():
    # The post's single function with its defaults alpha = 1, scale = 1 is ELU.
    assert str(selu(POST_X, alpha=1, scale=1)) == (
        "[[ 0.11      ]\n [-0.88919684]\n [ 0.        ]\n [50.2       ]\n [33.5       ]\n"
        " [-0.45118836]]"
    )
    assert repr(selu_derivative(POST_X, alpha=1, scale=1)) == (
        "array([[1.        ],\n       [0.11080316],\n       [1.        ],\n       [1.        ],\n"
        "       [1.        ],\n       [0.54881164]])"
    )
    grid = np.linspace(-10, 10, 2001)
    np.testing.assert_array_equal(selu(grid, alpha=1, scale=1), elu(grid))
    np.testing.assert_array_equal(selu_derivative(grid, alpha=1, scale=1), elu_derivative(grid))


def test_selu_defaults_are_the_papers_constants_rounded_once():
    assert SELU_ALPHA == float(PAPER_ALPHA) and SELU_SCALE == float(PAPER_SCALE)
    grid = np.linspace(-10, 10, 2001)
    np.testing.assert_allclose(selu(grid), SELU_SCALE * elu(grid, alpha=SELU_ALPHA), rtol=1e-15)


def test_selu_keeps_a_standard_normal_at_mean_zero_and_variance_one():
    with mpmath.workdps(40):
        a, lam = mpmath.mpf(PAPER_ALPHA), mpmath.mpf(PAPER_SCALE)

        def piece(z):
            return lam * z if z > 0 else lam * a * mpmath.expm1(z)

        def density(z):
            return mpmath.exp(-z**2 / 2) / mpmath.sqrt(2 * mpmath.pi)

        line = [-mpmath.inf, 0, mpmath.inf]
        mean = mpmath.quad(lambda z: piece(z) * density(z), line)
        second = mpmath.quad(lambda z: piece(z) ** 2 * density(z), line)
    assert abs(mean) < 1e-30 and abs(second - 1) < 1e-30


def test_the_derivative_from_the_output_for_x_up_to_zero():
    z = np.linspace(-5, 0, 501)
    np.testing.assert_allclose(selu_derivative(z), selu(z) + SELU_SCALE * SELU_ALPHA, rtol=1e-12)
    np.testing.assert_allclose(elu_derivative(z, alpha=0.5), elu(z, alpha=0.5) + 0.5, rtol=1e-12)


def test_derivative_is_continuous_at_zero_only_for_alpha_one():
    derivative = sympy.diff(selu_expr(x, alpha, scale), x)
    left, right = limit(derivative, 0, "-"), limit(derivative, 0, "+")
    assert (left, right) == (alpha * scale, scale)
    assert sympy.solve(sympy.Eq(left, right), alpha) == [1]
    assert limit(selu_expr(x, alpha, scale), 0, "-") == limit(selu_expr(x, alpha, scale), 0, "+") == 0


@pytest.mark.parametrize("a", [0.5, 1.0, 2.0])
def test_at_zero_the_derivative_is_the_left_branch_value(a):
    assert elu_derivative(0.0, alpha=a) == a
    assert elu_derivative(1e-300, alpha=a) == 1.0
    assert selu_derivative(0.0) == SELU_SCALE * SELU_ALPHA
    assert selu_derivative(-1e-300) == pytest.approx(SELU_SCALE * SELU_ALPHA, rel=1e-15)
    assert selu_derivative(1e-300) == SELU_SCALE


@pytest.mark.parametrize("value", [-1e-5, -1e-8, -1e-10, -1e-15])
def test_expm1_keeps_every_digit_near_zero(value):
    exact = mp_values(sympy.exp(x) - 1, [value])[0]
    assert ulp_distance(np.float64(elu(value)), np.float64(exact)) <= 1


def test_no_floating_point_problem_at_large_inputs():
    big = np.array([709.0, 710.0, 1000.0, 1e308, np.inf])
    with np.errstate(all="raise"):
        np.testing.assert_array_equal(elu(big), big)
        np.testing.assert_array_equal(elu_derivative(big), np.ones_like(big))
        np.testing.assert_array_equal(selu(big[:-2]), SELU_SCALE * big[:-2])


def test_a_negative_alpha_is_refused_with_a_message():
    with pytest.raises(ValueError, match=r"elu\(\) needs alpha to be finite and >= 0; got -1"):
        elu([1.0], alpha=-1)
