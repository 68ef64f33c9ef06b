"""The lessons of the course as files: which notebooks they are, and their titles.

Shared by ``make slides``, ``make verify``, ``make workspace`` and the website's build
(``docs/conf.py``). A lesson is a notebook ``notebooks/NN_*.ipynb``: the file name
orders the lessons; the lesson's number ("3.1") is the start of its title, never the
file name's prefix.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The lesson notebooks: every ``NN_*.ipynb`` in this folder.
NOTEBOOKS = ROOT / "notebooks"


def lesson_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The lesson notebooks, ``NN_*.ipynb``, in lesson order."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def plain_text(markdown: str) -> str:
    """Markdown with TeX as plain text on one line, for a title or an image's alt text
    (the website's alt text uses it too)."""
    text = re.sub(r"<[^>]+>", "", markdown)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\[td]?frac(\d)(\d)", r"\1/\2", text)  # \tfrac12 -> 1/2
    text = re.sub(r"\\(left|right|[,;!])", "", text)
    text = re.sub(r"\\([a-zA-Z]+)", r"\1", text)
    text = re.sub(r"[*_`#>${}\\]", "", text)
    return " ".join(text.split())


def lesson_title(nb, fallback: str) -> str:
    """The text of the notebook's first ``#`` heading (``fallback`` without one)."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            match = re.search(r"^#\s+(.+)$", "".join(cell["source"]), flags=re.M)
            if match:
                return plain_text(match.group(1))
    return fallback


def lesson_number(nb) -> str | None:
    """The lesson's number from its title ("3.1" from "3.1 Sigmoid"), or None."""
    match = re.match(r"(\d+\.\d+)\s", lesson_title(nb, ""))
    return match.group(1) if match else None


#: The reading pace every lesson's time is measured with: words of text and lines of code
#: a minute (a careful reading that runs each cell and looks at its output).
WORDS_PER_MINUTE = 100
CODE_LINES_PER_MINUTE = 5
#: How a lesson states its time in its introduction: "**Time:** about 40 minutes".
STATED_TIME = re.compile(r"\*\*Time:\*\* about (\d+) minutes")


def reading_minutes(nb) -> int:
    """The time a careful reading of the lesson takes, the same measure for every lesson.

    Every word of its markdown (the exercises' text and answers included) at
    :data:`WORDS_PER_MINUTE`, and every non-blank line of its code cells at
    :data:`CODE_LINES_PER_MINUTE`, except the hidden solutions (cells tagged
    ``solution``); rounded to the nearest 5 minutes. Doing the exercises takes longer.
    """
    words = lines = 0
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            words += len(source.split())
        elif cell["cell_type"] == "code" and "solution" not in cell["metadata"].get("tags", []):
            lines += sum(1 for line in source.splitlines() if line.strip())
    minutes = words / WORDS_PER_MINUTE + lines / CODE_LINES_PER_MINUTE
    return max(5, 5 * round(minutes / 5))


def stated_minutes(nb) -> int | None:
    """The time the lesson's introduction (its first markdown cell) states, or None."""
    intro = next(("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"), "")
    match = STATED_TIME.search(intro)
    return int(match.group(1)) if match else None


def main() -> None:
    """``python -m course.lessons``: each lesson's measured reading time and the one it states."""
    import json

    for path in lesson_notebooks():
        nb = json.loads(path.read_text(encoding="utf-8"))
        print(f"{path.name:28} {lesson_title(nb, path.stem)[:40]:40} measured "
              f"{reading_minutes(nb):3d} min, states {stated_minutes(nb)}")


if __name__ == "__main__":
    main()
