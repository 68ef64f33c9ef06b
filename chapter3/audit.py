"""The accuracy audit: an implementation against mpmath, and what breaks where.

:func:`mp_reference` computes the true value of a SymPy expression at float inputs
with mpmath, raising the precision until the result stops changing, so that the
reference never inherits the cancellation it is meant to expose. :func:`ulp_distance`
counts the floats between two results. :func:`audit` runs an implementation over a
set of inputs and sorts what goes wrong into the classes a learner can recognise:

* ``nan``: NaN where the true value is a number (inf/inf, 0 * inf, inf - inf);
* ``swallowed``: a number where the input was NaN (a comparison with NaN is False);
* ``overflow``: ±inf where the true value is finite;
* ``flushed``: 0 where the true value is a nonzero float (cancellation, 1 + tiny = 1);
* ``inaccurate``: more than 1e-6 relative error elsewhere (catastrophic cancellation);
* ``warnings``: RuntimeWarnings raised on the way (overflow, invalid value).

The same functions serve the test suite (``tests/package/test_accuracy.py``) and the course's
audit notebook, which compares ``chapter3`` with the posts' formulas
(each registry entry's ``textbook`` pair), ``scipy.special`` and PyTorch.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Callable

import mpmath
import numpy as np
import sympy

from chapter3.symbolic import limit, x

__all__ = ["mp_reference", "ulp_distance", "audit", "Audit", "audit_points", "AUDIT_POINTS",
           "CONTRACT_POINTS"]

#: The inputs named by the accuracy contract, besides the grid over [-40, 40].
CONTRACT_POINTS = [v for p in (1e-300, 30.0, 100.0, 710.0, 1000.0) for v in (p, -p)]


def audit_points(step: float = 0.01) -> np.ndarray:
    """[-40, 40] in steps of ``step`` (offset so that no point is a "nice" number),
    0, the contract points, ±inf and NaN."""
    grid = np.arange(-40, 40 + step / 2, step) + np.sqrt(2) * 1e-3
    return np.concatenate([grid, [0.0], CONTRACT_POINTS, [-np.inf, np.inf, np.nan]])


AUDIT_POINTS = audit_points()


def mp_reference(expr: sympy.Expr, values, digits: int = 60) -> np.ndarray:
    """``expr`` (in the course's symbol ``x``) at each value, by mpmath, rounded once.

    A formula such as ``exp(x) - 1`` at x = 1e-300, or the quotient-rule form of
    tanh' at x = 100, cancels even at 60 digits. So the working precision grows
    with the size of e^(±2x) and with 1/|x| (as many extra digits as they have),
    and each value is then recomputed at twice the precision, doubling until two
    agree to 30 digits. At ±inf the value is SymPy's limit; NaN gives NaN.
    """
    f = sympy.lambdify(x, expr, modules="mpmath")

    def at(v, dps):
        with mpmath.workdps(dps):
            return f(mpmath.mpf(v))

    result = []
    for v in np.ravel(np.asarray(values, dtype=np.float64)):
        v = float(v)
        if np.isnan(v):
            result.append(np.nan)
            continue
        if np.isinf(v):
            result.append(float(limit(expr, sympy.oo if v > 0 else -sympy.oo)))
            continue
        extra = 0 if v == 0 else abs(np.log10(abs(v))) + 2 * abs(v) / np.log(10)
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


def ulp_distance(a, b) -> np.ndarray:
    """How many representable numbers lie between ``a`` and ``b`` (same float dtype).

    Works across zero and for subnormals by mapping each float's bits to an integer
    that is monotonic in the float's value.
    """
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.dtype.kind != "f":
        raise TypeError(f"ulp_distance needs two arrays of one float dtype, not {a.dtype}, {b.dtype}")
    ints = {2: np.int16, 4: np.int32, 8: np.int64}[a.dtype.itemsize]

    def monotonic(v):
        i = v.view(ints).astype(np.int64)
        return np.where(i < 0, np.iinfo(ints).min - i, i)

    return np.abs(monotonic(a) - monotonic(b))


@dataclass
class Audit:
    """What :func:`audit` found for one implementation on one set of inputs."""

    name: str
    points: int
    max_ulp: int  # over the points where both are finite numbers
    nan: list = field(default_factory=list)  # inputs where each class occurs
    swallowed: list = field(default_factory=list)
    overflow: list = field(default_factory=list)
    flushed: list = field(default_factory=list)
    inaccurate: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (self.max_ulp <= 4 and not (self.nan or self.swallowed or self.overflow
                                            or self.flushed or self.inaccurate or self.warnings))

    def summary(self) -> str:
        """One line: ✓ within 4 ULP, or the failure classes with an example input each."""
        if self.ok:
            return "✓ within 4 ULP everywhere"
        parts = []
        for label, found in (("NaN", self.nan), ("a number for NaN", self.swallowed),
                             ("inf", self.overflow), ("0 for a tiny value", self.flushed),
                             ("relative error > 1e-6", self.inaccurate)):
            if found:
                parts.append(f"{label} at {_where(found)}")
        if self.warnings:
            parts.append("warns (" + ", ".join(sorted(set(self.warnings))) + ")")
        if not parts:
            parts.append(f"errors up to {self.max_ulp} ULP")
        return "✗ " + "; ".join(parts)


def _where(inputs: list) -> str:
    """A short description of a set of inputs: 'x = ±inf', 'x >= 37 (12 points)', ..."""
    values = np.array(sorted(inputs))
    count = f" ({values.size} points)" if values.size > 2 else ""
    if np.isnan(values).all():
        return "x = nan"
    if set(np.abs(values)) == {np.inf}:
        return "x = ±inf"
    if values.size <= 3:
        return "x = " + ", ".join(f"{v:g}" for v in values)
    if (values > 0).all():
        return f"x >= {values[0]:g}{count}"
    if (values < 0).all():
        return f"x <= {values[-1]:g}{count}"
    smallest = np.abs(values).min()
    if smallest > 0:
        return f"|x| >= {smallest:g}{count}"
    return f"{values.size} points from {values[0]:g} to {values[-1]:g}"


def audit(name: str, implementation: Callable, expr: sympy.Expr,
          points: np.ndarray = AUDIT_POINTS, reference: np.ndarray | None = None) -> Audit:
    """Run ``implementation`` on float64 ``points`` and compare with mpmath.

    ``reference`` may be passed when several implementations of the same function
    are audited, to compute it once.
    """
    points = np.asarray(points, dtype=np.float64)
    want = mp_reference(expr, points) if reference is None else reference
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("always")
        got = np.asarray(implementation(points), dtype=np.float64)
    result = Audit(name, points.size, 0)
    result.warnings = [str(w.message).split(" encountered")[0] for w in caught
                       if issubclass(w.category, RuntimeWarning)]
    expected_number = ~np.isnan(want)
    nan = np.isnan(got) & expected_number
    overflow = np.isinf(got) & np.isfinite(want)
    flushed = (got == 0) & (want != 0) & np.isfinite(want)
    both = np.isfinite(got) & np.isfinite(want) & ~flushed
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(both & (want != 0), np.abs(got - want) / np.abs(want), 0)
    inaccurate = both & (relative > 1e-6)
    wrong_inf = np.isinf(want) & (got != want) & ~nan
    result.nan = list(points[nan])
    result.swallowed = list(points[np.isnan(want) & ~np.isnan(got)])
    result.overflow = list(points[overflow | wrong_inf])
    result.flushed = list(points[flushed])
    result.inaccurate = list(points[inaccurate])
    finite = both & ~inaccurate
    result.max_ulp = int(ulp_distance(got[finite], want[finite]).max()) if finite.any() else 0
    return result
