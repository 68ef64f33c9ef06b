"""The tests' one reference and one grid, both from :mod:`chapter3.audit` (which the
course's audit notebook uses too): mpmath at a precision that grows until the result
stops changing, and ULP distances.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import sympy

from chapter3.audit import CONTRACT_POINTS, audit_points, mp_reference, ulp_distance  # noqa: F401
from chapter3.symbolic import limit, x  # noqa: F401 - limit is re-exported for the tests


def accuracy_grid() -> np.ndarray:
    """The audit's points (:func:`chapter3.audit.audit_points`: [-40, 40] in steps of 0.01,
    offset so that no point is a "nice" number, 0, the contract points ±1e-300, ±30, ±100,
    ±710, ±1000, ±inf and NaN), and 0 from the left, -0.0.
    """
    return np.append(audit_points(), -0.0)


#: Beyond this |x|, mp_reference's precision rule (as many extra digits as e^(2|x|) has:
#: 8700 at 1e4) asks for more digits than is practical.
_HUGE = 1e4


def mp_values(expr: sympy.Expr, values) -> np.ndarray:
    """The correctly rounded value of ``expr`` (in the course's ``x``) at each float.

    :func:`chapter3.audit.mp_reference`; at |x| > 1e4, where only the rational
    definitions (softsign, ReLU) are ever evaluated, SymPy's exact arithmetic at the
    float's exact value instead, rounded once by :class:`fractions.Fraction`.
    """
    values = np.ravel(np.asarray(values, dtype=np.float64))
    huge = np.isfinite(values) & (np.abs(values) > _HUGE)
    result = np.empty(values.shape)
    result[~huge] = mp_reference(expr, values[~huge])
    for i in np.flatnonzero(huge):
        exact = expr.subs(x, sympy.Rational(float(values[i])))
        if not exact.is_Rational:
            raise ValueError(f"no reference for {expr} at {values[i]!r}: not a rational value")
        result[i] = float(Fraction(int(exact.p), int(exact.q)))
    return result


def break_points(expr: sympy.Expr) -> list[float]:
    """The numbers a Piecewise definition compares x with (ReLU's 0, the hard sigmoid's ±3)."""
    return sorted({float(n) for r in expr.atoms(sympy.core.relational.Relational)
                   for n in r.args if n.is_number})


def derivative(expr: sympy.Expr) -> sympy.Expr:
    """``sympy.diff(expr, x)`` for mpmath: the derivative of |x| brings a DiracDelta, which
    mpmath cannot evaluate and which is 0 wherever x != 0."""
    return sympy.diff(expr, x).replace(sympy.DiracDelta, lambda *args: sympy.S.Zero)


def turning_points(expr: sympy.Expr, lo: float = -10.0, hi: float = 10.0) -> list[float]:
    """Where ``expr`` has a local minimum or maximum in [lo, hi], apart from x = 0: the
    zeros of its derivative, bracketed by sign changes of mpmath's values on a fine grid
    and refined by mpmath's findroot (a sign change without a zero is a jump, skipped).
    (GELU, SiLU and Mish dip below 0; their derivatives overshoot 1.)"""
    slope = derivative(expr)
    grid = np.linspace(lo, hi, 2001) + np.sqrt(2) * 1e-4
    values = mp_values(slope, grid)
    f = sympy.lambdify(x, slope, modules="mpmath")
    roots = []
    for i in np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0):
        with mpmath.workdps(40):
            try:
                root = float(mpmath.findroot(f, (grid[i], grid[i + 1]), solver="anderson"))
            except ValueError:  # no zero: the slope jumps there (softsign' at 0, a break point)
                continue
        if abs(root) > 1e-6:
            roots.append(root)
    return roots
