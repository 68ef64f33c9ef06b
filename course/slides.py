"""The lessons as slides that need no network: ``python -m course.slides`` (``make slides``).

Every lesson notebook ``notebooks/NN_*.ipynb`` becomes ``slides/NN_*.slides.html``, a
reveal.js slide show made by nbconvert's reveal.js exporter from the outputs stored in
the notebook (nothing is executed, and the notebook file is never changed), and
``slides/index.html`` lists them in lesson order. Open ``slides/index.html`` in a browser
to present: everything the slides load is in ``slides/``.

Which cells are on the slides is CHOSEN in the notebook, with Jupyter's own slideshow
metadata (JupyterLab: the property inspector's "Slide Type"; in the file,
``metadata.slideshow.slide_type``):

- ``slide`` starts a slide, ``subslide`` a slide below it (down arrow), ``fragment``
  appears on the next key press, ``-`` continues the slide above, ``notes`` goes to the
  speaker view (``S``);
- a cell WITHOUT a slide type is not on the slides (the notebook is the full text; the
  deck shows the definition, each derivation, the key figure, the post's example, a few
  points worth discussing and the exercise prompts);
- a solution (tag ``solution``) is never on the slides, whatever its slide type;
- a markdown cell shows its headings and its first paragraph (with the list or formula
  that paragraph introduces when it ends with a colon); the rest of the cell goes to the
  speaker notes, so a slide never holds a page of prose;
- a code cell shows its outputs, not its code (the code is in the notebook); a
  derivation too long for one slide continues on the next (:func:`split_aligned`).

Every slide must fit 1280 × 720 at the sizes of :data:`CSS` without scrolling
(``tests/course/test_slides.py`` measures each one in Chromium).

What is shipped in ``slides/``, so that nothing comes from another host:

- ``reveal.js/``: reveal.js :data:`REVEAL_VERSION` (nbconvert's ``reveal`` template is
  written for reveal.js 4), the copy that the pinned PyPI package ``sphinx-revealjs``
  (:data:`REVEAL_PACKAGE`) ships, byte for byte the files of ``reveal.js@4.6.1`` on the
  npm registry (checked against :data:`REVEAL_SHA256`), with reveal.js's MIT licence.
  No npm and no network are needed: ``make slides`` installs it with the maintainers'
  set (requirements-dev.txt);
- ``mathjax/``: MathJax 3, the copy that the pinned PyPI package
  ``sphinx-mathjax-offline`` ships (the course website uses the same copy);
- the template's other scripts from CDNs (jQuery, require.js, mermaid, the widget
  manager) are left out: these slides need none of them.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import html
import re
import shutil
import sys
import time
from importlib import metadata
from pathlib import Path

from course.lessons import NOTEBOOKS, ROOT, lesson_notebooks, lesson_title, plain_text

#: Where the slides are written by default (git-ignored).
DEFAULT_OUT = ROOT / "slides"
#: The reveal.js release of the slides, pinned exactly. nbconvert's ``reveal`` template is
#: written for reveal.js 4 (it defaults to 4.0.2 on a CDN); 4.6.1 is the last release of 4.
REVEAL_VERSION = "4.6.1"
#: The PyPI package (pinned in requirements-dev.txt) whose theme ships reveal.js
#: :data:`REVEAL_VERSION`, in its folder ``static/revealjs4/`` (sphinx-revealjs 2.8.0;
#: its later releases ship reveal.js 5 there). Only its files are used, not the package.
REVEAL_PACKAGE = "sphinx-revealjs"
#: SHA-256 of the files of reveal.js 4.6.1 as the npm registry has them (``npm pack
#: reveal.js@4.6.1``): the copy in :data:`REVEAL_PACKAGE` must be the same, byte for byte.
REVEAL_SHA256 = {
    "dist/reveal.js": "73d4b64d59eded6de6a49500e7b709eb8d92c0d1d88d911319ce551c31341e9f",
    "dist/reveal.css": "fa4713396db8274bc0f1def50767464b6d98e61f4f83d17f4de6417210b25901",
    "dist/theme/white.css": "bf59df9ecd8563ac1da668571397dd454048f493e0feddcc565df7eedc40fad4",
    "plugin/notes/notes.js": "5c49866ac430789657b5b33363d2bf3edb2ef804f91c81ebd19ebc351fb0451a",
    "LICENSE": "b7cb6bd5ddfd103bf1795467346d95f2a20eb027db0c3fc96255e8a3434dbdb5",
}
#: The reveal.js theme: ``white`` uses only fonts shipped with reveal.js.
THEME = "white"
#: The stylesheet written next to the slides: scrolling slides, left-aligned text.
CSS_NAME = "chapter3-slides.css"

SLIDE, SUBSLIDE, FRAGMENT, CONTINUE, NOTES, SKIP = "slide", "subslide", "fragment", "-", "notes", "skip"
#: The slide types of Jupyter's slideshow metadata.
SLIDE_TYPES = (SLIDE, SUBSLIDE, FRAGMENT, CONTINUE, NOTES, SKIP)
#: The size of a slide, in CSS pixels (reveal.js scales it to the screen).
WIDTH, HEIGHT = 1280, 720

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+\S")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LESSON_LINK = re.compile(r'href="(\d\d_[^"/#?]+)\.ipynb(#[^"]*)?"')


class SlidesError(Exception):
    """A build that cannot go on, with a message saying what to do."""


# --- which cells, and how much of them ---------------------------------------------

def slide_type(cell) -> str:
    """The cell's slide type: its own (``metadata.slideshow.slide_type``), or ``skip``
    when it has none; a solution is always skipped.

    >>> slide_type({"metadata": {"slideshow": {"slide_type": "slide"}}})
    'slide'
    >>> slide_type({"metadata": {}})
    'skip'
    >>> slide_type({"metadata": {"tags": ["solution"], "slideshow": {"slide_type": "-"}}})
    'skip'
    """
    metadata_ = cell.get("metadata", {})
    if "solution" in metadata_.get("tags", []):
        return SKIP
    own = (metadata_.get("slideshow") or {}).get("slide_type")
    if own is not None and own not in SLIDE_TYPES:
        raise SlidesError(f"unknown slide type {own!r}: use one of {', '.join(SLIDE_TYPES)}")
    return own or SKIP


def blocks(markdown: str) -> list[str]:
    r"""Markdown split into blocks at blank lines; fenced code, ``$$`` maths and HTML
    ``<details>`` stay whole.

    >>> blocks("## A\n\nText\non two lines.\n\n$$\nx\n\ny\n$$\n")
    ['## A', 'Text\non two lines.', '$$\nx\n\ny\n$$']
    """
    result: list[list[str]] = [[]]
    fence = maths = None
    details = 0
    for line in markdown.splitlines():
        stripped = line.strip()
        opening = _FENCE.match(line)
        if fence is None and opening and not maths:
            fence = opening.group(1)
        elif fence is not None and stripped.startswith(fence) and set(stripped) == {fence[0]}:
            fence = None
        elif fence is None and stripped.startswith("$$"):
            one_line = maths is None and len(stripped) > 2 and stripped.endswith("$$")  # $$x$$
            maths = maths if one_line else (None if maths else True)
        details += stripped.count("<details") - stripped.count("</details")
        if not stripped and fence is None and not maths and details <= 0:
            if result[-1]:
                result.append([])
            continue
        result[-1].append(line)
    return ["\n".join(block) for block in result if block]


def on_slide(markdown: str) -> tuple[str, str]:
    r"""``(shown, notes)``: what of a markdown cell its slide shows, and the rest.

    The slide shows the cell's leading headings and its first paragraph, with the block
    after it when the paragraph ends with a colon (the list or formula it introduces).

    >>> on_slide("## The figure\n\nIt shows:\n\n$$f(x)$$\n\nMore prose.")
    ('## The figure\n\nIt shows:\n\n$$f(x)$$', 'More prose.')
    """
    parts = blocks(markdown)
    shown = 0
    while shown < len(parts) and _HEADING.match(parts[shown]):
        shown += 1
    if shown < len(parts):
        shown += 1
        if parts[shown - 1].rstrip().endswith(":") and shown < len(parts):
            shown += 1
    return "\n\n".join(parts[:shown]), "\n\n".join(parts[shown:])


#: How much of a derivation (``aligned`` rows, a row with a fraction counting double)
#: one slide holds at the sizes of :data:`CSS`; a longer one continues on the next.
ROWS_PER_SLIDE = 14
_ALIGNED = re.compile(r"^\$\$\\begin\{aligned\}\n(.*)\n\\end\{aligned\}\$\$$", re.S)


def split_aligned(latex: str, budget: int = ROWS_PER_SLIDE) -> list[str]:
    r"""A long ``aligned`` display (a derivation) as several, cut before a step's row
    (one starting ``&=``), each within ``budget``; later parts start with a ⋮ row.

    >>> rows = [r"&f", r"&= a", r"&\qquad\quad \text{why}", r"&= b", r"&\qquad\quad \text{why}"]
    >>> latex = "$$\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}$$"
    >>> [part.count("&") for part in split_aligned(latex, budget=3)]
    [3, 3]

    A step that runs over several rows moves whole to the next slide when it does not fit:

    >>> rows = [r"&f", r"&= a", r"&\qquad + a_2", r"&\qquad + a_3", r"&\qquad\quad \text{why}"]
    >>> latex = "$$\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}$$"
    >>> [part.count("&") for part in split_aligned(latex, budget=4)]
    [1, 5]
    """
    match = _ALIGNED.match(latex.strip())
    if not match:
        return [latex]
    rows = match.group(1).split(" \\\\\n")
    weight = [2 if r"\frac" in row else 1 for row in rows]
    if sum(weight) <= budget:
        return [latex]
    # a step is its "&=" row with the rows it continues on and its reason: weigh it whole
    steps: list[tuple[list[str], int]] = []
    for row, w in zip(rows, weight):
        if not steps or row.startswith("&="):
            steps.append(([], 0))
        steps[-1] = (steps[-1][0] + [row], steps[-1][1] + w)
    parts, current, used = [], [], 0
    for step, w in steps:
        if current and used + w > budget:
            parts.append(current)
            current, used = [r"&\vdots"], 1
        current.extend(step)
        used += w
    parts.append(current)
    return ["$$\\begin{aligned}\n" + " \\\\\n".join(part) + "\n\\end{aligned}$$" for part in parts]


def _split_derivations(cell) -> list:
    """The cell, or copies of it each showing a part of its one long derivation."""
    outputs = cell.get("outputs", [])
    latex = [o for o in outputs if "text/latex" in o.get("data", {})]
    if len(outputs) != 1 or len(latex) != 1:
        return [cell]
    parts = split_aligned("".join(latex[0]["data"]["text/latex"]))
    if len(parts) == 1:
        return [cell]
    cells = []
    for k, part in enumerate(parts):
        piece = copy.deepcopy(cell)
        piece.outputs[0]["data"] = {"text/latex": part}
        if k:
            piece.metadata["slideshow"]["slide_type"] = SUBSLIDE
            if "id" in piece:
                piece["id"] = f"{cell['id']}-{k}"
        cells.append(piece)
    return cells


def prepare(nb, title: str = ""):
    """A copy of the notebook as its slides; ``nb`` itself is left as it was.

    Only the cells with a slide type are kept (see :func:`slide_type`); a markdown cell
    keeps what :func:`on_slide` shows, the rest of it following as speaker notes; every
    figure gets an alt text naming the slide it is on.
    """
    from nbformat import from_dict

    nb = copy.deepcopy(nb)
    cells = []
    heading = title
    for cell in nb.cells:
        kind = slide_type(cell)
        if kind == SKIP:
            continue
        cell.metadata["slideshow"] = from_dict(dict(cell.metadata.get("slideshow") or {}))
        if cell.cell_type == "markdown" and kind != NOTES:
            shown, notes = on_slide("".join(cell.source))
            cell.source = shown
            cells.append(cell)
            match = _HEADING.match(shown)
            if match:
                heading = plain_text(shown.splitlines()[0])
            if notes.strip():
                rest = copy.deepcopy(cell)
                rest.source = notes
                rest.metadata["slideshow"]["slide_type"] = NOTES
                if "id" in rest:
                    rest["id"] = f"{cell['id']}-notes"
                cells.append(rest)
            continue
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                where = f"“{heading}”" + (f" of {title}" if heading != title else "")
                output.setdefault("metadata", {}).setdefault(
                    "chapter3_alt", f"Figure on the slide {where}")
        cells.extend(_split_derivations(cell) if cell.cell_type == "code" else [cell])
    if not cells:
        raise SlidesError(f"{title or 'a lesson'}: no cell has a slide type; choose its slides "
                          f"in the notebook (README, 'Slides: choose them in the notebook')")
    if slide_type(cells[0]) != SLIDE:
        raise SlidesError(f"{title or 'a lesson'}: its first cell on the slides must have "
                          f"the slide type 'slide' (the title)")
    nb.cells = cells
    return nb


# --- the assets: reveal.js and MathJax, shipped with the slides --------------------

def reveal_folder() -> Path:
    """The reveal.js :data:`REVEAL_VERSION` folder that :data:`REVEAL_PACKAGE` ships.

    Raises :class:`SlidesError` when the package is missing or its files are not those
    of reveal.js :data:`REVEAL_VERSION`.
    """
    try:
        files = metadata.distribution(REVEAL_PACKAGE).files or []
    except metadata.PackageNotFoundError:
        files = []
    found = [Path(f.locate()).resolve().parent.parent for f in files
             if f.as_posix().endswith("static/revealjs4/dist/reveal.js")]
    if not found:
        raise SlidesError(f"reveal.js not found: the slides use the copy in the PyPI package "
                          f"{REVEAL_PACKAGE} (in requirements-dev.txt); `make slides` installs it")
    folder = found[0]
    for name, digest in REVEAL_SHA256.items():
        path = folder / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise SlidesError(f"{path} is not the file of reveal.js {REVEAL_VERSION}: install "
                              f"the {REVEAL_PACKAGE} version pinned in requirements-dev.txt")
    return folder


def mathjax_folder() -> Path:
    """The MathJax 3 folder that the PyPI package ``sphinx-mathjax-offline`` ships."""
    try:
        files = metadata.distribution("sphinx-mathjax-offline").files or []
    except metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.as_posix().endswith("static/mathjax/tex-chtml.js"):
            return Path(file.locate()).resolve().parent
    raise SlidesError("MathJax not found: the slides use the copy in the PyPI package "
                      "sphinx-mathjax-offline (in requirements-dev.txt); `make slides` installs it")


def _copy_tree(files: dict[str, Path], target: Path, stamp: str) -> None:
    """Make ``target`` hold exactly ``files`` (relative name → source), unless its
    stamp says it already does."""
    stamp_file = target / ".chapter3-slides"
    if (stamp_file.exists() and stamp_file.read_text(encoding="utf-8") == stamp
            and all((target / name).is_file() for name in files)):
        return
    shutil.rmtree(target, ignore_errors=True)
    for name, source in files.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
    stamp_file.write_text(stamp, encoding="utf-8")


def _files(folder: Path, patterns: list[str]) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p
            for pattern in patterns for p in folder.glob(pattern) if p.is_file()}


def copy_assets(out: Path, reveal: Path, mathjax: Path) -> None:
    """Copy what the slides load into ``out``: reveal.js, MathJax and the stylesheet."""
    _copy_tree(_files(reveal, [
        "LICENSE", "dist/reveal.css", "dist/reveal.js", f"dist/theme/{THEME}.css",
        "dist/theme/fonts/source-sans-pro/*", "plugin/notes/notes.js",
    ]), out / "reveal.js", f"reveal.js {REVEAL_VERSION} {THEME}")
    # tex-chtml.js and what it may load later (fonts, TeX extensions, the menu's
    # accessibility tools), not the other combined builds.
    _copy_tree(_files(mathjax, [
        "tex-chtml.js", "input/**/*", "output/chtml/**/*", "output/chtml.js", "ui/**/*",
        "a11y/**/*", "sre/**/*", "adaptors/**/*",
    ]), out / "mathjax", f"mathjax from {mathjax} "
        f"{metadata.version('sphinx-mathjax-offline')}")
    (out / CSS_NAME).write_text(CSS, encoding="utf-8")


# --- the slides --------------------------------------------------------------------

TEMPLATE_NAME = "chapter3-slides.html.j2"
#: nbconvert's reveal template, for offline slides: no script from a CDN, MathJax 3
#: from ``mathjax/``, reveal.js from ``reveal.js/`` without require.js, figures' alt text.
TEMPLATE = r"""
{%- extends 'index.html.j2' -%}

{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}

{%- block html_head_js_mathjax -%}
<script>
window.MathJax = {
  tex: {
    inlineMath: [['$', '$'], ['\\(', '\\)']],
    displayMath: [['$$', '$$'], ['\\[', '\\]']],
    processEscapes: true,
    processEnvironments: true,
    tags: 'ams'
  },
  chtml: {displayAlign: 'left'}
};
</script>
<script defer id="MathJax-script" src="{{ resources.mathjax_url }}"></script>
{%- endblock html_head_js_mathjax -%}

{%- block notebook_css -%}
{{ super() }}
<link rel="stylesheet" href="{{ resources.chapter3_css }}">
{%- endblock notebook_css -%}

{% block data_png scoped %}
{%- set alt = output.metadata.get('chapter3_alt', '') -%}
{%- if alt -%}
{{ super() | replace('<img ', '<img alt="' ~ (alt | escape_html) ~ '" ', 1) }}
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock data_png %}

{% block footer_js %}
<script src="{{ resources.reveal.url_prefix }}/dist/reveal.js"></script>
<script src="{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({
  controls: true,
  progress: true,
  history: true,
  center: false,
  transition: "{{ resources.reveal.transition }}",
  slideNumber: "{{ resources.reveal.number }}",
  width: {{ resources.reveal.width }},
  height: {{ resources.reveal.height }},
  plugins: [RevealNotes]
});
</script>
{% endblock footer_js %}
"""

#: The stylesheet shipped with the slides (:data:`CSS_NAME`): presentation-sized text on
#: a 1280 × 720 slide, left-aligned; long text lines wrap instead of running off the side.
CSS = """\
/* Offline slides of the course (course/slides.py). Sizes are CSS pixels of the 1280 x 720
   slide, which reveal.js scales to the screen. */
.reveal {
  font-size: 30px;
}
html:not(.print-pdf) .reveal .slides section:not(.stack) {
  height: 100%;
  box-sizing: border-box;
  padding: 0 0.4em;
}
.reveal .slides section,
.reveal .slides section p,
.reveal .slides section li {
  text-align: left;
}
.reveal .slides section p,
.reveal .slides section ul,
.reveal .slides section ol {
  margin: 0.4em 0;
  line-height: 1.3;
}
.reveal .slides section h1,
.reveal .slides section h2,
.reveal .slides section h3 {
  text-transform: none;
  text-align: left;
  margin: 0 0 0.4em 0;
}
.reveal .slides section h1 { font-size: 1.9em; }
.reveal .slides section h2 { font-size: 1.45em; }
.reveal .slides section h3 { font-size: 1.2em; }
/* outputs: text at 22 px, wrapped; maths at 24 px */
.reveal .slides section .jp-OutputArea-output pre {
  font-size: 22px;
  line-height: 1.3;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  padding: 0.2em 0;
}
.reveal .slides section .jp-RenderedLatex {
  font-size: 24px;
  padding: 0;
}
.reveal .slides section .jp-OutputArea-output {
  overflow: visible;
}
.reveal .slides section .jp-RenderedImage img {
  max-height: 540px;
  width: auto;
  margin: 0;
}
.reveal .slides section .jp-Cell {
  padding: 0;
}
"""


def exporter():
    """nbconvert's SlidesExporter, set up for slides that load everything from their folder."""
    from jinja2 import DictLoader
    from nbconvert import SlidesExporter

    return SlidesExporter(
        extra_loaders=[DictLoader({TEMPLATE_NAME: TEMPLATE})],
        template_file=TEMPLATE_NAME,
        reveal_url_prefix="reveal.js",
        reveal_theme=THEME,
        reveal_transition="slide",
        reveal_number="c/t",
        reveal_width=str(WIDTH),
        reveal_height=str(HEIGHT),
        mathjax_url="mathjax/tex-chtml.js",
        exclude_input=True,  # a slide shows a code cell's outputs; the code is in the notebook
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def _link_lessons(body: str, stems: set[str]) -> str:
    """A link to another lesson's notebook becomes a link to its slides."""
    def slides(match):
        stem, anchor = match.group(1), match.group(2) or ""
        return f'href="{stem}.slides.html{anchor}"' if stem in stems else match.group(0)
    return _LESSON_LINK.sub(slides, body)


def write_index(out: Path, lessons: list[tuple[str, str]]) -> Path:
    """``out/index.html``: the lessons' slides, in order, and how to present them."""
    items = "\n".join(
        f'    <li><a href="{html.escape(stem)}.slides.html">{html.escape(title)}</a></li>'
        for stem, title in lessons)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chapter 3 — slides</title>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
         line-height: 1.5; color: #222; }}
  li {{ margin: 0.3em 0; }}
  kbd {{ border: 1px solid #bbb; border-radius: 3px; padding: 0 0.3em; font-size: 0.9em; }}
</style>
</head>
<body>
<main>
  <h1>Chapter 3 — Activation functions and their derivatives: slides</h1>
  <p>Each lesson as a slide show, made from the notebook with its stored outputs.
     Everything is in this folder: no network connection is needed.</p>
  <ul>
{items}
  </ul>
  <h2>Presenting</h2>
  <ul>
    <li><kbd>Space</kbd>: next slide, in order; <kbd>→</kbd> and <kbd>←</kbd>: next and
        previous section; <kbd>↓</kbd> and <kbd>↑</kbd>: the numbered parts stacked below a
        section's first slide (the controls show a down arrow where there are some).</li>
    <li><kbd>Esc</kbd>: overview of all slides; <kbd>F</kbd>: full screen;
        <kbd>S</kbd>: speaker view with a timer.</li>
    <li>The slides show the lesson's main points; <kbd>S</kbd> shows the rest of each
        part's text as speaker notes, and the notebook has it all.</li>
    <li>The solutions of the exercises are not in the slides.</li>
  </ul>
</main>
</body>
</html>
"""
    target = out / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def build(out: Path = DEFAULT_OUT, notebooks: Path = NOTEBOOKS, out_log=print) -> list[Path]:
    """Write the slides of every lesson, their assets and ``index.html`` into ``out``.

    Returns the slide files, in lesson order.
    """
    import nbformat

    lessons = lesson_notebooks(notebooks)
    if not lessons:
        raise SlidesError(f"no lesson notebooks (NN_*.ipynb) in {notebooks}")
    reveal = reveal_folder()
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out, reveal, mathjax_folder())
    export = exporter()
    stems = {path.stem for path in lessons}
    written, index = [], []
    for path in lessons:
        nb = nbformat.read(path, as_version=4)
        title = lesson_title(nb, path.stem)
        slides = prepare(nb, title)
        body, _ = export.from_notebook_node(slides, resources={
            "metadata": {"name": title}, "chapter3_css": CSS_NAME})
        target = out / f"{path.stem}.slides.html"
        target.write_text(_link_lessons(body, stems), encoding="utf-8")
        written.append(target)
        index.append((path.stem, "The course index" if path.stem == "00_index" else title))
        out_log(f"  {target}")
    for stale in out.glob("[0-9][0-9]_*.slides.html"):
        if stale not in written:
            stale.unlink()
    write_index(out, index)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m course.slides [--out DIR]``: build the slides; 1 with a message on failure."""
    parser = argparse.ArgumentParser(
        prog="python -m course.slides",
        description="Build every lesson as reveal.js slides that work offline.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="folder to write the slides into (default: slides/)")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS,
                        help="folder of the lesson notebooks (default: notebooks/)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        written = build(args.out.resolve(), args.notebooks)
    except SlidesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    index = args.out.resolve() / "index.html"
    print(f"{len(written)} lessons as slides in {time.perf_counter() - start:.1f} s. "
          f"Open {index} in a browser to present (no network needed).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
