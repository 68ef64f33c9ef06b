"""The instructor's pages and the index agree with the lessons, and the lessons speak only to
the learner.

- every lesson has an instructor's page whose generated blocks (course/instructor.py) find
  every section and exercise they name in the notebook, and a note for every exercise;
- every lesson states the reading time measured the same way for all
  (course.lessons.reading_minutes), and the index's table states the same;
- no learner-facing cell mentions the course's tooling, and no notebook rebinds a name it
  imported from the course package (a learner re-running a cell would lose the checker).
"""

import ast
import json
import re

import pytest

from course import instructor
from course.lessons import ROOT, lesson_notebooks, reading_minutes, stated_minutes

INSTRUCTOR = ROOT / "docs" / "instructor"
LESSONS = [p for p in lesson_notebooks() if p.name != "00_index.ipynb"]


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_the_instructor_page_agrees_with_its_lesson(path):
    page = INSTRUCTOR / f"{path.stem}.md"
    assert page.exists(), f"lesson {path.name} has no instructor's page {page.name}"
    text, problems = instructor.expand(page.read_text(encoding="utf-8"), load(path), path.stem)
    assert problems == []
    assert "```{" not in text  # every block was filled in


def test_a_page_that_drifted_from_its_lesson_is_caught():
    nb = load(ROOT / "notebooks" / "01_sigmoid.ipynb")
    page = (INSTRUCTOR / "01_sigmoid.md").read_text(encoding="utf-8")
    assert instructor.expand(page, nb, "01_sigmoid")[1] == []
    # a note for an exercise the lesson does not have, and an exercise left without a note
    drifted = page.replace("## 4\n", "## 5\n")
    assert instructor.expand(drifted, nb, "01_sigmoid")[1] == [
        "exercise-notes: a note for exercise 5, which the lesson does not have (it has 1, 2, 3, 4)",
        "exercise-notes: exercise 4 (Predict, then run) has no note",
    ]
    # a plan naming a section the lesson does not have
    renamed = page.replace("## The figure\n", "## The picture\n")
    assert any("no section 'The picture'" in p for p in instructor.expand(renamed, nb, "01_sigmoid")[1])
    # a missing block
    assert instructor.expand(page.replace("```{lesson-facts}\n```", ""), nb, "01_sigmoid")[1] == [
        "the page needs one {lesson-facts} block (it has 0)"]
    # the exercise titles, the sections and the time come from the notebook
    text = instructor.expand(page, nb, "01_sigmoid")[0]
    assert "**Exercise 4, Predict, then run.**" in text
    assert "about **40 minutes** to read" in text and "plus its 4 exercises" in text
    assert "| *Beyond the post*: 1. Symmetry" in text


def test_the_plan_divides_the_reading_time_among_the_sections():
    for path in LESSONS:
        nb = load(path)
        total = sum(section["minutes"] for section in instructor.sections(nb))
        assert abs(total - reading_minutes(nb)) <= 2.5, path.name  # reading_minutes rounds to 5


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_states_its_measured_reading_time(path):
    nb = load(path)
    assert stated_minutes(nb) == reading_minutes(nb), (
        f"{path.name}: its introduction should say '**Time:** about {reading_minutes(nb)} "
        "minutes' (python -m course.lessons measures every lesson)")


def test_the_index_states_the_same_time_for_every_lesson():
    index = "".join(load(ROOT / "notebooks" / "00_index.ipynb")["cells"][0]["source"])
    rows = dict(re.findall(r"^\|[^|\n]*\| \[[^\]]*\]\((\d\d_\w+\.ipynb)\) \|.*\| (\d+) min \|$",
                           index, flags=re.M))
    assert sorted(rows) == [p.name for p in LESSONS]
    for path in LESSONS:
        assert int(rows[path.name]) == reading_minutes(load(path)), path.name


TOOLING = re.compile(r"nbval|syllabus|\bCI\b|pytest|make test|course's (own )?tests|the tests\b",
                     flags=re.I)


@pytest.mark.parametrize("path", lesson_notebooks(), ids=lambda p: p.stem)
def test_no_learner_facing_cell_mentions_the_course_tooling(path):
    for cell in load(path)["cells"]:
        source = "".join(cell["source"])
        assert not TOOLING.search(source), f"{path.name}, cell {cell.get('id')}: {source[:200]}"


def module_level(tree):
    """The nodes of a cell that run in the notebook's namespace: not inside a function, a
    class or a comprehension (their names are local)."""
    stack = list(ast.iter_child_nodes(tree))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
                          | ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            stack.extend(ast.iter_child_nodes(node))


@pytest.mark.parametrize("path", lesson_notebooks(), ids=lambda p: p.stem)
def test_no_notebook_rebinds_a_name_it_imported_from_the_course(path):
    """Anywhere in the notebook, since a learner re-runs cells in any order (3.7 once
    assigned `check = ...` above the exercises that import `check`)."""
    trees = [(cell.get("id"), ast.parse("".join(cell["source"])))
             for cell in load(path)["cells"] if cell["cell_type"] == "code"]
    imported = {alias.asname or alias.name for _, tree in trees for node in module_level(tree)
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("chapter3")
                for alias in node.names}
    rebound = [(cell, node.id) for cell, tree in trees for node in module_level(tree)
               if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
               and node.id in imported]
    rebound += [(cell, node.name) for cell, tree in trees for node in module_level(tree)
                if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name in imported]
    assert rebound == []


WORKSHOP_PAGES = ["index.md", "setup.md", "workshop-90-minutes.md", "workshop-half-day.md",
                  "workshop-two-days.md"]


def lessons_by_number():
    from course.lessons import lesson_number

    return {lesson_number(load(p)): load(p) for p in LESSONS if lesson_number(load(p))}


@pytest.mark.parametrize("name", WORKSHOP_PAGES)
def test_the_workshop_plans_name_lessons_times_and_exercises_that_exist(name):
    """"lesson 3.4 (75 min)", "3.4 exercise 2" and "add up to 475 minutes" in a plan are
    claims about the lessons: they must hold."""
    text = " ".join((INSTRUCTOR / name).read_text(encoding="utf-8").split())
    lessons = lessons_by_number()
    for number, minutes in re.findall(r"lesson (3\.\d+) \((\d+) min\)", text):
        assert int(minutes) == reading_minutes(lessons[number]), f"{name}: lesson {number}"
    for number, exercise in re.findall(r"(3\.\d+) exercise (\d+)", text):
        assert int(exercise) in dict(instructor.exercises(lessons[number])), (
            f"{name}: lesson {number} has no exercise {exercise}")
    for total in re.findall(r"add up to (\d+) minutes", text):
        assert int(total) == sum(reading_minutes(load(p)) for p in LESSONS), name


def test_the_plans_are_checked_at_all():
    text = " ".join((INSTRUCTOR / "workshop-90-minutes.md").read_text(encoding="utf-8").split())
    assert len(re.findall(r"lesson (3\.\d+) \((\d+) min\)", text)) >= 2
    assert len(re.findall(r"(3\.\d+) exercise (\d+)", text)) >= 8


def beyond_the_post_parts(nb) -> list[int]:
    """The numbers of the lesson's *Beyond the post* parts ("### 1. Symmetry" is 1)."""
    section = next((s for s in instructor.sections(nb) if s["title"] == "Beyond the post"), {"parts": []})
    return [int(m.group(1)) for part in section["parts"] if (m := re.match(r"(\d+)\.", part))]


@pytest.mark.parametrize("path", [p for p in LESSONS if p.stem != "08_accuracy_audit"],
                         ids=lambda p: p.stem)
def test_the_hand_written_notes_name_parts_and_exercises_the_lesson_has(path):
    """'*Beyond the post* 4' and 'exercise 2' in a lesson's page (its objectives,
    misconceptions and notes are hand-written) must exist in that lesson."""
    nb = load(path)
    text = " ".join((INSTRUCTOR / f"{path.stem}.md").read_text(encoding="utf-8").split())
    parts = beyond_the_post_parts(nb)
    named = re.findall(r"\*Beyond the post\*,? (\d+(?:(?:–|, | and )\d+)*)", text)
    for group in named:
        numbers = [int(n) for n in re.findall(r"\d+", group)]
        assert set(numbers) <= set(parts), f"{path.stem}: *Beyond the post* {group}"
    exercises = dict(instructor.exercises(nb))
    for number in re.findall(r"\bexercise (\d+)", text, flags=re.I):
        assert int(number) in exercises, f"{path.stem}: exercise {number}"


def test_the_hand_written_notes_are_checked_at_all():
    text = " ".join(p.read_text(encoding="utf-8") for p in INSTRUCTOR.glob("0*.md"))
    assert len(re.findall(r"\*Beyond the post\*,? \d", text)) >= 10
