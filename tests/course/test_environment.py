"""The two pinned sets stay exact, consistent with each other, and installed.

requirements.txt is the learner's set (`make lab`, `make workspace`, `make verify`),
requirements-dev.txt adds the maintainers' tools on top of it (`make test`, `make docs`,
`make slides`, `make lint`, `make benchmark`), and environment.yml (the conda route) is the
learner's set again. The stored notebook outputs were made with these exact versions; a
different SymPy or NumPy prints differently and strict nbval would fail with a confusing
diff. These tests fail first, with a clear message.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LEARNER_FILE, DEV_FILE = ROOT / "requirements.txt", ROOT / "requirements-dev.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*)==([0-9][^\s;#]*)$")
#: The maintainers' tools: never in the learner's set, all in the maintainers'.
MAINTAINER_TOOLS = {"pytest", "hypothesis", "nbval", "sphinx", "myst-parser", "myst-nb",
                    "sphinx-book-theme", "sphinx-mathjax-offline", "sphinx-revealjs",
                    "playwright", "ruff", "pre-commit", "nbstripout", "jupyterhub"}


def lines(path: Path) -> list[str]:
    """The requirement lines of a file, without comments and blank lines."""
    return [line.split(" #")[0].strip() for line in path.read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def pins(path: Path, includes: tuple[str, ...] = ()) -> dict[str, str]:
    """Package (normalised name) → pinned version; fails on a line that is not a pin."""
    found: dict[str, str] = {}
    for line in lines(path):
        if line in includes:
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: {line!r} is not an exact pin (name==version)"
        name = canonicalize_name(match.group(1))
        assert name not in found, f"{path.name} pins {name} twice"
        found[name] = match.group(2)
    return found


LEARNER = pins(LEARNER_FILE)
DEV_ONLY = pins(DEV_FILE, includes=("-r requirements.txt",))
ALL = {**LEARNER, **DEV_ONLY}


def conda_pins() -> dict[str, str]:
    text = re.sub(r"#.*", "", (ROOT / "environment.yml").read_text())
    assert "pip:" not in text and "--editable" not in text, (
        "environment.yml is conda packages only: the course package is installed afterwards "
        "with `pip install --no-deps --editable .` (README)")
    found = {}
    for name, ver in re.findall(r"^\s*-\s+([A-Za-z0-9_.-]+)=([^=\s#]+)\s*$", text, flags=re.M):
        name = canonicalize_name(name)
        assert name not in found, f"environment.yml pins {name} twice"
        found[name] = ver
    return found


def test_the_maintainers_set_is_the_learners_set_plus_tools_and_never_repins_it():
    assert lines(DEV_FILE)[0] == "-r requirements.txt", "requirements-dev.txt starts from it"
    twice = sorted(set(LEARNER) & set(DEV_ONLY))
    assert not twice, f"pinned in both files (one pin each): {twice}"


def test_the_learners_set_has_the_lessons_packages_and_no_maintainer_tool():
    assert {"numpy", "sympy", "matplotlib", "mpmath", "scipy", "jupyterlab", "ipykernel",
            "ipywidgets"} <= set(LEARNER)
    tools = sorted(name for name in LEARNER
                   if name in MAINTAINER_TOOLS or name.startswith(("sphinx", "pytest")))
    assert not tools, f"maintainers' tools in the learner's set (requirements.txt): {tools}"
    assert MAINTAINER_TOOLS <= set(DEV_ONLY), sorted(MAINTAINER_TOOLS - set(DEV_ONLY))


def test_the_conda_route_pins_the_learners_set():
    conda = {k: v for k, v in conda_pins().items() if k not in {"python", "pip"}}
    assert conda == LEARNER


def test_the_package_dependencies_are_pinned_within_their_bounds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for dependency in map(Requirement, project["dependencies"]):
        name = canonicalize_name(dependency.name)
        assert name in LEARNER, f"chapter3 depends on {name}, which requirements.txt does not pin"
        assert dependency.specifier.contains(LEARNER[name]), (
            f"requirements.txt pins {name} {LEARNER[name]}, outside pyproject.toml's "
            f"{dependency.specifier}")


@pytest.mark.parametrize("package", sorted(ALL))
def test_installed_versions_are_the_pinned_ones(package):
    try:
        installed = version(package)
    except PackageNotFoundError:
        if package in LEARNER:
            pytest.fail(f"{package} is not installed: run the tests with `make test`")
        pytest.skip(f"{package} (requirements-dev.txt) is not installed: `make test` installs it")
    assert installed == ALL[package], (
        f"{package} {installed} is installed but the course pins {ALL[package]}: "
        "run `make test`, which uses the course's own virtual environment")


def test_each_command_installs_its_set():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^\$\(STAMP\): requirements\.txt ", makefile, flags=re.M)
    assert re.search(r"^\$\(DEV_STAMP\): requirements-dev\.txt \$\(STAMP\)", makefile, flags=re.M)
    for target in ("lab", "workspace", "verify", "execute-notebooks"):
        assert re.search(rf"^{target}: \$\(STAMP\)$", makefile, flags=re.M), target
    for target in ("test", "docs", "slides", "lint", "benchmark"):
        assert re.search(rf"^{target}: \$\(DEV_STAMP\)$", makefile, flags=re.M), target


def test_readme_commands_exist():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    for target in re.findall(r"^\s*make (\w[\w-]*)\s*$", readme, flags=re.M):
        assert re.search(rf"^{target}:", makefile, flags=re.M), f"README says `make {target}`"
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "make lint" in ci
