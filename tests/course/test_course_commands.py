"""The README's commands do what it says: `make lab` serves the course, pytest's
configuration never collects copies of notebooks, `make execute-notebooks` never
overwrites edits."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from browser import ROOT, needs_make_venv, running_lab


def get(url: str) -> tuple[int, str, str]:
    """Status, final URL and body of a GET, without raising on 4xx."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.url, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, url, ""


@needs_make_venv()
def test_make_lab_serves_the_index_and_lesson_on_localhost_with_a_token(tmp_path):
    with running_lab(tmp_path, timeout=90) as (base, token, _):
        # the token is required
        assert get(f"{base}/api/contents/notebooks/00_index.ipynb")[0] == 403
        # the start page is the course index (the learner's copy, once `make workspace` made one)
        start = "workspace" if (ROOT / "workspace" / "00_index.ipynb").exists() else "notebooks"
        status, final_url, _ = get(f"{base}/?token={token}")
        assert status == 200 and final_url.startswith(f"{base}/lab/tree/{start}/00_index.ipynb")
        # both notebooks are served, as notebooks
        for name in ("00_index.ipynb", "01_sigmoid.ipynb"):
            status, _, body = get(f"{base}/api/contents/notebooks/{name}?token={token}")
            assert status == 200 and '"type": "notebook"' in body


def test_pytest_never_collects_notebook_copies(tmp_path):
    (tmp_path / "tests" / "course").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copy(ROOT / "tests" / "course" / "sanitize.cfg", tmp_path / "tests" / "course")
    notebook = (ROOT / "notebooks" / "00_index.ipynb").read_text()
    places = ["notebooks/lesson.ipynb", "notebooks/.ipynb_checkpoints/lesson-checkpoint.ipynb",
              "docs/_build/jupyter_execute/lesson.ipynb", "docs/_build/html/lesson.ipynb",
              ".venv/share/lesson.ipynb", "build/lesson.ipynb", "chapter3/.cache/lesson.ipynb",
              "docs/lessons/lesson.ipynb", "workspace/lesson.ipynb", "slides/lesson.ipynb"]
    for place in places:
        (tmp_path / place).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / place).write_text(notebook)
    (tmp_path / "chapter3" / "__init__.py").write_text("")
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p",
                             "no:cacheprovider"], cwd=tmp_path, capture_output=True, text=True)
    collected = {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}
    assert collected == {"notebooks/lesson.ipynb"}, result.stdout + result.stderr


@needs_make_venv()
def test_execute_notebooks_refuses_to_overwrite_uncommitted_edits(tmp_path):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout")
    clone = tmp_path / "course"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    (clone / ".venv").symlink_to(ROOT / ".venv")  # reuse the environment, do not rebuild it
    lesson = clone / "notebooks" / "01_sigmoid.ipynb"
    edited = lesson.read_text().replace("# 3.1 Sigmoid", "# 3.1 Sigmoid (my notes)")
    lesson.write_text(edited)
    result = subprocess.run(["make", "-s", "-o", ".venv/.installed", "execute-notebooks"], cwd=clone,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "uncommitted changes" in result.stdout
    assert lesson.read_text() == edited
