"""The gradient checker, and every analytic derivative of the course checked by it."""

import numpy as np
import pytest

from cases import CASES
from chapter3 import ACTIVATIONS, sigmoid, softmax, softmax_jacobian, softmax_vjp, textbook
from chapter3.gradcheck import check_derivative, check_jacobian
from reference import break_points

# every activation at every setting of its registry entry
SETTINGS = [pytest.param(p.values[0].activation, p.values[0].params, id=p.id)
            for p in CASES if p.values[0].which == "function"]


@pytest.mark.parametrize("activation, params", SETTINGS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_every_derivative_agrees_with_finite_differences(activation, params, dtype):
    f, df = activation.bind(**params)
    x = np.concatenate([np.linspace(-6, 6, 401), [-30.0, -12.5, 12.5, 30.0]]) + np.sqrt(2) * 1e-3
    # keep every x + h and x - h on one side of a kink: ReLU's and ELU's at 0, the hard
    # sigmoid's and swish's at ±3 (h = 0.004 at 0 and 0.015 at ±3 in float32)
    kinks = [0.0, *break_points(activation.expression())]
    x = x[np.min(np.abs(x[:, None] - np.array(kinks)), axis=1) > 0.02]
    check = check_derivative(f, df, x.astype(dtype), name=activation.name)
    assert check, check


@pytest.mark.parametrize("activation, params", SETTINGS)
def test_a_wrong_derivative_is_caught(activation, params):
    f, df = activation.bind(**params)
    wrong = lambda x: 1.1 * df(x)  # noqa: E731 - 10% off everywhere
    check = check_derivative(f, wrong, name=activation.name)
    assert not check and check.failures > 0
    assert "✗" in repr(check) and "worst at x =" in repr(check)


def test_the_report_names_the_worst_point_and_both_values():
    check = check_derivative(sigmoid, lambda x: sigmoid(x) ** 2, name="sigmoid")
    assert check.point == pytest.approx(6.0, abs=0.01)
    assert check.analytic == pytest.approx(sigmoid(check.point) ** 2)
    assert check.numeric == pytest.approx(0.00246, rel=1e-2)


def test_tiny_derivatives_in_the_tails_are_checked_but_rounding_is_allowed_for():
    # At x = 30, sigmoid' = 9.4e-14 while the finite difference's rounding error is
    # ~1e-12: that noise is allowed for, a zero derivative is not.
    x = np.array([20.0, 30.0])
    assert check_derivative(sigmoid, ACTIVATIONS["sigmoid"].derivative, x)
    assert check_derivative(textbook.tanh, textbook.tanh_derivative, np.array([3.0]))


def test_nan_never_passes_and_shapes_must_match():
    assert not check_derivative(sigmoid, lambda x: np.full_like(x, np.nan))
    with pytest.raises(ValueError, match="should have shape"):
        check_jacobian(softmax, lambda x: np.zeros((2, 2)), np.zeros(3))


@pytest.mark.parametrize("seed", range(4))
def test_softmax_jacobian_and_vjp_agree_with_finite_differences(seed):
    rng = np.random.default_rng(seed)
    x, g = rng.normal(size=6) * 3, rng.normal(size=6)
    assert check_jacobian(softmax, softmax_jacobian, x, name="softmax")
    # the VJP is the gradient of the scalar <g, softmax(x)>
    assert check_jacobian(lambda v: np.array([g @ softmax(v)]),
                          lambda v: softmax_vjp(v, g)[None, :], x, name="<g, softmax>")
    assert not check_jacobian(softmax, lambda v: np.diag(softmax(v)), x)
