"""The contract every element-wise activation and derivative keeps, tested once for all
of them by iterating over :data:`chapter3.ACTIVATIONS`. (Accuracy against mpmath has
its own module, test_accuracy.py.)"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from cases import CASES
from chapter3 import ACTIVATIONS, value_and_derivative
from chapter3.contract import BLOCK
from chapter3.symbolic import x as X
from reference import break_points, limit, mp_values, turning_points


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("shape", [(5, 1), (5,), (1, 5), (3, 4), (2, 3, 4), (0,), (0, 3)])
def test_shape_is_preserved(case, shape):
    values = np.linspace(-3, 3, int(np.prod(shape))).reshape(shape)
    assert case.f(values).shape == shape


@pytest.mark.parametrize("case", CASES)
def test_scalars_give_numpy_scalars(case):
    f = case.f
    for value in (0.3, 2, True, np.float32(0.3), np.array(0.3)):
        result = f(value)
        assert np.ndim(result) == 0 and isinstance(result, np.floating), (value, type(result))


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.longdouble])
def test_float_dtype_is_preserved(case, dtype):
    values = np.linspace(-3, 3, 7, dtype=dtype)
    assert case.f(values).dtype == dtype
    assert case.f(dtype(0.5)).dtype == dtype


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("values", [[-2, 0, 3], np.array([-2, 0, 3], dtype=np.int8),
                                    np.array([7], dtype=np.uint64), [True, False]])
def test_integers_and_bools_become_float64(case, values):
    f = case.f
    result = f(values)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, f(np.asarray(values, dtype=np.float64)))


@pytest.mark.parametrize("case", CASES)
def test_lists_are_accepted(case):
    f = case.f
    column = [[0.1], [0.2], [-0.3]]
    np.testing.assert_array_equal(f(column), f(np.array(column)))


@pytest.mark.parametrize("case", CASES)
def test_input_is_not_modified_and_not_returned(case):
    values = np.array([[-1000.0], [-1.5], [0.0], [2.5], [np.inf], [np.nan]])
    before = values.copy()
    result = case.f(values)
    np.testing.assert_array_equal(values, before)
    assert not np.shares_memory(result, values)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("bad", ["0.5", b"1", None, [1 + 2j], np.array([0.5], dtype=object),
                                 [[1.0], [2.0, 3.0]], np.array(["a"]), {"x": 1}])
def test_bad_input_raises_a_type_error_naming_the_function(case, bad):
    f = case.f
    with pytest.raises(TypeError, match=rf"^{case.name}\(\) accepts real numbers"):
        f(bad)


EXTREMES = np.array([-np.inf, -1e308, -1000, -710, -100, -1e-300, -5e-324, 0.0, 5e-324,
                     1e-300, 100, 710, 1000, 1e308, np.inf, np.nan])


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_no_warning_at_any_input_even_with_errors_raised(case, dtype):
    # pytest turns warnings into errors; np.errstate(all="raise") turns NumPy's
    # floating-point flags into exceptions, so a hidden overflow cannot pass either.
    with np.errstate(over="ignore", under="ignore"):  # float16 cannot hold the extremes
        values = EXTREMES.astype(dtype)
    with np.errstate(all="raise"):
        result = case.f(values)
    assert np.isnan(result[-1]) and not np.isnan(result[:-1]).any()


@pytest.mark.parametrize("case", CASES)
def test_infinities_give_the_limits(case):
    expr = case.expr()
    expected = [float(limit(expr, -sympy.oo)), float(limit(expr, sympy.oo))]
    np.testing.assert_array_equal(case.f([-np.inf, np.inf]), expected)


@pytest.mark.parametrize("activation", ACTIVATIONS.values(), ids=ACTIVATIONS.keys())
def test_output_range_matches_the_limits_and_the_extrema(activation):
    # the infimum and supremum are among the limits at ±inf and the values at the
    # turning points (GELU, SiLU, Mish and the hard swish dip below 0 and come back)
    low, high = activation.output_range
    expr = activation.expression(X)
    extrema = list(mp_values(expr, turning_points(expr)))
    assert min([float(limit(expr, -sympy.oo)), *extrema]) == low
    assert max([float(limit(expr, sympy.oo)), *extrema]) == high
    values = activation.function(np.linspace(-30, 30, 1001))
    assert np.all((values >= low) & (values <= high))


@pytest.mark.parametrize("activation", ACTIVATIONS.values(), ids=ACTIVATIONS.keys())
def test_zero_centred_and_differentiable_are_true_claims(activation):
    low, high = activation.output_range
    assert (activation.function(0.0) == 0 and low < 0 < high) == activation.zero_centred
    # Differentiable everywhere <=> the derivative's one-sided limits agree at every
    # break point of the definition (0 for ReLU and ELU, ±3 for the hard sigmoid and
    # swish; none for the others) and at 0.
    slope = activation.derivative_expression(X)
    sides = [(limit(slope, b, "-"), limit(slope, b, "+")) for b in {0.0, *break_points(slope)}]
    assert all(left == right for left, right in sides) == activation.differentiable, sides


@pytest.mark.parametrize("case", [c for c in CASES if c.values[0].activation.params],
                         ids=lambda c: str(c))
@pytest.mark.parametrize("bad, error", [(-0.1, ValueError), (np.nan, ValueError),
                                        (np.inf, ValueError), ("0.1", TypeError),
                                        (None, TypeError), ([0.1], TypeError), (1j, TypeError),
                                        (True, TypeError)])
def test_invalid_parameters_are_refused_by_name(case, bad, error):
    for parameter in case.activation.params:
        f = case.activation.function if case.which == "function" else case.activation.derivative
        with pytest.raises(error, match=rf"^{case.name}\(\) needs {parameter} to be"):
            f([0.5], **{parameter: bad})


@pytest.mark.parametrize("case", [c for c in CASES if c.values[0].which == "function"],
                         ids=lambda c: str(c))
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.longdouble])
def test_value_and_derivative_together_are_exactly_the_two_functions(case, dtype):
    with np.errstate(over="ignore", under="ignore"):
        values = np.concatenate([EXTREMES, np.linspace(-40, 40, 801)]).astype(dtype)
    f, df = case.activation.bind(**case.params)
    y, dy = value_and_derivative(case.activation.name, values, **case.params)
    np.testing.assert_array_equal(y, f(values))
    np.testing.assert_array_equal(dy, df(values))
    assert y.dtype == dy.dtype == dtype
    y0, dy0 = value_and_derivative(case.activation, 0.5, **case.params)
    assert np.ndim(y0) == 0 and y0 == f(0.5) and dy0 == df(0.5)


@pytest.mark.parametrize("case", CASES)
def test_large_inputs_computed_in_blocks_give_identical_results(case):
    # above 2 * BLOCK elements the functions work block by block (for speed); every
    # element must come out exactly as when the array is small
    rng = np.random.default_rng(7)
    values = rng.normal(0, 30, (3, BLOCK + 11))
    values.flat[::997] = np.resize(EXTREMES, values.flat[::997].size)
    pieces = [case.f(piece) for piece in np.array_split(values.ravel(), 50)]
    np.testing.assert_array_equal(case.f(values), np.concatenate(pieces).reshape(values.shape))
