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
