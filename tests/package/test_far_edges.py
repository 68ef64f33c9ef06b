"""The input contract (chapter3.contract) at the far edges, tried by hypothesis.

Inputs come from the whole range of float16, float32 and float64 (subnormals, the largest
floats, ±inf, NaN and signalling NaN), parameters from their whole valid range (0 to the
largest float, and Python ints beyond it), and the odd containers the contract refuses.
Every function comes from the registry (chapter3.ACTIVATIONS and chapter3.SOFTMAX), so
a new activation is covered without editing this file. Asserted, for every call: no
warning (pytest turns warnings into errors), the dtype and shape kept, the input
unmodified, NaN in exactly where NaN out, the limit at ±inf, agreement with mpmath, and a
clear error naming the function for anything refused.
"""

from __future__ import annotations

import functools
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays, from_dtype

from chapter3 import ACTIVATIONS, SOFTMAX, value_and_derivative
from chapter3.symbolic import x as X
from reference import derivative, limit, mp_values, ulp_distance

DTYPES = [np.float16, np.float32, np.float64]
BITS = {np.float16: np.uint16, np.float32: np.uint32, np.float64: np.uint64}
#: A signalling NaN of each dtype: exponent all ones, quiet bit 0, payload 1.
SIGNALLING = {np.float16: 0x7C01, np.float32: 0x7F800001, np.float64: 0x7FF0000000000001}
LARGEST = float(np.finfo(np.float64).max)

#: Every element-wise function of the course: each activation and its derivative.
FUNCTIONS = [pytest.param(a, which, id=f"{a.name}-{which}")
             for a in ACTIVATIONS.values() for which in ("function", "derivative")]
PARAMETRIC = [p for p in FUNCTIONS if p.values[0].params]


def function(activation, which):
    return activation.function if which == "function" else activation.derivative


def expression(activation, which, params):
    return (activation.expression(X, **params) if which == "function"
            else activation.derivative_expression(X, **params))


# --------------------------------------------------------------------------------
# What hypothesis draws
# --------------------------------------------------------------------------------

@st.composite
def inputs(draw, dtype, allow_nan=True, allow_infinity=True):
    """An array of ``dtype`` (0 to 3 dimensions) from the whole range of the dtype, with
    some entries (when NaN is allowed) replaced by a signalling NaN."""
    elements = from_dtype(np.dtype(dtype), allow_nan=allow_nan, allow_infinity=allow_infinity)
    values = draw(arrays(dtype, array_shapes(min_dims=0, max_dims=3, max_side=4),
                         elements=elements))
    if allow_nan:
        signalling = draw(arrays(np.bool_, values.shape, elements=st.booleans()))
        values.view(BITS[dtype])[signalling] = SIGNALLING[dtype]
    return values


#: A parameter from its whole valid range: a float in [0, largest], or a Python int,
#: which may exceed the largest float only when it is invalid (tested below).
parameter_values = st.one_of(
    st.floats(0, LARGEST),
    st.integers(0, 2 ** 1023),
    st.sampled_from([0, 0.0, 5e-324, 1.0, LARGEST]),
)


@st.composite
def parameters(draw, activation, sliders=False):
    """A value for each of the activation's parameters: from the whole valid range, or
    (``sliders=True``) from twice the range of its slider in the lessons."""
    if sliders:
        return {name: draw(st.floats(0, 2 * activation.sliders[name][1]))
                for name in activation.params}
    return {name: draw(parameter_values) for name in activation.params}


# --------------------------------------------------------------------------------
# Element-wise functions: the contract for every input of every dtype
# --------------------------------------------------------------------------------

@pytest.mark.parametrize("activation, which", FUNCTIONS)
@settings(max_examples=30)
@given(dtype=st.sampled_from(DTYPES), data=st.data())
def test_whole_range_keeps_the_contract(activation, which, dtype, data):
    values = data.draw(inputs(dtype), label="x")
    params = data.draw(parameters(activation), label="params")
    before = values.copy()
    result = function(activation, which)(values, **params)  # a warning fails the test

    assert np.asarray(result).dtype == dtype and np.shape(result) == values.shape
    assert values.tobytes() == before.tobytes(), "the input was modified"
    np.testing.assert_array_equal(np.isnan(result), np.isnan(values),
                                  err_msg="NaN out exactly where NaN in")
    # computed in float64 and rounded once: the float64 result at the same numbers, rounded
    wide = np.where(np.isnan(values), np.nan, values).astype(np.float64)  # (quiet NaNs: a
    wide = function(activation, which)(wide, **params)  # signalling one warns in a cast)
    with np.errstate(over="ignore", under="ignore"):
        np.testing.assert_array_equal(result, np.asarray(wide).astype(dtype))


@pytest.mark.parametrize("activation, which", PARAMETRIC)
@settings(max_examples=5)
@given(data=st.data())
def test_infinities_give_the_limits_at_any_parameters(activation, which, data):
    params = data.draw(parameters(activation), label="params")
    params = {k: float(v) for k, v in params.items()}
    expr = expression(activation, which, params)
    expected = [float(limit(expr, -sympy.oo)), float(limit(expr, sympy.oo))]
    np.testing.assert_array_equal(function(activation, which)([-np.inf, np.inf], **params),
                                  expected)


# --------------------------------------------------------------------------------
# Element-wise functions: agreement with mpmath over the whole float64 range
# --------------------------------------------------------------------------------

#: Beyond this |x|, :func:`reference.mp_values` evaluates only rational values (exactly).
#: Where the value is not rational, every exponential in it is below 1e-4000 or above
#: 1e4000 there, so it either vanishes next to the other terms or overflows the float: no
#: cancellation can leave a representable remainder, and 80 digits give the rounded value.
FAR = 1e4


def reference(expr, values) -> np.ndarray:
    """The true value of ``expr`` at each float64, rounded once (±inf beyond the largest)."""
    values = np.asarray(values, dtype=np.float64).ravel()
    far = np.abs(values) > FAR
    result = np.empty(values.shape)
    result[~far] = mp_values(expr, values[~far])
    # beyond FAR, erfc(z) is 2 or below 1e-20000000 (GELU): mpmath's series overflow there
    far_erfc = {"erfc": lambda z: 2 * (z < 0) + (z > 0) * mpmath.exp(-z * z) / (z * mpmath.sqrt(mpmath.pi))}
    f = sympy.lambdify(X, expr, modules=[far_erfc, "mpmath"])
    for i in np.flatnonzero(far):
        exact = expr.subs(X, sympy.Rational(float(values[i])))
        if not exact.is_Rational:
            with mpmath.workdps(80):
                result[i] = float(f(mpmath.mpf(float(values[i]))))
            continue
        try:  # Fraction rounds correctly, and raises where the rounded value is ±inf
            result[i] = float(Fraction(int(exact.p), int(exact.q)))
        except OverflowError:
            result[i] = np.inf if exact > 0 else -np.inf
    return result


def assert_agrees_with_mpmath(activation, which, values, params):
    got = np.asarray(function(activation, which)(values, **params), dtype=np.float64)
    expr = expression(activation, which, params)
    want = reference(expr, values)
    distance = ulp_distance(got, want)
    if tuple(int(part) for part in activation.lesson.split(".")) <= (3, 7):
        # the chapter's functions: 4 ULP everywhere
        assert distance.max() <= 4, f"{distance.max()} ULP at x = {values[distance.argmax()]!r}"
        return
    # lessons 3.8 and 3.9: 4 ULP(g) + 4 eps |x g'(x)|, a subnormal result its sign and two
    # digits (the contract of test_accuracy.py, over the whole range)
    slope = reference(derivative(expr), values)
    finite = np.isfinite(want)
    with np.errstate(invalid="ignore", over="ignore"):
        error = np.where(finite, np.abs(got - want), 0)
        bound = 4 * np.spacing(np.abs(want)) + np.nan_to_num(
            4 * np.finfo(np.float64).eps * np.abs(values * slope), nan=0.0, posinf=np.inf)
    subnormal = finite & (want != 0) & (np.abs(want) < np.finfo(np.float64).tiny)
    kept = (np.sign(got) == np.sign(want)) & (error <= 0.01 * np.abs(want))
    ok = np.where(finite, (error <= bound) | (subnormal & kept), (got == want) | (distance == 0))
    assert ok.all(), f"beyond the bound at x = {values[~ok][:4]!r}: {got[~ok][:4]!r} for {want[~ok][:4]!r}"


@pytest.mark.parametrize("activation, which", FUNCTIONS)
@settings(max_examples=15)
@given(values=arrays(np.float64, st.integers(1, 6),
                     elements=st.floats(allow_nan=False, allow_infinity=False)),
       data=st.data())
def test_whole_float64_range_agrees_with_mpmath(activation, which, values, data):
    params = data.draw(parameters(activation, sliders=True), label="params")
    assert_agrees_with_mpmath(activation, which, values, params)


@pytest.mark.xfail(strict=True, reason="alpha * e^x with e^x subnormal or 0 loses its digits: "
                                       "exact only with a scaled exponential (documented)")
def test_a_huge_alpha_times_a_subnormal_exponential():
    elu_derivative = ACTIVATIONS["elu"].derivative
    true = float(1e300 * mpmath.exp(-1000))  # 5.08e-135
    np.testing.assert_allclose(elu_derivative(-1000.0, alpha=1e300), true, rtol=1e-15)


@pytest.mark.parametrize("activation, which", FUNCTIONS)
def test_the_largest_floats_agree_with_mpmath(activation, which):
    values = np.array([LARGEST, -LARGEST, 1e300, -1e300, 1e5, -1e5, -745.5])
    assert_agrees_with_mpmath(activation, which, values, {})


# --------------------------------------------------------------------------------
# Softmax, its Jacobian and VJP
# --------------------------------------------------------------------------------

def mp_softmax(row) -> list:
    """y_i = 1 / Σ_j e^(x_j - x_i) by mpmath, for a row of finite floats."""
    with mpmath.workdps(80):
        row = [mpmath.mpf(float(v)) for v in row]
        return [1 / mpmath.fsum(mpmath.exp(b - a) for b in row) for a in row]


def assert_normwise_accurate(got, want, rtol=1e-14):
    """‖got - want‖ <= rtol ‖want‖, give or take a few subnormal steps (below 2.2e-308
    the floats are 4.9e-324 apart: no result there has 16 significant digits)."""
    with mpmath.workdps(80):
        size = mpmath.sqrt(mpmath.fsum(w * w for w in want))
        error = mpmath.sqrt(mpmath.fsum((mpmath.mpf(float(a)) - w) ** 2
                                        for a, w in zip(np.ravel(got), want)))
        assert error <= rtol * size + 4 * len(want) * mpmath.mpf(5e-324), (
            f"normwise error {float(error / size) if size else float(error):.3g}")


@st.composite
def axes(draw, ndim):
    """None, one axis (negative or not) or a tuple of distinct axes that fit ``ndim``."""
    if ndim == 0:
        return None
    chosen = draw(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True))
    signed = [a - ndim if draw(st.booleans()) else a for a in chosen]
    return draw(st.sampled_from([None, signed[0], tuple(signed)]))


def slices(array, axis):
    """The slices of ``array`` that softmax normalises, as rows."""
    axis = tuple(range(array.ndim)) if axis is None else np.atleast_1d(axis) % array.ndim
    axis = tuple(int(a) for a in axis)
    rest = [i for i in range(array.ndim) if i not in axis]
    return np.transpose(array, rest + list(axis)).reshape(-1, max(1, int(
        np.prod([array.shape[i] for i in axis]))))


@settings(max_examples=60)
@given(dtype=st.sampled_from(DTYPES), data=st.data())
def test_softmax_keeps_the_contract_over_the_whole_range(dtype, data):
    values = data.draw(inputs(dtype), label="x")
    axis = data.draw(axes(values.ndim), label="axis")
    grad = data.draw(arrays(dtype, values.shape, elements=from_dtype(
        np.dtype(dtype), allow_nan=False, allow_infinity=False)), label="grad")
    before, grad_before = values.copy(), grad.copy()
    y = SOFTMAX.function(values, axis=axis)
    vjp = SOFTMAX.vjp(values, grad, axis=axis)
    assert values.tobytes() == before.tobytes() and grad.tobytes() == grad_before.tobytes()
    for result in (y, vjp):
        assert result.dtype == dtype and result.shape == values.shape
    if values.size == 0:
        return
    x_rows, y_rows, vjp_rows = slices(values, axis), slices(y, axis), slices(vjp, axis)
    # a slice with a NaN, or -inf everywhere, has no distribution: all NaN; others none
    undefined = np.isnan(x_rows).any(axis=1) | (x_rows == -np.inf).all(axis=1)
    assert np.isnan(y_rows[undefined]).all() and np.isnan(vjp_rows[undefined]).all()
    assert not np.isnan(y_rows[~undefined]).any()
    sums = y_rows[~undefined].astype(np.float64).sum(axis=1)
    assert np.all(np.abs(sums - 1) <= 4 * y_rows.shape[1] * np.finfo(dtype).eps)
    finite_rows = np.isfinite(x_rows).all(axis=1)
    assert np.isfinite(vjp_rows[finite_rows]).all(), "a finite x and g give a finite J^T g"


@settings(max_examples=30)
@given(x=arrays(np.float64, st.integers(1, 5), elements=st.floats(allow_nan=False,
                                                                   allow_infinity=False)),
       grad=arrays(np.float64, 5, elements=st.floats(allow_nan=False, allow_infinity=False)))
@example(x=np.array([0.0, 0.0]), grad=np.array([1e308, -1e308, 0, 0, 0]))  # the case
@example(x=np.array([0.0, 1.0, -1.0]), grad=np.array([LARGEST, -LARGEST, LARGEST, 0, 0]))
def test_softmax_jacobian_and_vjp_agree_with_mpmath_at_any_size(x, grad):
    grad = grad[:x.size]
    y_want = mp_softmax(x)
    distance = ulp_distance(SOFTMAX.function(x), np.array([float(v) for v in y_want]))
    assert distance.max() <= 4
    with mpmath.workdps(80):
        g = [mpmath.mpf(float(v)) for v in grad]
        vjp_want = [y_want[i] * mpmath.fsum(y_want[j] * (g[i] - g[j]) for j in range(x.size))
                    for i in range(x.size)]
        # 1 - y_i as the sum of the others: y_i may be 1 - 1e-300, which 80 digits round to 1
        jacobian_want = [y_want[i] * mpmath.fsum(y_want[k] for k in range(x.size) if k != i)
                         if i == j else -y_want[i] * y_want[j]
                         for i in range(x.size) for j in range(x.size)]
    assert_normwise_accurate(SOFTMAX.vjp(x, grad), vjp_want)
    assert_normwise_accurate(SOFTMAX.jacobian(x), jacobian_want)


# --------------------------------------------------------------------------------
# What is refused: a clear error naming the function
# --------------------------------------------------------------------------------

class TensorRequiringGrad:
    """What NumPy sees of a PyTorch tensor with requires_grad=True: the attribute, and an
    ``__array__`` that refuses (torch raises RuntimeError "Can't call numpy() on Tensor
    that requires grad")."""

    requires_grad = True

    def __array__(self, dtype=None, copy=None):
        raise RuntimeError("Can't call numpy() on Tensor that requires grad.")


def _generator():
    yield 1.0


REFUSED = {
    "bytes": (b"ab", "accepts real numbers"),
    "bytearray": (bytearray(b"ab"), "accepts real numbers"),
    "memoryview": (memoryview(b"ab"), "accepts real numbers"),
    "masked array": (np.ma.masked_array([1.0, 2.0], mask=[False, True]), "masked arrays"),
    "tensor requiring grad": (TensorRequiringGrad(), r"requires_grad=True: pass x\.detach\(\)"),
    "str": ("0.5", "accepts real numbers"),
    "None": (None, "accepts real numbers"),
    "complex": ([1 + 2j], "accepts real numbers"),
    "object array": (np.array([0.5], dtype=object), "accepts real numbers"),
    "ragged list": ([1.0, [2.0, 3.0]], "accepts real numbers"),
    "dict": ({"x": 1.0}, "accepts real numbers"),
    "generator": (_generator(), "accepts real numbers"),
    "datetime": (np.array(["2026-01-01"], dtype="datetime64[D]"), "accepts real numbers"),
}


def callers():
    """Every public function that takes an x, with its name as its errors give it."""
    for a in ACTIVATIONS.values():
        yield a.function.__name__, a.function
        yield a.derivative.__name__, a.derivative
        yield "value_and_derivative", functools.partial(value_and_derivative, a.name)
    yield "softmax", SOFTMAX.function
    yield "softmax_jacobian", SOFTMAX.jacobian
    yield "softmax_vjp", lambda v: SOFTMAX.vjp(v, [1.0, 2.0])
    yield "softmax_vjp", lambda v: SOFTMAX.vjp([1.0, 2.0], v)


@pytest.mark.parametrize("kind", REFUSED)
@pytest.mark.parametrize("name, call", [pytest.param(n, c, id=n) for n, c in callers()])
def test_refused_inputs_get_a_type_error_naming_the_function(name, call, kind):
    bad, message = REFUSED[kind]
    with pytest.raises(TypeError, match=rf"^{name}\(\).*{message}"):
        call(bad)


def test_a_torch_tensor_requiring_grad_is_refused_and_a_detached_one_accepted():
    torch = pytest.importorskip("torch")
    from chapter3 import sigmoid

    tensor = torch.tensor([0.0, 1.0], dtype=torch.float64, requires_grad=True)
    with pytest.raises(TypeError, match=r"^sigmoid\(\).*pass x\.detach\(\)"):
        sigmoid(tensor)
    np.testing.assert_array_equal(sigmoid(tensor.detach()), sigmoid([0.0, 1.0]))


INVALID_PARAMETERS = [  # (value, error, what the message says)
    (-1.0, ValueError, "finite and >= 0"), (np.inf, ValueError, "finite and >= 0"),
    (np.nan, ValueError, "finite and >= 0"), (10 ** 400, ValueError, "too large for a float"),
    (-(2 ** 64), ValueError, "finite and >= 0"), ("0.1", TypeError, "a real number"),
    (None, TypeError, "a real number"), (True, TypeError, "a real number"),
    (1j, TypeError, "a real number"), (np.array([0.1]), TypeError, "a real number"),
]


@pytest.mark.parametrize("value, error, message", INVALID_PARAMETERS,
                         ids=[repr(v)[:12] for v, _, _ in INVALID_PARAMETERS])
@pytest.mark.parametrize("activation, which", PARAMETRIC)
def test_invalid_parameters_get_an_error_naming_the_function_and_parameter(
        activation, which, value, error, message):
    f = function(activation, which)
    for parameter in activation.params:
        with pytest.raises(error, match=rf"^{f.__name__}\(\) needs {parameter} .*{message}"):
            f([0.5], **{parameter: value})
        with pytest.raises(error, match=rf"^value_and_derivative\(\) needs {parameter} "
                                        rf".*{message}"):
            value_and_derivative(activation.name, [0.5], **{parameter: value})


def test_a_huge_int_that_fits_a_float_is_a_valid_parameter():
    relu = ACTIVATIONS["relu"].function
    assert relu(-1.0, leak=2 ** 64) == -(2.0 ** 64)
    assert relu(-1e300, leak=2 ** 64) == -np.inf  # beyond the largest float: the limit


@pytest.mark.parametrize("name", ["softmax", "softmax_jacobian", "softmax_vjp"])
@pytest.mark.parametrize("axis, message", [
    (True, "is a bool, not an axis"), (np.False_, "is a bool, not an axis"),
    ((0, True), "is a bool, not an axis"), ((0, 0), "repeated axis"),
    ((1, -1), "repeated axis"), (2, "out of bounds"), ("1", "does not fit"),
])
def test_bad_axes_get_a_value_error_naming_the_function(name, axis, message):
    call = {"softmax": SOFTMAX.function, "softmax_jacobian": SOFTMAX.jacobian,
            "softmax_vjp": lambda v, axis: SOFTMAX.vjp(v, v, axis=axis)}[name]
    if name == "softmax_jacobian" and not isinstance(axis, int):
        message = "must be one int"  # the Jacobian takes one axis, a Python or NumPy int
    with pytest.raises(ValueError, match=rf"^{name}\(\).*{message}"):
        call(np.zeros((2, 3)), axis=axis)


def test_value_and_derivative_names_what_it_accepts():
    names = ", ".join(ACTIVATIONS)
    with pytest.raises(KeyError, match=rf"no activation 'sigmoidd'; the activations are {names}"):
        value_and_derivative("sigmoidd", 0.5)
    with pytest.raises(TypeError, match=r"^value_and_derivative\(\) takes an activation's name"):
        value_and_derivative(ACTIVATIONS["sigmoid"].function, 0.5)
    with pytest.raises(TypeError, match=r"^value_and_derivative\(\): sigmoid has no "
                                        r"parameter leak; its parameters are: none"):
        value_and_derivative("sigmoid", 0.5, leak=0.1)
    with pytest.raises(TypeError, match=r"^value_and_derivative\(\) accepts real numbers"):
        value_and_derivative("sigmoid", "abc")


def test_signalling_nans_are_nans_silently():
    # (the property tests above mix them into every input; this one says it in one place)
    for dtype in DTYPES:
        snan = np.array([SIGNALLING[dtype]], dtype=BITS[dtype]).view(dtype)
        for a in ACTIVATIONS.values():
            assert np.isnan(a.function(snan)).all() and np.isnan(a.derivative(snan)).all()
        assert np.isnan(SOFTMAX.function(np.append(snan, np.ones(1, dtype)))).all()
        assert np.isnan(SOFTMAX.vjp(snan, snan)).all()


def test_the_largest_floats_do_not_overflow_the_vjp():
    # the example: the true answer is finite, [5e307, -5e307], not [inf, nan]
    np.testing.assert_allclose(SOFTMAX.vjp([0.0, 0.0], [1e308, -1e308]), [5e307, -5e307])
    big = np.finfo(np.float32).max
    result = SOFTMAX.vjp(np.float32([0, 0]), np.float32([big, -big]))
    assert result.dtype == np.float32
    np.testing.assert_allclose(result, [big / 2, -big / 2], rtol=1e-7)
