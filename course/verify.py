"""Before class: check the environment and re-check every derivation of the course.

Run ``make verify`` (or ``python -m course.verify``). It checks

1. the environment: Python, every pinned package at its pinned version, and the
   ``python3`` Jupyter kernel;
2. that every lesson notebook is present;
3. every SymPy derivation and claim in the course: each lesson is re-run in a fresh
   kernel (nothing is written to disk) and every step is printed with its ✓ or ✗.
   A ✗ that the published lesson also shows is one of the deliberate mistakes the
   lessons catch; any other difference from the published notebook is a problem.

It exits with status 0 when everything is ready for class, 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

from course.lessons import NOTEBOOKS, ROOT, lesson_notebooks


def _pins(requirements: Path) -> dict[str, str]:
    pins = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;#]+)", line)
        if match:
            pins[match.group(1)] = match.group(2)
    return pins


def check_environment(out) -> bool:
    ok = sys.version_info >= (3, 11)
    out(f"  {'✓' if ok else '✗'} Python {sys.version.split()[0]} (the course needs 3.11 or newer)")
    requirements = ROOT / "requirements.txt"
    if not requirements.exists():
        out("  ✗ requirements.txt not found next to chapter3/: run this from the course folder")
        return False
    for name, pinned in _pins(requirements).items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            out(f"  ✗ {name} is not installed (the course pins {pinned}): run `make` again")
            ok = False
            continue
        same = installed == pinned
        ok &= same
        out(f"  {'✓' if same else '✗'} {name} {installed}"
            + ("" if same else f" (the course pins {pinned}: stored outputs may differ)"))
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        spec = KernelSpecManager().get_kernel_spec("python3")
        out(f"  ✓ Jupyter kernel python3 ({spec.display_name})")
    except Exception as error:  # no kernel, or no jupyter_client at all
        out(f"  ✗ no python3 Jupyter kernel ({error}): `make` installs ipykernel")
        ok = False
    return ok


def check_notebooks(folder: Path, out) -> bool:
    from chapter3.registry import RECORDS

    expected = {"00_index.ipynb"} | {a.notebook for a in RECORDS}
    present = {p.name for p in lesson_notebooks(folder)}
    ok = True
    for name in sorted(expected | present):
        here = name in present
        ok &= here
        out(f"  {'✓' if here else '✗'} {name}" + ("" if here else " is missing"))
    return ok


def _checks(cell) -> list[str]:
    """The text of each derivation or claim that a cell displays."""
    texts = []
    for output in cell.get("outputs", []):
        text = output.get("data", {}).get("text/plain", "") if "data" in output else ""
        text = "".join(text) if isinstance(text, list) else text
        if text.startswith("d/d") or re.match(r"^[✓✗] .+\n?\s*= ", text):  # a claim: one line or two
            texts.append(text)
    return texts


def rerun(path: Path, timeout: int = 300):
    """Execute a notebook in a fresh kernel, in memory; return the executed copy."""
    import subprocess

    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(stderr=subprocess.DEVNULL)  # the kernel's start-up chatter
    return notebook


def check_derivations(folder: Path, out) -> tuple[bool, int, int]:
    import nbformat

    ok, count, deliberate = True, 0, 0
    for path in lesson_notebooks(folder):
        published = nbformat.read(path, as_version=4)
        try:
            fresh = rerun(path)
        except Exception as error:  # a cell raised: report it, go on with the others
            out(f"  ✗ {path.name} does not run: {str(error).strip().splitlines()[-1]}")
            ok = False
            continue
        pairs = [(_checks(old), _checks(new)) for old, new in zip(published.cells, fresh.cells)
                 if old.cell_type == "code"]
        if not any(new for _, new in pairs):
            continue
        out(f"  {path.name}")
        for old_texts, new_texts in pairs:
            for i, text in enumerate(new_texts):
                count += 1
                same = i < len(old_texts) and old_texts[i] == text
                wrong = "✗" in text
                for line in text.splitlines():
                    out(f"    {line}")
                if wrong and same:
                    deliberate += 1
                    out("    → a deliberate mistake: the lesson shows it, and the checker still catches it")
                elif not same:
                    ok = False
                    out("    → ✗ DIFFERENT from the published lesson: check the versions above")
    return ok, count, deliberate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS,
                        help="the folder of lesson notebooks (default: the course's)")
    parser.add_argument("--skip-derivations", action="store_true",
                        help="only check the environment and the notebooks (seconds, not a minute)")
    args = parser.parse_args(argv)
    out = print

    out("Environment")
    environment = check_environment(out)
    out("Lesson notebooks")
    notebooks = check_notebooks(args.notebooks, out)
    derivations, count, deliberate = True, 0, 0
    if not args.skip_derivations:
        out("Derivations and claims (every lesson re-run in a fresh kernel; nothing is saved)")
        derivations, count, deliberate = check_derivations(args.notebooks, out)
    ready = environment and notebooks and derivations
    summary = (f"{count} derivations and claims re-checked, {deliberate} deliberate mistakes caught "
               f"as the lessons show them" if not args.skip_derivations else "derivations skipped")
    out(f"\n{'✓ Ready for class' if ready else '✗ NOT ready for class'}: {summary}.")
    return 0 if ready else 1


if __name__ == "__main__":
    sys.exit(main())
