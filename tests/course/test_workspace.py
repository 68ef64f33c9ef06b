"""`make workspace` copies the lessons for the learner and never overwrites their work."""

import json
import subprocess
import sys

import pytest

from course.lessons import ROOT
from course.workspace import make_workspace


@pytest.fixture
def course(tmp_path):
    source = tmp_path / "notebooks"
    source.mkdir()
    for name in ("00_index.ipynb", "01_sigmoid.ipynb"):
        (source / name).write_text(json.dumps({"cells": [], "name": name}))
    return source, tmp_path / "workspace"


def test_first_run_copies_every_lesson(course):
    source, target = course
    copied, kept = make_workspace(source, target, out=lambda _: None)
    assert copied == ["00_index.ipynb", "01_sigmoid.ipynb"] and kept == []
    for name in copied:
        assert (target / name).read_bytes() == (source / name).read_bytes()


def test_running_again_adds_new_lessons_and_keeps_the_learners_edits(course):
    source, target = course
    make_workspace(source, target, out=lambda _: None)
    mine = b'{"cells": ["my own notes"]}'
    (target / "01_sigmoid.ipynb").write_bytes(mine)
    (target / "scratch.ipynb").write_bytes(b"learner's own notebook")
    (source / "01_sigmoid.ipynb").write_text('{"cells": ["an updated lesson"]}')
    (source / "02_tanh.ipynb").write_text('{"cells": ["a new lesson"]}')
    messages = []
    copied, kept = make_workspace(source, target, out=messages.append)
    assert copied == ["02_tanh.ipynb"]
    assert kept == ["00_index.ipynb", "01_sigmoid.ipynb"]
    assert (target / "01_sigmoid.ipynb").read_bytes() == mine
    assert (target / "scratch.ipynb").read_bytes() == b"learner's own notebook"
    assert any("kept    01_sigmoid.ipynb (yours already; not overwritten)" in m for m in messages)


def test_the_command_line_and_the_real_course(tmp_path):
    target = tmp_path / "ws"
    run = subprocess.run([sys.executable, "-m", "course.workspace", "--target", str(target)],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    assert "copied  01_sigmoid.ipynb" in run.stdout and (target / "00_index.ipynb").exists()
    (target / "01_sigmoid.ipynb").write_text("edited")
    again = subprocess.run([sys.executable, "-m", "course.workspace", "--target", str(target)],
                           cwd=ROOT, capture_output=True, text=True, check=True)
    assert "kept    01_sigmoid.ipynb" in again.stdout and "0 notebook(s) copied" in again.stdout
    assert (target / "01_sigmoid.ipynb").read_text() == "edited"
