"""Realistic learner answers, run in ONE test, in a fixed order, in one process: the
checker must give every call fresh inputs, so an in-place answer early on cannot make a
later wrong answer pass (or a later right one fail)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.special
import sympy

from chapter3.exercises import check
from chapter3.symbolic import Claim, Derivation, alpha, in_terms_of, scale, x


def silenced_sigmoid(x):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


def silenced_elu(x):
    with np.errstate(over="ignore"):
        return np.where(x > 0, x, np.expm1(x))


def silenced_softsign(x):
    with np.errstate(invalid="ignore"):
        return np.where(np.isinf(x), np.sign(x), x / (1 + np.abs(x)))


def filtered_sigmoid(x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return 1 / (1 + np.exp(-x))


def seterr_sigmoid(x):
    old = np.seterr(all="ignore")
    try:
        return 1 / (1 + np.exp(-x))
    finally:
        np.seterr(**old)


def inplace_softmax(x):  # right values, but it rewrites the caller's array
    x -= np.max(x, axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= np.sum(x, axis=-1, keepdims=True)
    return x


def batch_max_softmax(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=-1, keepdims=True)


def unshifted_softmax(x):
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def no_keepdims_softmax(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1)


def logsumexp_softmax(x):
    return np.exp(x - scipy.special.logsumexp(x, axis=-1, keepdims=True))


def unshifted_jacobian(x):
    y = np.exp(x) / np.sum(np.exp(x))
    return np.diag(y) - np.outer(y, y)


def unshifted_vjp(x, g):
    y = np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)
    return y * (g - np.sum(y * g, axis=-1, keepdims=True))


def inplace_sigmoid(x):
    x[:] = scipy.special.expit(x)
    return x


def stable_sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def inplace_leaky_relu(x):
    x[x <= 0] *= 0.1
    return x


def mask_leaky_relu(x):  # lesson 3.4's first attempt: NaN at ±inf (0 * inf)
    return x * (x > 0) + 0.1 * x * (x <= 0)


def silenced_mask_leaky_relu(x):
    with np.errstate(invalid="ignore"):
        return x * (x > 0) + 0.1 * x * (x <= 0)


# (exercise, answer, passes?, the check that must fail, words its level-2 hint must contain)
# The ORDER matters: the in-place answers come first, so a checker that handed them
# its own arrays would let the unshifted softmax, Jacobian and VJP pass afterwards.
ANSWERS = [
    ("softmax", inplace_softmax, False, "leaves its input unchanged", "new array"),
    ("softmax_jacobian", lambda x: np.subtract(np.diag(x := inplace_softmax(x)), np.outer(x, x)),
     False, "leaves its input unchanged", "new array"),
    ("sigmoid", inplace_sigmoid, False, "leaves its input unchanged", "new array"),
    ("leaky_relu", inplace_leaky_relu, False, "leaves its input unchanged", "new array"),
    ("softmax", unshifted_softmax, False, "large inputs", "subtract each row's maximum"),
    ("softmax_jacobian", unshifted_jacobian, False, "large inputs", "max-shift"),
    ("softmax_vjp", unshifted_vjp, False, "large inputs", "max-shift"),
    ("softmax", batch_max_softmax, False, "rows far apart", "each row's own maximum"),
    ("softmax", no_keepdims_softmax, False, "it runs", "keepdims=True"),
    ("sigmoid", silenced_sigmoid, False, "instead of hiding them", "np.errstate"),
    ("sigmoid", filtered_sigmoid, False, "instead of hiding them", "np.errstate"),
    ("sigmoid", seterr_sigmoid, False, "instead of hiding them", "np.errstate"),
    ("elu", silenced_elu, False, "instead of hiding them", "np.errstate"),
    ("softsign", silenced_softsign, False, "instead of hiding them", "np.errstate"),
    # lesson 3.4: the masks of the first attempt, however they are written, and its slips
    ("leaky_relu", mask_leaky_relu, False, "±inf", "np.where"),
    ("leaky_relu", lambda x: (x > 0) * x + (x <= 0) * (0.1 * x), False, "±inf", "np.where"),
    ("leaky_relu", silenced_mask_leaky_relu, False, "instead of hiding them", "np.errstate"),
    ("leaky_relu", lambda x: np.where(x > 0, x, 0.01 * x), False, "typical values", "term by term"),
    ("leaky_relu", lambda x: np.where(x > 0, x, 0.1), False, "typical values", "term by term"),
    ("leaky_relu", lambda x: [v if v > 0 else 0.1 * v for v in x.ravel()], False, "returns an array",
     "np.asarray"),
    ("leaky_relu_derivative", lambda x: np.where(x > 0, 1.0, 0.1), False, "NaN in", "np.isnan"),
    ("leaky_relu_derivative", lambda x: np.where(x > 0, 1.0, 0.1) + 0 * x, False, "±inf",
     "a mask times x"),
    ("leaky_relu_derivative", lambda x: np.where(np.isnan(x), x, (x > 0) + 0.1 * (x <= 0)) * x / x,
     False, "x = 0", "wrong branch"),
    ("sigmoid", lambda x: 1 / (1 + np.exp(-np.clip(x, -50, 50))), False, "tails", "do not clip"),
    ("sigmoid", lambda x: list(scipy.special.expit(x)), False, "returns an array", "np.asarray"),
    ("sigmoid", lambda x: scipy.special.expit(x.astype(np.float32)), False, "returns an array",
     "float64"),
    # correct alternatives: they must pass, also after everything above
    ("sigmoid", scipy.special.expit, True, None, None),
    ("sigmoid", stable_sigmoid, True, None, None),
    ("softplus", lambda x: np.logaddexp(0, x), True, None, None),
    ("leaky_relu", lambda x: np.where(x > 0, x, 0.1 * x), True, None, None),
    ("leaky_relu", lambda x: np.select([x > 0, x <= 0], [x, 0.1 * x], default=x), True, None, None),
    ("leaky_relu", lambda x: np.piecewise(x, [x > 0, x <= 0], [lambda t: t, lambda t: 0.1 * t,
                                                                 np.nan]), True, None, None),
    ("leaky_relu", lambda x: np.maximum(x, 0) + 0.1 * np.minimum(x, 0), True, None, None),
    ("leaky_relu", lambda x: np.maximum(x, 0.1 * x), True, None, None),
    ("leaky_relu", lambda x: x * np.where(x > 0, 1.0, 0.1), True, None, None),
    ("leaky_relu", lambda x: inplace_leaky_relu(x.copy()), True, None, None),
    ("leaky_relu_derivative", lambda x: np.where(np.isnan(x), x, np.where(x > 0, 1.0, 0.1)), True,
     None, None),
    ("elu", lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))), True, None, None),
    ("softmax", logsumexp_softmax, True, None, None),
    ("softmax", lambda x: scipy.special.softmax(x, axis=-1), True, None, None),
    ("softmax", lambda x: inplace_softmax(x.copy()), True, None, None),
]


def test_realistic_answers_in_one_process_in_a_fixed_order():
    before = (np.geterr(), list(warnings.filters))
    verdicts = []
    for name, answer, passes, failing, hint in ANSWERS:
        feedback = check(name, answer)
        report = repr(feedback)
        if passes:
            verdicts.append((name, answer, bool(feedback) and "✗" not in report.split("\n")[0], report))
            continue
        failed = [o for o in feedback.outcomes if not o.ok and not o.stretch]
        target = [o for o in failed if failing in o.label]
        ok = (not feedback and bool(target) and report.startswith(f"✗ {name}")
              and "hint: " not in report  # level 1 only: no formula on the first attempt
              and hint in target[0].hint
              and f"hint: {target[0].hint}" in repr(check(name, answer, hint=2)))
        verdicts.append((name, answer, ok, report))
    wrong = [f"{name} ({getattr(answer, '__name__', '')}):\n{report}"
             for name, answer, ok, report in verdicts if not ok]
    assert not wrong, "\n\n".join(wrong)
    # and the checker leaves the learner's session as it found it
    assert (np.geterr(), list(warnings.filters)) == before


def test_a_float32_answer_is_told_so_not_shown_equal_numbers():
    report = repr(check("sigmoid", lambda x: scipy.special.expit(x.astype(np.float32))))
    assert "float32" in report
    # where 7 digits look the same, all 17 are shown
    feedback = check("sigmoid", lambda x: scipy.special.expit(x.astype(np.float32)).astype(float))
    detail = next(o.detail for o in feedback.outcomes if not o.ok)
    expected, got = detail.split("expected ")[1].split(", got ")
    assert expected.split(" ")[0] != got.split(" ")[0], detail


def test_the_modified_input_is_named_plainly():
    feedback = check("softmax", inplace_softmax)
    assert "your function modified its input x" in repr(feedback)


# Lesson 3.5, exercise 1: the derivative of SELU's piece x <= 0, written with the output
# f(x) = lambda*alpha*(e^x - 1). The lesson's form check: with f(x) written as y, the
# last step must be y + lambda*alpha (no x left).
with sympy.evaluate(False):
    PIECE = scale * alpha * (sympy.exp(x) - 1)
    FIRST = (scale * alpha * sympy.Derivative(sympy.exp(x) - 1, x),
             r"the constant factor $\lambda\alpha$ comes out")
    ON_THE_WAY = [FIRST, (scale * alpha * sympy.exp(x), "the derivative of e^x - 1")]
    # (last steps, derivation ok?, form ok?)
    DERIVATION_ANSWERS = {
        "the lesson's answer": (scale * alpha * (sympy.exp(x) - 1) + scale * alpha, True, True),
        "the piece plus the constant": (PIECE + scale * alpha, True, True),
        "factors typed in another order": (alpha * scale * (sympy.exp(x) - 1) + alpha * scale, True, True),
        "the constant first": (scale * alpha + scale * alpha * (sympy.exp(x) - 1), True, True),
        "lambda kept outside": (scale * (alpha * (sympy.exp(x) - 1) + alpha), True, False),
        "stopped at the derivative": (scale * alpha * sympy.exp(x), True, False),
        "added and subtracted, not factored": (
            scale * alpha * sympy.exp(x) - scale * alpha + scale * alpha, True, False),
        "lambda dropped from the constant": (scale * alpha * (sympy.exp(x) - 1) + alpha, False, False),
        "the -1 kept (the lesson's slip)": (scale * alpha * (sympy.exp(x) - 1), False, False),
    }
Y = sympy.Symbol("y", real=True)


def form(last_step):
    return Claim(in_terms_of(last_step, PIECE, Y), Y + scale * alpha, "written with the output")


def test_the_derivation_exercise_starts_unfinished_and_not_in_the_form_asked_for():
    start = Derivation(PIECE, [FIRST])
    assert all(c.ok for c in start.checks) and start.final.how == "unfinished" and not start.ok
    assert not form(FIRST[0]).ok


@pytest.mark.parametrize("answer", DERIVATION_ANSWERS.values(), ids=DERIVATION_ANSWERS.keys())
def test_the_derivation_exercise_answers(answer):
    last, derivation_ok, form_ok = answer
    derivation = Derivation(PIECE, [*ON_THE_WAY, (last, "the learner's last step")])
    assert derivation.ok is derivation_ok, derivation
    if not derivation_ok:  # the wrong step itself is marked, with what it is off by
        assert derivation.checks[-1].how == "different" and "differs by" in repr(derivation)
    assert form(last).ok is form_ok, form(last)
