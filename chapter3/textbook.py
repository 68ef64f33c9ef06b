"""The formulas exactly as the original posts coded them, kept to show what goes wrong.

Do not use these: they overflow, warn and lose the tails. The lessons compare them
with the safe versions in :mod:`chapter3.activations`, and the tests check that they
fail where the lessons say they fail.
"""

import numpy as np


def sigmoid(x):
    """The post's ``sig``: ``1/(1 + np.exp(-x))``; overflows for x < -709 (lesson 3.1)."""
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    """The post's ``sig_dash``: ``sig(x) * (1 - sig(x))``; 0 for x > 37 (lesson 3.1)."""
    return sigmoid(x) * (1 - sigmoid(x))
