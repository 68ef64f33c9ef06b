"""One record per activation: everything the course knows about it, in one place.

Notebooks, figures, sliders, exercises, the tests, the audit, the benchmark, the docs
and the slides iterate over :data:`ACTIVATIONS` (the element-wise activations) and
:data:`SOFTMAX` (and :data:`CROSS_ENTROPY`, lesson 3.10's log-softmax and loss; :data:`RECORDS`
lists all three kinds); none of them keeps a table of its own keyed by activation name.

Adding an activation touches five places: its functions (:mod:`chapter3.activations`),
its SymPy definition (:mod:`chapter3.symbolic`), its entry here, its notebook, and its
instructor page (``docs/instructor/``).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping

import sympy

from chapter3 import activations, symbolic, textbook
from chapter3.contract import as_parameter, as_real_array
from chapter3.exercises import HINTS, Exercise
from chapter3.softmax import (
    log_softmax,
    log_softmax_vjp,
    sigmoid_binary_cross_entropy,
    sigmoid_binary_cross_entropy_gradient,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_gradient,
    softmax_jacobian,
    softmax_vjp,
)

__all__ = ["Activation", "VectorActivation", "Loss", "ACTIVATIONS", "SOFTMAX", "CROSS_ENTROPY",
           "RECORDS", "EXERCISES", "value_and_derivative"]

INF = math.inf
_sig = symbolic.sigma


@dataclass(frozen=True)
class Activation:
    """What the course knows about one element-wise activation.

    Attributes
    ----------
    name : str
        Identifier, as in ``chapter3.<name>`` and ``chapter3.<name>_derivative``.
    title : str
        Human name, e.g. ``"Sigmoid"``.
    lesson : str
        The number of the lesson that derives it, e.g. ``"3.1"`` (the start of the
        notebook's title, independent of its file name).
    notebook : str
        The lesson's notebook in ``notebooks/``.
    symbol : str
        LaTeX symbol used in figures, e.g. ``r"\\sigma"``.
    function, derivative : callable
        The NumPy implementations, ``function(x, **params)``.
    expr : callable
        ``expr(x, **params)`` is the definition as a SymPy expression; without
        ``params`` the parameters are SymPy symbols (``a``, ``α``, ``λ``).
    closed_form : callable
        ``closed_form(x, **params)``: the derivative as the lesson writes it, e.g.
        σ(x)(1 − σ(x)); the tests prove it equal to ``sympy.diff(expr)``.
    textbook : tuple of callables
        The original post's ``(function, derivative)`` code, at the default
        parameters (:mod:`chapter3.textbook`): what the lesson shows failing. (For
        lessons 3.8 and 3.9, which have no post, the paper's formula as usually coded.)
    output_range : tuple of float
        Infimum and supremum of the function's values, at the default parameters.
    zero_centred : bool
        Whether f(0) = 0, so that outputs are centred on zero.
    differentiable : bool
        Whether f has a derivative at every x, at the default parameters.
    params : mapping
        The parameters and their defaults, as in the function's signature.
    sliders : mapping
        ``(min, max, step)`` of the slider for each numeric parameter
        (:func:`chapter3.explore.explore`).
    settings : tuple of mappings
        Further parameter values that the tests and figures cover besides the
        defaults, e.g. ``({"leak": 0.1},)`` for Leaky ReLU.
    exercises : tuple of Exercise
        The lesson's code exercises about this function, checked by
        :func:`chapter3.exercises.check`.
    peers : mapping
        For the benchmark: library → ``(function, derivative)``, dotted names
        (``"autograd"``: the library's automatic derivative; None: it has none).
    pair : callable or None
        ``pair(x, **params)`` returns ``(function(x), derivative(x))`` sharing their
        costly part; without one, :func:`value_and_derivative` calls both.
    initialisation : str
        The usual initialisation of the weights before it, a key of
        :data:`chapter3.gallery.INITIALISATIONS`: ``"xavier"`` (Glorot) for the
        sigmoid-like, ``"he"`` for the ReLU-like (the default), ``"lecun"`` for SELU.
    """

    name: str
    title: str
    lesson: str
    notebook: str
    symbol: str
    function: Callable
    derivative: Callable
    expr: Callable[..., sympy.Expr]
    closed_form: Callable[..., sympy.Expr]
    textbook: tuple[Callable, Callable]
    output_range: tuple[float, float]
    zero_centred: bool
    differentiable: bool
    params: Mapping[str, Any] = field(default_factory=dict)
    sliders: Mapping[str, tuple[float, float, float]] = field(default_factory=dict)
    settings: tuple[Mapping[str, Any], ...] = ()
    exercises: tuple[Exercise, ...] = ()
    peers: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)
    pair: Callable | None = None
    initialisation: str = "he"

    def expression(self, x: sympy.Symbol = symbolic.x, **params) -> sympy.Expr:
        """The definition with numeric parameters (the defaults unless given).

        Each float is converted exactly (``sympy.Rational(0.1)`` is the binary value
        of 0.1, not 1/10), so a high-precision evaluation is a reference for exactly
        the function that the NumPy code computes.
        """
        values = {**self.params, **params}
        return self.expr(x, **{k: sympy.Rational(v) for k, v in values.items()})

    def derivative_expression(self, x: sympy.Symbol = symbolic.x, **params) -> sympy.Expr:
        """``sympy.diff`` of :meth:`expression`: the reference for the NumPy derivative.

        For a piecewise function SymPy differentiates each piece, so at a break
        point the result is the value of the piece that holds there (x <= 0), the
        course's convention.
        """
        return sympy.diff(self.expression(x, **params), x)

    def value_and_derivative(self, x, **params):
        """``(f(x), f'(x))``: see :func:`value_and_derivative`."""
        name = "value_and_derivative"  # the public function, for the errors below
        unknown = sorted(set(params) - set(self.params))
        if unknown:
            raise TypeError(f"{name}(): {self.name} has no parameter {', '.join(unknown)}; "
                            f"its parameters are: {', '.join(self.params) or 'none'}")
        params = {key: as_parameter(value, key, name) for key, value in params.items()}
        x = as_real_array(x, name)
        if self.pair is not None:
            return self.pair(x, **params)
        return self.function(x, **params), self.derivative(x, **params)

    def bind(self, **params) -> tuple[Callable, Callable]:
        """``function`` and ``derivative`` with the parameters fixed."""
        return (functools.partial(self.function, **params),
                functools.partial(self.derivative, **params))


@dataclass(frozen=True)
class VectorActivation:
    """Softmax's record: a function of a whole vector, so a Jacobian, not a derivative."""

    name: str
    title: str
    lesson: str
    notebook: str
    function: Callable
    jacobian: Callable
    vjp: Callable
    textbook: Callable
    exercises: tuple[Exercise, ...] = ()
    peers: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)


_TORCH = "torch.nn.functional."

#: Every element-wise activation of the course, by name: ``ACTIVATIONS["sigmoid"]``.
ACTIVATIONS: dict[str, Activation] = {a.name: a for a in [
    Activation(
        name="sigmoid", title="Sigmoid", lesson="3.1", notebook="01_sigmoid.ipynb",
        initialisation="xavier",
        symbol=r"\sigma",
        function=activations.sigmoid, derivative=activations.sigmoid_derivative,
        pair=activations._sigmoid_pair,
        expr=symbolic.sigmoid_expr, closed_form=lambda x: _sig(x) * (1 - _sig(x)),
        textbook=(textbook.sigmoid, textbook.sigmoid_derivative),
        output_range=(0.0, 1.0), zero_centred=False, differentiable=True,
        exercises=(
            Exercise("sigmoid", "sigmoid(x) for any real x, without overflow",
                     activations.sigmoid, required=("tails",),
                     hints={"overflow": "For x < 0 use the same fraction times e^x/e^x: "
                                        "1/(1 + e^-x) = e^x/(1 + e^x).",
                            "tails": "do not clip x: σ(-100) = 3.7e-44 is a number, not "
                                     "σ(-50). With e^x/(1 + e^x) for x < 0 nothing "
                                     "overflows, so nothing needs clipping."}),
            Exercise("sigmoid_derivative", "sigmoid'(x), accurate in the tails",
                     activations.sigmoid_derivative, required=("tails",),
                     hints={"tails": "cancellation in 1 - y: for x > 37, sigmoid(x) rounds "
                                     "to 1. σ' is even: compute s = σ(-|x|) <= 1/2, then "
                                     "s (1 - s)."}),
        ),
        peers={"scipy.special": ("scipy.special.expit", None),
               "PyTorch": ("torch.sigmoid", "autograd")},
    ),
    Activation(
        name="tanh", title="Tanh", lesson="3.2", notebook="02_tanh.ipynb",
        initialisation="xavier",
        symbol=r"\tanh",
        function=activations.tanh, derivative=activations.tanh_derivative,
        expr=symbolic.tanh_expr, closed_form=lambda x: 1 - sympy.tanh(x) ** 2,
        textbook=(textbook.tanh, textbook.tanh_derivative),
        output_range=(-1.0, 1.0), zero_centred=True, differentiable=True,
        exercises=(
            Exercise("tanh_derivative", "tanh'(x), accurate in the tails",
                     activations.tanh_derivative, required=("tails",),
                     hints={"tails": "cancellation: 1 - tanh(x)**2 is 0 once tanh(x) rounds "
                                     "to ±1 (|x| > 19). Use tanh'(x) = 4σ'(2x), with σ' "
                                     "computed from e^(-2|x|)."}),
        ),
        peers={"PyTorch": ("torch.tanh", "autograd")},
    ),
    Activation(
        name="softsign", title="Softsign", lesson="3.3", notebook="03_softsign.ipynb",
        initialisation="xavier",
        symbol=r"\mathrm{softsign}",
        function=activations.softsign, derivative=activations.softsign_derivative,
        expr=symbolic.softsign_expr, closed_form=lambda x: 1 / (1 + sympy.Abs(x)) ** 2,
        textbook=(textbook.softsign, textbook.softsign_derivative),
        output_range=(-1.0, 1.0), zero_centred=True, differentiable=True,
        exercises=(
            Exercise("softsign", "softsign(x), with its limits ±1 at ±inf",
                     activations.softsign, required=("infinity",),
                     hints={"infinity": "x / (1 + |x|) is inf/inf = NaN at ±inf; the limits "
                                        "are ±1. (np.where computes both branches, so a branch "
                                        "with inf/inf still warns: divide only where x is "
                                        "finite, or clip x.)"}),
        ),
        peers={"PyTorch": (_TORCH + "softsign", "autograd")},
    ),
    Activation(
        name="relu", title="ReLU and Leaky ReLU", lesson="3.4", notebook="04_relu.ipynb",
        symbol=r"\mathrm{relu}",
        function=activations.relu, derivative=activations.relu_derivative,
        expr=symbolic.relu_expr,
        closed_form=lambda x, leak=symbolic.leak: sympy.Piecewise((1, x > 0), (leak, True)),
        textbook=(textbook.relu, textbook.relu_derivative),
        output_range=(0.0, INF), zero_centred=False, differentiable=False,
        params={"leak": 0.0}, sliders={"leak": (0.0, 1.0, 0.01)},
        settings=({"leak": 0.1}, {"leak": 0.01}),
        exercises=(
            Exercise("leaky_relu", "Leaky ReLU with leak 0.1",
                     functools.partial(activations.relu, leak=0.1), required=("infinity",),
                     hints={"zero": "", "overflow": "0.1 * x cannot overflow; look at what "
                                                   "else your code computes.",
                            "infinity": "x * (x > 0) is inf * 0 = NaN at x = -inf (and "
                                        "0.1 * x * (x <= 0) at +inf): choose with "
                                        "np.where(x > 0, x, 0.1 * x) instead of multiplying "
                                        "by a mask."}),
            Exercise("leaky_relu_derivative", "the derivative of Leaky ReLU (leak 0.1)",
                     functools.partial(activations.relu_derivative, leak=0.1),
                     required=("infinity",),
                     hints={"zero": HINTS["zero"],
                            "infinity": "the slope at ±inf is that of the piece there: 1 at "
                                        "+inf, 0.1 at -inf; x / x or a mask times x is NaN there."}),
        ),
        peers={"PyTorch": (_TORCH + "relu", "autograd")},
    ),
    Activation(
        name="elu", title="ELU", lesson="3.5", notebook="05_elu_selu.ipynb",
        symbol=r"\mathrm{elu}",
        function=activations.elu, derivative=activations.elu_derivative,
        expr=symbolic.elu_expr,
        closed_form=lambda x, alpha=symbolic.alpha: sympy.Piecewise(
            (1, x > 0), (alpha * sympy.exp(x), True)),
        textbook=(textbook.selu, textbook.selu_derivative),  # the post's selu, alpha = scale = 1
        output_range=(-1.0, INF), zero_centred=True, differentiable=True,
        params={"alpha": 1.0}, sliders={"alpha": (0.0, 3.0, 0.05)},
        settings=({"alpha": 0.5}, {"alpha": 2.0}),
        exercises=(
            Exercise("elu", "ELU with alpha = 1, accurate near 0 and without overflow",
                     activations.elu, required=("infinity",),
                     hints={"infinity": "ELU(+inf) = +inf and ELU(-inf) = -1: a mask times x "
                                        "(0 * inf) is NaN there; choose with np.where.",
                            "small": "e^x - 1 near x = 0 cancels: np.expm1(x) computes it "
                                     "without forming e^x first.",
                            "overflow": "Evaluate the exponential at min(x, 0)."}),
        ),
        peers={"PyTorch": (_TORCH + "elu", "autograd")},
    ),
    Activation(
        name="selu", title="SELU", lesson="3.5", notebook="05_elu_selu.ipynb",
        initialisation="lecun",
        symbol=r"\mathrm{selu}",
        function=activations.selu, derivative=activations.selu_derivative,
        expr=symbolic.selu_expr,
        closed_form=lambda x, alpha=symbolic.alpha, scale=symbolic.scale: scale * sympy.Piecewise(
            (1, x > 0), (alpha * sympy.exp(x), True)),
        textbook=(functools.partial(textbook.selu, alpha=activations.SELU_ALPHA,
                                    scale=activations.SELU_SCALE),
                  functools.partial(textbook.selu_derivative, alpha=activations.SELU_ALPHA,
                                    scale=activations.SELU_SCALE)),
        output_range=(-activations.SELU_SCALE * activations.SELU_ALPHA, INF),
        zero_centred=True, differentiable=False,
        params={"alpha": activations.SELU_ALPHA, "scale": activations.SELU_SCALE},
        sliders={"alpha": (0.0, 3.0, 0.05), "scale": (0.5, 2.0, 0.05)},
        settings=({"alpha": 1.0, "scale": 1.0},),
        peers={"PyTorch": (_TORCH + "selu", "autograd")},
    ),
    Activation(
        name="softplus", title="Softplus", lesson="3.6", notebook="06_softplus.ipynb",
        symbol=r"\mathrm{softplus}",
        function=activations.softplus, derivative=activations.softplus_derivative,
        pair=activations._softplus_pair,
        expr=symbolic.softplus_expr, closed_form=lambda x: _sig(x),
        textbook=(textbook.softplus, textbook.softplus_derivative),
        output_range=(0.0, INF), zero_centred=False, differentiable=True,
        exercises=(
            Exercise("softplus", "softplus(x) for any real x", activations.softplus,
                     tails=(-100.0, -40.0), required=("tails",),
                     hints={"overflow": "log(1 + e^x) = max(x, 0) + log1p(e^(-|x|)) only ever "
                                        "exponentiates numbers <= 0.",
                            "tails": "1 + e^x rounds to 1 for x < -37, and log(1) = 0: "
                                     "np.log1p(t) computes log(1 + t) without forming 1 + t."}),
        ),
        peers={"scipy.special": ("scipy.special.softplus", "scipy.special.expit"),
               "PyTorch": (_TORCH + "softplus", "autograd")},
    ),
    Activation(
        name="gelu", title="GELU", lesson="3.8", notebook="09_gelu_silu.ipynb",
        symbol=r"\mathrm{gelu}",
        function=activations.gelu, derivative=activations.gelu_derivative,
        expr=symbolic.gelu_expr,
        closed_form=lambda x: (sympy.erfc(-x / sympy.sqrt(2)) / 2
                               + x * sympy.exp(-x**2 / 2) / sympy.sqrt(2 * sympy.pi)),
        textbook=(textbook.gelu, textbook.gelu_derivative),
        # the minimum x Φ(x) at x = -0.75179 (lesson 3.8 finds it with SymPy)
        output_range=(-0.16997120747990366, INF), zero_centred=True, differentiable=True,
        exercises=(
            Exercise("gelu", "GELU, x Φ(x), accurate in the left tail", activations.gelu,
                     tails=(-30.0, -20.0, -10.0), required=("tails",),
                     hints={"tails": "1 + erf(x/√2) cancels to 0 for x < -5.9: Φ(x) is "
                                     "½ erfc(-x/√2), or scipy.special.ndtr(x), which "
                                     "never subtracts.",
                            "infinity": "x Φ(x) is -inf * 0 = NaN at -inf; the limit is 0."}),
            Exercise("gelu_derivative", "GELU's derivative Φ(x) + x φ(x), accurate in the "
                     "left tail", activations.gelu_derivative,
                     tails=(-30.0, -20.0, -10.0), required=("tails",),
                     hints={"tails": "1 + erf(x/√2) cancels to 0 for x < -5.9: use "
                                     "scipy.special.ndtr(x) for Φ(x).",
                            "overflow": "x**2 overflows for |x| > 1.3e154; φ(x) is 0 in "
                                        "float64 long before: clip x to ±40 for φ.",
                            "infinity": "x φ(x) is inf * 0 = NaN at ±inf; the limits are "
                                        "0 and 1."}),
            Exercise("gelu_tanh", "GELU's tanh approximation, accurate in the left tail",
                     functools.partial(activations.gelu, approximate="tanh"),
                     tails=(-20.0, -10.0), required=("tails",),
                     hints={"tails": "1 + tanh(u) cancels to 0 for u < -19: "
                                     "½(1 + tanh(u)) = σ(2u) (lesson 3.2), and "
                                     "chapter3.sigmoid never cancels.",
                            "overflow": "x**3 overflows for |x| > 5.6e102: clip x for "
                                        "the cube, the result there is 0 or x anyway.",
                            "infinity": "at ±inf the result is 0 and +inf: -inf * 0 is NaN."}),
        ),
        peers={"PyTorch": (_TORCH + "gelu", "autograd")},
    ),
    Activation(
        name="silu", title="SiLU (Swish)", lesson="3.8", notebook="09_gelu_silu.ipynb",
        symbol=r"\mathrm{silu}",
        function=activations.silu, derivative=activations.silu_derivative,
        expr=symbolic.silu_expr, closed_form=lambda x: _sig(x) * (1 + x * (1 - _sig(x))),
        textbook=(textbook.silu, textbook.silu_derivative),
        # the minimum x σ(x) at x = -1.2785 (lesson 3.8 finds it with SymPy)
        output_range=(-0.2784645427610738, INF), zero_centred=True, differentiable=True,
        peers={"PyTorch": (_TORCH + "silu", "autograd")},
    ),
    Activation(
        name="mish", title="Mish", lesson="3.9", notebook="10_mish_hard.ipynb",
        symbol=r"\mathrm{mish}",
        function=activations.mish, derivative=activations.mish_derivative,
        expr=symbolic.mish_expr,
        # tanh(s) + x sech²(s) σ(x), s = softplus(x), with sech² = 1 - tanh² (lesson 3.2)
        closed_form=lambda x: (sympy.tanh(symbolic.softplus_expr(x)) + x * _sig(x)
                               * (1 - sympy.tanh(symbolic.softplus_expr(x)) ** 2)),
        textbook=(textbook.mish, textbook.mish_derivative),
        # the minimum at x = -1.1924 (lesson 3.9 finds it with SymPy)
        output_range=(-0.30884341301725043, INF), zero_centred=True, differentiable=True,
        exercises=(
            Exercise("mish", "Mish, x tanh(softplus(x)), for any real x", activations.mish,
                     required=("tails",),
                     hints={"overflow": "softplus(x) = max(x, 0) + log1p(e^(-|x|)) only ever "
                                        "exponentiates numbers <= 0 (lesson 3.6).",
                            "tails": "1 + e^x rounds to 1 for x < -37, and log(1) = 0: "
                                     "np.log1p keeps softplus(x) ≈ e^x, and tanh(s) ≈ s.",
                            "infinity": "x tanh(softplus(x)) is -inf * 0 = NaN at -inf; the "
                                        "limit is 0."}),
        ),
        peers={"PyTorch": (_TORCH + "mish", "autograd")},
    ),
    Activation(
        name="hard_sigmoid", title="Hard sigmoid", lesson="3.9", notebook="10_mish_hard.ipynb",
        symbol=r"\mathrm{hardsigmoid}",
        function=activations.hard_sigmoid, derivative=activations.hard_sigmoid_derivative,
        expr=symbolic.hard_sigmoid_expr,
        closed_form=lambda x: sympy.Piecewise((0, x <= -3), (sympy.Rational(1, 6), x < 3),
                                              (0, True)),
        textbook=(textbook.hard_sigmoid, textbook.hard_sigmoid_derivative),
        output_range=(0.0, 1.0), zero_centred=False, differentiable=False,
        peers={"PyTorch": (_TORCH + "hardsigmoid", "autograd")},
    ),
    Activation(
        name="hard_swish", title="Hard swish", lesson="3.9", notebook="10_mish_hard.ipynb",
        symbol=r"\mathrm{hardswish}",
        function=activations.hard_swish, derivative=activations.hard_swish_derivative,
        expr=symbolic.hard_swish_expr,
        closed_form=lambda x: sympy.Piecewise((0, x < -3), ((2 * x + 3) / 6, x <= 3), (1, True)),
        textbook=(textbook.hard_swish, textbook.hard_swish_derivative),
        # the minimum x (x + 3)/6 at x = -3/2
        output_range=(-0.375, INF), zero_centred=True, differentiable=False,
        exercises=(
            Exercise("hard_swish_derivative", "the hard swish's derivative, with PyTorch's "
                     "values at the kinks", activations.hard_swish_derivative,
                     required=("infinity",),
                     hints={"nan": "a comparison with NaN is False, so nested np.where "
                                   "picks the last branch for NaN: compute the middle "
                                   "piece at np.clip(x, -3, 3), which keeps NaN, and let "
                                   "NaN fall through to it.",
                            "overflow": "2 * x overflows beyond 9e307, in the branch "
                                        "np.where does not use: clip x to [-3, 3] first.",
                            "small": "x/3 + 1/2 cancels near x = -1.5, where the slope is 0: "
                                     "(2x + 3)/6 is exact there."}),
        ),
        peers={"PyTorch": (_TORCH + "hardswish", "autograd")},
    ),
]}

#: The record of softmax, lesson 3.7, with its Jacobian and vector-Jacobian product.
SOFTMAX = VectorActivation(
    name="softmax", title="Softmax and its Jacobian", lesson="3.7", notebook="07_softmax.ipynb",
    function=softmax, jacobian=softmax_jacobian, vjp=softmax_vjp,
    textbook=textbook.softmax,
    exercises=(
        Exercise("softmax", "softmax of each row of a batch (B, K)",
                 functools.partial(softmax, axis=-1), kind="softmax"),
        Exercise("softmax_jacobian", "the n x n Jacobian of softmax for a 1-D x",
                 softmax_jacobian, kind="jacobian"),
        Exercise("softmax_vjp", "J^T g for each row of a batch, without building J",
                 functools.partial(softmax_vjp, axis=-1), kind="vjp"),
    ),
    peers={"scipy.special": ("scipy.special.softmax", None),
           "PyTorch": (_TORCH + "softmax", "autograd")},
)


@dataclass(frozen=True)
class Loss:
    """Log-softmax with cross-entropy's record: a loss of logits and labels, its gradient
    with respect to the logits, and the log-softmax it is computed from."""

    name: str
    title: str
    lesson: str
    notebook: str
    function: Callable  # loss(logits, labels, axis=-1)
    gradient: Callable  # the gradient with respect to the logits
    log_softmax: Callable
    log_softmax_vjp: Callable
    binary: tuple[Callable, Callable]  # the two-class case: loss, gradient
    exercises: tuple[Exercise, ...] = ()


#: The record of log-softmax and cross-entropy, lesson 3.10.
CROSS_ENTROPY = Loss(
    name="softmax_cross_entropy", title="Log-softmax and cross-entropy", lesson="3.10",
    notebook="11_log_softmax.ipynb",
    function=softmax_cross_entropy, gradient=softmax_cross_entropy_gradient,
    log_softmax=log_softmax, log_softmax_vjp=log_softmax_vjp,
    binary=(sigmoid_binary_cross_entropy, sigmoid_binary_cross_entropy_gradient),
    exercises=(
        Exercise("log_softmax", "log-softmax of each row of a batch (B, K)",
                 functools.partial(log_softmax, axis=-1), kind="log_softmax"),
        Exercise("cross_entropy_gradient", "dL/dx = y - t for each row of a batch, labels t",
                 softmax_cross_entropy_gradient, kind="cross_entropy_gradient"),
    ),
)

#: Every record that has a lesson: the element-wise activations, softmax, cross-entropy.
RECORDS: list[Activation | VectorActivation | Loss] = [*ACTIVATIONS.values(), SOFTMAX,
                                                       CROSS_ENTROPY]

#: Every code exercise of the course, by name, with the number of its lesson.
EXERCISES: dict[str, Exercise] = {
    e.name: replace(e, lesson=entry.lesson) for entry in RECORDS for e in entry.exercises
}


def value_and_derivative(activation: str | Activation, x, **params):
    """An activation and its derivative at ``x``, computed together.

    Back-propagation needs both at the same inputs: ``f(x)`` going forward and
    ``f'(x)`` coming back. For the sigmoid and softplus the two share their costly
    part (one exponential instead of two); the results are exactly those of the
    two separate functions.

    >>> import numpy as np
    >>> y, dy = value_and_derivative("sigmoid", np.array([-1.0, 0.0, 2.0]))
    >>> print(y.round(6), dy.round(6))
    [0.268941 0.5      0.880797] [0.196612 0.25     0.104994]
    >>> y, dy = value_and_derivative("relu", [-2.0, 3.0], leak=0.1)
    >>> print(y, dy)
    [-0.2  3. ] [0.1 1. ]
    """
    if isinstance(activation, Activation):
        return activation.value_and_derivative(x, **params)
    if not isinstance(activation, str):
        raise TypeError(f"value_and_derivative() takes an activation's name, one of "
                        f"{', '.join(map(repr, ACTIVATIONS))}, or its record from ACTIVATIONS; "
                        f"got {type(activation).__name__} {activation!r}")
    if activation not in ACTIVATIONS:
        raise KeyError(f"value_and_derivative(): no activation {activation!r}; the "
                       f"activations are {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[activation].value_and_derivative(x, **params)
