"""The maintainers' checks (`make lint`, .pre-commit-config.yaml) catch what they should.

`make lint` itself runs them on every file of the repository (CI runs it); these tests
check the hooks on small copies: the notebook hook leaves the committed notebooks as they
are but strips volatile metadata, and the ruff hook fails on a finding.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from browser import ROOT

CONFIG = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
HOOKS = {hook["id"]: hook for repo in CONFIG["repos"] for hook in repo["hooks"]}
#: The tools of this run's environment (.venv/bin/ under `make test`).
BIN = Path(sys.executable).parent


def hook_command(hook_id: str) -> list[str]:
    """The hook's command, with its tool from this run's environment."""
    program, *args = shlex.split(HOOKS[hook_id]["entry"])
    assert program.startswith(".venv/bin/"), program
    tool = BIN / Path(program).name
    if not tool.exists():
        pytest.skip(f"{tool.name} is not installed here (it is pinned; run `make test`)")
    return [str(tool), *args]


def test_hooks_are_local_and_run_the_pinned_tools():
    assert [repo["repo"] for repo in CONFIG["repos"]] == ["local"], "hooks from other hosts"
    assert set(HOOKS) == {"ruff", "nbstripout"}
    pins = (ROOT / "requirements-dev.txt").read_text()
    for hook in HOOKS.values():
        assert hook["language"] == "system"
        assert f"{Path(shlex.split(hook['entry'])[0]).name}==" in pins, hook["id"]
    assert "make lint" in (ROOT / ".ci" / "run").read_text()


def test_the_notebook_hook_keeps_the_notebooks_and_strips_volatile_metadata(tmp_path):
    command = hook_command("nbstripout")
    lessons = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for lesson in lessons:
        shutil.copy(lesson, tmp_path)
    copies = sorted(tmp_path.glob("*.ipynb"))
    result = subprocess.run(command + [str(p) for p in copies], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    changed = [p.name for p, lesson in zip(copies, lessons) if p.read_bytes() != lesson.read_bytes()]
    assert not changed, f"the hook would rewrite committed notebooks: {changed}"

    # a lesson as JupyterLab may save it: the sliders' state and cell timings
    nb = json.loads(lessons[1].read_text(encoding="utf-8"))
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    code = next(c for c in nb["cells"] if c["cell_type"] == "code" and c["outputs"])
    code["metadata"]["execution"] = {"iopub.execute_input": "2024-01-01T00:00:00Z"}
    dirty = tmp_path / "dirty.ipynb"
    dirty.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    verify = subprocess.run(command + ["--verify", str(dirty)], capture_output=True, text=True)
    assert verify.returncode != 0, "the check passed a notebook with volatile metadata"
    subprocess.run(command + [str(dirty)], check=True, capture_output=True)
    stripped = json.loads(dirty.read_text(encoding="utf-8"))
    assert "widgets" not in stripped["metadata"]
    assert set(stripped["metadata"]) == {"kernelspec", "language_info"}
    kept = next(c for c in stripped["cells"] if c["id"] == code["id"])
    assert "execution" not in kept["metadata"]
    assert kept["outputs"] == code["outputs"] and kept["execution_count"] == code["execution_count"]


def test_the_ruff_hook_fails_on_a_finding(tmp_path):
    command = hook_command("ruff") + ["--config", str(ROOT / "pyproject.toml"), "--no-cache"]
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nimport sys\n\nprint(sys.argv)\n")
    result = subprocess.run(command + [str(bad)], capture_output=True, text=True)
    assert result.returncode != 0 and "F401" in result.stdout, result.stdout + result.stderr
    good = tmp_path / "good.py"
    good.write_text("import sys\n\nprint(sys.argv)\n")
    result = subprocess.run(command + [str(good)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
