"""Lesson 3.11's gallery: the table's properties against the registry and against SymPy,
and the depth experiment's backward pass against finite differences."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from chapter3 import gallery
from chapter3.registry import ACTIVATIONS
from chapter3.symbolic import x as X

ENTRIES = list(ACTIVATIONS.values())


def limit_at(expr: sympy.Expr, end) -> float:
    """The limit at ±oo, of the piece that holds there for a piecewise expression."""
    expr = sympy.piecewise_fold(expr)
    if isinstance(expr, sympy.Piecewise):
        expr = next(e for e, condition in expr.args if bool(condition.subs(X, end)))
    return float(sympy.limit(expr, X, end))


@pytest.fixture(scope="module")
def table_rows():
    return {row[0]: row for row in gallery.table().rows}


def test_the_table_has_one_row_per_registry_entry(table_rows):
    assert list(table_rows) == list(ACTIVATIONS)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_properties_agree_with_the_registry(entry):
    p = gallery.properties(entry)
    low, high = p.output_range
    want_low, want_high = entry.output_range
    assert low == pytest.approx(want_low, rel=1e-6, abs=1e-6)
    assert high == pytest.approx(want_high, rel=1e-6, abs=1e-6)
    assert p.zero_centred == entry.zero_centred
    assert p.smooth == entry.differentiable


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_values_at_zero_and_the_maximum_slope_agree_with_sympy(entry):
    p = gallery.properties(entry)
    f, df = entry.expression(), entry.derivative_expression()
    assert p.f0 == pytest.approx(float(f.subs(X, 0)), rel=1e-14, abs=1e-300)
    assert p.df0 == pytest.approx(float(df.subs(X, 0)), rel=1e-14, abs=1e-300)
    # the largest slope: no point of a finer grid (and no limit at ±inf) is steeper
    fine = np.linspace(-10, 10, 200_001)
    slopes = entry.bind()[1](fine)
    limits = [limit_at(df, s) for s in (-sympy.oo, sympy.oo)]
    assert p.max_slope == pytest.approx(max(slopes.max(), *limits), rel=1e-6)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_monotonic_and_saturating_from_sympy_limits(entry):
    p = gallery.properties(entry)
    df = entry.derivative_expression()
    limits = [limit_at(df, s) for s in (-sympy.oo, sympy.oo)]
    flat = tuple(bool(v == 0) for v in limits)
    assert p.saturating == {(True, True): "both sides", (True, False): "x → -∞",
                            (False, True): "x → +∞", (False, False): "no"}[flat]
    fine = np.linspace(-10, 10, 200_001)
    assert p.monotonic == bool((entry.bind()[1](fine) >= 0).all())


def test_known_rows_as_the_lessons_derive_them(table_rows):
    # lessons 3.1, 3.4 and 3.6: the numbers a learner can check by hand
    assert table_rows["sigmoid"][1:] == ["(0, 1)", "no", "yes", "yes", "both sides", "0.25, x = 0",
                                         "0.5", "0.25"]
    assert table_rows["relu"][6] == "1, x > 0"
    # a bound f takes is closed, one it only approaches is open
    assert (table_rows["relu"][1], table_rows["softplus"][1]) == ("[0, ∞)", "(0, ∞)")
    assert table_rows["hard_sigmoid"][1] == "[0, 1]" and table_rows["gelu"][1].startswith("[-0.17")
    assert table_rows["elu"][6] == "1, x ≥ 0"
    assert table_rows["softplus"][6] == "1, x → +∞ (limit)"
    selu = ACTIVATIONS["selu"].params
    assert table_rows["selu"][6] == f"{selu['scale'] * selu['alpha']:.4g}, x = 0"


def test_a_wrong_property_would_be_caught():
    # the table is computed: a function whose derivative jumps is not smooth
    p = gallery.properties(ACTIVATIONS["relu"])
    assert not p.smooth and p.saturating == "x → -∞"


def test_the_table_fits_a_screen_and_renders_as_html():
    shown = gallery.table(costs={name: 1.5 for name in ACTIVATIONS})
    assert max(len(line) for line in repr(shown).splitlines()) <= 120
    page = shown._repr_html_()
    assert page.count("<tr>") == len(ACTIVATIONS) + 1 and "1.5×" in page


def test_cost_is_a_ratio_measured_in_the_same_call():
    ratio = gallery.cost("relu", n=10_000, repeats=2)
    assert math.isfinite(ratio) and ratio > 0


# --------------------------------------------------------------------------------
# Gradients through depth
# --------------------------------------------------------------------------------

@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_the_backward_pass_agrees_with_finite_differences(entry):
    run = gallery.through_depth(entry, depth=5, width=32, batch=8)
    assert gallery.directional_check(entry, run) < 1e-6


def test_a_wrong_derivative_fails_the_directional_check():
    from dataclasses import replace

    wrong = replace(ACTIVATIONS["tanh"], derivative=lambda x: np.ones_like(x))
    run = gallery.through_depth(wrong, depth=5, width=32, batch=8)
    assert gallery.directional_check(wrong, run) > 1e-2


def test_the_lesson_s_claims_about_depth():
    # the lesson's 30 layers, on a narrower network (the claims hold there too, in less time)
    runs = {name: gallery.through_depth(name, width=128, batch=32)
            for name in ("sigmoid", "tanh", "relu", "selu")}
    assert runs["sigmoid"].initialisation == "xavier" and runs["selu"].initialisation == "lecun"
    assert runs["relu"].initialisation == "he"
    # vanishing with the sigmoid (by many orders) and tanh (by a factor), kept with ReLU + He
    assert runs["sigmoid"].gradient[0] < 1e-12 * runs["sigmoid"].gradient[-1]
    assert runs["tanh"].gradient[0] < 0.3 * runs["tanh"].gradient[-1]
    assert 0.5 < runs["relu"].gradient[0] / runs["relu"].gradient[-1] < 2
    # SELU with LeCun keeps mean 0 and variance 1 in every layer
    assert np.abs(runs["selu"].mean).max() < 0.1
    assert np.abs(runs["selu"].std - 1).max() < 0.1


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_the_backward_pass_agrees_with_pytorch_autograd(entry):
    pytest.importorskip("torch")
    run = gallery.through_depth(entry, depth=5, width=32, batch=8)
    np.testing.assert_allclose(gallery.input_gradient(entry, run),
                               gallery.torch_input_gradient(entry, run), rtol=1e-10, atol=1e-14)
