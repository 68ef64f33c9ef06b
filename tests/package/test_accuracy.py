"""The accuracy contract: every public function and derivative against mpmath.

On the one grid (:func:`reference.accuracy_grid`: [-40, 40] in steps of 0.01, ±0, the
contract points ±1e-300, ±30, ±100, ±710, ±1000, ±inf and NaN), for float64 inputs every
result g(x) is within 4 ULP of the correctly rounded true value: everywhere for the
chapter's functions (lessons 3.1-3.7), and for those of lessons 3.8 and 3.9 wherever g is well
conditioned, and everywhere within 4 ULP(g(x)) + 4 eps |x g'(x)|, the exact value at a
point within 4 ULP of x (GELU's left tail, with condition number x², and the zeros of
GELU', SiLU' and Mish' need it); a subnormal result keeps its sign and two digits. It is
never 0 where the true value is a nonzero float, and NaN only for NaN; for float32 inputs
(every fourth point, rounded to float32), within 1 float32 ULP, since the course computes
float16 and float32 in float64 and rounds once.
A failure prints the worst points as a table. (Softmax, a function of a vector, is
checked against mpmath in test_softmax.py.)
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

from cases import CASES
from reference import CONTRACT_POINTS, accuracy_grid, derivative, mp_values, ulp_distance

GRID = accuracy_grid()
# float64 inputs anywhere in a binade; float32 ones have 29 trailing zero bits, so the
# float32 test has points of its own (every fourth, which keeps its mpmath cost small)
_SPECIAL = np.isin(GRID, [0.0, *CONTRACT_POINTS]) | ~np.isfinite(GRID)
with np.errstate(under="ignore"):  # ±1e-300 becomes ±0 in float32
    GRID32 = GRID[_SPECIAL | (np.arange(GRID.size) % 4 == 0)].astype(np.float32)


@functools.cache
def truth(case, dtype=np.float64) -> np.ndarray:
    """The case's correctly rounded values on the float64 or the float32 grid."""
    points = GRID if dtype == np.float64 else GRID32.astype(np.float64)
    return mp_values(case.expr(), points)


def ulps_and_worst(got: np.ndarray, want: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, str]:
    """ULP distances (NaN must meet NaN, else 'infinitely' far) and a table of the worst."""
    both_nan = np.isnan(got) & np.isnan(want)
    one_nan = np.isnan(got) ^ np.isnan(want)
    ulps = np.where(both_nan | one_nan, 0, ulp_distance(np.nan_to_num(got), np.nan_to_num(want)))
    ulps = np.where(one_nan, np.iinfo(np.int64).max, ulps)
    worst = np.argsort(ulps, kind="stable")[-6:][::-1]
    rows = [f"  {'x':>24}  {'got':>24}  {'mpmath':>24}  ULP"]
    rows += [f"  {float(values[i])!r:>24}  {float(got[i])!r:>24}  {float(want[i])!r:>24}  "
             f"{'NaN mismatch' if one_nan[i] else ulps[i]}" for i in worst]
    return ulps, "worst points:\n" + "\n".join(rows)


@functools.cache
def slope_truth(case) -> np.ndarray:
    """g'(x) on the float64 grid, g the case's function: its conditioning, by mpmath."""
    return mp_values(derivative(case.expr()), GRID)


def allowed_error(case, want: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The contract's bound at each grid point, 4 ULP(g(x)) + 4 eps |x g'(x)| (the exact
    answer at a point within 4 ULP of x), and where g is well conditioned (the second
    term at most the first, so that 4 ULP are asked for)."""
    eps = np.finfo(np.float64).eps
    with np.errstate(invalid="ignore", over="ignore"):  # x g'(x) at ±inf is not used
        conditioning = np.nan_to_num(4 * eps * np.abs(GRID * slope_truth(case)), nan=0.0, posinf=0.0)
    ulp = np.spacing(np.abs(want))
    return 4 * ulp + conditioning, (conditioning <= 4 * ulp) | ~np.isfinite(want)  # NaN, ±inf: exact


@pytest.mark.parametrize("case", CASES)
def test_float64_within_4_ulp_where_well_conditioned_and_the_bound_everywhere(case):
    # at x = ±0 the reference of a derivative with a break point there (ReLU's, ELU's) is
    # the value of the piece x <= 0, leak or alpha: the course's convention
    got, want = case.f(GRID), truth(case)
    assert got.dtype == np.float64
    flushed = (got == 0) & (want != 0) & np.isfinite(want)
    assert not flushed.any(), f"0 where the true value is a nonzero float, at x = {GRID[flushed]}"
    ulps, table = ulps_and_worst(got, want, GRID)
    bound, well_conditioned = allowed_error(case, want)
    # a subnormal result (below 2.2e-308) need only keep its sign and its first two digits
    subnormal = (want != 0) & (np.abs(want) < np.finfo(np.float64).tiny)
    with np.errstate(invalid="ignore"):
        error = np.where(np.isnan(want) | np.isinf(want), 0, np.abs(got - want))
    kept = (np.sign(got) == np.sign(want)) & (error <= 0.01 * np.abs(want))
    within = (error <= bound) | (subnormal & kept) | ~np.isfinite(want)  # (the ULP check's)
    # the chapter's own functions keep 4 ULP everywhere, as they always have
    strict = tuple(int(part) for part in case.activation.lesson.split(".")) <= (3, 7)
    assert (ulps[(well_conditioned & ~subnormal) | strict] <= 4).all(), table
    assert within.all(), "beyond 4 ULP(g) + 4 eps |x g'(x)| at x = " + repr(GRID[~within][:6])


@pytest.mark.parametrize("case", CASES)
def test_float32_within_1_ulp_everywhere(case):
    got = case.f(GRID32)
    with np.errstate(over="ignore", under="ignore"):
        want = truth(case, np.float32).astype(np.float32)
    ulps, table = ulps_and_worst(got, want, GRID32)
    assert got.dtype == np.float32
    assert ulps.max() <= 1, "float32 is computed in float64 and rounded once:\n" + table


@pytest.mark.parametrize("case", CASES)
def test_float16_is_the_float64_result_rounded_once(case):
    # so it is within 1 float16 ULP wherever the float64 result is within 4 ULP
    with np.errstate(over="ignore", under="ignore"):
        points = GRID.astype(np.float16)
        expected = case.f(points.astype(np.float64)).astype(np.float16)
    np.testing.assert_array_equal(case.f(points), expected)
