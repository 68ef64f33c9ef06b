"""Independent references for the tests: mpmath at high precision, and ULP distances.

They live in :mod:`chapter3.audit`, which the course's audit notebook uses too.
"""

from __future__ import annotations

import numpy as np

from chapter3.audit import CONTRACT_POINTS, mp_reference, ulp_distance  # noqa: F401
from chapter3.symbolic import limit  # noqa: F401 - re-exported for the tests

#: The name the tests use for the mpmath reference.
mp_values = mp_reference


def accuracy_grid() -> np.ndarray:
    """[-40, 40] in steps of 0.01 (with irrational-looking offsets), plus the contract points."""
    grid = np.linspace(-40, 40, 8001) + np.sqrt(2) * 1e-3
    return np.concatenate([grid, [0.0], CONTRACT_POINTS])
