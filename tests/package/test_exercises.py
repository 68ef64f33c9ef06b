"""The exercise checkers: references pass, and typical wrong answers get the intended hint.
(That every lesson carries its exercises is tested with the notebooks, in tests/course.)"""

from __future__ import annotations

import numpy as np
import pytest

from chapter3 import textbook
from chapter3.exercises import check
from chapter3.registry import EXERCISES


@pytest.mark.parametrize("name", EXERCISES)
def test_the_reference_answer_passes_every_check(name):
    feedback = check(name, EXERCISES[name].reference)
    assert feedback and repr(feedback).startswith(f"✓ {name}: all "), repr(feedback)


def flattened(f):
    return lambda x: np.ravel(f(x))


def naive_softmax(x):
    return np.exp(x) / np.sum(np.exp(x))


def shifted(x, axis):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def naive_jacobian(x):
    y = shifted(x, -1)
    return np.diag(y) - np.outer(y, y)


def naive_vjp(x, g, axis=-1):
    y = shifted(x, -1)
    return y * (g - np.sum(y * g, axis=axis, keepdims=True))


def naive_log_softmax(x):
    m = np.max(x, axis=-1, keepdims=True)
    return x - m - np.log(np.sum(np.exp(x - m), axis=-1, keepdims=True))


def mutating_log_softmax(x):
    x -= np.max(x, axis=-1, keepdims=True)  # shifts the caller's array
    return x - np.log1p(np.sum(np.exp(x), axis=-1, keepdims=True) - 1)


# (exercise, wrong answer, the check that must fail, words the hint must contain)
WRONG = [
    ("sigmoid", textbook.sigmoid, "large |x|", "overflow"),
    ("sigmoid", lambda x: None, "it runs", "forget `return`"),
    ("sigmoid", lambda x: 1 / 0, "it runs", "call it on a NumPy array"),
    ("sigmoid", flattened(textbook.sigmoid), "shape", "without flattening"),
    ("sigmoid_derivative", textbook.sigmoid_derivative, "tails", "1 - y"),
    ("tanh_derivative", textbook.tanh_derivative, "tails", "cancel"),
    ("softsign", textbook.softsign, "±inf", "inf/inf"),
    ("leaky_relu_derivative", lambda x: np.where(x >= 0, 1.0, 0.1), "x = 0", "wrong branch at x = 0"),
    ("leaky_relu_derivative", lambda x: textbook.relu_derivative(x, 0.1), "NaN", "NaN in should give NaN out"),
    ("leaky_relu", lambda x: np.where(x > 0, x, 0.01 * x), "typical values", "derivation"),
    ("elu", lambda x: textbook.selu(x), "large |x|", "min(x, 0)"),
    ("elu", lambda x: np.where(x > 0, x, np.exp(np.minimum(x, 0)) - 1), "near 0", "expm1"),
    ("softsign", lambda x: np.sign(x) * (1 - 1 / (1 + np.abs(x))), "near 0", "cancels"),
    ("softsign", lambda x: np.where(np.isinf(x), np.sign(x), x / (1 + np.abs(x))), "±inf",
     "np.where computes both branches"),
    ("tanh_derivative", lambda x: 1 / np.cosh(x) ** 2, "large |x|", "np.cosh overflowed"),
    ("softplus", textbook.softplus, "large |x|", "overflow"),
    ("softplus", lambda x: np.maximum(x, 0) + np.log(1 + np.exp(-np.abs(x))), "tails", "log1p"),
    ("softmax", naive_softmax, "each row", "whole batch"),
    ("softmax", lambda x: np.exp(x) / np.sum(np.exp(x), axis=0), "each row", "wrong axis"),
    ("softmax", lambda x: np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True), "large inputs",
     "subtract each row's maximum"),
    ("softmax", lambda x: shifted(x, -1)[:, 0], "shape", "keepdims=True"),
    ("softmax_jacobian", naive_jacobian, "1 - y", "cancellation in 1 - y"),
    ("softmax_jacobian", lambda x: np.outer(shifted(x, -1), shifted(x, -1)), "diag(y)", "J_ij"),
    ("softmax_jacobian", lambda x: shifted(x, -1), "n x n", "np.outer"),
    ("softmax_vjp", naive_vjp, "g - <y, g>", "cancellation"),
    ("softmax_vjp", lambda x, g: naive_vjp(x, g, axis=0), "each row", "wrong axis"),
    ("log_softmax", lambda x: shifted(x, -1), "each row", "softmax itself"),
    ("log_softmax", lambda x: np.log(shifted(x, -1)), "large inputs", "log of a softmax that underflowed"),
    ("log_softmax", lambda x: x - np.max(x) - np.log(np.sum(np.exp(x - np.max(x)), axis=-1, keepdims=True)),
     "rows far apart", "own maximum"),
    ("log_softmax", naive_log_softmax, "one y ≈ 1", "np.log1p"),
    ("log_softmax", lambda x: x - np.log(np.sum(np.exp(x), axis=0, keepdims=True)), "each row", "wrong axis"),
    ("cross_entropy_gradient", lambda x, t: t - shifted(x, -1), "y - t", "the sign"),
    ("cross_entropy_gradient", lambda x, t: -t / shifted(x, -1), "y - t", "dL/dy"),
    ("cross_entropy_gradient", lambda x, t: shifted(x, -1) - np.eye(x.shape[-1])[np.argmax(t, axis=-1)],
     "probabilities", "t itself"),
    ("cross_entropy_gradient", lambda x, t: np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True) - t,
     "large logits", "maximum subtracted"),
    ("cross_entropy_gradient", lambda x, t: shifted(x, -1) - t, "one y ≈ 1", "minus the sum"),
]


@pytest.mark.parametrize("name, answer, failing, hint", WRONG,
                         ids=[f"{w[0]}-{w[2]}" for w in WRONG])
def test_a_typical_wrong_answer_gets_the_intended_hint(name, answer, failing, hint):
    feedback = check(name, answer)
    failed = [o for o in feedback.outcomes if not o.ok]
    assert failed, repr(feedback)
    assert any(failing in o.label for o in failed), repr(feedback)
    target = next(o for o in failed if failing in o.label)
    assert hint in target.hint, repr(feedback)
    # level 1 says what and where, without the formula; hint=2 adds it
    assert "hint: " not in repr(feedback) and "hint=2" in repr(feedback)
    assert f"hint: {target.hint}" in repr(check(name, answer, hint=2))


def test_stretch_goals_do_not_decide_the_verdict_unless_they_are_the_point():
    feedback = check("sigmoid", lambda x: np.where(x >= 0, 1, np.exp(-np.abs(x))) / (1 + np.exp(-np.abs(x))))
    assert feedback.ok and repr(feedback).startswith("✓ sigmoid: all")
    # the tails are tanh_derivative's point: 1 - tanh**2 is not good enough there
    assert not check("tanh_derivative", lambda x: 1 - np.tanh(x) ** 2)
    assert not next(o for o in check("softmax_vjp", naive_vjp).outcomes if "no cancellation" in o.label).ok
    assert check("softmax_vjp", naive_vjp)  # correct, one stretch goal left
    assert check("log_softmax", naive_log_softmax)
    assert check("cross_entropy_gradient", lambda x, t: shifted(x, -1) - t)


def test_a_log_softmax_that_shifts_its_input_in_place_is_told_so():
    feedback = check("log_softmax", mutating_log_softmax)
    assert not feedback and "modified its input x" in repr(feedback)
    wrote_labels = check("cross_entropy_gradient", lambda x, t: np.subtract(shifted(x, -1), t, out=t))
    assert not wrote_labels and "modified its input t" in repr(wrote_labels)


def test_the_checker_refuses_to_guess():
    with pytest.raises(KeyError, match="no exercise 'softmaxx'"):
        check("softmaxx", naive_softmax)
    with pytest.raises(TypeError, match=r"check\('softmax', my_softmax\)"):
        check("softmax", np.zeros(3))
