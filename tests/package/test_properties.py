"""Property tests: identities that hold for every input, tried on many inputs."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from chapter3 import sigmoid, sigmoid_derivative

EPS = np.finfo(np.float64).eps
reals = st.floats(allow_nan=False, allow_infinity=False, width=64)
moderate = st.floats(min_value=-30, max_value=30, allow_nan=False)


@given(reals)
def test_sigmoid_symmetry(x):
    # sigma(-x) = 1 - sigma(x), up to rounding of the result (absolute, since 1 - s cancels)
    assert abs(sigmoid(-x) - (1 - sigmoid(x))) <= 2 * EPS


@given(reals)
def test_sigmoid_derivative_is_even_and_bounded(x):
    d = sigmoid_derivative(x)
    assert d == sigmoid_derivative(-x)
    assert 0 <= d <= 0.25


@given(reals)
def test_derivative_is_sigmoid_times_sigmoid_of_minus_x(x):
    # sigma(x)(1 - sigma(x)) = sigma(x) sigma(-x), which has no cancellation
    expected = sigmoid(x) * sigmoid(-x)
    assert abs(sigmoid_derivative(x) - expected) <= 8 * EPS * expected


@given(moderate)
def test_derivative_matches_a_central_finite_difference(x):
    h = 1e-5
    central = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
    # truncation error ~ h^2 |f'''| / 6 and rounding ~ eps / h
    assert abs(sigmoid_derivative(x) - central) <= 1e-10


@given(arrays(np.float64, st.integers(1, 50), elements=reals))
def test_sigmoid_is_monotonic_and_in_range(values):
    ordered = np.sort(values)
    out = sigmoid(ordered)
    assert np.all(np.diff(out) >= 0)
    assert np.all((out >= 0) & (out <= 1))
