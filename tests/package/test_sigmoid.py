"""Lesson 3.1: the sigmoid's own facts. (What every activation keeps, the post's numbers
and the textbook formula's failures are tested for all of them: test_activations.py,
test_accuracy.py, test_properties.py, test_textbook.py and the docstrings' examples.)"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from chapter3 import sigmoid

EPS = np.finfo(np.float64).eps
reals = st.floats(allow_nan=False, width=64)


@given(reals)
def test_point_symmetry_about_one_half(x):
    # sigma(-x) = 1 - sigma(x), up to rounding of the result (absolute, since 1 - s cancels)
    assert abs(sigmoid(-x) - (1 - sigmoid(x))) <= 2 * EPS


@given(arrays(np.float64, st.integers(1, 50), elements=reals))
def test_monotonic(values):
    assert np.all(np.diff(sigmoid(np.sort(values))) >= 0)
