"""The derivation checker: correct chains pass, wrong steps are caught and shown."""

import pytest
import sympy

from chapter3 import ACTIVATIONS
from chapter3.symbolic import Derivation, DerivationError, check_equal, hold, sigma, sigmoid_expr, x

u = 1 + sympy.exp(-x)
E = sympy.exp(-x)


def sigmoid_steps():
    """The post's derivation of the sigmoid's derivative, as written."""
    return [
        (sympy.Derivative(u ** hold(-1), x), "write $1/u$ as $u^{-1}$"),
        (hold(-1) * u ** hold(-2) * (-E), "chain rule"),
        (E * u ** hold(-2), "the two minus signs cancel"),
        (hold(1 / u) * hold(E / u), "split the fraction"),
        (hold(1 / u) * (1 - 1 / u), "$e^{-x}/u = 1 - 1/u$"),
        (sigma(x) * (1 - sigma(x)), "name the first factor"),
    ]


def test_a_correct_derivation_is_proven_step_by_step():
    derivation = Derivation(sigmoid_expr(x), sigmoid_steps(), name="sigmoid")
    assert derivation.ok
    assert [c.how for c in derivation.checks] == ["proof"] * 6
    assert derivation.final.how == "proof"
    assert derivation.verify() is derivation
    assert str(derivation).count("✓") == 7 and "✗" not in str(derivation)
    latex = derivation._repr_latex_()
    assert latex.count(r"\checkmark") == 7 and r"\times" not in latex


def test_a_wrong_step_is_caught_shown_and_can_raise():
    steps = sigmoid_steps()
    steps[2] = (E * u ** hold(-1), "a dropped square")  # the slip
    derivation = Derivation(sigmoid_expr(x), steps, name="sigmoid")
    assert not derivation.ok
    marks = [c.ok for c in derivation.checks]
    # the wrong step does not follow from step 2, and step 4 does not follow from it
    assert marks == [True, True, False, False, True, True]
    wrong = derivation.checks[2]
    assert wrong.how == "different"
    assert sympy.simplify(wrong.difference - (E / u - E / u**2)) == 0
    assert "✗" in str(derivation) and "SOME STEPS ARE WRONG" in str(derivation)
    assert r"\color{red}" in derivation._repr_latex_()
    with pytest.raises(DerivationError, match="a dropped square"):
        derivation.verify()


def test_a_consistent_chain_that_ends_at_the_wrong_derivative_fails_the_final_check():
    wrong = sigma(x) ** 2
    derivation = Derivation(sigmoid_expr(x), [(wrong, "guess"), (wrong, "restate")])
    assert [c.ok for c in derivation.checks] == [False, True]
    assert not derivation.final.ok and not derivation.ok


def test_a_derivation_that_still_contains_the_derivative_is_unfinished():
    derivation = Derivation(sigmoid_expr(x), sigmoid_steps()[:1])
    assert derivation.checks[0].ok
    assert derivation.final.how == "unfinished" and not derivation.ok
    assert "still has a derivative" in str(derivation) and "not finished" in str(derivation)
    assert "✗" not in str(derivation)
    assert "not yet" in derivation._repr_latex_()


def test_numeric_fallback_reports_agreement_without_claiming_a_proof():
    # x/|x| and sign(x) agree wherever x/|x| is defined; simplify leaves a Piecewise.
    check = check_equal(x / sympy.Abs(x), sympy.sign(x))
    assert check.ok and check.how == "numeric"
    assert "not" in check.explain() or "could not" in check.explain()


def test_numeric_fallback_never_hides_a_real_difference():
    # simplify cannot decide |x| - x; the spot check finds a negative sample point.
    check = check_equal(sympy.Abs(x), x)
    assert not check.ok and check.how == "different"
    assert check.witness[x] < 0
    # a difference that only shows for large x is caught too
    check = check_equal(sympy.Max(x, 5), sympy.Max(x, 6))
    assert not check.ok


def test_parameters_with_sign_assumptions_are_sampled_accordingly():
    a = sympy.Symbol("a", positive=True)
    assert check_equal(sympy.sqrt(a**2), a).ok
    b = sympy.Symbol("b", real=True)
    assert not check_equal(sympy.sqrt(b**2) - b, 0).ok


def test_reasons_may_hold_math_but_not_unbalanced_dollars():
    assert r"u^{-1}" in Derivation(sigmoid_expr(x), sigmoid_steps())._repr_latex_()
    with pytest.raises(ValueError, match="unbalanced"):
        Derivation(sigmoid_expr(x), [(sigma(x) * (1 - sigma(x)), "costs $5")])
    with pytest.raises(ValueError, match="at least one step"):
        Derivation(sigmoid_expr(x), [])


def test_sigma_is_the_sigmoid():
    assert sigma(x).doit() == sigmoid_expr(x)
    assert check_equal(sympy.diff(sigma(x), x), sigma(x) * (1 - sigma(x))).how == "proof"
    assert sympy.latex(sigma(x)) == r"\sigma\left(x\right)"
    assert sympy.latex(sigma(x) ** 2) == r"\sigma\left(x\right)^{2}"
    assert sigma(x).rewrite(sympy.exp) == sigmoid_expr(x)


@pytest.mark.parametrize("activation", ACTIVATIONS.values(), ids=ACTIVATIONS.keys())
def test_every_registered_expression_has_a_real_derivative(activation):
    derivative = activation.derivative_expression(x)
    assert derivative.free_symbols <= {x}
    assert not derivative.has(sympy.Derivative)


t = sympy.Symbol("t", positive=True)


@pytest.mark.parametrize("activation", ACTIVATIONS.values(), ids=ACTIVATIONS.keys())
@pytest.mark.parametrize("side", [t, -t], ids=["x>0", "x<0"])
def test_sympy_derivative_is_the_lessons_closed_form(activation, side):
    # on each side of 0, where a piecewise definition has two pieces: x = t > 0, x = -t < 0
    derivative = sympy.diff(activation.expr(x), x).subs(x, side)
    check = check_equal(derivative, activation.closed_form(side))
    assert check.how == "proof", check.explain()


def test_a_wrong_closed_form_is_caught():
    derivative = sympy.diff(ACTIVATIONS["tanh"].expr(x), x)
    assert not check_equal(derivative, 1 - sympy.tanh(x)).ok


def test_expsum_is_the_softmax_denominator():
    from chapter3.symbolic import ExpSum

    xs = sympy.symbols("x1:4", real=True)
    total = ExpSum(*xs)
    assert total.doit() == sum(sympy.exp(v) for v in xs)
    assert str(total) == "Σ" and sympy.latex(total**2) == r"\Sigma^{2}"
    # the quotient rule on y_1 = e^{x_1} / Σ, checked against the written-out sum
    y1 = sympy.exp(xs[0]) / total
    for k, v in enumerate(xs):
        derivative = sympy.diff(y1, v)
        expected = sympy.diff(y1.doit(), v)
        assert check_equal(derivative, expected).ok, k
    assert not check_equal(sympy.diff(y1, xs[1]), sympy.exp(xs[0] + xs[1]) / total).ok
