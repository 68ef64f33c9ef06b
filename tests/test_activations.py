"""The contract every element-wise activation and derivative keeps, tested once for all
of them by iterating over :data:`chapter3.ACTIVATIONS`."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from chapter3 import ACTIVATIONS
from chapter3.symbolic import x as X
from reference import CONTRACT_POINTS, accuracy_grid, mp_values, ulp_distance

# (activation, "function" | "derivative") for every function the course exports.
CASES = [
    pytest.param(a, which, id=f"{a.name}{'' if which == 'function' else '_derivative'}")
    for a in ACTIVATIONS.values()
    for which in ("function", "derivative")
]


def numeric(activation, which):
    return activation.function if which == "function" else activation.derivative


def symbolic(activation, which):
    return activation.expr(X) if which == "function" else activation.derivative_expr(X)


@pytest.mark.parametrize("activation, which", CASES)
@pytest.mark.parametrize("shape", [(5, 1), (5,), (1, 5), (3, 4), (2, 3, 4), (0,), (0, 3)])
def test_shape_is_preserved(activation, which, shape):
    values = np.linspace(-3, 3, int(np.prod(shape))).reshape(shape)
    assert numeric(activation, which)(values).shape == shape


@pytest.mark.parametrize("activation, which", CASES)
def test_scalars_give_numpy_scalars(activation, which):
    f = numeric(activation, which)
    for value in (0.3, 2, True, np.float32(0.3), np.array(0.3)):
        result = f(value)
        assert np.ndim(result) == 0 and isinstance(result, np.floating), (value, type(result))


@pytest.mark.parametrize("activation, which", CASES)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.longdouble])
def test_float_dtype_is_preserved(activation, which, dtype):
    values = np.linspace(-3, 3, 7, dtype=dtype)
    assert numeric(activation, which)(values).dtype == dtype
    assert numeric(activation, which)(dtype(0.5)).dtype == dtype


@pytest.mark.parametrize("activation, which", CASES)
@pytest.mark.parametrize("values", [[-2, 0, 3], np.array([-2, 0, 3], dtype=np.int8),
                                    np.array([7], dtype=np.uint64), [True, False]])
def test_integers_and_bools_become_float64(activation, which, values):
    f = numeric(activation, which)
    result = f(values)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, f(np.asarray(values, dtype=np.float64)))


@pytest.mark.parametrize("activation, which", CASES)
def test_lists_are_accepted(activation, which):
    f = numeric(activation, which)
    column = [[0.1], [0.2], [-0.3]]
    np.testing.assert_array_equal(f(column), f(np.array(column)))


@pytest.mark.parametrize("activation, which", CASES)
def test_input_is_not_modified_and_not_returned(activation, which):
    values = np.array([[-1000.0], [-1.5], [0.0], [2.5], [np.inf], [np.nan]])
    before = values.copy()
    result = numeric(activation, which)(values)
    np.testing.assert_array_equal(values, before)
    assert not np.shares_memory(result, values)


@pytest.mark.parametrize("activation, which", CASES)
@pytest.mark.parametrize("bad", ["0.5", b"1", None, [1 + 2j], np.array([0.5], dtype=object),
                                 [[1.0], [2.0, 3.0]], np.array(["a"]), {"x": 1}])
def test_bad_input_raises_a_type_error_naming_the_function(activation, which, bad):
    f = numeric(activation, which)
    with pytest.raises(TypeError, match=rf"^{f.__name__}\(\) accepts real numbers"):
        f(bad)


EXTREMES = np.array([-np.inf, -1e308, -1000, -710, -100, -1e-300, -5e-324, 0.0, 5e-324,
                     1e-300, 100, 710, 1000, 1e308, np.inf, np.nan])


@pytest.mark.parametrize("activation, which", CASES)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_no_warning_at_any_input_even_with_errors_raised(activation, which, dtype):
    # pytest turns warnings into errors; np.errstate(all="raise") turns NumPy's
    # floating-point flags into exceptions, so a hidden overflow cannot pass either.
    with np.errstate(over="ignore", under="ignore"):  # float16 cannot hold the extremes
        values = EXTREMES.astype(dtype)
    with np.errstate(all="raise"):
        result = numeric(activation, which)(values)
    assert np.isnan(result[-1]) and not np.isnan(result[:-1]).any()


@pytest.mark.parametrize("activation, which", CASES)
def test_infinities_give_the_limits(activation, which):
    expr = symbolic(activation, which)
    expected = [float(sympy.limit(expr, X, -sympy.oo)), float(sympy.limit(expr, X, sympy.oo))]
    np.testing.assert_array_equal(numeric(activation, which)([-np.inf, np.inf]), expected)


@pytest.mark.parametrize("activation", ACTIVATIONS.values(), ids=ACTIVATIONS.keys())
def test_output_range_matches_the_limits(activation):
    low, high = activation.output_range
    assert float(sympy.limit(activation.expr(X), X, -sympy.oo)) == low
    assert float(sympy.limit(activation.expr(X), X, sympy.oo)) == high
    values = activation.function(np.linspace(-30, 30, 1001))
    assert np.all((values >= low) & (values <= high))


@pytest.mark.parametrize("activation, which", CASES)
def test_within_4_ulp_of_mpmath_in_float64(activation, which):
    grid = accuracy_grid()
    got = numeric(activation, which)(grid)
    want = mp_values(symbolic(activation, which), grid)
    ulps = ulp_distance(got, want)
    worst = np.argsort(ulps)[-5:][::-1]
    table = "\n".join(f"  x = {grid[i]!r}: got {got[i]!r}, mpmath {want[i]!r}, {ulps[i]} ULP"
                      for i in worst)
    assert ulps.max() <= 4, f"worst points:\n{table}"


@pytest.mark.parametrize("activation, which", CASES)
def test_contract_points_are_not_flushed_to_zero(activation, which):
    got = numeric(activation, which)(CONTRACT_POINTS)
    want = mp_values(symbolic(activation, which), np.array(CONTRACT_POINTS))
    # wherever the true value is a nonzero float, so is ours (no cancellation to 0)
    assert np.all((got == 0) == (want == 0)), list(zip(CONTRACT_POINTS, got, want))


@pytest.mark.parametrize("activation, which", CASES)
def test_within_1_ulp_of_mpmath_in_float32(activation, which):
    grid = np.linspace(-40, 40, 2001).astype(np.float32)
    got = numeric(activation, which)(grid)
    want = mp_values(symbolic(activation, which), grid.astype(np.float64)).astype(np.float32)
    assert got.dtype == np.float32
    assert ulp_distance(got, want).max() <= 1


@pytest.mark.parametrize("activation, which", CASES)
def test_numpy_agrees_with_lambdified_sympy(activation, which):
    grid = np.linspace(-10, 10, 2001)
    reference = sympy.lambdify(X, symbolic(activation, which), modules="numpy")(grid)
    np.testing.assert_allclose(numeric(activation, which)(grid), reference, rtol=1e-13, atol=0)
