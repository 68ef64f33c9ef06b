"""Independent references for the tests: mpmath at high precision, and ULP distances."""

from __future__ import annotations

import mpmath
import numpy as np
import sympy

from chapter3.symbolic import limit, x  # noqa: F401 - limit is re-exported for the tests

#: Inputs named by the accuracy contract, besides the grid over [-40, 40].
CONTRACT_POINTS = [v for p in (1e-300, 30.0, 100.0, 710.0, 1000.0) for v in (p, -p)]


def accuracy_grid() -> np.ndarray:
    """[-40, 40] in steps of 0.01 (with irrational-looking offsets), plus the contract points."""
    grid = np.linspace(-40, 40, 8001) + np.sqrt(2) * 1e-3
    return np.concatenate([grid, [0.0], CONTRACT_POINTS])


def mp_values(expr: sympy.Expr, values: np.ndarray, digits: int = 60) -> np.ndarray:
    """``expr`` at each value, computed by mpmath and rounded once to float64.

    A formula such as ``exp(x) - 1`` at x = 1e-300, or the quotient-rule form of
    tanh' at x = 100, cancels even at 60 digits. So the working precision grows
    with the size of e^(±2x) and with 1/|x| (as many extra digits as they have),
    and each value is then recomputed at twice the precision, doubling until two
    agree to 30 digits: the reference never inherits the cancellation it is meant
    to expose.
    """
    f = sympy.lambdify(x, expr, modules="mpmath")

    def at(v, dps):
        with mpmath.workdps(dps):
            return f(mpmath.mpf(float(v)))

    result = []
    for v in np.ravel(values):
        v = float(v)
        extra = 0 if v == 0 or not np.isfinite(v) else abs(np.log10(abs(v))) + 2 * abs(v) / np.log(10)
        dps = digits + int(extra)
        value = at(v, dps)
        while True:
            better = at(v, 2 * dps)
            if mpmath.almosteq(value, better, rel_eps=mpmath.mpf(10) ** -30, abs_eps=0):
                break
            dps, value = 2 * dps, better
            if dps > 10_000:
                raise ArithmeticError(f"{expr} at {v!r} does not converge")
        result.append(float(better))
    return np.array(result)


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
