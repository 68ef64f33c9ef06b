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

import os
import re
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
