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
        Derivative(1/(1 + exp(-x)), x)
      ✓ = Derivative((1 + exp(-x))**(-1), x)
            write 1/u as a power
      ✓ = exp(-x)*(1 + exp(-x))**(-2)
            chain rule
      ✓ the last step equals sympy.diff(f, x)

Each step is compared with the one before it (the first with the derivative of the
function itself), and the last with ``sympy.diff``. Two expressions are *proven*
equal when ``sympy.simplify`` turns their difference into 0. When it cannot, the
checker evaluates both, to 50 significant digits, at a dozen sample points with
|x| <= 9, far out and very close to 0 (x = ±20, ±50, ±200, ±1000, ±1e-5), and at and
either side of every point where the formula switches (so ``x >= 0`` for ``x > 0``
shows). The comparison is relative: 3.7e-44 against 0 in a tail is a wrong step, not
rounding. Any disagreement marks the step wrong (✗, with the difference); agreement
everywhere is reported as "equal at every sample point", never as a proof.

In a notebook a :class:`Derivation` displays itself as LaTeX with a ✓ or ✗ per step
(and "not yet" while its last step still holds a derivative to work out), one step a
line with its reason on the line below, so that it fits a narrow column; a long sum
is broken into lines of terms. A wrong step shows what it is off by, written with σ
and Σ where the lesson's expressions use them and that is shorter.
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
    "in_terms_of",
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

_DIGITS = 50  # significant digits every value of the numeric spot check is computed to
_POINTS = 12  # number of random sample points with |x| <= 9
_TOLERANCE = sympy.Float(10) ** (10 - _DIGITS)  # relative, far above rounding at 50 digits
#: |x| of the far and the tiny sample points: for |x| <= 9 alone, a wrong step can
#: agree to 30 digits (a term x**100 / 10**120 or e^(x - 100), or a formula only wrong
#: for x > 10), and the tails are where the lessons' formulas part ways
_WIDE = (20, 50, 200, 1000, sympy.Rational(1, 10**5))
#: how far either side of a break point (x = 0 for ``x > 0``, |x|, Max...) is sampled
_SIDE = sympy.Rational(1, 10**6)


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


def _exact(value: float) -> sympy.Rational:
    return sympy.Rational(round(value * 10**6), 10**6)


def _sample_points(symbols: Sequence[sympy.Symbol]) -> list[dict]:
    """Deterministic sample points that respect each symbol's sign assumptions: a dozen
    moderate ones (|x| <= 9), then far and tiny ones (|x| = 20 ... 1000 and 1e-5, both
    signs) and two with large parameters."""
    rng = random.Random(3)  # fixed: the same points on every run
    points = []
    for i in range(_POINTS):
        span = 3 if i < _POINTS - 4 else 9  # mostly moderate values, a few large ones
        values = {}
        for s in symbols:
            value = rng.uniform(0.05, span) if s.is_nonnegative else rng.uniform(-span, span)
            values[s] = _exact(value)
        points.append(values)
    real = [s for s in symbols if not s.is_nonnegative]
    for magnitude in _WIDE:
        for sign in (1, -1):
            values = {s: _exact(rng.uniform(0.05, 3)) for s in symbols if s.is_nonnegative}
            for k, s in enumerate(real):  # the first exactly +-magnitude, the others near it
                factor = 1 if k == 0 else rng.choice((1, -1)) * _exact(rng.uniform(0.5, 1))
                values[s] = sign * magnitude * factor
            points.append(values)
    for span in (20, 100):  # large parameters (a, alpha, lambda) at moderate x
        points.append({s: _exact(rng.uniform(span / 2, span)) if s.is_nonnegative
                       else _exact(rng.uniform(-3, 3)) for s in symbols})
    return points


def _switches(expr: sympy.Expr) -> list[tuple[sympy.Expr, bool]]:
    """``(g, at)``: where ``g = 0``, ``expr`` switches formula. ``at`` is True for the
    conditions of a Piecewise, sampled at the switch itself too; the arguments of
    |.|, sign, Heaviside, Max and Min are sampled only either side of it (x/|x| is
    undefined at 0, sign(0) is 0, and that is not a wrong step)."""
    switches = [(relation.lhs - relation.rhs, True)
                for piecewise in expr.atoms(sympy.Piecewise) for _, condition in piecewise.args
                for relation in condition.atoms(sympy.core.relational.Relational)]
    switches += [(f.args[0], False) for f in expr.atoms(sympy.Abs, sympy.sign, sympy.Heaviside)]
    for f in expr.atoms(sympy.Max, sympy.Min):
        switches += [(a - b, False) for i, a in enumerate(f.args) for b in f.args[i + 1:]]
    return switches


def _break_points(exprs: Sequence[sympy.Expr], base: dict) -> tuple[list[dict], list[dict]]:
    """Points where a formula switches (x = 0 for ``x > 0``), other symbols as in
    ``base``: the switches of a Piecewise in one symbol themselves, where a slip such as
    ``x >= 0`` for ``x > 0`` shows, and points just either side of every switch, where
    a formula that is wrong on one side only (of a far-away switch) shows."""
    at, beside = [], []
    for expr in exprs:
        for g, exact in _switches(expr):
            if not g.free_symbols:
                continue
            # solve for the variable rather than a parameter (x in Max(x, a))
            symbol = min(g.free_symbols, key=lambda s: (bool(s.is_nonnegative), str(s)))
            try:
                roots = sympy.solve(g.subs({s: v for s, v in base.items() if s != symbol}), symbol)
            except (NotImplementedError, ValueError, TypeError):
                continue  # a switch SymPy cannot locate is only met at random
            for root in roots[:4]:
                if not (root.is_number and root.is_real):
                    continue
                if exact and len(g.free_symbols) == 1 and {**base, symbol: root} not in at:
                    at.append({**base, symbol: root})
                for side in (root - _SIDE, root + _SIDE):
                    point = {**base, symbol: side}
                    if point not in beside and (side > 0 or not symbol.is_nonnegative):
                        beside.append(point)
    return at, beside


_UNKNOWN = object()  # a value SymPy could not compute to _DIGITS digits


def _digits(point: dict) -> int:
    """The working precision at ``point``: ``_DIGITS`` more than the digits of e^(2|x|).
    At x = -1000, 1 + e^x needs 435 digits before log(1 + e^x) = 5.1e-435 is more than
    0, and 1 - tanh(x)^2 = 1.0e-868 needs 869."""
    largest = max([float(abs(v)) for v in point.values()] + [1.0])
    return _DIGITS + int(2 * largest / 2.302585) + 1


def _floor(point: dict) -> sympy.Float:
    """Below this, a difference is rounding at the working precision, not a wrong step."""
    return sympy.Float(10, 15) ** (10 - _digits(point))


def _value(expr: sympy.Expr, point: dict):
    """``expr`` at ``point`` to ``_DIGITS`` significant digits; None where it is undefined,
    ``_UNKNOWN`` where SymPy cannot tell it from 0 at that precision."""
    value = sympy.N(expr.subs(point), _digits(point))
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) or not value.is_number:
        return None
    parts = []
    for part in value.as_real_imag():
        # SymPy gives a sum it could not separate from 0 (1 - tanh(x)^2 beyond its
        # precision) as a bound with 1 bit of precision: below the floor it is 0
        if part.is_Float and part._prec < 3 * _DIGITS:
            if abs(part) > _floor(point):
                return _UNKNOWN
            part = sympy.S.Zero
        parts.append(part)
    return parts[0] + sympy.I * parts[1]


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


def in_terms_of(expr, part, symbol: sympy.Symbol) -> sympy.Expr:
    r"""``expr`` with every occurrence of ``part`` written as ``symbol``.

    Equality cannot check the *form* of a result: :math:`\lambda\alpha e^x` and
    :math:`\lambda\alpha(e^x - 1) + \lambda\alpha` are equal, but only the second is
    written with the output :math:`f(x) = \lambda\alpha(e^x - 1)`. Written as ``y``,
    the output takes every ``x`` with it there, and only there. Both expressions are
    first put in SymPy's own form, so the order in which factors were typed does not
    matter.

    >>> c, y = sympy.symbols("c y", positive=True)
    >>> output = c * (sympy.exp(x) - 1)
    >>> in_terms_of(output + c, output, y)
    c + y
    >>> in_terms_of(c * sympy.exp(x), output, y)
    c*exp(x)
    """
    with sympy.evaluate(True):  # also when called inside `with sympy.evaluate(False):`
        return _normal(expr).subs(_normal(part), symbol)


def _check_equal(a, b) -> Check:
    a, b = _normal(a), _normal(b)
    difference = sympy.simplify(a - b)
    if difference == 0:
        return Check(True, "proof")
    symbols = sorted(a.free_symbols | b.free_symbols, key=str)
    samples = _sample_points(symbols)
    at, beside = _break_points([a, b], samples[0])
    checked = 0
    # moderate points and the switches first, so a wrong step is shown at a moderate x
    for point in samples[:_POINTS] + at + samples[_POINTS:] + beside:
        va, vb = _value(a, point), _value(b, point)
        if va is _UNKNOWN or vb is _UNKNOWN or (va is None and vb is None):
            continue  # undefined on both sides, or not computable here: nothing to compare
        if va is None or vb is None:
            return Check(False, "different", difference, point)
        # relative: in the tails, 3.7e-44 against 0 is a wrong step, not rounding
        if abs(va - vb) > _TOLERANCE * max(abs(va), abs(vb)) + _floor(point):
            return Check(False, "different", difference, point)
        checked += 1
    if checked == 0:
        return Check(False, "different", difference)
    return Check(True, "numeric", difference)


class Claim:
    r"""An identity ``lhs = rhs`` checked by :func:`check_equal`, shown with ✓ or ✗.

    >>> Claim(sigma(-x), 1 - sigma(x), "symmetry")
    ✓ sigma(-x) = 1 - sigma(x)
        symmetry
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

    def _shown(self) -> Check:
        """The check, its difference written in the lesson's symbols where possible."""
        if not hasattr(self, "_shown_check"):
            self._shown_check = _in_lesson_symbols(self.check, [self.lhs, self.rhs])
        return self._shown_check

    def __repr__(self) -> str:
        lhs, rhs = sympy.sstr(self.lhs), sympy.sstr(self.rhs)
        if len(lhs) + len(rhs) <= _WIDTH:
            lines = [f"{self.check.mark} {lhs} = {rhs}"]
        else:  # a long claim: each side on its own line
            lines = [f"{self.check.mark} {lhs}", f"  = {rhs}"]
        if self.reason:
            lines.append(f"    {self.reason}")
        if self.check.how != "proof":
            lines.append(f"    [{self._shown().explain()}]")
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        lhs, rhs = _latex_lines(self.lhs), _latex_lines(self.rhs)
        mark = rf"\quad {_latex_mark(self.check)}"
        if len(lhs) == 1 and len(lhs[0]) + len(rhs[0]) <= _WIDTH:
            rows = [f"{lhs[0]} &= {rhs[0]}"] + [rf"&\qquad {line}" for line in rhs[1:]]
        else:  # each side on its own lines
            rows = ([f"&{lhs[0]}"] + [rf"&\qquad {line}" for line in lhs[1:]] + [f"&= {rhs[0]}"]
                    + [rf"&\qquad {line}" for line in rhs[1:]])
        rows[-1] += mark
        rows += _latex_notes(_latex_reason(self.reason) if self.reason else "", self._shown())
        return _latex_aligned(rows)


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


#: About how many characters of LaTeX (or text) fit on one line of a narrow column.
_WIDTH = 90
#: How far a step's reason and note are indented under it.
_INDENT = r"\qquad\quad "


def _latex_lines(expr) -> list[str]:
    """LaTeX of an expression as lines of at most about :data:`_WIDTH` characters: a
    long sum is broken between its terms (the later lines start with their sign)."""
    latex = _latex(expr)
    if len(latex) <= _WIDTH or not isinstance(expr, sympy.Add):
        return [latex]
    lines = [""]
    for term in expr.args:
        part = _latex(term)
        if isinstance(term, sympy.Add):
            part = rf"\left({part}\right)"
        if lines[-1]:
            part = f"- {part[1:].lstrip()}" if part.startswith("-") else f"+ {part}"
        if lines[-1] and len(lines[-1]) + len(part) > _WIDTH:
            lines.append("")
        lines[-1] = f"{lines[-1]} {part}".strip()
    return lines


def _latex_notes(reason: str, check: Check) -> list[str]:
    """The rows under a step: its reason, then (on the same row when it fits) the note."""
    note = _latex_note(check).removeprefix(r"\quad ").removeprefix(r"\ ")
    if reason and note and len(reason) + len(note) <= _WIDTH - 30:  # text is wider than TeX
        return [rf"&{_INDENT}{reason}\quad {note}"]
    rows = [rf"&{_INDENT}{part}" for part in (reason, note) if part]
    if check.how == "different" and not check.ok and len(_latex(check.difference)) > _WIDTH:
        # a long difference: "wrong, off by" on its row, the difference broken below it
        rows[-1:] = [rf"&{_INDENT}\text{{wrong, off by}}"] + [
            rf"&{_INDENT}\quad {line}" for line in _latex_lines(check.difference)]
    return rows


def _latex_aligned(rows: list[str]) -> str:
    return "$$\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}$$"


def _in_lesson_symbols(check: Check, exprs: Sequence) -> Check:
    """``check`` with its difference written with σ and Σ when the lesson's expressions
    ``exprs`` use them and that is shorter: SymPy's canonical form writes a slip off by
    σ(x) as -e^x/(1 + e^x), and Σ as the sum of its exponentials. σ of the one variable
    of a difference is tried too, as the lesson may not have named it yet."""
    if check.ok or check.how != "different" or check.difference == 0:
        return check
    with sympy.evaluate(True):
        atoms = set().union(*(sympy.sympify(e).atoms(sigma, ExpSum) for e in exprs))
        best = check.difference
        if len(best.free_symbols) == 1:
            atoms.add(sigma(*best.free_symbols))
        candidate = best
        for total in (a for a in atoms if isinstance(a, ExpSum)):
            candidate = candidate.subs(total.doit(), total)
        for named in sorted((a for a in atoms if isinstance(a, sigma)), key=str):
            # e^u = σ(u) / (1 - σ(u)), exactly
            (u,) = named.args
            s = sympy.Dummy("s")
            rewritten = sympy.factor(sympy.cancel(candidate.subs(sympy.exp(u), s / (1 - s))))
            if not rewritten.has(sympy.exp(u)) and len(sympy.sstr(rewritten)) < len(sympy.sstr(candidate)):
                candidate = rewritten.subs(s, named)
        if len(_latex(candidate)) < len(_latex(best)):
            best = candidate
    return Check(check.ok, check.how, best, check.witness)


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

    def _shown(self) -> list[Check]:
        """The checks (each step's, then the final one), their differences written in
        the lesson's symbols where possible."""
        if not hasattr(self, "_shown_checks"):
            exprs = [self.function] + [step.expr for step in self.steps]
            self._shown_checks = [_in_lesson_symbols(c, exprs) for c in [*self.checks, self.final]]
        return self._shown_checks

    def __repr__(self) -> str:
        if self.ok:
            verdict = "every step checked by SymPy"
        elif all(c.ok for c in self.checks) and self.final.how == "unfinished":
            verdict = "every step so far checked by SymPy, not finished"
        else:
            verdict = "SOME STEPS ARE WRONG"
        lines = [f"d/d{self.variable} {self.name}: {verdict}", f"    {sympy.sstr(self.start)}"]
        shown = self._shown()
        for step, check, show in zip(self.steps, self.checks, shown):
            lines.append(f"  {check.mark} = {sympy.sstr(step.expr)}")
            lines.append(f"        {step.reason}")
            if check.how != "proof":
                lines.append(f"        [{show.explain()}]")
        lines.append(f"  {self.final.mark} the last step equals sympy.diff(f, {self.variable})")
        if self.final.how != "proof":
            lines.append(f"        [{shown[-1].explain()}]")
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        # one step a row (a long sum on several), its reason and note indented below
        rows = [f"&{_latex(self.start)}"]
        shown = self._shown()
        for step, check, show in zip(self.steps, self.checks, shown):
            lines = _latex_lines(step.expr)
            rows.append(f"&= {lines[0]}")
            rows += [rf"&\qquad {line}" for line in lines[1:]]
            rows[-1] += rf"\quad {_latex_mark(check)}"
            rows += _latex_notes(_latex_reason(step.reason), show)
        rows.append(rf"&{_latex_mark(self.final)}\ \text{{last step}} = \texttt{{sympy.diff}}")
        rows += _latex_notes("", shown[-1])
        return _latex_aligned(rows)

