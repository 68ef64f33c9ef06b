"""Independent references for the tests: mpmath at high precision, and ULP distances."""

from __future__ import annotations

import mpmath
import numpy as np
import sympy

from chapter3.symbolic import x

#: Inputs named by the accuracy contract, besides the grid over [-40, 40].
CONTRACT_POINTS = [v for p in (1e-300, 30.0, 100.0, 710.0, 1000.0) for v in (p, -p)]


def accuracy_grid() -> np.ndarray:
    """[-40, 40] in steps of 0.01 (with irrational-looking offsets), plus the contract points."""
    grid = np.linspace(-40, 40, 8001) + np.sqrt(2) * 1e-3
    return np.concatenate([grid, [0.0], CONTRACT_POINTS])


def mp_values(expr: sympy.Expr, values: np.ndarray, digits: int = 60) -> np.ndarray:
    """``expr`` at each value, computed by mpmath with ``digits`` digits, rounded once."""
    f = sympy.lambdify(x, expr, modules="mpmath")
    with mpmath.workdps(digits):
        return np.array([float(f(mpmath.mpf(float(v)))) for v in np.ravel(values)])


def ulp_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many representable numbers lie between ``a`` and ``b`` (same float dtype).

    Works across zero and for subnormals by mapping each float's bits to an integer
    that is monotonic in the float's value.
    """
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.dtype.kind == "f", (a.dtype, b.dtype)
    ints = {2: np.int16, 4: np.int32, 8: np.int64}[a.dtype.itemsize]

    def monotonic(v):
        i = v.view(ints).astype(np.int64)
        return np.where(i < 0, np.iinfo(ints).min - i, i)

    return np.abs(monotonic(a) - monotonic(b))
