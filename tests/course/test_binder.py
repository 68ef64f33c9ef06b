"""The Binder files are what repo2docker reads, and postBuild works.

repo2docker (Binder's builder) reads its configuration files from a `binder/` (or
`.binder/`) folder when there is one, else from the repository's root; it installs
`environment.yml` with conda, then runs the executable `postBuild` from the repository's
root. Installing the course package from inside environment.yml (a `pip: [--editable .]`
entry) would put the whole repository into the conda layer, so that any notebook edit
rebuilds the environment: postBuild installs it instead. Building the image itself needs
Docker and the network; what can be checked here is checked.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_binder_reads_the_root_files():
    for folder in ("binder", ".binder"):
        assert not (ROOT / folder).exists(), (
            f"repo2docker would read {folder}/ and ignore the root environment.yml and postBuild")
    assert (ROOT / "environment.yml").is_file()
    post_build = ROOT / "postBuild"
    assert post_build.is_file() and os.access(post_build, os.X_OK), "postBuild must be executable"
    assert post_build.read_text().startswith("#!"), "postBuild needs a shebang line"


def test_environment_yml_is_conda_packages_only():
    text = re.sub(r"#.*", "", (ROOT / "environment.yml").read_text())
    assert "pip:" not in text and "--editable" not in text and re.search(r"^\s*-\s*\.\s*$", text,
                                                                            flags=re.M) is None
    assert re.search(r"^\s*-\s+nbgitpuller=", text, flags=re.M), "nbgitpuller is in the set"


def test_post_build_installs_the_package_and_the_settings_in_a_fresh_venv(tmp_path):
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    path = f"{env / 'bin'}{os.pathsep}{os.environ['PATH']}"
    run = subprocess.run([str(ROOT / "postBuild")], cwd=tmp_path, capture_output=True,
                         text=True, env=dict(os.environ, PATH=path, PIP_DISABLE_PIP_VERSION_CHECK="1"),
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    settings = env / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert json.loads(settings.read_text()) == json.loads(
        (ROOT / "config" / "jupyterlab-overrides.json").read_text())
    show = subprocess.run([str(env / "bin" / "python"), "-m", "pip", "show", "chapter3"],
                          cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert f"Editable project location: {ROOT}" in show, "installed from this repository"
    assert sys.prefix != str(env)
