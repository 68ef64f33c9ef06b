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


# Steps that are wrong, yet agree with the right one to 30 digits wherever |x| <= 9:
# the checker used to mark each of them ✓ "(numerically)".
a = sympy.Symbol("a", nonnegative=True)
SLOPE = sigma(x) * (1 - sigma(x))
WRONG_FAR_OUT = {
    "a term e^(x - 100)": (SLOPE + sympy.exp(x - 100), SLOPE),
    "a term x^100 / 10^120": (SLOPE + x**100 / sympy.Integer(10) ** 120, SLOPE),
    "a piece that is only wrong for x > 10": (SLOPE + sympy.Piecewise((0, x < 10), (x - 10, True)),
                                              SLOPE),
    "the tail taken as 0 beyond x = -100": (sympy.Piecewise((0, x < -100), (SLOPE, True)), SLOPE),
    "x clipped to [-50, 50]": (sigmoid_expr(sympy.Min(sympy.Max(x, -50), 50)), sigmoid_expr(x)),
    "a step just right of 0": (sympy.Heaviside(x - sympy.Rational(1, 10**4)) * a, sympy.Heaviside(x) * a),
}


@pytest.mark.parametrize("pair", WRONG_FAR_OUT.values(), ids=WRONG_FAR_OUT.keys())
def test_a_step_that_is_only_wrong_far_out_or_near_a_switch_is_caught(pair):
    check = check_equal(*pair)
    assert not check.ok and check.how == "different", check.explain()
    assert check.witness is not None


def test_a_step_wrong_in_the_tails_is_shown_where_it_is_wrong():
    check = check_equal(*WRONG_FAR_OUT["the tail taken as 0 beyond x = -100"])
    # 0 against 1.4e-87 at x = -200: relatively, all of it is wrong
    assert check.witness[x] <= -100
    check = check_equal(*WRONG_FAR_OUT["a piece that is only wrong for x > 10"])
    assert check.witness[x] > 10


# Right steps whose two sides are computed very differently in the tails: at x = -1000,
# 1 - tanh(x)^2 cancels to 0 below 869 digits, log(1 + e^x) rounds to log(1) = 0 below 435.
RIGHT_IN_THE_TAILS = {
    "sigma' as an even function": (SLOPE, sympy.exp(-sympy.Abs(x)) / (1 + sympy.exp(-sympy.Abs(x))) ** 2),
    "tanh' from e^(-2|x|)": (1 - sympy.tanh(x) ** 2,
                             4 * sympy.exp(-2 * sympy.Abs(x)) / (1 + sympy.exp(-2 * sympy.Abs(x))) ** 2),
    "tanh' by the quotient rule": (
        ((sympy.exp(x) + sympy.exp(-x)) ** 2 - (sympy.exp(x) - sympy.exp(-x)) ** 2)
        / (sympy.exp(x) + sympy.exp(-x)) ** 2,
        4 * sympy.exp(-2 * sympy.Abs(x)) / (1 + sympy.exp(-2 * sympy.Abs(x))) ** 2),
    "softplus without overflow": (sympy.log(1 + sympy.exp(x)),
                                  sympy.Max(x, 0) + sympy.log(1 + sympy.exp(-sympy.Abs(x)))),
    "d|x|/dx": (x / sympy.Abs(x), sympy.sign(x)),
}


@pytest.mark.parametrize("pair", RIGHT_IN_THE_TAILS.values(), ids=RIGHT_IN_THE_TAILS.keys())
def test_a_right_step_passes_at_every_sample_point_however_far_out(pair):
    check = check_equal(*pair)
    assert check.ok and check.how == "numeric", check.explain()


def test_the_sample_points_reach_far_out_tiny_and_both_sides_of_every_switch():
    from chapter3.symbolic import _break_points, _sample_points

    xs = [point[x] for point in _sample_points([x])]
    for magnitude in (20, 50, 200, 1000, sympy.Rational(1, 10**5)):
        assert {magnitude, -magnitude} <= set(xs)
    assert max(abs(v) for v in xs[:12]) <= 9  # moderate points first: a witness reads well
    base = {x: 1}
    at, beside = _break_points([sympy.Piecewise((x, x > 2), (0, True)) + sympy.Abs(x + 3)], base)
    assert at == [{x: 2}]  # a Piecewise's switch itself, not |x + 3|'s kink (undefined there)
    assert sorted(p[x] for p in beside) == [-3 - sympy.Rational(1, 10**6), -3 + sympy.Rational(1, 10**6),
                                            2 - sympy.Rational(1, 10**6), 2 + sympy.Rational(1, 10**6)]


def test_values_far_out_are_computed_to_every_digit_or_not_at_all():
    from chapter3.symbolic import _UNKNOWN, _value

    value = _value(1 - sympy.tanh(x) ** 2, {x: -1000})
    exact = 4 * sympy.exp(-2000) / (1 + sympy.exp(-2000)) ** 2
    assert value != 0 and abs(value / exact - 1) < 1e-45
    assert _value(sympy.log(1 + sympy.exp(x)), {x: -1000}) > 0
    assert _value(x / sympy.Abs(x), {x: 0}) is None  # undefined
    # SymPy can only bound these, not compute them: 0 below the rounding, else unknown
    zero = sympy.sin(x) ** 2 + sympy.cos(x) ** 2 - 1
    assert _value(zero, {x: 2}) == 0
    assert _value(sympy.exp(5000) * zero, {x: 2}) is _UNKNOWN
