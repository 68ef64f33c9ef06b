"""Lesson 3.10: log-softmax, its VJP and the cross-entropy losses, against mpmath and
central finite differences: within 4 ULP of mpmath at logits ~1000 and where one
probability is ≈ 1 (where log(softmax(x)) and softmax(x) - 1 lose everything), -inf
masking, axes, dtypes, no warnings, and clear errors."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from chapter3 import (
    log_softmax,
    log_softmax_vjp,
    sigmoid,
    sigmoid_binary_cross_entropy,
    sigmoid_binary_cross_entropy_gradient,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_gradient,
)
from chapter3.gradcheck import check_derivative, check_jacobian
from reference import ulp_distance

DIGITS = 60


# --------------------------------------------------------------------------------
# The reference: mpmath at 60 digits, with log1p where the result is tiny
# --------------------------------------------------------------------------------

def mp_log_softmax(x) -> list:
    """x_i - m - log1p(Σ_{j≠k} e^(x_j - m)) in mpmath, k the (first) largest input."""
    x = [mpmath.mpf(float(v)) for v in np.ravel(x)]
    with mpmath.workdps(DIGITS):
        k = max(range(len(x)), key=lambda i: x[i])
        rest = mpmath.fsum(mpmath.exp(x[j] - x[k]) for j in range(len(x)) if j != k)
        lse = mpmath.log1p(rest)
        return [x[i] - x[k] - lse for i in range(len(x))]


def mp_softmax(x) -> list:
    with mpmath.workdps(DIGITS):
        return [mpmath.exp(v) for v in mp_log_softmax(x)]


def mp_cross_entropy(x, t) -> mpmath.mpf:
    with mpmath.workdps(DIGITS):
        return -mpmath.fsum(mpmath.mpf(float(ti)) * li
                            for ti, li in zip(np.ravel(t), mp_log_softmax(x)) if ti != 0)


def mp_cross_entropy_gradient(x, t) -> list:
    """y_i - t_i, with y_i - 1 as minus the other probabilities (no cancellation)."""
    y = mp_softmax(x)
    t = [mpmath.mpf(float(v)) for v in np.ravel(t)]
    k = int(np.argmax(x))
    with mpmath.workdps(DIGITS):
        others = mpmath.fsum(y[j] for j in range(len(y)) if j != k)  # 1 - y_k, exactly as a sum
        return [(1 - t[i]) - others if i == k else y[i] - t[i] for i in range(len(y))]


def mp_log_softmax_vjp(x, g) -> list:
    y = mp_softmax(x)
    g = [mpmath.mpf(float(v)) for v in np.ravel(g)]
    k = int(np.argmax(x))
    with mpmath.workdps(DIGITS):
        total = mpmath.fsum(g)
        others_y = mpmath.fsum(y[j] for j in range(len(y)) if j != k)  # 1 - y_k
        others_g = mpmath.fsum(g[j] for j in range(len(y)) if j != k)  # g_k - Σg, negated
        return [others_y * total - others_g if i == k else g[i] - y[i] * total
                for i in range(len(g))]


def as_floats(values) -> np.ndarray:
    return np.array([float(v) for v in values])


def one_hot(k: int, n: int) -> np.ndarray:
    return np.eye(n)[k]


def far_apart(seed: int, n: int = 6, spread: float = 700.0) -> np.ndarray:
    """Logits of size ~1000 with one probability ≈ 1 and the rest down to e^-700."""
    rng = np.random.default_rng(seed)
    top = rng.uniform(-1000, 1000)
    return np.concatenate([[top], top - rng.uniform(20, spread, n - 1)])[rng.permutation(n)]


EASY = [np.array([0.25, -1, 2.3, -0.2, 1]), np.linspace(-3, 3, 7), np.linspace(-30, 30, 13),
        np.random.default_rng(5).normal(size=20), np.array([2.0, 2.0, 2.0])]
HARD = [np.array([0.25, -1, 2.3, -0.2, 1]) * 1000, np.array([1000.0, 0.0, -1000.0]),
        np.array([40.0, 3.0, -1.0, 0.5]), far_apart(1), far_apart(2), far_apart(3),
        far_apart(4, n=10, spread=100), np.array([0.1, -700.3]),
        np.array([-985.8753443098968, -0.505706519355785, 644.2805638190711])]
ALL = EASY + HARD


# --------------------------------------------------------------------------------
# Values against mpmath
# --------------------------------------------------------------------------------

@pytest.mark.parametrize("x", ALL)
def test_log_softmax_within_4_ulp_of_mpmath(x):
    got = log_softmax(x)
    want = as_floats(mp_log_softmax(x))
    assert ulp_distance(got, want).max() <= 4, (got, want)


@pytest.mark.parametrize("x", HARD[1:4])
def test_log_of_softmax_fails_where_log_softmax_does_not(x):
    # the lesson's point: log(softmax(x)) is -inf (underflow) or 0 (y rounded to 1)
    # where the true value is an ordinary number
    want = as_floats(mp_log_softmax(x))
    with np.errstate(divide="ignore"):
        naive = np.log(softmax(x))
    assert (ulp_distance(naive, want) > 1e6).any()
    assert np.isfinite(log_softmax(x)).all()


@pytest.mark.parametrize("x", ALL)
def test_cross_entropy_within_4_ulp_of_mpmath_for_every_class(x):
    for k in range(x.size):
        t = one_hot(k, x.size)
        got = softmax_cross_entropy(x, t)
        assert got.shape == ()
        want = float(mp_cross_entropy(x, t))
        assert ulp_distance(np.array(got), np.array(want)) <= 4, (k, got, want)


@pytest.mark.parametrize("x", ALL)
def test_cross_entropy_with_soft_labels_within_4_ulp(x):
    t = np.random.default_rng(x.size).dirichlet(np.ones(x.size))
    t = t / t.sum()
    got = softmax_cross_entropy(x, t)
    want = float(mp_cross_entropy(x, t))
    assert ulp_distance(np.array(got), np.array(want)) <= 4


@pytest.mark.parametrize("x", ALL)
def test_cross_entropy_gradient_within_4_ulp_of_mpmath(x):
    # the right class with a probability ≈ 1 included: y_k - 1 is minus a tiny sum there
    for k in range(x.size):
        t = one_hot(k, x.size)
        got = softmax_cross_entropy_gradient(x, t)
        want = as_floats(mp_cross_entropy_gradient(x, t))
        assert ulp_distance(got, want).max() <= 4, (k, got, want)


def test_the_naive_gradient_rounds_to_zero_where_ours_does_not():
    x, t = np.array([40.0, 3.0, -1.0, 0.5]), one_hot(0, 4)
    assert softmax(x)[0] - 1 == 0  # y_1 rounds to 1: the textbook y - t says "nothing to learn"
    assert softmax_cross_entropy_gradient(x, t)[0] == pytest.approx(
        float(mp_cross_entropy_gradient(x, t)[0]), rel=1e-15)


@pytest.mark.parametrize("x", ALL)
def test_log_softmax_vjp_is_normwise_accurate(x):
    rng = np.random.default_rng(x.size)
    for g in [rng.normal(size=x.shape), -one_hot(int(np.argmax(x)), x.size)]:
        want = as_floats(mp_log_softmax_vjp(x, g))
        got = log_softmax_vjp(x, g)
        assert np.linalg.norm(got - want) <= 1e-14 * np.linalg.norm(want), (got, want)


@pytest.mark.parametrize("x", ALL)
def test_the_vjp_with_minus_the_labels_is_the_cross_entropy_gradient(x):
    for k in range(x.size):
        t = one_hot(k, x.size)
        want = as_floats(mp_cross_entropy_gradient(x, t))
        assert ulp_distance(log_softmax_vjp(x, -t), want).max() <= 4


# --------------------------------------------------------------------------------
# Gradients against central finite differences
# --------------------------------------------------------------------------------

@pytest.mark.parametrize("x", EASY)
def test_log_softmax_vjp_builds_the_finite_difference_jacobian(x):
    # column i of J^T is J^T e_i: the VJP with each unit vector builds J^T
    def jacobian(v):
        return np.stack([log_softmax_vjp(v, e) for e in np.eye(v.size)])

    assert check_jacobian(log_softmax, jacobian, x, name="log_softmax")


@pytest.mark.parametrize("x", EASY)
def test_cross_entropy_gradient_against_finite_differences(x):
    t = np.random.default_rng(x.size).dirichlet(np.ones(x.size))
    t = t / t.sum()
    assert check_jacobian(lambda v: np.atleast_1d(softmax_cross_entropy(v, t)),
                          lambda v: softmax_cross_entropy_gradient(v, t)[None, :], x,
                          name="softmax_cross_entropy")


@pytest.mark.parametrize("label", [0.0, 0.3, 1.0])
def test_binary_cross_entropy_gradient_against_finite_differences(label):
    def loss(x):
        return sigmoid_binary_cross_entropy(x, np.full(x.shape, label))

    def gradient(x):
        return sigmoid_binary_cross_entropy_gradient(x, np.full(x.shape, label))

    assert check_derivative(loss, gradient, name="sigmoid_binary_cross_entropy")


def test_a_wrong_gradient_fails_the_finite_difference_check():
    x, t = EASY[0], one_hot(2, 5)
    assert not check_jacobian(lambda v: np.atleast_1d(softmax_cross_entropy(v, t)),
                              lambda v: (softmax(v) - t)[None, ::-1], x, name="wrong")


# --------------------------------------------------------------------------------
# The binary case: the sigmoid, and softmax of (x, 0)
# --------------------------------------------------------------------------------

BINARY_X = np.array([-1000.0, -40.0, -5.0, -0.5, 0.0, 0.5, 5.0, 40.0, 1000.0])


@pytest.mark.parametrize("label", [0.0, 0.25, 1.0])
def test_binary_cross_entropy_within_4_ulp_of_mpmath(label):
    got = sigmoid_binary_cross_entropy(BINARY_X, np.full(BINARY_X.shape, label))
    gradient = sigmoid_binary_cross_entropy_gradient(BINARY_X, np.full(BINARY_X.shape, label))
    with mpmath.workdps(DIGITS):
        t = mpmath.mpf(label)
        want, want_gradient = [], []
        for v in BINARY_X:
            v = mpmath.mpf(float(v))
            # -t log σ(x) - (1 - t) log σ(-x), with -log σ(x) = log1p(e^-x)
            want.append(float(t * mpmath.log1p(mpmath.exp(-v)) + (1 - t) * mpmath.log1p(mpmath.exp(v))))
            want_gradient.append(float(1 / (1 + mpmath.exp(-v)) - t))
    assert ulp_distance(got, np.array(want)).max() <= 4, (got, want)
    assert ulp_distance(gradient, np.array(want_gradient)).max() <= 4, (gradient, want_gradient)


def test_binary_is_softmax_of_the_logit_and_zero():
    t = np.array([1.0, 0.0, 0.3, 1.0, 0.0])
    x = np.array([2.0, -3.0, 0.7, 40.0, -40.0])
    pairs, pair_labels = np.column_stack([x, 0 * x]), np.column_stack([t, 1 - t])
    np.testing.assert_allclose(sigmoid_binary_cross_entropy(x, t),
                               softmax_cross_entropy(pairs, pair_labels), rtol=1e-15)
    np.testing.assert_allclose(sigmoid_binary_cross_entropy_gradient(x, t),
                               softmax_cross_entropy_gradient(pairs, pair_labels)[:, 0], rtol=1e-15)
    np.testing.assert_allclose(sigmoid_binary_cross_entropy_gradient(x[:3], t[:3]),
                               sigmoid(x[:3]) - t[:3], rtol=1e-14)


# --------------------------------------------------------------------------------
# Special values: -inf masking, +inf, NaN
# --------------------------------------------------------------------------------

def test_minus_inf_is_a_mask():
    x = np.array([[0.0, -np.inf, 1.0], [2.0, 2.0, -np.inf]])
    got = log_softmax(x, axis=-1)
    np.testing.assert_array_equal(got[:, [1, 2]][[0, 1], [0, 1]], -np.inf)
    np.testing.assert_allclose(got[0, [0, 2]], log_softmax([0.0, 1.0]), rtol=1e-15)
    np.testing.assert_allclose(got[1, :2], np.log(0.5), rtol=1e-15)
    # a masked class with label 0 adds nothing to the loss: finite, not 0 * -inf = NaN
    t = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    loss = softmax_cross_entropy(x, t)
    np.testing.assert_allclose(loss, [-log_softmax([0.0, 1.0])[1], np.log(2)], rtol=1e-15)
    gradient = softmax_cross_entropy_gradient(x, t)
    assert gradient[0, 1] == 0 and gradient[1, 2] == 0
    # the right class masked: the loss is +inf, honestly
    assert softmax_cross_entropy([0.0, -np.inf], [0.0, 1.0]) == np.inf


def test_plus_inf_nan_and_all_masked_rows():
    got = log_softmax([[np.inf, 1.0, np.inf], [np.nan, 0.0, 1.0], [-np.inf, -np.inf, -np.inf]],
                      axis=-1)
    np.testing.assert_allclose(got[0], [np.log(0.5), -np.inf, np.log(0.5)], rtol=1e-15)
    assert np.isnan(got[1:]).all()


def test_extreme_finite_logits_do_not_overflow():
    got = log_softmax([1e308, -1e308, 0.0])
    np.testing.assert_array_equal(got, [0.0, -np.inf, -1e308])
    assert softmax_cross_entropy([1e308, -1e308], [1.0, 0.0]) == 0.0


@given(arrays(np.float64, st.integers(1, 8), elements=st.floats(-1e3, 1e3)))
def test_properties(x):
    y = log_softmax(x)
    assert (y <= 0).all()
    assert np.exp(y).sum() == pytest.approx(1, rel=1e-12)
    np.testing.assert_allclose(log_softmax(x + 5.0), y, rtol=1e-12, atol=1e-9)
    t = softmax(x)
    t = t / t.sum()
    assert abs(softmax_cross_entropy_gradient(x, t)).max() <= 1e-12


# --------------------------------------------------------------------------------
# Shapes, axes and dtypes
# --------------------------------------------------------------------------------

@pytest.mark.parametrize("axis", [0, 1, -1, (0, 2)])
def test_axes_as_softmax(axis):
    x = np.random.default_rng(0).normal(size=(2, 3, 4)) * 5
    np.testing.assert_allclose(np.exp(log_softmax(x, axis=axis)), softmax(x, axis=axis), rtol=1e-14)
    g = np.random.default_rng(1).normal(size=x.shape)
    got = log_softmax_vjp(x, g, axis=axis)
    np.testing.assert_allclose(got, g - softmax(x, axis=axis) * g.sum(axis=axis, keepdims=True),
                               rtol=1e-12, atol=1e-14)


def test_axis_none_is_the_whole_array_and_cross_entropy_drops_its_axis():
    x = np.arange(12.0).reshape(3, 4)
    np.testing.assert_allclose(log_softmax(x).ravel(), log_softmax(x.ravel()), rtol=1e-15)
    t = np.eye(4)[[0, 3, 1]]
    losses = softmax_cross_entropy(x, t)
    assert losses.shape == (3,)
    np.testing.assert_allclose(losses, -log_softmax(x, axis=-1)[[0, 1, 2], [0, 3, 1]], rtol=1e-15)
    assert softmax_cross_entropy(x.T, t.T, axis=0).shape == (3,)
    np.testing.assert_allclose(softmax_cross_entropy(x.T, t.T, axis=0), losses, rtol=1e-15)
    np.testing.assert_allclose(softmax_cross_entropy_gradient(x.T, t.T, axis=0).T,
                               softmax_cross_entropy_gradient(x, t), rtol=1e-15)
    whole = np.full((3, 4), 1 / 12)
    assert softmax_cross_entropy(x, whole, axis=None).shape == ()


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_dtypes_are_kept_and_rounded_once(dtype):
    x = np.array([0.25, -1, 2.3, -0.2, 1], dtype=dtype)
    t = one_hot(2, 5).astype(dtype)
    for got, exact in [(log_softmax(x), log_softmax(x.astype(float))),
                       (softmax_cross_entropy_gradient(x, t),
                        softmax_cross_entropy_gradient(x.astype(float), t.astype(float))),
                       (log_softmax_vjp(x, -t), log_softmax_vjp(x.astype(float), -t.astype(float)))]:
        assert got.dtype == dtype
        np.testing.assert_array_equal(got, exact.astype(dtype))
    assert softmax_cross_entropy(x, t).dtype == dtype
    assert log_softmax([1, 2, 3]).dtype == np.float64


def test_empty_inputs():
    assert log_softmax(np.zeros((0, 3)), axis=-1).shape == (0, 3)
    assert log_softmax_vjp(np.zeros(0), np.zeros(0)).shape == (0,)
    assert softmax_cross_entropy(np.zeros((0, 3)), np.zeros((0, 3))).shape == (0,)
    assert softmax_cross_entropy_gradient(np.zeros((0, 3)), np.zeros((0, 3))).shape == (0, 3)


# --------------------------------------------------------------------------------
# Errors that name the function
# --------------------------------------------------------------------------------

CE = [softmax_cross_entropy, softmax_cross_entropy_gradient]
BCE = [sigmoid_binary_cross_entropy, sigmoid_binary_cross_entropy_gradient]


@pytest.mark.parametrize("f", CE + BCE, ids=lambda f: f.__name__)
def test_errors_name_the_function(f):
    name = f.__name__
    with pytest.raises(ValueError, match=rf"{name}\(\): labels have shape \(2,\), but logits have shape \(3,\)"):
        f(np.zeros(3), np.array([0.5, 0.5]))
    for bad in [np.nan, np.inf]:
        with pytest.raises(ValueError, match=rf"{name}\(\): labels must be finite"):
            f(np.zeros(2), np.array([bad, 0.0]))
    with pytest.raises(ValueError, match=rf"{name}\(\): labels must be >= 0"):
        f(np.zeros(2), np.array([-0.5, 1.5]))
    with pytest.raises(TypeError, match=rf"{name}\(\) accepts"):
        f("abc", np.zeros(3))
    with pytest.raises(TypeError, match=rf"{name}\(\) accepts"):
        f(np.zeros(3), None)


@pytest.mark.parametrize("f", CE, ids=lambda f: f.__name__)
def test_softmax_losses_need_labels_that_sum_to_one(f):
    with pytest.raises(ValueError, match=rf"{f.__name__}\(\): the labels of each example must "
                                         r"sum to 1 along axis=-1.*sums to 2"):
        f(np.zeros((2, 3)), np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0]]))
    with pytest.raises(ValueError, match="axis=0"):  # labels of a (B, K) batch, summed over B
        f(np.zeros((2, 3)), np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), axis=0)
    with pytest.raises(ValueError, match=rf"{f.__name__}\(\): axis=2 does not fit"):
        f(np.zeros((2, 3)), np.eye(3)[:2], axis=2)


@pytest.mark.parametrize("f", BCE, ids=lambda f: f.__name__)
def test_binary_labels_lie_in_0_1(f):
    with pytest.raises(ValueError, match=rf"{f.__name__}\(\): labels must lie in \[0, 1\]"):
        f(np.zeros(2), np.array([1.5, 0.0]))


def test_log_softmax_errors():
    with pytest.raises(TypeError, match=r"log_softmax\(\) accepts"):
        log_softmax(["a", "b"])
    with pytest.raises(ValueError, match=r"log_softmax\(\): axis=2 does not fit"):
        log_softmax(np.zeros((2, 3)), axis=2)
    with pytest.raises(ValueError, match=r"log_softmax_vjp\(\): grad has shape \(4,\), but x has shape \(3,\)"):
        log_softmax_vjp(np.zeros(3), np.zeros(4))
