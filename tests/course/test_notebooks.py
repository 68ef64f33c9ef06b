"""The notebooks' own invariants; nbval (in the same test run) re-executes them.

nbval compares each cell's new outputs with the stored ones, so it can only catch a
change if outputs are stored: these tests make a notebook without them fail.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import chapter3
from chapter3.registry import RECORDS
from course.lessons import lesson_number

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PATHS = sorted(p for p in NOTEBOOKS.glob("*.ipynb"))
INDEX = NOTEBOOKS / "00_index.ipynb"


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_the_course_has_an_index_and_lessons():
    assert INDEX in PATHS and len(PATHS) >= 2


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_executed_top_to_bottom_in_a_fresh_kernel(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1)), f"re-run {path.name} top to bottom"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_outputs_are_stored_and_none_is_an_error(path):
    cells = code_cells(load(path))
    assert cells, "a notebook without code has nothing for nbval to check"
    silent = [c for c in cells if not c["outputs"]]
    # A lesson cell that prints nothing is a cell nbval cannot check; allow a few for set-up.
    assert len(silent) <= max(1, len(cells) // 5), f"{len(silent)} code cells have no stored output"
    for cell in cells:
        for output in cell["outputs"]:
            assert output["output_type"] != "error", "".join(cell["source"])
            assert output.get("name") != "stderr", f"stderr output (a warning?): {output}"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_no_absolute_paths_and_the_standard_kernel(path):
    nb = load(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    text = json.dumps([c.get("outputs", []) for c in nb["cells"]] + [c["source"] for c in nb["cells"]])
    assert not re.search(r"(/root/|/work/|/tmp/|/home/|[A-Z]:\\\\)", text)


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebooks_import_chapter3_instead_of_copying_it(path):
    source = "\n".join("".join(c["source"]) for c in code_cells(load(path)))
    defined = set(re.findall(r"^\s*def\s+(\w+)", source, flags=re.M))
    copies = defined & set(dir(chapter3))
    assert not copies, f"{path.name} re-defines {copies}: import them from chapter3"


def test_the_index_links_every_lesson_and_every_link_works():
    text = "\n".join("".join(c["source"]) for c in load(INDEX)["cells"] if c["cell_type"] == "markdown")
    links = set(re.findall(r"\]\(([^)#\s]+\.ipynb)\)", text))
    assert links, "the index links no lesson"
    for link in links:
        assert (NOTEBOOKS / link).exists(), f"broken link {link}"
    lessons = {p.name for p in PATHS} - {INDEX.name}
    assert lessons <= links, f"not linked from the index: {lessons - links}"


@pytest.mark.parametrize("entry", RECORDS, ids=lambda e: e.name)
def test_every_registry_entry_names_its_lesson_notebook(entry):
    # the lesson's number is the start of the notebook's title, not its file name's prefix
    path = NOTEBOOKS / entry.notebook
    assert path.exists(), f"{entry.name}: no notebook {entry.notebook}"
    assert lesson_number(load(path)) == entry.lesson, f"{entry.notebook} is not lesson {entry.lesson}"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_no_saved_widget_state(path):
    # nbconvert stores the sliders' state (new ids at every run, and the website would
    # then load the widget JavaScript from a CDN); `make execute-notebooks` strips it
    assert "widgets" not in load(path)["metadata"], f"strip metadata.widgets from {path.name}"
