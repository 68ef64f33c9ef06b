"""Lesson 3.7: softmax, its Jacobian and the VJP, against mpmath and their own algebra:
within 4 ULP, and within 1e-14 normwise where one probability is ≈ 1 (the naive
formulas lose everything there), or where a small input sits next to a far maximum (the
shift by the maximum is rounded)."""

from __future__ import annotations

import functools

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from chapter3 import sigmoid, softmax, softmax_jacobian, softmax_vjp
from chapter3.symbolic import x as X
from reference import mp_values, ulp_distance

POST_X = np.array([[0.25], [-1], [2.3], [-0.2], [1]])
FUNCTIONS = [softmax, softmax_jacobian, lambda x, **kw: softmax_vjp(x, np.ones_like(x), **kw)]


# --------------------------------------------------------------------------------
# The reference: y by mpmath (reference.mp_values), J and the VJP from it in mpmath
# --------------------------------------------------------------------------------

def mp_softmax(x) -> list:
    """y_i = 1 / Σ_j e^(x_j - x_i), each correctly rounded, as mpmath numbers."""
    return [mpmath.mpf(float(v)) for v in _mp_softmax(np.asarray(x, dtype=np.float64).tobytes())]


@functools.cache
def _mp_softmax(x: bytes) -> tuple:
    x = np.frombuffer(x)
    expr = 1 / sum(sympy.exp(sympy.Rational(float(v)) - X) for v in x)
    return tuple(mp_values(expr, x))


def mp_jacobian(x):
    """y_i (δ_ij - y_j), with 1 - y_i written as the sum of the other y (no cancellation)."""
    y = mp_softmax(x)
    with mpmath.workdps(50):
        n = len(y)
        return [[y[i] * mpmath.fsum(y[k] for k in range(n) if k != i) if i == j else -y[i] * y[j]
                 for j in range(n)] for i in range(n)]


def mp_vjp(x, g):
    """y_i Σ_j y_j (g_i - g_j), which equals y_i (g_i - <y, g>) because Σ y = 1."""
    y = mp_softmax(x)
    g = [mpmath.mpf(float(v)) for v in np.ravel(g)]
    with mpmath.workdps(50):
        return [y[i] * mpmath.fsum(y[j] * (g[i] - g[j]) for j in range(len(y)))
                for i in range(len(y))]


def normwise_error(got, reference) -> float:
    """||got - ref|| / ||ref|| (Frobenius), with the reference kept at 50 digits."""
    got = np.ravel(got)
    flat = [v for row in reference for v in (row if isinstance(row, list) else [row])]
    with mpmath.workdps(50):
        size = mpmath.sqrt(mpmath.fsum(v * v for v in flat))
        error = mpmath.sqrt(mpmath.fsum((mpmath.mpf(float(a)) - b) ** 2 for a, b in zip(got, flat)))
        return float(error / size)


def far_apart(seed: int, n: int = 6, spread: float = 700.0) -> np.ndarray:
    """Inputs of size ~1000 whose probabilities span up to e^-700: one dominant y ≈ 1,
    the rest tiny but representable, where 1 - y and g_k - <y, g> cancel."""
    rng = np.random.default_rng(seed)
    top = rng.uniform(-1000, 1000)
    return np.concatenate([[top], top - rng.uniform(20, spread, n - 1)])[rng.permutation(n)]


# Scaled inputs from the lesson, and the kind of input where naive formulas fail.
HARD = [POST_X.ravel() * 30, POST_X.ravel() * 1000, far_apart(1), far_apart(2), far_apart(3),
        far_apart(4, n=10, spread=100), np.array([0.25, 0.22, 0.2, -0.2, 0.1]) * 1000]
EASY = [POST_X.ravel(), np.linspace(-3, 3, 7), np.linspace(-30, 30, 13),
        np.random.default_rng(5).normal(size=20)]
# x_i - max(x) is rounded, by up to 2.8e-14 here, and exp turns that into a relative error
# of y_i: without the correction in chapter3.softmax, 100 ULP in y_2 of the first and
# 5.5e-14 normwise in J of the second.
SHIFTED = [np.array([0.1, -700.3]),
           np.array([-985.8753443098968, -0.505706519355785, 644.2805638190711])]
ALL = EASY + HARD + SHIFTED
# probabilities that underflow to 0, or to a subnormal (which has too few digits for 1e-14)
EXTREME = [np.array([1000.0, 0.0, -1000.0]), np.array([-720.0, 0.0])]


@pytest.mark.parametrize("x", ALL + EXTREME)
def test_softmax_within_4_ulp_of_mpmath(x):
    got = softmax(x)
    want = np.array([float(v) for v in mp_softmax(x)])
    assert ulp_distance(got, want).max() <= 4, (got, want)


@pytest.mark.parametrize("x", ALL)
def test_jacobian_is_normwise_accurate(x):
    reference = mp_jacobian(x)
    if all(float(abs(v)) == 0 for row in reference for v in row):
        # every entry underflows in float64 (x * 1000 from the lesson): 0 is the best answer
        assert not softmax_jacobian(x).any()
        return
    assert normwise_error(softmax_jacobian(x), reference) <= 1e-14


@pytest.mark.parametrize("x", ALL)
def test_vjp_is_normwise_accurate(x):
    g = np.random.default_rng(len(x)).normal(size=x.shape)
    reference = mp_vjp(x, g)
    if all(float(abs(v)) == 0 for v in reference):
        assert not softmax_vjp(x, g).any()
        return
    assert normwise_error(softmax_vjp(x, g), reference) <= 1e-14


@pytest.mark.parametrize("x", HARD[2:])
def test_the_naive_formulas_lose_everything_there(x):
    # The point of the careful versions: diag(y) - y y^T and y * (g - <y, g>) are off
    # by far more than 1e-14 (up to 100%) where one probability is ≈ 1.
    y = softmax(x)
    g = np.random.default_rng(len(x)).normal(size=x.shape)
    naive_jacobian = np.diag(y) - np.outer(y, y)
    naive_vjp = y * (g - y @ g)
    assert normwise_error(naive_jacobian, mp_jacobian(x)) > 1e-9
    assert normwise_error(naive_vjp, mp_vjp(x, g)) > 1e-9


# --------------------------------------------------------------------------------
# Shapes and axes
# --------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(5,), (5, 1), (1, 5)])
def test_one_vector_in_any_orientation(shape):
    x = POST_X.reshape(shape)
    assert softmax(x).shape == shape
    assert softmax_jacobian(x).shape == (5, 5)
    np.testing.assert_array_equal(softmax_jacobian(x), softmax_jacobian(POST_X.ravel()))
    assert softmax_vjp(x, np.ones(shape)).shape == shape


def test_axis_none_is_one_distribution_over_the_whole_array():
    x = np.arange(12.0).reshape(3, 4)
    np.testing.assert_allclose(softmax(x).ravel(), softmax(x.ravel()), rtol=1e-15)
    assert softmax(x).sum() == pytest.approx(1, abs=1e-15)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_each_slice_along_axis_is_normalised(axis):
    x = np.random.default_rng(0).normal(size=(2, 3, 4)) * 5
    y = softmax(x, axis=axis)
    np.testing.assert_allclose(y.sum(axis=axis), 1, rtol=1e-15)
    np.testing.assert_array_equal(y, np.apply_along_axis(softmax, axis, x))


def test_a_tuple_of_axes_normalises_over_all_of_them():
    x = np.random.default_rng(0).normal(size=(2, 3, 4)) * 5
    y = softmax(x, axis=(0, 2))
    for j in range(3):
        np.testing.assert_allclose(y[:, j, :], softmax(x[:, j, :]), rtol=1e-15)


def test_batched_jacobian_matches_one_vector_at_a_time():
    x = np.random.default_rng(1).normal(size=(3, 4))
    J = softmax_jacobian(x, axis=-1)
    assert J.shape == (3, 4, 4)
    for b in range(3):
        np.testing.assert_array_equal(J[b], softmax_jacobian(x[b]))
    np.testing.assert_array_equal(softmax_jacobian(x.T, axis=0), J)


@pytest.mark.parametrize("axis", [None, -1, 0])
def test_vjp_equals_jacobian_transpose_times_g(axis):
    rng = np.random.default_rng(2)
    x, g = rng.normal(size=(6, 5)) * 3, rng.normal(size=(6, 5))
    got = softmax_vjp(x, g, axis=axis)
    if axis is None:
        expected = (softmax_jacobian(x.ravel()).T @ g.ravel()).reshape(x.shape)
    else:
        J = softmax_jacobian(x, axis=axis)
        gv = np.moveaxis(g, axis, -1)
        expected = np.moveaxis(np.einsum("...ij,...i->...j", J, gv), -1, axis)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-16)


def test_shapes_that_are_not_vectors_get_a_clear_error():
    with pytest.raises(ValueError, match=r"shape \(3, 4\) is not one vector.*axis=-1"):
        softmax_jacobian(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="axis must be one int"):
        softmax_jacobian(np.zeros((3, 4)), axis=(0, 1))
    for f in FUNCTIONS:
        with pytest.raises(ValueError, match="axis=2 does not fit an array of shape"):
            f(np.zeros((3, 4)), axis=2)
    with pytest.raises(ValueError, match=r"grad has shape \(4,\), but x has shape \(3,\)"):
        softmax_vjp(np.zeros(3), np.zeros(4))


@pytest.mark.parametrize("name, call", [
    ("softmax", lambda v: softmax(v)),
    ("softmax_jacobian", lambda v: softmax_jacobian(v)),
    ("softmax_vjp", lambda v: softmax_vjp(v, [1.0])),
    ("softmax_vjp", lambda v: softmax_vjp([1.0], v)),
])
@pytest.mark.parametrize("bad", ["0.5", None, [1 + 2j], np.array([0.5], dtype=object)])
def test_bad_input_is_a_type_error_naming_the_function(name, call, bad):
    with pytest.raises(TypeError, match=rf"^{name}\(\) accepts real numbers"):
        call(bad)


# --------------------------------------------------------------------------------
# Extremes, special values, dtypes
# --------------------------------------------------------------------------------

def test_huge_inputs_neither_overflow_nor_warn():
    with np.errstate(all="raise"):
        np.testing.assert_array_equal(softmax([1000.0, 0.0, -1000.0]), [1, 0, 0])
        np.testing.assert_array_equal(softmax([1e308, -1e308]), [1, 0])
        np.testing.assert_array_equal(softmax([-1e308, -1e308]), [0.5, 0.5])
        assert not softmax_jacobian([1e308, -1e308]).any()
        assert not softmax_vjp([1e308, -1e308], [1.0, -1.0]).any()


def test_special_values_are_handled_as_documented():
    with np.errstate(all="raise"):
        # -inf is a mask: probability 0
        np.testing.assert_array_equal(softmax([0.0, -np.inf, 0.0]), [0.5, 0, 0.5])
        # +inf entries share everything
        np.testing.assert_array_equal(softmax([np.inf, 3.0, np.inf]), [0.5, 0, 0.5])
        # no distribution: all -inf, or a NaN anywhere -> the whole slice is NaN
        assert np.isnan(softmax([-np.inf, -np.inf])).all()
        assert np.isnan(softmax([1.0, np.nan, 2.0])).all()
        rows = softmax([[1.0, np.nan], [0.0, 0.0], [-np.inf, -np.inf]], axis=-1)
        assert np.isnan(rows[0]).all() and np.isnan(rows[2]).all()
        np.testing.assert_array_equal(rows[1], [0.5, 0.5])
        assert np.isnan(softmax_jacobian([1.0, np.nan])).all()
        assert np.isnan(softmax_vjp([1.0, np.nan], [1.0, 1.0])).all()


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.longdouble])
def test_dtype_is_preserved(dtype):
    x = np.array([0.25, -1, 2.3], dtype=dtype)
    assert softmax(x).dtype == dtype
    assert softmax_jacobian(x).dtype == dtype
    assert softmax_vjp(x, np.ones(3, dtype)).dtype == dtype
    exact = np.array([float(v) for v in mp_softmax(x.astype(np.float64))])
    np.testing.assert_allclose(softmax(x).astype(np.float64), exact,
                               rtol=2 * np.finfo(dtype).eps if dtype != np.longdouble else 1e-15)


def test_integers_are_promoted_and_inputs_are_not_modified():
    x = np.array([3, 1, 2])
    before = x.copy()
    assert softmax(x).dtype == np.float64 and softmax([[1], [2]]).shape == (2, 1)
    np.testing.assert_array_equal(x, before)
    g = np.array([1.0, 2.0, 3.0])
    softmax_vjp(x, g)
    np.testing.assert_array_equal(g, [1, 2, 3])


def test_empty_and_single_element_inputs():
    assert softmax(np.zeros((0, 3)), axis=-1).shape == (0, 3)
    assert softmax_jacobian(np.zeros((0, 3)), axis=-1).shape == (0, 3, 3)
    assert softmax([7.0]).tolist() == [1.0] and softmax_jacobian([7.0]).tolist() == [[0.0]]


# --------------------------------------------------------------------------------
# The Jacobian's algebra, on many inputs
# --------------------------------------------------------------------------------

vectors = arrays(np.float64, st.integers(2, 12),
                 elements=st.floats(-50, 50, allow_nan=False, allow_infinity=False))


@given(vectors)
def test_jacobian_properties(x):
    J = softmax_jacobian(x)
    y = softmax(x)
    assert np.array_equal(J, J.T)  # symmetric, exactly
    assert np.all(np.abs(J.sum(axis=1)) <= 4 * np.finfo(float).eps)  # rows sum to 0
    assert np.linalg.eigvalsh(J).min() >= -4 * np.finfo(float).eps  # positive semi-definite
    assert np.all(np.diag(J) >= 0) and np.all(np.diag(J) <= 0.25)
    np.testing.assert_allclose(np.diag(J)[y < 0.5], (y * (1 - y))[y < 0.5], rtol=1e-14, atol=0)


@given(st.floats(-700, 700), st.floats(-700, 700))
def test_two_classes_are_a_sigmoid_of_the_difference(a, b):
    # a - b is rounded before sigmoid sees it, by up to |a - b| * 2^-53, and e^(a - b)
    # turns that into a relative error of the same size
    eps = np.finfo(float).eps
    np.testing.assert_allclose(softmax([a, b])[0], sigmoid(a - b),
                               rtol=4 * eps * (1 + abs(a - b)), atol=0)
