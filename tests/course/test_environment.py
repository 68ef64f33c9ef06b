"""The two install routes pin the same versions, and this run uses them.

The stored notebook outputs were made with these exact versions; a different SymPy or
NumPy prints differently and strict nbval would fail with a confusing diff. These tests
fail first, with a clear message.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pins(text: str, pattern: str) -> dict[str, str]:
    return {name.lower(): ver for name, ver in re.findall(pattern, text, flags=re.M)}


PIP = pins((ROOT / "requirements.txt").read_text(), r"^([A-Za-z0-9_.-]+)==([^\s#]+)")
ENVIRONMENT = (ROOT / "environment.yml").read_text()
# conda packages are `- name=version`; the pip section's are `- name==version`
CONDA = {**pins(ENVIRONMENT, r"^\s*-\s+([A-Za-z0-9_.-]+)=([^=\s#]+)\s*$"),
         **pins(ENVIRONMENT, r"^\s*-\s+([A-Za-z0-9_.-]+)==([^=\s#]+)\s*$")}


def test_requirements_pin_every_line():
    lines = [ln.strip() for ln in (ROOT / "requirements.txt").read_text().splitlines()]
    loose = [ln for ln in lines if ln and not ln.startswith("#") and "==" not in ln]
    assert not loose, f"unpinned requirements: {loose}"
    assert {"numpy", "sympy", "matplotlib", "jupyterlab", "ipykernel", "nbval", "pytest"} <= set(PIP)


def test_conda_and_pip_routes_pin_the_same_versions():
    conda = {k: v for k, v in CONDA.items() if k not in {"python", "pip"}}
    assert conda == PIP


@pytest.mark.parametrize("package", sorted(PIP))
def test_installed_versions_are_the_pinned_ones(package):
    assert version(package) == PIP[package], (
        f"{package} {version(package)} is installed but the course pins {PIP[package]}: "
        "run `make test`, which uses the course's own virtual environment"
    )


def test_readme_commands_exist():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    for target in re.findall(r"^\s*make (\w[\w-]*)\s*$", readme, flags=re.M):
        assert re.search(rf"^{target}:", makefile, flags=re.M), f"README says `make {target}`"
    assert "make test" in (ROOT / ".ci" / "run").read_text()
