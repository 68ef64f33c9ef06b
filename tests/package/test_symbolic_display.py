"""How a derivation and a claim look: narrow enough for a column, a slide or a phone.

Each step on its own line with its ✓/✗, the reason (and "off by ...") on the line below;
a long sum broken into lines of terms; a slip's difference in the lesson's symbols (σ, Σ)
when that is shorter than SymPy's canonical form.
"""

import re

import sympy

from chapter3.symbolic import Claim, Derivation, ExpSum, check_equal, hold, sigma, sigmoid_expr, x

u = 1 + sympy.exp(-x)


def rows(latex: str) -> list[str]:
    body = latex.removeprefix("$$\\begin{aligned}\n").removesuffix("\n\\end{aligned}$$")
    assert body != latex, "not an aligned block"
    return body.split(" \\\\\n")


def slip() -> Derivation:
    return Derivation(sigmoid_expr(x), [
        (sympy.Derivative(u ** hold(-1), x), "write $1/u$ as $u^{-1}$"),
        (-u ** hold(-2), "power rule, the inner derivative forgotten"),
    ], name="sigmoid")


def test_each_step_is_a_row_with_its_mark_and_the_reason_below_it():
    derivation = slip()
    latex = rows(derivation._repr_latex_())
    assert latex[0] == r"&\frac{d}{d x} \frac{1}{1 + e^{- x}}"
    assert latex[1].startswith("&= ") and latex[1].endswith(r"{\color{green}\checkmark}")
    assert latex[2].startswith(r"&\qquad\quad \text{write } 1/u")
    assert latex[3].startswith("&= ") and latex[3].endswith(r"{\color{red}\boldsymbol{\times}}")
    assert latex[4] == r"&\qquad\quad \text{power rule, the inner derivative forgotten}"
    assert latex[5] == r"&\qquad\quad \text{wrong, off by}\ - \sigma\left(x\right)"
    assert latex[6] == r"&{\color{red}\boldsymbol{\times}}\ \text{last step} = \texttt{sympy.diff}"
    assert latex[7] == latex[5] and len(latex) == 8
    # the text: one "= step" a line, the reason and the difference under it
    text = str(derivation).splitlines()
    assert text[1] == "    Derivative(1/(1 + exp(-x)), x)"
    assert text[2] == "  ✓ = Derivative((1 + exp(-x))**(-1), x)"
    assert text[3] == "        write $1/u$ as $u^{-1}$"
    assert text[4] == "  ✗ = -(1 + exp(-x))**(-2)"
    assert text[6].startswith("        [differs by -sigma(x) (e.g. at x = ")


def test_the_difference_in_the_lessons_symbols_is_the_same_difference():
    derivation = slip()
    canonical = derivation.checks[1].difference
    assert sympy.simplify(canonical + sympy.exp(x) / (1 + sympy.exp(x))) == 0
    shown = derivation._shown()[1].difference
    assert shown == -sigma(x)
    assert check_equal(shown, canonical).how == "proof"


def test_a_difference_that_would_write_sigma_out_keeps_it_named():
    xs = sympy.symbols("x1:4", real=True)
    total = ExpSum(*xs)
    with sympy.evaluate(False):
        wrong = -hold(sympy.exp(xs[0]) / total**2) * hold(sympy.exp(xs[1]) / total**2)
    derivation = Derivation(sympy.exp(xs[0]) / total, [
        ((0 * total - sympy.exp(xs[0]) * sympy.exp(xs[1])) / total**2, "quotient rule"),
        (wrong, "a squared denominator too many"),
    ], variable=xs[1])
    latex = derivation._repr_latex_()
    assert r"\Sigma^{4}" in latex and "e^{x_{1}} + e^{x_{2}}" not in latex
    shown = derivation._shown()[1].difference
    assert check_equal(shown, derivation.checks[1].difference).how == "proof"
    assert "Σ" in str(derivation)


def test_a_long_sum_is_broken_into_lines_of_terms_and_a_long_claim_into_its_sides():
    ys = sympy.symbols("y1:7", real=True)
    vs = sympy.symbols("v1:7", real=True)
    long_sum = sum(y * (v - sum(vs)) ** 2 for y, v in zip(ys, vs))
    claim = Claim(long_sum, sympy.expand(long_sum), "expand the squares")
    assert claim.ok
    latex = rows(claim._repr_latex_())
    assert len(latex) > 6
    for row in latex:
        # every row is one line of terms: about 90 characters of LaTeX, besides its indent and mark
        content = re.sub(r"^&(= |\\qquad\\quad |\\qquad )?", "", row).removesuffix(
            r"\quad {\color{green}\checkmark}")
        assert len(content) <= 100, row
    assert latex[-1] == r"&\qquad\quad \text{expand the squares}"
    text = str(claim).splitlines()
    assert text[0].startswith("✓ ") and text[1].startswith("  = ") and text[2] == "    expand the squares"
    # a short claim keeps one line
    assert str(Claim(sigma(-x), 1 - sigma(x), "symmetry")).splitlines() == [
        "✓ sigma(-x) = 1 - sigma(x)", "    symmetry"]
