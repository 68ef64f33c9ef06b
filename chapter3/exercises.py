"""Exercises with instant feedback: ``check("softplus", my_softplus)``.

Each lesson ends with exercises. For the code exercises the learner writes a
function and passes it to :func:`check`, which runs it on inputs chosen to expose
the usual mistakes and answers with a short report: which check failed, at which
input, what was expected and what came back. Asked for a hint (``hint=2``), it
names the likely cause (overflow at large |x|, the wrong branch at x = 0, summing
over the wrong axis, cancellation in 1 - y, a wrong shape). A correct answer gets a
clear pass; an answer that modifies its input, or hides floating-point warnings
instead of avoiding them, is told so.

Checks marked *stretch* (the far tails, infinities, one probability ≈ 1) do not
decide the verdict: they show where a correct formula and a good implementation of
it part ways, as the lessons do. Where an exercise is about exactly that (tanh' in
the tails, softsign at ±inf), the check is required.

Each exercise belongs to its activation's registry entry
(:attr:`chapter3.registry.Activation.exercises`); :data:`chapter3.registry.EXERCISES`
lists them all by name.

>>> import numpy as np
>>> from chapter3.exercises import check
>>> check("softplus", lambda x: np.log(1 + np.exp(x)))
✗ softplus: 2 of 10 checks failed
  ✓ it runs and returns an array
  ✓ the shape of the input is kept
  ✓ typical values, -5 <= x <= 5
  ✓ NaN in gives NaN out
  ✓ small |x|, near 0
  ✗ large |x| without overflow or warnings: at x = 710: expected 710, got inf
    (RuntimeWarning: overflow encountered in exp)
  ✗ tiny values in the tails: at x = -100: expected 3.720076e-44, got 0
  ✓ (stretch) the limits at ±inf
  ✓ it leaves its input unchanged
  ✓ it avoids floating-point warnings instead of hiding them
  Stuck? check('softplus', your_function, hint=2) adds a hint to each ✗

The first report says what went wrong and where; asked again with ``hint=2``, it
adds under each ✗ a hint naming the likely cause and the formula that avoids it.
"""

from __future__ import annotations

import re
import sys
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from chapter3.softmax import (
    log_softmax,
    softmax,
    softmax_cross_entropy_gradient,
    softmax_jacobian,
    softmax_vjp,
)

__all__ = ["Exercise", "Feedback", "check"]

#: Hints shared by several exercises; an exercise can replace any of them.
HINTS = {
    "runs": "call it on a NumPy array, e.g. my_function(np.array([[0.5], [-1.0]])), and read the error.",
    "none": "your function returned None: did you forget `return`?",
    "shape": ("the result must have the input's shape: work element by element, without "
              "flattening, summing or transposing."),
    "values": "compare your formula with the lesson's derivation, term by term.",
    "zero": ("wrong branch at x = 0: the course uses the x <= 0 branch's value there; "
             "write the condition as x > 0, not x >= 0."),
    "nan": ("NaN in should give NaN out. A comparison with NaN is False, so np.where(x > 0, a, b) "
            "picks b; keep NaN with np.where(np.isnan(x), x, ...)."),
    "overflow": "Only exponentiate numbers <= 0 (e^(-|x|) lies in [0, 1]).",
    "small": ("near x = 0 the result loses digits: a difference of nearly equal numbers "
              "(e^x - 1, 1 - 1/(1 + |x|)) cancels. np.expm1 and np.log1p exist for this."),
    "tails": ("cancellation: a difference of two nearly equal numbers (1 - y with y ≈ 1) "
              "keeps only rounding noise. Rewrite the formula so that nothing cancels."),
    "infinity": "at ±inf the formula becomes inf/inf or 0 * inf (NaN); return the limit instead.",
}


@dataclass(frozen=True)
class Exercise:
    """One code exercise: the task, the reference answer, and what to say when it fails."""

    name: str
    task: str
    reference: Callable
    kind: str = "elementwise"  # or "softmax", "jacobian", "vjp", "log_softmax",
    #                            "cross_entropy_gradient"
    hints: dict = field(default_factory=dict)
    #: inputs for the large-|x| check (element-wise); the tails are where the
    #: reference is tiny but not zero
    large: tuple = (-1000.0, -710.0, -100.0, -30.0, 30.0, 100.0, 710.0, 1000.0)
    tails: tuple = (-100.0, -40.0, 40.0, 100.0)
    #: checks that are stretch goals elsewhere but this exercise's point
    #: ("tails", "infinity")
    required: tuple = ()
    #: the lesson's number, filled in from the registry entry the exercise belongs to
    lesson: str = ""

    def hint(self, key: str) -> str:
        return self.hints.get(key, HINTS[key])


def _overflow_hint(exercise: Exercise, answer: Callable, warned: list) -> str:
    """Name what overflowed (from the warning), and np.where if the learner used it."""
    import inspect

    function = re.search(r"encountered in (\w+)", warned[0]).group(1) if warned and re.search(
        r"encountered in (\w+)", warned[0]) else None
    cause = (f"np.{function} overflowed" if function in ("exp", "cosh", "sinh", "power", "square")
             else "an intermediate result overflowed" if function else "a result is inf or NaN")
    try:
        source = inspect.getsource(answer)
    except (OSError, TypeError):
        source = ""
    where = (" np.where computes both branches for every element, so the branch you do not use "
             "must not overflow either." if "where(" in source else "")
    return f"overflow at large |x|: {cause} (e^x is inf for x > 709).{where} {exercise.hint('overflow')}"


@dataclass
class Outcome:
    label: str
    ok: bool
    detail: str = ""
    hint: str = ""
    stretch: bool = False
    #: a check of the plain formula (typical values, each row, J = ...): when it
    #: fails, later failures are likely the same mistake, so only its hint is shown
    basic: bool = False


@dataclass
class Feedback:
    """What :func:`check` found; prints as a ✓/✗ list and is truthy when it passed."""

    exercise: str
    outcomes: list
    #: the report's detail: at level 1 what went wrong and where (input, expected,
    #: got); at level 2 also how to fix it
    level: int = 1

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.outcomes if not o.stretch)

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        failed = [o for o in self.outcomes if not o.ok]
        required = [o for o in failed if not o.stretch]
        if not failed:
            head = f"✓ {self.exercise}: all {len(self.outcomes)} checks passed"
        elif not required:
            head = (f"✓ {self.exercise}: correct ({len(failed)} stretch "
                    f"goal{'s' if len(failed) > 1 else ''} left)")
        else:
            head = f"✗ {self.exercise}: {len(failed)} of {len(self.outcomes)} checks failed"
        lines = [head]
        formula_wrong = any(o.basic and not o.ok for o in self.outcomes)
        for o in self.outcomes:
            mark = "✓" if o.ok else "✗"
            label = f"(stretch) {o.label}" if o.stretch else o.label
            lines.append(f"  {mark} {label}" + (f": {o.detail}" if o.detail and not o.ok else ""))
            if not o.ok and o.hint and (o.basic or not formula_wrong):
                if self.level >= 2:
                    lines.append(f"      hint: {o.hint}")
            elif not o.ok and formula_wrong:
                lines.append("      (fix the formula first: this may be the same mistake)")
        if failed and self.level < 2:
            lines.append(f"  Stuck? check({self.exercise!r}, your_function, hint=2) adds a hint to each ✗")
        return "\n".join(lines)


def _format(value) -> str:
    return f"{float(value):.7g}"


def _pair(expected, got) -> str:
    """``expected ..., got ...``, with all 17 digits where 7 would look the same."""
    e, g = _format(expected), _format(got)
    if e == g:
        e, g = f"{float(expected):.17g}", f"{float(got):.17g}"
    return f"expected {e}, got {g}"


#: the functions that hide floating-point warnings instead of avoiding them
_SILENCERS = {
    np.errstate.__enter__.__code__: "np.errstate",
    np.seterr.__code__: "np.seterr",
    warnings.simplefilter.__code__: "warnings.simplefilter",
    warnings.filterwarnings.__code__: "warnings.filterwarnings",
    warnings.catch_warnings.__enter__.__code__: "warnings.catch_warnings",
}


class _Run:
    """Every call of one check(): fresh copies of the inputs each time, and a record of
    whether the learner's function modified them or silenced floating-point warnings."""

    def __init__(self, answer: Callable, second: str = "g"):
        self.answer = answer
        self.second = second  # the name of the second argument, if any
        self.mutated: list[str] = []
        self.silenced: list[str] = []

    def __call__(self, *args):
        """Run the answer on copies of ``args``; return (result, warnings, error message)."""
        copies = [np.array(a, copy=True) for a in args]
        errors_before, filters_before = np.geterr(), list(warnings.filters)
        used = []

        def watch(frame, event, arg):
            # on leaving np.errstate / np.seterr / a warnings filter called by the
            # learner's own code (not by NumPy's internals): is anything now hidden?
            if (event == "return" and frame.f_code in _SILENCERS and frame.f_back is not None
                    and not frame.f_back.f_code.co_filename.startswith(_LIBRARIES)
                    and _hidden(inside)):
                used.append(_SILENCERS[frame.f_code])

        # underflow to 0 is the right answer far out in a tail: only the rest warns
        with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
            warnings.simplefilter("always")
            inside = list(warnings.filters)
            errors_inside = np.geterr()
            sys.setprofile(watch)
            try:
                result = self.answer(*copies)
            except Exception as error:  # the learner's code may raise anything
                result, error_message = None, f"{type(error).__name__}: {error}"
            else:
                error_message = None
            finally:
                sys.setprofile(None)
            if _hidden(inside) and not used:  # left behind, e.g. np.seterr(all="ignore")
                used.append("np.seterr" if np.geterr() != errors_inside else "a warnings filter")
        np.seterr(**errors_before)  # undo what the answer changed for good
        warnings.filters[:] = filters_before
        for name in used:
            if name not in self.silenced:
                self.silenced.append(name)
        for original, copy in zip(args, copies):
            if not _same(original, copy):
                label = "x" if len(args) == 1 or original is args[0] else self.second
                if label not in self.mutated:
                    self.mutated.append(label)
        messages = [f"{w.category.__name__}: {w.message}" for w in caught]
        return result, messages, error_message

    def outcomes(self) -> list:
        """The two checks every exercise ends with: no modified input, no silencing."""
        mutated = Outcome("it leaves its input unchanged", not self.mutated,
                          f"your function modified its input {' and '.join(self.mutated)}",
                          "write the result to a new array (np.where, or y = x.copy() first): "
                          "x[x < 0] *= ... changes the caller's array, and every later use of x "
                          "sees the changed values.")
        silenced = Outcome("it avoids floating-point warnings instead of hiding them",
                           not self.silenced,
                           f"your function silenced warnings with {', '.join(self.silenced)}",
                           "a silenced overflow still happened: the inf or NaN is only no longer "
                           "reported. Rewrite the formula so that nothing overflows, and drop the "
                           "np.errstate / np.seterr / warnings filter.")
        return [mutated, silenced]


#: code that may use np.errstate internally: NumPy itself, SciPy, this package
_LIBRARIES = tuple(str(__import__("pathlib").Path(m.__file__).parent)
                   for m in (np, __import__("chapter3"))) + ("<frozen", )
try:  # scipy.special.logsumexp uses np.errstate internally
    import scipy
    _LIBRARIES += (str(__import__("pathlib").Path(scipy.__file__).parent),)
except ImportError:
    pass


def _hidden(filters_inside: list) -> bool:
    """Whether an overflow, invalid value or division by zero would now go unreported."""
    errors = np.geterr()
    if any(errors[k] == "ignore" for k in ("over", "invalid", "divide")):
        return True
    return any(f[0] == "ignore" and issubclass(RuntimeWarning, f[2])
               for f in warnings.filters if f not in filters_inside)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and bool(
        np.all((a == b) | (np.isnan(a) & np.isnan(b)) if a.dtype.kind == "f" else a == b))


def _not_an_array(exercise: "Exercise", result) -> Outcome | None:
    """A list, a tuple or a Python number is not the NumPy array the exercises ask for."""
    if result is None:
        return Outcome("it runs and returns an array", False, "it returned None", exercise.hint("none"))
    if not isinstance(result, np.ndarray):
        return Outcome("it runs and returns an array", False,
                       f"it returned a {type(result).__name__}, not a NumPy array",
                       "use NumPy functions on the whole array (np.where, np.exp, ...) rather than "
                       "a Python loop or list; np.asarray(...) turns a list into an array.")
    if result.dtype != np.float64:
        return Outcome("it runs and returns an array", False,
                       f"float64 in, {result.dtype} out",
                       "keep float64: a float32 (or integer) result keeps only a few digits. "
                       "Do not convert x or the result to another dtype.")
    return None


def _compare(label, got, expected, inputs, *, rtol, hint, warned=(), stretch=False,
             atol=0.0) -> Outcome:
    """Element by element: close (NaN matching NaN) and no warnings. The point reported
    is an inf or NaN where a number was expected if there is one, else the worst."""
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    good = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if good.all() and not warned:
        return Outcome(label, True, stretch=stretch)
    if good.all():  # right values, but a warning on the way
        return Outcome(label, False, f"the values are right, but it warned: {warned[0]}", hint, stretch)
    with np.errstate(all="ignore"):
        badness = np.abs(got - expected) / np.maximum(np.abs(expected), 1e-300)
    badness = np.where(good, -1.0, np.nan_to_num(badness, nan=np.inf, posinf=np.inf)).ravel()
    i = int(np.argmax(badness))
    where = f"at x = {_format(np.ravel(inputs)[i])}: " if inputs is not None else ""
    detail = f"{where}{_pair(np.ravel(expected)[i], got.ravel()[i])}"
    if warned:
        detail += f" ({warned[0]})"
    return Outcome(label, False, detail, hint, stretch)


def _basic(exercise: Exercise, run: _Run, x: np.ndarray, *args) -> list | Outcome:
    """The first check of every exercise: it runs, and returns a float64 NumPy array."""
    result, _, error = run(x, *args)
    if error:
        hint = ("the shapes do not broadcast: a sum over axis=-1 has shape (B,); "
                "keep the summed axis with keepdims=True, shape (B, 1)."
                if "could not be broadcast" in error and exercise.kind in ("softmax", "vjp")
                else exercise.hint("runs"))
        return Outcome("it runs and returns an array", False, error, hint)
    wrong = _not_an_array(exercise, result)
    if wrong:
        return wrong
    return [Outcome("it runs and returns an array", True)]


def _elementwise(exercise: Exercise, run: _Run) -> list:
    ref = exercise.reference
    column = np.array([[0.1], [-2.3], [0.5], [1.2], [-0.7]])
    basic = _basic(exercise, run, column)
    if isinstance(basic, Outcome):
        return [basic]
    outcomes = basic
    shapes_ok = True
    for x in (column, np.linspace(-2, 2, 12).reshape(3, 4)):
        result, _, error = run(x)
        if error or np.shape(result) != x.shape:
            got = error or f"shape {np.shape(result)}"
            outcomes.append(Outcome("the shape of the input is kept", False,
                                    f"for input shape {x.shape}, got {got}", exercise.hint("shape")))
            shapes_ok = False
            break
    if shapes_ok:
        outcomes.append(Outcome("the shape of the input is kept", True))
    grid = np.linspace(-5, 5, 201) + np.sqrt(2) * 1e-3
    got, warned, error = run(grid)
    if error:
        return outcomes + [Outcome("typical values, -5 <= x <= 5", False, error, exercise.hint("runs"))]
    outcomes.append(_compare("typical values, -5 <= x <= 5", got, ref(grid), grid, rtol=1e-9,
                             hint=exercise.hint("values"), warned=warned))
    outcomes[-1].basic = True
    if exercise.hints.get("zero"):
        zero = np.array([0.0, -0.0])
        got, warned, _ = run(zero)
        outcomes.append(_compare("the value at x = 0", got, ref(zero), zero, rtol=1e-12,
                                 hint=exercise.hint("zero"), warned=warned))
    nan = np.array([np.nan, 1.0])
    got, _, _ = run(nan)
    outcomes.append(Outcome("NaN in gives NaN out", got is not None and np.isnan(np.ravel(got)[0]),
                            "" if got is None else f"at x = nan: got {_format(np.ravel(got)[0])}",
                            exercise.hint("nan")))
    small = np.array([-1e-5, -1e-10, -1e-15, 1e-15, 1e-10, 1e-5])
    got, warned, _ = run(small)
    outcomes.append(_compare("small |x|, near 0", got, ref(small), small, rtol=1e-9,
                             hint=exercise.hint("small"), warned=warned))
    large = np.array(exercise.large)
    got, warned, _ = run(large)
    expected = ref(large)
    blew_up = got is not None and np.any(~np.isfinite(np.asarray(got, float)) & np.isfinite(expected))
    outcomes.append(_compare("large |x| without overflow or warnings", got, expected, large,
                             rtol=1e-9, atol=1e-12,  # tiny tails are the next check's job
                             hint=_overflow_hint(exercise, run.answer, warned) if warned or blew_up
                             else exercise.hint("values"), warned=warned))
    tails = np.array(exercise.tails)
    got, warned, _ = run(tails)
    outcomes.append(_compare("tiny values in the tails", got, ref(tails), tails, rtol=1e-6,
                             hint=exercise.hint("tails"), warned=warned,
                             stretch="tails" not in exercise.required))
    if True:  # every exercise: the limits, and NaN-free piecewise code (0 * inf is NaN)
        inf = np.array([-np.inf, np.inf])
        got, warned, _ = run(inf)
        outcomes.append(_compare("the limits at ±inf", got, ref(inf), inf, rtol=0,
                                 hint=exercise.hint("infinity"), warned=warned,
                                 stretch="infinity" not in exercise.required))
    return outcomes


def _normwise(got, expected) -> float:
    size = np.linalg.norm(expected)
    return float(np.linalg.norm(np.asarray(got, dtype=float) - expected) / size)


def _no_cancellation(what: str, got, expected, hint: str) -> Outcome:
    """The stretch check of the softmax exercises: accurate where one y ≈ 1."""
    error = _normwise(got, expected) if got is not None else np.inf
    return Outcome(f"(one y ≈ 1) no cancellation in {what}", bool(error <= 1e-8),
                   f"relative error {error:.1g} (normwise)", hint, stretch=True)


# Inputs for the softmax exercises: a batch, rows that overflow a naive exp, and a
# row where one probability is ≈ 1 (where 1 - y and g_k - <y, g> cancel).
_BATCH = np.array([[0.25, -1.0, 2.3, -0.2, 1.0], [1.0, 2.0, 3.0, 4.0, 5.0],
                   [-3.0, 0.5, 0.0, 2.0, -1.0]])
_HUGE = np.array([[1000.0, 0.0, -1000.0], [800.0, 790.0, 0.0]])
_DOMINANT = np.array([40.0, 3.0, -1.0, 0.5])
_G = np.array([[0.3, -1.2, 0.8, 0.1, -0.5], [1.0, 0.0, -1.0, 2.0, 0.5],
               [-0.4, 0.9, 0.2, -1.1, 0.6]])
#: rows whose maxima differ by more than 745: shifting by the batch's maximum instead
#: of each row's underflows the second row to 0 / 0
_APART = np.array([[1000.0, 999.0, 0.0], [0.0, 1.0, 2.0]])
for _array in (_BATCH, _HUGE, _DOMINANT, _G, _APART):
    _array.setflags(write=False)  # the learner only ever gets copies


def _batch_rows(exercise: Exercise, run: _Run, keepdims_hint: str):
    """The checks every row-wise exercise starts with, on the batch: the basic ones, then the
    shape. Returns the outcomes so far and the learner's result, or None if they stop here."""
    basic = _basic(exercise, run, _BATCH)
    if isinstance(basic, Outcome):
        return [basic], None
    outcomes = basic
    got, warned, _ = run(_BATCH)
    if np.shape(got) != _BATCH.shape:
        return outcomes + [Outcome("the shape of the input is kept", False,
                                   f"for input shape {_BATCH.shape}, got shape {np.shape(got)}",
                                   keepdims_hint + " with keepdims=True: "
                                   "np.sum(e, axis=-1, keepdims=True) has shape (B, 1).")], None
    outcomes.append(Outcome("the shape of the input is kept", True))
    return outcomes, (np.asarray(got, dtype=float), warned)


def _softmax_rows(exercise: Exercise, run: _Run) -> list:
    outcomes, result = _batch_rows(exercise, run, "divide by the row sums")
    if result is None:
        return outcomes
    got, warned = result
    expected = softmax(_BATCH, axis=-1)
    if np.allclose(got, expected, rtol=1e-12, atol=0) and not warned:
        outcomes.append(Outcome("each row is a distribution (axis=-1)", True))
    else:
        if np.isclose(got.sum(), 1):
            hint = ("you normalised the whole batch as one distribution: sum over each row, "
                    "np.sum(e, axis=-1, keepdims=True).")
        elif np.allclose(got.sum(axis=0), 1):
            hint = "summing over the wrong axis: axis=0 adds up columns; each row is one sample, use axis=-1."
        else:
            hint = "y_i = e^(x_i) / sum_j e^(x_j), for each row separately."
        i = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
        outcomes.append(Outcome("each row is a distribution (axis=-1)", False,
                                f"at row {i[0]}, column {i[1]}: expected {_format(expected[i])}, "
                                f"got {_format(got[i])}", hint, basic=True))
    got, warned, _ = run(_HUGE)
    outcomes.append(_compare("large inputs without overflow or warnings", got,
                             softmax(_HUGE, axis=-1), None, rtol=1e-12, warned=warned,
                             hint="e^1000 overflows: subtract each row's maximum first "
                                  "(keepdims=True). It changes nothing in exact arithmetic."))
    got, warned, _ = run(_APART)
    outcomes.append(_compare("rows far apart (each row's own maximum)", got,
                             softmax(_APART, axis=-1), None, rtol=1e-12, warned=warned,
                             hint="subtract each row's own maximum, np.max(x, axis=-1, keepdims=True): "
                                  "shifted by the batch's maximum, a row far below it becomes 0 / 0."))
    return outcomes


def _jacobian(exercise: Exercise, run: _Run) -> list:
    x = _BATCH[0]
    basic = _basic(exercise, run, x)
    if isinstance(basic, Outcome):
        return [basic]
    outcomes = basic
    got, warned, _ = run(x)
    n = x.size
    if np.shape(got) != (n, n):
        return outcomes + [Outcome("an n x n matrix", False, f"for n = {n}, got shape {np.shape(got)}",
                                   "J is n x n: with a 1-D y, np.diag(y) - np.outer(y, y).")]
    outcomes.append(Outcome("an n x n matrix", True))
    expected = softmax_jacobian(x)
    got = np.asarray(got, dtype=float)
    if np.allclose(got, expected, rtol=1e-10, atol=1e-15):
        outcomes.append(Outcome("J = diag(y) - y yᵀ", True))
    else:
        if np.allclose(np.diag(got), np.diag(expected)):
            hint = "the diagonal is right; off the diagonal J_ij = -y_i y_j."
        elif np.allclose(got - np.diag(np.diag(got)), expected - np.diag(np.diag(expected))):
            hint = "off the diagonal it is right; on it J_ii = y_i (1 - y_i)."
        else:
            hint = "J_ij = y_i (δ_ij - y_j): y_i (1 - y_i) on the diagonal, -y_i y_j off it."
        i = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
        outcomes.append(Outcome("J = diag(y) - y yᵀ", False, f"at entry {tuple(map(int, i))}: "
                                f"{_pair(expected[i], got[i])}", hint,
                                basic=True))
    huge = _HUGE[1]
    got, warned, _ = run(huge)
    outcomes.append(_compare("large inputs without overflow or warnings", got,
                             softmax_jacobian(huge), None, rtol=1e-9, warned=warned,
                             hint="e^800 overflows: compute y with the max-shift first."))
    got, _, _ = run(_DOMINANT)
    outcomes.append(_no_cancellation(
        "1 - y", got, softmax_jacobian(_DOMINANT),
        "cancellation in 1 - y: with y_1 ≈ 1, 1 - y_1 keeps only rounding noise. It equals "
        "the sum of the other probabilities: compute it that way for the largest y."))
    return outcomes


def _vjp(exercise: Exercise, run: _Run) -> list:
    basic = _basic(exercise, run, _BATCH, _G)
    if isinstance(basic, Outcome):
        return [basic]
    outcomes = basic
    got, warned, _ = run(_BATCH, _G)
    if np.shape(got) != _BATCH.shape:
        return outcomes + [Outcome("the shape of x is kept", False,
                                   f"for x of shape {_BATCH.shape}, got shape {np.shape(got)}",
                                   "the VJP has the shape of x; take <y, g> per row with "
                                   "np.sum(y * g, axis=-1, keepdims=True).")]
    outcomes.append(Outcome("the shape of x is kept", True))
    expected = softmax_vjp(_BATCH, _G, axis=-1)
    got = np.asarray(got, dtype=float)
    if np.allclose(got, expected, rtol=1e-10, atol=1e-15) and not warned:
        outcomes.append(Outcome("y ⊙ (g - <y, g>) for each row", True))
    else:
        y = softmax(_BATCH, axis=-1)
        wrong_axis = y * (_G - np.sum(y * _G, axis=0, keepdims=True))
        whole = y * (_G - np.sum(y * _G))
        if np.allclose(got, wrong_axis):
            hint = "summing over the wrong axis: <y, g> is a sum over each row (axis=-1)."
        elif np.allclose(got, whole):
            hint = "<y, g> must be taken per row (axis=-1, keepdims=True), not over the whole batch."
        else:
            hint = "J^T g = y ⊙ (g - <y, g>), with <y, g> = sum_j y_j g_j of the same row."
        i = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
        outcomes.append(Outcome("y ⊙ (g - <y, g>) for each row", False,
                                f"at row {i[0]}, column {i[1]}: expected {_format(expected[i])}, "
                                f"got {_format(got[i])}", hint, basic=True))
    got, warned, _ = run(_HUGE, _G[:2, :3])
    outcomes.append(_compare("large inputs without overflow or warnings", got,
                             softmax_vjp(_HUGE, _G[:2, :3], axis=-1), None, rtol=1e-9,
                             warned=warned, hint="compute y with the max-shift first."))
    got, warned, _ = run(_APART, _G[:2, :3])
    outcomes.append(_compare("rows far apart (each row's own maximum)", got,
                             softmax_vjp(_APART, _G[:2, :3], axis=-1), None, rtol=1e-9,
                             warned=warned,
                             hint="compute y with each row's own maximum subtracted "
                                  "(axis=-1, keepdims=True), not the whole batch's."))
    g = np.array([[0.3, -1.2, 0.8, 0.1]])
    got, _, _ = run(_DOMINANT[None, :], g)
    outcomes.append(_no_cancellation(
        "g - <y, g>", got, softmax_vjp(_DOMINANT[None, :], g, axis=-1),
        "cancellation: with y_k ≈ 1, <y, g> ≈ g_k and g_k - <y, g> is rounding noise. "
        "Subtract g_k from g first: g - <y, g> = (g - g_k) - sum_j y_j (g_j - g_k)."))
    return outcomes


def _log_softmax_rows(exercise: Exercise, run: _Run) -> list:
    outcomes, result = _batch_rows(exercise, run, "subtract the log of the row sums")
    if result is None:
        return outcomes
    got, warned = result
    expected = log_softmax(_BATCH, axis=-1)
    if np.allclose(got, expected, rtol=1e-12, atol=0) and not warned:
        outcomes.append(Outcome("each row: x - logsumexp(x) (axis=-1)", True))
    else:
        if np.allclose(got, softmax(_BATCH, axis=-1)):
            hint = "that is softmax itself: log-softmax is its logarithm, x - log(sum_j e^(x_j))."
        elif np.allclose(got, _BATCH - np.log(np.sum(np.exp(_BATCH), axis=0, keepdims=True))):
            hint = "summing over the wrong axis: axis=0 adds up columns; each row is one sample, use axis=-1."
        elif np.allclose(got, _BATCH - np.log(np.sum(np.exp(_BATCH)))):
            hint = ("you normalised the whole batch as one distribution: take logsumexp over each "
                    "row, np.sum(e, axis=-1, keepdims=True).")
        else:
            hint = "log y_i = x_i - log(sum_j e^(x_j)), for each row separately."
        i = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
        outcomes.append(Outcome("each row: x - logsumexp(x) (axis=-1)", False,
                                f"at row {i[0]}, column {i[1]}: {_pair(expected[i], got[i])}",
                                hint, basic=True))
    log_of_softmax = ("log of a softmax that underflowed: e^(-2000) is 0 in floating point, and "
                      "log(0) = -inf. Never take the log of y: with m = max(x) per row, "
                      "log y = (x - m) - log(sum_j e^(x_j - m)), and that sum is >= 1.")
    got, warned, _ = run(_HUGE)
    outcomes.append(_compare("large inputs: finite, without overflow or warnings", got,
                             log_softmax(_HUGE, axis=-1), None, rtol=1e-9, warned=warned,
                             hint=log_of_softmax if got is not None and np.isneginf(
                                 np.asarray(got, float)).any() else
                             "e^1000 overflows: subtract each row's maximum m first, and add "
                             "it back as x - m - log(sum_j e^(x_j - m))."))
    got, warned, _ = run(_APART)
    outcomes.append(_compare("rows far apart (each row's own maximum)", got,
                             log_softmax(_APART, axis=-1), None, rtol=1e-9, warned=warned,
                             hint="subtract each row's own maximum, np.max(x, axis=-1, keepdims=True): "
                                  "shifted by the batch's maximum, a row far below it sums to 0 "
                                  "and its log is -inf."))
    got, _, _ = run(_DOMINANT[None, :])
    expected = log_softmax(_DOMINANT[None, :], axis=-1)
    ok = got is not None and np.shape(got) == expected.shape and bool(np.all(np.isclose(
        np.asarray(got, float), expected, rtol=1e-8, atol=0)))
    outcomes.append(Outcome("(one y ≈ 1) the tiny log-probability of the winner keeps its digits",
                            ok, "" if got is None or np.shape(got) != expected.shape else
                            f"at x = 40 in (40, 3, -1, 0.5): "
                            f"{_pair(expected[0, 0], np.ravel(got)[0])}",
                            "log(1 + r) rounds to 0 when r = sum of the others' e^(x_j - m) is "
                            "below 1.1e-16: the largest term of the sum is exactly e^0 = 1, so "
                            "sum the others into r and use np.log1p(r).", stretch=True))
    return outcomes


#: labels for the cross-entropy exercise: one-hot rows of _BATCH, then probabilities
_LABELS = np.eye(5)[[2, 0, 4]]
_SOFT = np.array([[0.1, 0.0, 0.6, 0.2, 0.1], [0.0, 0.0, 0.0, 0.5, 0.5],
                  [0.25, 0.25, 0.0, 0.5, 0.0]])
for _array in (_LABELS, _SOFT):
    _array.setflags(write=False)


def _cross_entropy_gradient(exercise: Exercise, run: _Run) -> list:
    basic = _basic(exercise, run, _BATCH, _LABELS)
    if isinstance(basic, Outcome):
        return [basic]
    outcomes = basic
    got, warned, _ = run(_BATCH, _LABELS)
    if np.shape(got) != _BATCH.shape:
        return outcomes + [Outcome("the shape of the logits is kept", False,
                                   f"for logits of shape {_BATCH.shape}, got shape {np.shape(got)}",
                                   "the gradient has one number per logit: y - t, shape (B, K); "
                                   "the loss is summed, its gradient is not.")]
    outcomes.append(Outcome("the shape of the logits is kept", True))
    expected = softmax_cross_entropy_gradient(_BATCH, _LABELS)
    got = np.asarray(got, dtype=float)
    if np.allclose(got, expected, rtol=1e-10, atol=1e-15) and not warned:
        outcomes.append(Outcome("y - t for each row (one-hot labels)", True))
    else:
        y = softmax(_BATCH, axis=-1)
        if np.allclose(got, -expected):
            hint = "the sign: dL/dx = y - t (raising the right class's logit lowers the loss)."
        elif np.allclose(got, -_LABELS / y):
            hint = ("that is dL/dy, the gradient with respect to the probabilities: carry it "
                    "through softmax's Jacobian, J^T (-t / y), which collapses to y - t.")
        elif np.allclose(got, expected / len(_BATCH)):
            hint = "one gradient per example: do not divide by the batch size here."
        elif np.allclose(got, np.exp(_BATCH) / np.sum(np.exp(_BATCH)) - _LABELS):
            hint = "softmax of each row (axis=-1, keepdims=True), not of the whole batch."
        else:
            hint = "dL/dx_i = y_i - t_i with y = softmax(x) of the same row."
        i = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
        outcomes.append(Outcome("y - t for each row (one-hot labels)", False,
                                f"at row {i[0]}, column {i[1]}: {_pair(expected[i], got[i])}",
                                hint, basic=True))
    got, warned, _ = run(_BATCH, _SOFT)
    outcomes.append(_compare("labels that are probabilities, not one-hot", got,
                             softmax_cross_entropy_gradient(_BATCH, _SOFT), None, rtol=1e-10,
                             atol=1e-15, warned=warned,
                             hint="t can be any distribution (label smoothing, soft targets): "
                                  "use t itself, not a one-hot vector made from its argmax."))
    huge_labels = np.eye(3)[[2, 1]]
    got, warned, _ = run(_HUGE, huge_labels)
    outcomes.append(_compare("large logits without overflow or warnings", got,
                             softmax_cross_entropy_gradient(_HUGE, huge_labels), None, rtol=1e-9,
                             atol=1e-300, warned=warned,
                             hint="compute y with each row's maximum subtracted first "
                                  "(axis=-1, keepdims=True)."))
    t = np.array([[1.0, 0.0, 0.0, 0.0]])
    got, _, _ = run(_DOMINANT[None, :], t)
    expected = softmax_cross_entropy_gradient(_DOMINANT[None, :], t)
    ok = got is not None and np.shape(got) == expected.shape and bool(np.all(np.isclose(
        np.asarray(got, float), expected, rtol=1e-8, atol=0)))
    outcomes.append(Outcome("(one y ≈ 1) a confident right answer still gets its tiny gradient",
                            ok, "" if got is None or np.shape(got) != expected.shape else
                            f"at x = 40 in (40, 3, -1, 0.5), label 1: "
                            f"{_pair(expected[0, 0], np.ravel(got)[0])}",
                            "cancellation in y_k - 1 with y_k ≈ 1: it equals minus the sum of "
                            "the other probabilities. Compute it that way for the largest y.",
                            stretch=True))
    return outcomes


_KINDS = {"elementwise": _elementwise, "softmax": _softmax_rows, "jacobian": _jacobian,
          "vjp": _vjp, "log_softmax": _log_softmax_rows,
          "cross_entropy_gradient": _cross_entropy_gradient}

def check(name: str, answer: Callable, hint: int = 1) -> Feedback:
    """Check the learner's ``answer`` to the exercise ``name`` and say what to fix.

    Parameters
    ----------
    name : str
        A key of :data:`chapter3.registry.EXERCISES`, e.g. ``"softplus"``.
    answer : callable
        The learner's function: ``answer(x)`` (``answer(x, g)`` for ``"softmax_vjp"``,
        ``answer(logits, labels)`` for ``"cross_entropy_gradient"``).
        It gets fresh copies of the inputs on every call; one that modifies them, or
        hides floating-point warnings (np.errstate, np.seterr, warning filters), fails.
    hint : int
        The level of detail, 1 or 2. 1 (the default) says what went wrong and where: the input, the expected value
        and what came back. 2 also says how to fix it (the formula).

    Returns
    -------
    Feedback
        Prints a ✓/✗ line per check (with a hint for each failure at ``hint=2``); truthy when every
        required (non-stretch) check passed.
    """
    from chapter3.registry import EXERCISES  # (the registry holds the exercises)

    if name not in EXERCISES:
        raise KeyError(f"no exercise {name!r}; the exercises are {', '.join(EXERCISES)}")
    if not callable(answer):
        raise TypeError(f"check({name!r}, answer) needs your function itself, e.g. "
                        f"check({name!r}, my_{name}), not {type(answer).__name__}")
    if hint not in (1, 2):
        raise ValueError(f"check({name!r}, answer, hint=...) takes hint=1 or hint=2, not {hint!r}")
    exercise = EXERCISES[name]
    run = _Run(answer, "t" if exercise.kind == "cross_entropy_gradient" else "g")
    outcomes = _KINDS[exercise.kind](exercise, run)
    return Feedback(name, outcomes + run.outcomes(), level=hint)
