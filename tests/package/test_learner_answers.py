"""Realistic learner answers, run in ONE test, in a fixed order, in one process: the
checker must give every call fresh inputs, so an in-place answer early on cannot make a
later wrong answer pass (or a later right one fail)."""

from __future__ import annotations

import warnings

import numpy as np
import scipy.special

from chapter3.exercises import check


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


# (exercise, answer, passes?, the check that must fail, words its level-2 hint must contain)
# The ORDER matters: the in-place answers come first, so a checker that handed them
# its own arrays would let the unshifted softmax, Jacobian and VJP pass afterwards.
ANSWERS = [
    ("softmax", inplace_softmax, False, "leaves its input unchanged", "new array"),
    ("softmax_jacobian", lambda x: np.subtract(np.diag(x := inplace_softmax(x)), np.outer(x, x)),
     False, "leaves its input unchanged", "new array"),
    ("sigmoid", inplace_sigmoid, False, "leaves its input unchanged", "new array"),
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
    ("leaky_relu", lambda x: x * (x > 0) + 0.1 * x * (x <= 0), False, "±inf", "np.where"),
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
