"""Your own copy of the lessons, which updating the course never touches.

``make workspace`` (or ``python -m course.workspace``) copies every notebook of
``notebooks/`` into ``workspace/`` (which git ignores). Edit those copies freely.
Running it again, say after ``git pull`` brought a new lesson, adds only the
notebooks you do not have yet: a file that already exists in the workspace is never
overwritten, and the command says which ones it kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.lessons import NOTEBOOKS, ROOT


def make_workspace(source: Path = NOTEBOOKS, target: Path = ROOT / "workspace",
                   out=print) -> tuple[list[str], list[str]]:
    """Copy each ``source/*.ipynb`` to ``target`` unless a file of that name is there.

    Returns the names copied and the names kept. The copy is created with exclusive
    creation (``open(..., "xb")``), so even a file that appears meanwhile is not
    overwritten.
    """
    lessons = sorted(source.glob("*.ipynb"))
    if not lessons:
        raise FileNotFoundError(f"no notebooks in {source}")
    target.mkdir(parents=True, exist_ok=True)
    copied, kept = [], []
    for lesson in lessons:
        try:
            with open(target / lesson.name, "xb") as copy:
                copy.write(lesson.read_bytes())
        except FileExistsError:
            kept.append(lesson.name)
            out(f"  kept    {lesson.name} (yours already; not overwritten)")
        else:
            copied.append(lesson.name)
            out(f"  copied  {lesson.name}")
    where = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    out(f"Your workspace is {where}/: {len(copied)} notebook(s) copied, {len(kept)} kept as "
        f"they were. Open {where}/00_index.ipynb in JupyterLab (make lab) and edit freely.")
    return copied, kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", type=Path, default=ROOT / "workspace",
                        help="where to put your copies (default: workspace/)")
    args = parser.parse_args(argv)
    make_workspace(target=args.target.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
