"""Your own copy of the lessons: updates reach you, and your edits are never overwritten.

``make workspace`` (or ``python -m course.workspace``) copies every notebook of
``notebooks/`` into ``workspace/`` (which git ignores). Edit those copies freely.

It remembers what it copied, in ``workspace/.course-manifest.json``: for each lesson
the SHA-256 of the file as copied, and of its cells' text (what you type; running the
cells changes only their outputs). Run it again, say after ``git pull``, and it says,
lesson by lesson, which one is

- ``new``: not in your workspace yet, so copied;
- ``unchanged``: neither you nor the course changed it;
- ``refreshed``: the course updated it and you had not edited it, so your copy is
  replaced by the new version (outputs of cells you ran are the only thing lost);
- ``kept``: you edited it and the course did not change it;
- ``kept, update beside it``: you edited it *and* the course updated it. Your copy is
  never overwritten; the new version is written next to it as
  ``NN_name.upstream.ipynb`` (replaced by the newest at every run), for you to compare
  and copy from.

A workspace made before the manifest existed has no record of what was copied: a copy
equal to the course's version is recorded as unchanged, and any other is treated as
yours (kept, the course's version beside it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from course.lessons import NOTEBOOKS, ROOT

MANIFEST = ".course-manifest.json"
STATES = ("new", "unchanged", "refreshed", "kept", "kept, update beside it")


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cells_hash(data: bytes) -> str:
    """The SHA-256 of the notebook's cells as typed (type and source of each cell), so that
    running a lesson (new outputs, execution counts, metadata) does not count as editing it.
    A file that is not a notebook's JSON is hashed whole."""
    try:
        cells = json.loads(data)["cells"]
        text = json.dumps([[c["cell_type"], "".join(c["source"])] for c in cells])
    except (ValueError, KeyError, TypeError):
        return file_hash(data)
    return file_hash(text.encode())


def upstream_name(name: str) -> str:
    """Where the course's newer version of an edited lesson goes: ``NN_x.upstream.ipynb``."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.upstream.{suffix}" if dot else f"{name}.upstream"


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step: never a half-written notebook."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_manifest(target: Path) -> dict[str, dict[str, str]]:
    try:
        return json.loads((target / MANIFEST).read_text(encoding="utf-8"))["lessons"]
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return {}


def make_workspace(source: Path = NOTEBOOKS, target: Path = ROOT / "workspace",
                   out=print) -> dict[str, list[str]]:
    """Copy, refresh or keep each ``source/*.ipynb`` in ``target``, as the module says.

    Returns the lesson names by state (the keys of :data:`STATES`). A new copy is
    created with exclusive creation (``open(..., "xb")``), so even a file that appears
    meanwhile is not overwritten; a refresh replaces the file in one step.
    """
    lessons = sorted(source.glob("*.ipynb"))
    if not lessons:
        raise FileNotFoundError(f"no notebooks in {source}")
    target.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(target)
    report: dict[str, list[str]] = {state: [] for state in STATES}
    for lesson in lessons:
        name, data = lesson.name, lesson.read_bytes()
        copied = {"file": file_hash(data), "cells": cells_hash(data)}
        mine = target / name
        try:
            with open(mine, "xb") as copy:
                copy.write(data)
        except FileExistsError:
            pass
        else:
            manifest[name] = copied
            report["new"].append(name)
            out(f"  new        {name} (copied)")
            continue
        current = mine.read_bytes()
        record = manifest.get(name)
        if record is None:  # a copy made before the manifest: what was copied is unknown
            record = copied if current == data else {"file": "", "cells": ""}
        updated = record["file"] != copied["file"]
        edited = cells_hash(current) != record["cells"]
        if not updated:
            manifest[name] = record
            state = "kept" if edited else "unchanged"
            message = "edited by you; the course has not changed it" if edited else ""
        elif not edited:
            write_atomically(mine, data)
            manifest[name] = copied
            state, message = "refreshed", "updated by the course; you had not edited it"
        elif cells_hash(current) == copied["cells"]:  # you took the update already
            manifest[name] = copied
            state, message = "unchanged", "the same cells as the course's new version"
        else:
            beside = upstream_name(name)
            write_atomically(target / beside, data)
            manifest[name] = record  # your copy is still based on the version you copied
            state = "kept, update beside it"
            message = (f"edited by you and updated by the course: yours is untouched, "
                       f"the new version is {beside}")
        report[state].append(name)
        out(f"  {state.split(',')[0]:<10} {name}" + (f" ({message})" if message else ""))
    write_atomically(target / MANIFEST, (json.dumps(
        {"about": "what `make workspace` copied into this folder; do not edit",
         "lessons": manifest}, indent=1, sort_keys=True) + "\n").encode())
    where = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    counts = ", ".join(f"{len(names)} {state}" for state, names in report.items() if names)
    opens = " (make lab opens it)" if target == ROOT / "workspace" else ""
    out(f"Your workspace is {where}/: {counts}. Open {where}/00_index.ipynb in JupyterLab"
        f"{opens} and edit freely: your edits are never overwritten.")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", type=Path, default=ROOT / "workspace",
                        help="where to put your copies (default: workspace/)")
    args = parser.parse_args(argv)
    make_workspace(target=args.target.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
