"""Every exercise of the registry is in its lesson, with a hidden solution that passes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chapter3.registry import EXERCISES, RECORDS

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
#: the notebook of each exercise: that of the registry entry it belongs to
NOTEBOOK = {e.name: NOTEBOOKS / entry.notebook
            for entry in RECORDS for e in entry.exercises}


def cells(path):
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


def text(cell) -> str:
    return "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                   for o in cell["outputs"])


@pytest.mark.parametrize("name", EXERCISES)
def test_each_exercise_is_in_its_lesson_with_a_hidden_passing_solution(name):
    lesson = NOTEBOOK[name]
    calls = [c for c in cells(lesson) if re.search(rf"check\(\s*['\"]{name}['\"]", "".join(c["source"]))]
    solutions = [c for c in calls if "solution" in c["metadata"].get("tags", [])]
    attempts = [c for c in calls if c not in solutions]
    assert attempts, f"{lesson.name}: no cell where the learner checks {name!r}"
    assert len(solutions) == 1, f"{lesson.name}: expected one solution cell for {name!r}"
    solution = solutions[0]
    # hidden until asked for: collapsed in JupyterLab, behind a toggle on the website
    assert solution["metadata"].get("jupyter", {}).get("source_hidden") is True
    assert "hide-input" in solution["metadata"]["tags"]
    assert text(solution).startswith(f"✓ {name}: all "), text(solution)


@pytest.mark.parametrize("path", sorted(set(NOTEBOOK.values())), ids=lambda p: p.name)
def test_every_lesson_ends_with_two_to_four_exercises(path):
    markdown = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                if c["cell_type"] == "markdown"]
    source = "\n".join("".join(c["source"]) for c in markdown)
    assert "## Exercises" in source, path.name
    exercises = re.findall(r"^\*\*\d+\.", source.split("## Exercises")[1], flags=re.M)
    assert 2 <= len(exercises) <= 4, f"{path.name}: {len(exercises)} exercises"


@pytest.mark.parametrize("name", EXERCISES)
def test_each_first_attempt_fails_and_its_report_keeps_the_hint_back(name):
    # a first attempt that already passes teaches nothing (lesson 3.4's used to); its
    # stored report says what went wrong and where, not yet how to fix it
    lesson = NOTEBOOK[name]
    attempts = [c for c in cells(lesson) if re.search(rf"check\(\s*['\"]{name}['\"]", "".join(c["source"]))
                and "solution" not in c["metadata"].get("tags", [])]
    report = text(attempts[0])
    assert report.startswith(f"✗ {name}: "), report
    assert "hint:" not in report and f"check({name!r}, your_function, hint=2)" in report


#: the cells that start a derivation exercise, in every lesson
DERIVATION_EXERCISES = [(path, c) for path in sorted(NOTEBOOKS.glob("*.ipynb")) for c in cells(path)
                        if re.search(r"^exercise = Derivation\(", "".join(c["source"]), flags=re.M)]


@pytest.mark.parametrize("path, cell", DERIVATION_EXERCISES, ids=[p.name for p, _ in DERIVATION_EXERCISES])
def test_each_derivation_exercise_starts_with_a_derivative_left_to_work_out(path, cell):
    # every step so far ✓, and "not yet" on the last line: not a derivation already done
    assert "every step so far checked by SymPy, not finished" in text(cell), text(cell)


def test_the_elu_derivation_exercise_checks_the_form_asked_for_and_has_a_hidden_answer():
    lesson = NOTEBOOKS / "05_elu_selu.ipynb"
    assert lesson in [p for p, _ in DERIVATION_EXERCISES]
    code = cells(lesson)
    form = [c for c in code if "in_terms_of(exercise." in "".join(c["source"])]
    assert len(form) == 1 and text(form[0]).startswith("✗ "), "the first attempt is not in the form asked for"
    solution = [c for c in code if "in_terms_of(solution." in "".join(c["source"])]
    assert len(solution) == 1
    solution = solution[0]
    assert solution["metadata"].get("jupyter", {}).get("source_hidden") is True
    assert {"solution", "hide-input"} <= set(solution["metadata"]["tags"])
    derivation, claim = ("".join(o["data"]["text/plain"]) for o in solution["outputs"])
    assert "every step checked by SymPy" in derivation and "✗" not in derivation, derivation
    assert claim.startswith("✓ "), claim


def test_the_leaky_relu_first_attempt_is_the_trap_lesson_3_4_teaches():
    # not a typo such as a wrong leak: the mask form, right everywhere but at ±inf (0 * inf)
    attempt = next(c for c in cells(NOTEBOOK["leaky_relu"])
                   if "check(\"leaky_relu\", my_leaky_relu)" in "".join(c["source"]))
    failed = [line.strip() for line in text(attempt).splitlines() if line.strip().startswith("✗ ")]
    assert len(failed) == 2 and failed[1].startswith("✗ the limits at ±inf: at x = -inf: expected -inf, got nan")
