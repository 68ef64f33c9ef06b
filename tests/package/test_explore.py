"""The sliders of chapter3.explore: one per registered parameter, and they redraw."""

import matplotlib
import pytest

from chapter3 import ACTIVATIONS
from chapter3.explore import explore, explore_temperature

matplotlib.use("Agg")


@pytest.mark.parametrize("name", [n for n, a in ACTIVATIONS.items() if a.sliders])
def test_one_slider_per_parameter_starting_at_the_default(name, capsys):
    widget = explore(name)
    sliders = [w for w in widget.children if hasattr(w, "min")]
    entry = ACTIVATIONS[name]
    assert {s.description: s.value for s in sliders} == pytest.approx(dict(entry.params))
    for s in sliders:
        assert (s.min, s.max) == entry.sliders[s.description][:2] and s.min <= s.value <= s.max
    # what a slider move runs (called directly: inside the widget, errors are only displayed)
    widget.f(**{s.description: s.max for s in sliders})
    widget.f(**{s.description: s.min for s in sliders})


def test_parameterless_activations_are_refused_clearly():
    with pytest.raises(ValueError, match="sigmoid has no parameters to explore; these do: relu"):
        explore("sigmoid")
    with pytest.raises(KeyError, match="no activation 'relux'"):
        explore("relux")


def test_temperature_slider():
    widget = explore_temperature([0.25, -1, 2.3, -0.2, 1])
    slider = widget.children[0]
    assert slider.description == "T" and slider.value == 1.0
    widget.f(T=0.01)
    widget.f(T=100.0)
