"""Lesson 3.2: tanh's own facts. (What every activation keeps, the post's numbers and the
textbook formulas' failures are tested for all of them: test_activations.py,
test_accuracy.py, test_textbook.py and the docstrings' examples; the derivations are
re-run from the notebook.)"""

import numpy as np

from chapter3 import sigmoid, sigmoid_derivative, tanh, tanh_derivative


def test_tanh_is_a_stretched_sigmoid_numerically():
    grid = np.linspace(-10, 10, 2001)
    np.testing.assert_allclose(tanh(grid), 2 * sigmoid(2 * grid) - 1, rtol=0, atol=1e-15)
    # the same computation: tanh'(x) = 4 sigma'(2x), with s = sigma(-2|x|) <= 1/2
    np.testing.assert_array_equal(tanh_derivative(grid), 4 * sigmoid_derivative(2 * grid))
