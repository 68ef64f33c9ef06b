r"""The SymPy side of the course: the activations as exact expressions, and a
step-by-step derivation checker.

A derivation is a list of steps, each an expression and a one-line reason::

    >>> import sympy
    >>> from chapter3.symbolic import Derivation, sigmoid_expr, x, hold
    >>> u = 1 + sympy.exp(-x)
    >>> derivation = Derivation(sigmoid_expr(x), [
    ...     (sympy.Derivative(u ** hold(-1), x), "write 1/u as a power"),
    ...     (sympy.exp(-x) * u ** hold(-2), "chain rule"),
    ... ], name="sigmoid")
    >>> derivation.ok
    True
    >>> print(derivation)
    d/dx sigmoid: every step checked by SymPy
      ✓ Derivative((1 + exp(-x))**(-1), x)    write 1/u as a power
      ✓ exp(-x)*(1 + exp(-x))**(-2)    chain rule
      ✓ the last step equals sympy.diff(f, x)

Each step is compared with the one before it (the first with the derivative of the
function itself), and the last with ``sympy.diff``. Two expressions are *proven*
equal when ``sympy.simplify`` turns their difference into 0. When it cannot, the
checker evaluates both at a dozen sample points with 30 significant digits, and at
every point where a Piecewise switches piece (so ``x >= 0`` for ``x > 0`` shows): any
disagreement marks the step wrong (✗, with the difference); agreement everywhere is
reported as "equal at every sample point", never as a proof.

In a notebook a :class:`Derivation` displays itself as LaTeX with a ✓ or ✗ per step
(and "not yet" while its last step still holds a derivative to work out).
``derivation.verify()`` raises :class:`DerivationError` unless every step holds.
:class:`Claim` does the same for a single identity.

SymPy rewrites what you type into a canonical form (``-1 * u**-2 * (-e)`` becomes
``e / u**2``). To show a step as written, build it inside ``with
sympy.evaluate(False):`` and wrap the parts whose printing SymPy would still change
(a negative exponent shown as a fraction) in :func:`hold`. The checker evaluates
every step fully (``expr.doit()``) before comparing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterable, Sequence

import sympy

__all__ = [
    "x",
    "hold",
    "sigma",
    "ExpSum",
    "sigmoid_expr",
    "tanh_expr",
    "softsign_expr",
    "relu_expr",
    "elu_expr",
    "selu_expr",
    "softplus_expr",
    "gelu_expr",
    "silu_expr",
    "mish_expr",
    "hard_sigmoid_expr",
    "hard_swish_expr",
    "leak",
    "alpha",
    "scale",
    "Step",
    "Check",
    "Claim",
    "Derivation",
    "DerivationError",
    "check_equal",
    "limit",
]

#: The real variable every lesson differentiates with respect to.
x = sympy.Symbol("x", real=True)

#: Keep a sub-expression as written (SymPy's ``UnevaluatedExpr``).
hold = sympy.UnevaluatedExpr


#: The parameters of Leaky ReLU (written a), ELU/SELU (α) and SELU (λ).
leak = sympy.Symbol("a", nonnegative=True)
alpha = sympy.Symbol("alpha", positive=True)
scale = sympy.Symbol("lambda", positive=True)


def sigmoid_expr(arg: sympy.Expr = x) -> sympy.Expr:
    r"""The sigmoid :math:`1 / (1 + e^{-x})` as a SymPy expression (lesson 3.1)."""
    return 1 / (1 + sympy.exp(-arg))


def tanh_expr(arg: sympy.Expr = x) -> sympy.Expr:
    r"""tanh as the post defines it, :math:`(e^x - e^{-x}) / (e^x + e^{-x})` (lesson 3.2)."""
    return (sympy.exp(arg) - sympy.exp(-arg)) / (sympy.exp(arg) + sympy.exp(-arg))


def softsign_expr(arg: sympy.Expr = x) -> sympy.Expr:
    r"""Softsign :math:`x / (1 + |x|)` (lesson 3.3)."""
    return arg / (1 + sympy.Abs(arg))


def relu_expr(arg: sympy.Expr = x, leak: sympy.Expr = leak) -> sympy.Expr:
    r"""ReLU (``leak=0``) or Leaky ReLU: x for x > 0, ``leak * x`` for x <= 0 (lesson 3.4)."""
    return sympy.Piecewise((arg, arg > 0), (leak * arg, True))


def elu_expr(arg: sympy.Expr = x, alpha: sympy.Expr = alpha) -> sympy.Expr:
    r"""ELU: x for x > 0, :math:`\alpha (e^x - 1)` for x <= 0 (lesson 3.5)."""
    return sympy.Piecewise((arg, arg > 0), (alpha * (sympy.exp(arg) - 1), True))


def selu_expr(arg: sympy.Expr = x, alpha: sympy.Expr = alpha,
              scale: sympy.Expr = scale) -> sympy.Expr:
    r"""SELU: :math:`\lambda` times ELU (lesson 3.5)."""
    return scale * elu_expr(arg, alpha)


def softplus_expr(arg: sympy.Expr = x) -> sympy.Expr:
    r"""Softplus :math:`\log(1 + e^x)` (lesson 3.6)."""
    return sympy.log(1 + sympy.exp(arg))


def gelu_expr(arg: sympy.Expr = x, approximate: str = "none") -> sympy.Expr:
    r"""GELU :math:`x \Phi(x)`, :math:`\Phi(x) = \tfrac12 \operatorname{erfc}(-x/\sqrt2)` the
    standard normal CDF, or with ``approximate="tanh"`` its tanh approximation
    :math:`\tfrac12 x (1 + \tanh(\sqrt{2/\pi}(x + 0.044715 x^3)))` (lesson 3.8)."""
    if approximate == "tanh":
        c = sympy.Rational(44715, 10**6)
        return arg * (1 + sympy.tanh(sympy.sqrt(2 / sympy.pi) * (arg + c * arg**3))) / 2
    # evaluate=False: SymPy would rewrite erfc(-z) as 2 - erfc(z), which cancels for x << 0
    return arg * sympy.erfc(-arg / sympy.sqrt(2), evaluate=False) / 2


def silu_expr(arg: sympy.Expr = x) -> sympy.Expr:
    r"""SiLU (Swish with β = 1) :math:`x \sigma(x) = x / (1 + e^{-x})` (lesson 3.8)."""
    return arg * sigmoid_expr(arg)


def mish_expr(arg: sympy.Expr = x) -> sympy.Expr:
    r"""Mish :math:`x \tanh(\operatorname{softplus}(x))` (lesson 3.9)."""
    return arg * sympy.tanh(softplus_expr(arg))


def hard_sigmoid_expr(arg: sympy.Expr = x) -> sympy.Expr:
    r"""The hard sigmoid :math:`\operatorname{relu6}(x + 3)/6`: 0 for x <= -3, x/6 + 1/2
    between, 1 for x >= 3 (lesson 3.9). The pieces hold the kinks as PyTorch's
    derivative does: the outer pieces, so the slope is 0 at x = ±3."""
    return sympy.Piecewise((0, arg <= -3), (arg / 6 + sympy.Rational(1, 2), arg < 3), (1, True))


def hard_swish_expr(arg: sympy.Expr = x) -> sympy.Expr:
    r"""The hard swish :math:`x \operatorname{relu6}(x + 3)/6`: 0 for x < -3, x(x + 3)/6
    between, x for x > 3 (lesson 3.9). The middle piece holds both kinks, as PyTorch's
    derivative does: the slope is -1/2 at x = -3 and 3/2 at x = 3."""
    return sympy.Piecewise((0, arg < -3), (arg * (arg + 3) / 6, arg <= 3), (arg, True))


class sigma(sympy.Function):
    r"""σ(x), the sigmoid as a named SymPy function.

    Derivations use it to write results such as σ(x)(1 − σ(x)); ``.doit()``
    replaces it by its definition :func:`sigmoid_expr`.

    >>> sigma(x).doit()
    1/(1 + exp(-x))
    """

    nargs = 1

    def doit(self, deep: bool = True, **hints) -> sympy.Expr:
        (arg,) = self.args
        return sigmoid_expr(arg.doit(deep=deep, **hints) if deep else arg)

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        # σ'(u) = σ(u)(1 - σ(u)), with respect to the argument u (SymPy applies the
        # chain rule for u = 2x itself)
        u = self.args[0]
        return sigma(u) * (1 - sigma(u))

    def _eval_rewrite_as_exp(self, arg, **hints) -> sympy.Expr:
        return sigmoid_expr(arg)

    def _latex(self, printer, exp=None) -> str:
        latex = rf"\sigma\left({printer._print(self.args[0])}\right)"
        return latex if exp is None else rf"{latex}^{{{exp}}}"


def limit(expr: sympy.Expr, at, side: str = "+", variable: sympy.Symbol = x) -> sympy.Expr:
    """The limit of ``expr`` as ``variable`` -> ``at`` (a number, or ±oo), from ``side``.

    ``sympy.limit`` is unreliable on a Piecewise at its break point (SymPy 1.14
    takes the piece that holds *at* the point, whichever side is asked for) and can
    fail at ±oo. Here the variable is replaced by ``at ± t`` (or ``±(b + t)``, b beyond
    every break point) with ``t`` a positive symbol first, so the Piecewise knows which piece holds and ``|x|``
    simplifies; then t -> 0+ (or t -> oo).

    >>> from chapter3.symbolic import relu_expr, leak
    >>> slope = sympy.diff(relu_expr(x, leak), x)
    >>> limit(slope, 0, "-"), limit(slope, 0, "+")
    (a, 1)
    """
    t = sympy.Dummy("t", positive=True)
    if at in (sympy.oo, -sympy.oo):
        # start beyond every break point (the hard sigmoid's ±3), so that one piece holds
        far = max([abs(n) for r in sympy.sympify(expr).atoms(sympy.core.relational.Relational)
                   for n in r.args if n.is_number], default=0)
        return sympy.limit(expr.subs(variable, far + t if at == sympy.oo else -far - t), t, sympy.oo)
    if side not in ("+", "-"):
        raise ValueError(f"side must be '+' or '-', not {side!r}")
    return sympy.limit(expr.subs(variable, at + t if side == "+" else at - t), t, 0, "+")


class ExpSum(sympy.Function):
    r"""Σ = e^{x_1} + ... + e^{x_n}, softmax's denominator as a named SymPy function.

    Lesson 3.7 writes every step of the softmax derivation with it: it prints as Σ,
    knows its partial derivatives ∂Σ/∂x_k = e^{x_k}, and ``.doit()`` writes the sum
    out, so the checker compares the full expressions, as :class:`sigma` does for
    the sigmoid.

    >>> a, b = sympy.symbols("a b", real=True)
    >>> ExpSum(a, b).doit()
    exp(a) + exp(b)
    >>> sympy.diff(ExpSum(a, b), b)
    exp(b)
    >>> sympy.latex(sympy.exp(a) / ExpSum(a, b))
    '\\frac{e^{a}}{\\Sigma}'
    """

    def doit(self, deep: bool = True, **hints) -> sympy.Expr:
        args = [arg.doit(deep=deep, **hints) for arg in self.args] if deep else self.args
        return sympy.Add(*[sympy.exp(arg) for arg in args])

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.exp(self.args[argindex - 1])

    def _latex(self, printer, exp=None) -> str:
        return r"\Sigma" if exp is None else rf"\Sigma^{{{exp}}}"

    def _sympystr(self, printer) -> str:
        return "Σ"


# --------------------------------------------------------------------------------
# Comparing two expressions
# --------------------------------------------------------------------------------

_DIGITS = 30  # working precision of the numeric spot check
_POINTS = 12  # number of sample points
_TOLERANCE = sympy.Float(10) ** (8 - _DIGITS)  # relative, far above rounding at 30 digits


@dataclass(frozen=True)
class Check:
    """The outcome of comparing two expressions.

    ``how`` is ``"proof"`` (``simplify`` gives 0), ``"numeric"`` (equal at every
    sample point, not proven), ``"different"``, or ``"unfinished"`` (the last step of a
    derivation still contains a derivative); ``difference`` is the simplified
    difference and ``witness`` a sample point where the two disagree.
    """

    ok: bool
    how: str
    difference: sympy.Expr = sympy.S.Zero
    witness: dict | None = None

    @property
    def mark(self) -> str:
        return "✓" if self.ok else "…" if self.how == "unfinished" else "✗"

    def explain(self) -> str:
        if self.how == "proof":
            return "SymPy simplifies the difference to 0"
        if self.how == "numeric":
            return "equal at every sample point (SymPy could not simplify the difference to 0)"
        if self.how == "unfinished":
            return "the last step still has a derivative to work out"
        if self.witness is None:
            return f"could not be evaluated at any sample point; difference {sympy.sstr(self.difference)}"
        point = ", ".join(f"{s} = {sympy.Float(v, 6)}" for s, v in self.witness.items())
        return f"differs by {sympy.sstr(self.difference)} (e.g. at {point})"


def _sample_points(symbols: Sequence[sympy.Symbol]) -> list[dict]:
    """Deterministic sample points that respect each symbol's sign assumptions."""
    rng = random.Random(3)  # fixed: the same points on every run
    points = []
    for i in range(_POINTS):
        span = 3 if i < _POINTS - 4 else 9  # mostly moderate values, a few large ones
        values = {}
        for s in symbols:
            value = rng.uniform(0.05, span) if s.is_nonnegative else rng.uniform(-span, span)
            values[s] = sympy.Rational(round(value * 10**6), 10**6)
        points.append(values)
    return points


def _break_points(exprs: Sequence[sympy.Expr], base: dict) -> list[dict]:
    """Points where a Piecewise switches piece (x = 0 for ``x > 0``), other symbols as in
    ``base``: a slip such as ``x >= 0`` for ``x > 0`` only shows there."""
    points = []
    for expr in exprs:
        for piecewise in expr.atoms(sympy.Piecewise):
            for _, condition in piecewise.args:
                for relation in condition.atoms(sympy.core.relational.Relational):
                    if len(relation.free_symbols) != 1:
                        continue
                    (symbol,) = relation.free_symbols
                    for root in sympy.solve(relation.lhs - relation.rhs, symbol):
                        point = {**base, symbol: root}
                        if root.is_real and point not in points:
                            points.append(point)
    return points


def _value(expr: sympy.Expr, point: dict):
    """``expr`` at ``point`` with ``_DIGITS`` digits, or None where it is undefined."""
    value = sympy.N(expr.subs(point), _DIGITS)
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) or not value.is_number:
        return None
    return value


def _normal(expr) -> sympy.Expr:
    """Remove :func:`hold` wrappers, evaluate derivatives and named functions."""
    return sympy.sympify(expr).doit()


def check_equal(a, b) -> Check:
    """Compare two SymPy expressions: a proof by ``simplify``, else a numeric spot check.

    >>> check_equal(sigma(-x), 1 - sigma(x)).how
    'proof'
    >>> check_equal(sigma(x), 1 - sigma(x)).ok
    False
    """
    with sympy.evaluate(True):  # also when called inside `with sympy.evaluate(False):`
        return _check_equal(a, b)


def _check_equal(a, b) -> Check:
    a, b = _normal(a), _normal(b)
    difference = sympy.simplify(a - b)
    if difference == 0:
        return Check(True, "proof")
    symbols = sorted(a.free_symbols | b.free_symbols, key=str)
    samples = _sample_points(symbols)
    checked = 0
    for point in samples + _break_points([a, b], samples[0]):
        va, vb = _value(a, point), _value(b, point)
        if va is None and vb is None:
            continue  # both undefined here: nothing to compare
        if va is None or vb is None:
            return Check(False, "different", difference, point)
        scale = max(abs(va), abs(vb), sympy.Float(1))
        if abs(va - vb) > _TOLERANCE * scale:
            return Check(False, "different", difference, point)
        checked += 1
    if checked == 0:
        return Check(False, "different", difference)
    return Check(True, "numeric", difference)


class Claim:
    r"""An identity ``lhs = rhs`` checked by :func:`check_equal`, shown with ✓ or ✗.

    >>> Claim(sigma(-x), 1 - sigma(x), "symmetry")
    ✓ sigma(-x) = 1 - sigma(x)    symmetry
    """

    def __init__(self, lhs, rhs, reason: str = ""):
        self.lhs, self.rhs, self.reason = lhs, rhs, reason
        _latex_reason(reason)  # fail early on a malformed reason
        self.check = check_equal(lhs, rhs)

    @property
    def ok(self) -> bool:
        return self.check.ok

    def verify(self) -> "Claim":
        """Return the claim if it holds, else raise DerivationError."""
        if not self.ok:
            raise DerivationError(f"the claim does not hold\n{self}")
        return self

    def __repr__(self) -> str:
        line = f"{self.check.mark} {sympy.sstr(self.lhs)} = {sympy.sstr(self.rhs)}"
        line += f"    {self.reason}" if self.reason else ""
        return line + (f"  [{self.check.explain()}]" if self.check.how != "proof" else "")

    def _repr_latex_(self) -> str:
        reason = r"\ " + _latex_reason(self.reason) if self.reason else ""
        return (f"$${_latex(self.lhs)} = {_latex(self.rhs)} \\qquad {_latex_mark(self.check)}"
                f"{reason}{_latex_note(self.check)}$$")


# --------------------------------------------------------------------------------
# Derivations
# --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One line of a derivation: an expression and the reason it follows."""

    expr: sympy.Expr
    reason: str


class DerivationError(AssertionError):
    """A derivation has a step that does not follow from the one before it."""


def _latex_reason(reason: str) -> str:
    """A reason as LaTeX: plain text in ``\\text{}``, ``$...$`` parts as math."""
    special = {"\\": r"\backslash ", "{": r"\{", "}": r"\}", "&": r"\&",
               "%": r"\%", "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
    parts = reason.split("$")
    if len(parts) % 2 == 0:
        raise ValueError(f"unbalanced $ in the reason {reason!r}")
    latex = []
    for i, part in enumerate(parts):
        if i % 2:
            latex.append(part)
        elif part:
            latex.append(r"\text{" + "".join(special.get(c, c) for c in part) + "}")
    return " ".join(latex)


def _latex(expr) -> str:
    """LaTeX of an expression with its factors in the order they were written."""
    return sympy.latex(expr, order="none")


def _latex_note(check: Check) -> str:
    if check.how == "numeric":
        return r"\ \text{(numerically)}"
    if check.how == "unfinished":
        return r"\quad \text{not yet: the last step still has a derivative to work out}"
    if not check.ok:
        return r"\quad \text{wrong, off by}\ " + _latex(check.difference)
    return ""


def _latex_mark(check: Check) -> str:
    if check.ok:
        return r"{\color{green}\checkmark}"
    if check.how == "unfinished":
        return r"\ldots"
    return r"{\color{red}\boldsymbol{\times}}"


class Derivation:
    r"""A chain :math:`\frac{d}{dx} f = s_1 = s_2 = \dots = s_n`, checked step by step.

    Parameters
    ----------
    function : sympy.Expr
        The function being differentiated, e.g. :func:`sigmoid_expr`.
    steps : sequence of Step or (SymPy expression, reason) pairs
        The derivation, in order. The first step is compared with
        ``Derivative(function, variable)``, each later one with its predecessor.
    variable : sympy.Symbol
        The variable of differentiation, :data:`x` by default.
    name : str, optional
        What the derivation is about, for its heading; defaults to a description
        of ``function``.

    Attributes
    ----------
    checks : list of Check
        One per step.
    final : Check
        The last step compared with ``sympy.diff(function, variable)``.
    ok : bool
        Whether every step and the final comparison hold.
    """

    def __init__(self, function, steps: Iterable, variable: sympy.Symbol = x,
                 name: str | None = None):
        self.function = sympy.sympify(function)
        self.variable = variable
        self.steps = [s if isinstance(s, Step) else Step(*s) for s in steps]
        if not self.steps:
            raise ValueError("a derivation needs at least one step")
        for step in self.steps:
            _latex_reason(step.reason)  # fail early on a malformed reason
        self.name = name or sympy.sstr(self.function)
        self.start = sympy.Derivative(self.function, variable)
        previous = self.start
        self.checks: list[Check] = []
        for step in self.steps:
            # the difference reported is "this step minus the one before"
            self.checks.append(check_equal(step.expr, previous))
            previous = step.expr
        last = self.steps[-1].expr
        if sympy.sympify(last).has(sympy.Derivative):
            self.final = Check(False, "unfinished")  # equal, but nothing derived yet
        else:
            self.final = check_equal(last, sympy.diff(self.function, variable))

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks) and self.final.ok

    def verify(self) -> "Derivation":
        """Return the derivation if every step holds, else raise DerivationError."""
        if not self.ok:
            raise DerivationError(f"{self.name}: not every step holds, or it is unfinished\n{self}")
        return self

    def __repr__(self) -> str:
        if self.ok:
            verdict = "every step checked by SymPy"
        elif all(c.ok for c in self.checks) and self.final.how == "unfinished":
            verdict = "every step so far checked by SymPy, not finished"
        else:
            verdict = "SOME STEPS ARE WRONG"
        lines = [f"d/d{self.variable} {self.name}: {verdict}"]
        for step, check in zip(self.steps, self.checks):
            line = f"  {check.mark} {sympy.sstr(step.expr)}    {step.reason}"
            if check.how != "proof":
                line += f"  [{check.explain()}]"
            lines.append(line)
        final = f"  {self.final.mark} the last step equals sympy.diff(f, {self.variable})"
        if self.final.how != "proof":
            final += f"  [{self.final.explain()}]"
        lines.append(final)
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        rows = []
        left = _latex(self.start)
        for step, check in zip(self.steps, self.checks):
            note = _latex_reason(step.reason) + _latex_note(check)
            rows.append(rf"{left} &= {_latex(step.expr)} && {_latex_mark(check)}\ {note}")
            left = ""
        final = r"\text{last step} = \texttt{sympy.diff}" + _latex_note(self.final)
        rows.append(rf"&&& {_latex_mark(self.final)}\ {final}")
        return "$$\\begin{aligned}\n" + " \\\\[4pt]\n".join(rows) + "\n\\end{aligned}$$"

