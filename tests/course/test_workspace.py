"""`make workspace` copies the lessons for the learner, brings them the course's updates,
and never overwrites their work; `make lab` opens the workspace when there is one."""

import json
import os
import subprocess
import sys

import pytest

from course.lessons import ROOT
from course.workspace import MANIFEST, make_workspace


def notebook(*sources, outputs=()):
    """A small notebook's bytes: one code cell per source, with optional outputs."""
    cells = [{"cell_type": "code", "source": s, "outputs": list(outputs), "metadata": {},
              "execution_count": None} for s in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}).encode()


@pytest.fixture
def course(tmp_path):
    source = tmp_path / "notebooks"
    source.mkdir()
    for name in ("00_index.ipynb", "01_sigmoid.ipynb", "02_tanh.ipynb", "03_softsign.ipynb"):
        (source / name).write_bytes(notebook(f"# {name}"))
    return source, tmp_path / "workspace"


def quiet(source, target):
    messages = []
    return make_workspace(source, target, out=messages.append), messages


def test_first_run_copies_every_lesson_and_records_it(course):
    source, target = course
    report, messages = quiet(source, target)
    assert report["new"] == ["00_index.ipynb", "01_sigmoid.ipynb", "02_tanh.ipynb",
                             "03_softsign.ipynb"]
    assert not any(names for state, names in report.items() if state != "new")
    for name in report["new"]:
        assert (target / name).read_bytes() == (source / name).read_bytes()
    assert sorted(json.loads((target / MANIFEST).read_text())["lessons"]) == report["new"]
    assert "4 new" in messages[-1]


def test_each_case_after_an_update(course):
    source, target = course
    quiet(source, target)
    # 00: nothing changes. 01: the course updates it, the learner did not touch it.
    (source / "01_sigmoid.ipynb").write_bytes(notebook("# fixed upstream"))
    # 02: the learner edits it, the course does not change it.
    mine = notebook("# 02_tanh.ipynb", "my own cell")
    (target / "02_tanh.ipynb").write_bytes(mine)
    # 03: both: the learner edits it and the course updates it.
    mine_too = notebook("# 03_softsign.ipynb", "my notes")
    (target / "03_softsign.ipynb").write_bytes(mine_too)
    (source / "03_softsign.ipynb").write_bytes(notebook("# 03 improved upstream"))
    # 04: a new lesson; and a notebook of the learner's own that the course knows nothing of.
    (source / "04_relu.ipynb").write_bytes(notebook("# new lesson"))
    (target / "scratch.ipynb").write_bytes(b"learner's own notebook")

    report, messages = quiet(source, target)
    assert report == {"new": ["04_relu.ipynb"], "unchanged": ["00_index.ipynb"],
                      "refreshed": ["01_sigmoid.ipynb"], "kept": ["02_tanh.ipynb"],
                      "kept, update beside it": ["03_softsign.ipynb"]}
    assert (target / "01_sigmoid.ipynb").read_bytes() == notebook("# fixed upstream")
    assert (target / "02_tanh.ipynb").read_bytes() == mine
    assert (target / "03_softsign.ipynb").read_bytes() == mine_too
    assert (target / "03_softsign.upstream.ipynb").read_bytes() == notebook("# 03 improved upstream")
    assert (target / "scratch.ipynb").read_bytes() == b"learner's own notebook"
    assert not (target / "02_tanh.upstream.ipynb").exists()
    text = "\n".join(messages)
    assert "refreshed  01_sigmoid.ipynb (updated by the course; you had not edited it)" in text
    assert "kept       02_tanh.ipynb (edited by you; the course has not changed it)" in text
    assert "the new version is 03_softsign.upstream.ipynb" in text

    # Run again with no further change: the edited lesson is still reported as behind the
    # course, and still never overwritten; the refreshed one is now unchanged.
    report, _ = quiet(source, target)
    assert report["unchanged"] == ["00_index.ipynb", "01_sigmoid.ipynb", "04_relu.ipynb"]
    assert report["kept, update beside it"] == ["03_softsign.ipynb"]
    assert (target / "03_softsign.ipynb").read_bytes() == mine_too


def test_running_a_lesson_is_not_editing_it(course):
    """Outputs and execution counts change when the learner runs the cells: their copy still
    gets the course's update, because none of the cells they type changed."""
    source, target = course
    quiet(source, target)
    ran = notebook("# 01_sigmoid.ipynb", outputs=[{"output_type": "stream", "text": "42"}])
    (target / "01_sigmoid.ipynb").write_bytes(ran)
    report, _ = quiet(source, target)
    assert report["unchanged"] == ["00_index.ipynb", "01_sigmoid.ipynb", "02_tanh.ipynb",
                                   "03_softsign.ipynb"]
    assert (target / "01_sigmoid.ipynb").read_bytes() == ran  # nothing to refresh: kept as run
    (source / "01_sigmoid.ipynb").write_bytes(notebook("# updated"))
    report, _ = quiet(source, target)
    assert report["refreshed"] == ["01_sigmoid.ipynb"]


def test_a_learner_who_takes_the_update_is_up_to_date_again(course):
    source, target = course
    quiet(source, target)
    (target / "01_sigmoid.ipynb").write_bytes(notebook("my version"))
    (source / "01_sigmoid.ipynb").write_bytes(notebook("# updated"))
    assert quiet(source, target)[0]["kept, update beside it"] == ["01_sigmoid.ipynb"]
    (target / "01_sigmoid.ipynb").write_bytes(notebook("# updated"))  # they copied it over
    assert "01_sigmoid.ipynb" in quiet(source, target)[0]["unchanged"]
    (source / "01_sigmoid.ipynb").write_bytes(notebook("# updated again"))
    assert quiet(source, target)[0]["refreshed"] == ["01_sigmoid.ipynb"]


def test_a_workspace_from_before_the_manifest(course):
    """No record of what was copied: an exact copy is unchanged, anything else is the
    learner's and is kept, with the course's version beside it."""
    source, target = course
    target.mkdir()
    (target / "00_index.ipynb").write_bytes((source / "00_index.ipynb").read_bytes())
    (target / "01_sigmoid.ipynb").write_bytes(notebook("an old copy, or an edited one"))
    report, _ = quiet(source, target)
    assert report["unchanged"] == ["00_index.ipynb"]
    assert report["kept, update beside it"] == ["01_sigmoid.ipynb"]
    assert (target / "01_sigmoid.ipynb").read_bytes() == notebook("an old copy, or an edited one")
    assert (target / "01_sigmoid.upstream.ipynb").exists()


def test_the_command_line_and_the_real_course(tmp_path):
    target = tmp_path / "ws"
    command = [sys.executable, "-m", "course.workspace", "--target", str(target)]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "new        01_sigmoid.ipynb (copied)" in run.stdout
    assert (target / "00_index.ipynb").exists()
    (target / "01_sigmoid.ipynb").write_text("edited")
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "kept       01_sigmoid.ipynb (edited by you" in again.stdout
    assert "new " not in again.stdout
    assert (target / "01_sigmoid.ipynb").read_text() == "edited"


@pytest.mark.parametrize("exists", [True, False])
def test_make_lab_opens_the_workspace_when_there_is_one(tmp_path, exists):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    if exists:
        (workspace / "00_index.ipynb").write_bytes(notebook("# index"))
    relative = os.path.relpath(workspace, ROOT)
    run = subprocess.run(["make", "-n", "-s", "lab", f"WORKSPACE={relative}"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    start = f"{relative}/00_index.ipynb" if exists else "notebooks/00_index.ipynb"
    assert f"--LabApp.default_url=/lab/tree/{start}" in run.stdout


def test_an_update_of_the_outputs_alone_reaches_an_unedited_copy(course):
    """The course re-executed a lesson (new outputs, same cells): a copy the learner has not
    edited gets it, as any other update."""
    source, target = course
    quiet(source, target)
    rerun = notebook("# 01_sigmoid.ipynb", outputs=[{"output_type": "stream", "text": "new"}])
    (source / "01_sigmoid.ipynb").write_bytes(rerun)
    report, _ = quiet(source, target)
    assert report["refreshed"] == ["01_sigmoid.ipynb"]
    assert (target / "01_sigmoid.ipynb").read_bytes() == rerun
