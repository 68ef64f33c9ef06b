"""Properties of every activation and derivative (each case of cases.CASES), tried by
hypothesis on arrays of floats from the smallest subnormal to ±inf."""

import functools

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cases import CASES
from reference import break_points, mp_values, turning_points

floats = arrays(np.float64, st.integers(1, 32), elements=st.floats(allow_nan=False))
LARGEST = np.array([np.finfo(np.float64).max, -np.finfo(np.float64).max])
# Where e / (1 + e)^2 with e = exp(-|x|), sigma'(x) in exact arithmetic, rounds above 1/4,
# and 4 e / (1 + e)^2 with e = exp(-2|x|), tanh'(x), above 1; the lesson's s (1 - s) with
# s = sigma(-|x|) <= 1/2 never does.
NEAR_ZERO = np.array([2.533454685838335e-09, 2.3416983014126758e-09, 7.184959672362767e-09,
                      5.966819659674813e-09, -6.371608995622835e-09])
per_case = settings(max_examples=40)


def parity(case) -> int:
    """+1 if the case's definition is even, -1 if it is odd, 0 if neither (mpmath at ±x)."""
    at = np.array([0.3, 1.7, 2.9])
    plus, minus = mp_values(case.expr(), at), mp_values(case.expr(), -at)
    return 1 if np.array_equal(minus, plus) else -1 if np.array_equal(minus, -plus) else 0


SYMMETRIC = [pytest.param(p.values[0], sign, id=p.id)
             for p in CASES for sign in [parity(p.values[0])] if sign]


@pytest.mark.parametrize("case, sign", SYMMETRIC)
@per_case
@given(floats)
@example(LARGEST)
def test_odd_and_even_definitions_are_odd_and_even_exactly(case, sign, values):
    # tanh and softsign are odd; the derivatives of sigmoid, tanh and softsign even
    np.testing.assert_array_equal(case.f(-values), sign * case.f(values))


@functools.cache
def extremes(case) -> tuple[float, float]:
    """The smallest and largest value of the case: among its values at ±inf, at 0 and just
    beside 0 (all checked against mpmath in test_accuracy.py), at its break points and
    beside them, and at its turning points (mpmath's, widened by 8 ULP for rounding)."""
    expr = case.expr()
    ends = case.f(np.array([-np.inf, -1e-300, 0.0, 1e-300, np.inf]))
    kinks = np.array(break_points(expr))
    kinks = np.concatenate([kinks, np.nextafter(kinks, -np.inf), np.nextafter(kinks, np.inf)])
    turning = mp_values(expr, turning_points(expr))
    low = [ends.min(), *case.f(kinks), *(turning - 8 * np.spacing(np.abs(turning)))]
    high = [ends.max(), *case.f(kinks), *(turning + 8 * np.spacing(np.abs(turning)))]
    return min(low), max(high)


@pytest.mark.parametrize("case", CASES)
@per_case
@given(floats)
@example(LARGEST)
@example(NEAR_ZERO)
def test_values_stay_between_those_at_zero_at_the_ends_and_at_the_turning_points(case, values):
    # Most functions and derivatives of the course are monotonic on either side of 0, so
    # their infimum and supremum are among their values at ±inf, at 0 and just beside 0:
    # sigmoid' <= 1/4, tanh' <= 1, elu >= -alpha, ...; GELU, SiLU, Mish and their
    # derivatives turn in between, and the hard swish' peaks at its kink.
    low, high = extremes(case)
    result = case.f(values)
    outside = (result < low) | (result > high)
    assert not outside.any(), f"outside [{low}, {high}] at x = {values[outside]}"


def test_selu_beyond_the_largest_float_is_inf_silently():
    # selu(x) = scale * x exceeds the largest float for x > max / scale: inf is the limit,
    # with no overflow warning, in every dtype (float16/32 overflow in the final rounding)
    from chapter3 import selu

    for dtype in (np.float16, np.float32, np.float64):
        largest = np.finfo(dtype).max
        assert selu(largest) == np.inf and selu(largest).dtype == dtype
    assert selu(1e300, scale=1e10) == np.inf
