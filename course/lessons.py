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
