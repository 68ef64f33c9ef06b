"""The instructor's pages, completed from the lessons themselves so that they cannot drift.

An instructor's page ``docs/instructor/NN_name.md`` is hand-written (misconceptions,
discussion questions, how to run the lesson) except for three blocks, which the website's
build (``docs/conf.py``) replaces with what the notebook ``notebooks/NN_name.ipynb`` says:

```{lesson-facts}
```
    the notebook, its reading time (:func:`course.lessons.reading_minutes`) and the
    number of its exercises, and what the lesson's introduction promises the learner;

```{lesson-plan}
## Setup
What to do in this part (hand-written).
```
    a timed plan: one row per ``##`` section of the notebook, its minutes measured
    the same way as the reading time, its ``###`` parts, and the note written under
    that section's heading in the block (a heading the notebook does not have is an
    error);

```{exercise-notes}
## 1
Where exercise 1 fits (hand-written).
```
    the lesson's exercises, numbered and titled as in its *Exercises* section, each with
    the note written under its number; a note for an exercise that does not exist, or an
    exercise without a note, is an error.

:func:`expand` returns the page with the blocks replaced and the list of problems; the
build reports each problem as a warning (so ``make docs``, which turns warnings into
errors, fails) and ``tests/course/test_instructor.py`` checks every page.
"""

from __future__ import annotations

import re

from course.lessons import CODE_LINES_PER_MINUTE, WORDS_PER_MINUTE, reading_minutes

BLOCK = re.compile(r"^```\{(lesson-facts|lesson-plan|exercise-notes)\}[^\n]*\n(.*?)^```[ \t]*$",
                   flags=re.M | re.S)
EXERCISE = re.compile(r"^\*\*(\d+)\.\s+(.+?)\*\*", flags=re.M)


def cell_minutes(cell) -> float:
    """A cell's share of :func:`course.lessons.reading_minutes` (unrounded)."""
    source = "".join(cell["source"])
    if cell["cell_type"] == "markdown":
        return len(source.split()) / WORDS_PER_MINUTE
    if "solution" in cell["metadata"].get("tags", []):
        return 0.0
    return sum(1 for line in source.splitlines() if line.strip()) / CODE_LINES_PER_MINUTE


def sections(nb) -> list[dict]:
    """The notebook's ``##`` sections in order, the introduction first: each with its
    title and its ``###`` parts (as markdown) and its reading minutes. A markdown cell's words are
    shared among the sections it spans, in proportion to where its headings fall."""
    result = [{"title": "Introduction", "parts": [], "minutes": 0.0}]
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            result[-1]["minutes"] += cell_minutes(cell)
            continue
        for i, chunk in enumerate(re.split(r"^(?=#{1,3} )", "".join(cell["source"]), flags=re.M)):
            heading = re.match(r"(#{1,3}) (.+)", chunk)
            if heading and len(heading.group(1)) == 2:
                result.append({"title": heading.group(2).strip(), "parts": [], "minutes": 0.0})
            elif heading and len(heading.group(1)) == 3:
                result[-1]["parts"].append(heading.group(2).strip())
            result[-1]["minutes"] += len(chunk.split()) / WORDS_PER_MINUTE
    return result


def exercises(nb) -> list[tuple[int, str]]:
    """The lesson's exercises, ``(number, title)``, from its *Exercises* section: each
    starts a paragraph with a bold ``**N. Title.**``."""
    found, inside = [], False
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        for chunk in re.split(r"^(?=## )", source, flags=re.M):
            if chunk.startswith("## "):
                inside = chunk.startswith("## Exercises")
            if inside:
                found += [(int(n), t.strip().rstrip(".")) for n, t in EXERCISE.findall(chunk)]
    return found


def notes(body: str) -> dict[str, str]:
    """A block's hand-written notes: the text under each ``## key`` line."""
    parts = re.split(r"^## (.+)$", body, flags=re.M)
    return {key.strip(): text.strip() for key, text in zip(parts[1::2], parts[2::2], strict=True)}


def introduction(nb) -> str:
    """What the lesson's first cell tells the learner, without its title, the link back
    to the index and the time line (the facts block states the time)."""
    source = "".join(nb["cells"][0]["source"])
    paragraphs = [p for p in source.split("\n\n")
                  if p.strip() and not p.lstrip().startswith(("#", "*Chapter 3", "**Time:**"))]
    return "\n\n".join(paragraphs)


def facts(nb, name: str) -> str:
    count = len(exercises(nb))
    # the lesson's links to other lessons, as the website's pages of them (docs/lessons/)
    intro = re.sub(r"\]\((\d\d_\w+\.ipynb)", r"](../lessons/\1", introduction(nb))
    quoted = "\n".join(f"> {line}" if line else ">" for line in intro.splitlines())
    return (f"Notebook: `notebooks/{name}.ipynb` · about **{reading_minutes(nb)} minutes** to read "
            f"and run (the time the lesson states; every lesson is measured the same way: "
            f"{WORDS_PER_MINUTE} words of text and {CODE_LINES_PER_MINUTE} lines of code a "
            f"minute), plus its {count} exercises.\n\nThe lesson tells the learner:\n\n{quoted}\n")


def plan(nb, body: str, problems: list[str]) -> str:
    written = notes(body)
    rows, start = [], 0.0
    titles = [s["title"] for s in sections(nb)]
    for key in written:
        if key not in titles:
            problems.append(f"lesson-plan: the lesson has no section {key!r} (it has: "
                            f"{', '.join(titles)})")
    for section in sections(nb):
        end = start + section["minutes"]
        part = f"*{section['title']}*"
        if section["parts"]:
            part += ": " + "; ".join(section["parts"])
        note = " ".join(written.get(section["title"], "").split())
        rows.append(f"| {round(start)}–{round(end)} | {part.replace('|', '∣')} | {note} |")
        start = end
    return ("| Minutes | Part of the notebook | What to do |\n|---|---|---|\n" + "\n".join(rows)
            + "\n\nThe minutes are the reading pace of the lesson's own text and code, "
              "measured from the notebook; live derivations and discussion take longer.\n")


def exercise_notes(nb, body: str, problems: list[str]) -> str:
    written = notes(body)
    have = {str(n): title for n, title in exercises(nb)}
    for key in written:
        if key not in have:
            problems.append(f"exercise-notes: a note for exercise {key}, which the lesson does "
                            f"not have (it has {', '.join(have) or 'none'})")
    lines = []
    for number, title in have.items():
        if number not in written:
            problems.append(f"exercise-notes: exercise {number} ({title}) has no note")
        note = " ".join(written.get(number, "").split())
        lines.append(f"- **Exercise {number}, {title}.** {note}")
    return "\n".join(lines) + "\n"


def expand(page: str, nb, name: str) -> tuple[str, list[str]]:
    """The page with its blocks filled in from the notebook, and the problems found.

    A lesson page must have each of the three blocks once; a page whose notebook has no
    exercises needs no ``exercise-notes``."""
    problems: list[str] = []
    seen: list[str] = []

    def fill(match: re.Match) -> str:
        kind, body = match.group(1), match.group(2)
        seen.append(kind)
        if kind == "lesson-facts":
            return facts(nb, name)
        if kind == "lesson-plan":
            return plan(nb, body, problems)
        return exercise_notes(nb, body, problems)

    text = BLOCK.sub(fill, page)
    needed = ["lesson-facts", "lesson-plan"] + (["exercise-notes"] if exercises(nb) else [])
    for kind in needed:
        if seen.count(kind) != 1:
            problems.append(f"the page needs one {{{kind}}} block (it has {seen.count(kind)})")
    return text, problems
