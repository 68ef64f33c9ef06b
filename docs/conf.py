"""Sphinx configuration of the course website: `make docs` builds it into docs/_build/html.

The site is made of
- the lessons: every ``notebooks/*.ipynb``, in file-name order, rendered by myst-nb from
  the outputs stored in it (never re-executed);
- the API reference of the ``chapter3`` package, generated from its docstrings;
- the instructor's pages in ``docs/instructor/``.

Nothing is edited by hand for a new lesson or a new module: at every build this file
writes ``docs/lessons/`` (a copy of each notebook, with a note on how to open it in
JupyterLab and alt text for its figures) and ``docs/api/`` (one page per module of
``chapter3``). Both folders are generated, git-ignored, and never to be edited.

The site works offline: MathJax 3 comes from the pinned PyPI package
sphinx-mathjax-offline and is copied into ``_static/mathjax``; the theme loads nothing
from other hosts.
"""

from __future__ import annotations

import copy
import importlib
import json
import pkgutil
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the course's tools, course/
# one definition of a lesson's title and of markdown as plain text, shared with the slides
from course.lessons import lesson_title
from course.lessons import plain_text as plain

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
NOTEBOOKS = ROOT / "notebooks"
LESSONS = DOCS / "lessons"  # generated
API = DOCS / "api"  # generated

project = "Chapter 3 — Activation functions and their derivatives"
author = "the course authors"
copyright = "the course authors, MIT licence"  # noqa: A001 (Sphinx's name)
language = "en"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # sets mathjax_path to the copy it puts in _static/mathjax
]

exclude_patterns = ["_build", "**/.ipynb_checkpoints", "Thumbs.db", ".DS_Store"]
# Warnings are errors (`make docs` passes -n -W --keep-going): every reference resolves.
nitpicky = True
# Types from other libraries have no documentation in this offline site to link to.
nitpick_ignore_regex = [
    (r"py:.*", r"(numpy|np|scipy|sympy|matplotlib|mpmath|typing|collections|builtins)(\..*)?"),
    (r"py:.*", r"(?!chapter3\.)[A-Za-z_]\w*\.[\w.]+"),  # any other package's dotted name
    (r"py:.*", r"([\w.]*\.)?_[A-Za-z]\w*"),  # private helpers are not in the reference
    (r"py:.*", r"(ArrayLike|NDArray|Axes|Callable|Mapping|Iterable|Sequence|Expr|Symbol)"),
    (r"py:.*", r"(array_like|ndarray|scalar|optional|callable|mapping|sequence|iterable)"),
    (r"py:.*", r"(int|float|str|bool|tuple|dict|list|None|type|object) ?.*"),
    # numpydoc's "leak : float, default 0.0" and plain words in a parameter's type
    (r"py:class", r"default .*"),
    (r"py:class", r"[a-z_]+|.* .*"),
]

# --- notebooks (myst-nb) ------------------------------------------------------------
nb_execution_mode = "off"  # render the stored outputs: the notebooks are the record
nb_ipywidgets_js = {}  # no widget JavaScript from a CDN
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type"]

# --- API reference (autodoc, numpydoc-style docstrings read by napoleon) -------------
autodoc_default_options = {"members": True, "undoc-members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
# Signatures show NumPy's type aliases by name, not expanded into their long unions.
autodoc_type_aliases = {"ArrayLike": "ArrayLike", "NDArray": "NDArray", "DTypeLike": "DTypeLike"}
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = True  # "Attributes" as fields: dataclass fields are documented once
# Docstrings are also read as plain text, where |x| means the absolute value, not an
# reStructuredText substitution.
rst_prolog = """
.. |x| unicode:: U+007C U+0078 U+007C
"""

# --- HTML ---------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Chapter 3 — Activation functions"
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_last_updated_fmt = None
html_copy_source = False
html_theme_options = {
    "show_toc_level": 2,
    "home_page_in_toc": False,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "launch_buttons": {},
    "navigation_with_keys": False,
    "icon_links": [],
    "search_bar_text": "Search the course…",
}


# --- generated pages ----------------------------------------------------------------
def write_if_changed(path: Path, text: str) -> None:
    """Write only real changes, so Sphinx rebuilds only what changed."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def figure_title(source: str) -> str | None:
    """The title a code cell gives its figure, when the source says it."""
    match = re.search(r"plot_activation\(\s*[\"'](\w+)[\"']", source)
    if match:
        from chapter3 import ACTIVATIONS

        if match.group(1) in ACTIVATIONS:
            return f"{ACTIVATIONS[match.group(1)].title}: the function and its derivative"
    match = re.search(r"(?:set_title|suptitle|title)\s*[(=]\s*f?[\"']([^\"']+)[\"']", source)
    return match.group(1) if match else None


def alt_text(cells: list[dict], index: int, lesson_title: str) -> str:
    """Describe the figure of cell ``index``: its title and what the text before it says."""
    parts = []
    title = figure_title("".join(cells[index]["source"]))
    if title:
        parts.append(plain(title))
    for previous in reversed(cells[:index]):
        if previous["cell_type"] == "markdown":
            paragraphs = [p for p in "".join(previous["source"]).split("\n\n")
                          if p.strip() and not p.lstrip().startswith("#")]
            if paragraphs:
                parts.append(plain(paragraphs[-1])[:300])
            break
    if not parts:
        parts.append(f"a figure of the lesson {lesson_title}")
    return "Figure: " + ". ".join(p.rstrip(".:") for p in parts) + "."


def github_anchors(markdown: str) -> str:
    """Links to headings as JupyterLab makes them (``#Beyond-the-post``), as the site does.

    JupyterLab's anchor is the heading with spaces made hyphens; myst's is the GitHub
    slug of the heading, which is the GitHub slug of JupyterLab's anchor as well.
    """
    from myst_parser.slugs import github_slugify

    return re.sub(r"(\]\([^)#\s]*\.ipynb|\]\()#([^)\s]+)\)",
                  lambda m: f"{m.group(1)}#{github_slugify(m.group(2))})", markdown)


def open_in_jupyterlab_note(name: str) -> dict:
    index = name == "00_index.ipynb"
    body = (
        "This page is the notebook "
        f"`notebooks/{name}`, shown with the outputs stored in it. To run it yourself, "
        "open a terminal in the course folder and type `make lab` (the README's Quick start "
        "explains the first-time set-up): JupyterLab starts "
        + ("on this index. " if index else
           f"on the course index; open `notebooks/{name}` from its file browser (or follow the "
           "index's link), then run the cells from the top with *Run ▸ Run All Cells*. ")
        + "Your changes stay on your machine."
    )
    return {
        "cell_type": "markdown",
        "id": "open-in-jupyterlab",
        "metadata": {"tags": ["docs-only"]},
        "source": f":::{{admonition}} Open it in JupyterLab\n:class: tip\n{body}\n:::\n",
    }


def insert_note(cells: list[dict], note: dict) -> None:
    """Put the note under the title: after the first paragraph below the first heading
    (splitting that markdown cell in two), or else after the first markdown cell."""
    first = next((i for i, c in enumerate(cells) if c["cell_type"] == "markdown"), None)
    if first is None:
        cells.insert(0, note)
        return
    source = "".join(cells[first]["source"])
    blocks = source.split("\n\n")
    if len(blocks) > 2 and blocks[0].lstrip().startswith("#") and "\n" not in blocks[0].strip():
        head, tail = "\n\n".join(blocks[:2]), "\n\n".join(blocks[2:])
        if not re.search(r"^\s*(```|~~~|:::|<|\$\$)", blocks[1], flags=re.M):
            cells[first] = dict(cells[first], source=head + "\n")
            rest = dict(cells[first], source=tail, id=f"{cells[first].get('id', 'cell')}-rest")
            cells[first + 1:first + 1] = [note, rest]
            return
    cells.insert(first + 1, note)


def generate_lessons() -> list[str]:
    """Copy every notebook into docs/lessons/, with the note and the figures' alt text."""
    names = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"]
        title = lesson_title(nb, path.stem)
        for i, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                source = "".join(cell["source"])
                if github_anchors(source) != source:
                    cells[i] = dict(cell, source=github_anchors(source))
                continue
            has_image = any(
                mime.startswith("image/")
                for output in cell.get("outputs", [])
                for mime in output.get("data", {})
            )
            if has_image:
                cell = cells[i] = copy.deepcopy(cell)
                image = cell["metadata"].setdefault("mystnb", {}).setdefault("image", {})
                image.setdefault("alt", alt_text(cells, i, title))
        insert_note(cells, open_in_jupyterlab_note(path.name))
        nb.setdefault("metadata", {})["mystnb"] = {"execution_mode": "off"}
        write_if_changed(LESSONS / path.name, json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
        names.append(path.name)
    for stale in LESSONS.glob("*.ipynb"):
        if stale.name not in names:
            stale.unlink()
    return names


def data_entries(module) -> str:
    """Options and entries for the module's public constants.

    autodoc leaves out a constant without a ``#:`` doc comment, so a docstring's
    :data:`NAME` would point nowhere: such constants (in ``__all__``, or UPPER_CASE
    names assigned in the module) get a short entry. A documented constant whose value
    is too long to read in a signature (a registry) is shown without its value.
    """
    from sphinx.pycode import ModuleAnalyzer

    analyzer = ModuleAnalyzer.for_module(module.__name__)
    analyzer.analyze()
    documented = {name for _, name in analyzer.attr_docs}
    exported = getattr(module, "__all__", None)
    candidates = exported if exported is not None else [
        n for n in analyzer.tagorder if re.fullmatch(r"[A-Z][A-Z0-9_]*", n)]
    long_values = sorted(n for n in documented if len(repr(getattr(module, n, ""))) > 100)
    options = f"   :exclude-members: {', '.join(long_values)}\n" if long_values else ""
    entries = [f".. autodata:: {name}\n   :no-value:\n" for name in long_values]
    for name in candidates:
        if name in documented or not hasattr(module, name):
            continue
        value = getattr(module, name)
        if callable(value) or isinstance(value, type(module)):
            continue
        entries.append(
            f".. py:data:: {name}\n\n   A module-level ``{type(value).__name__}``; "
            "the module's description above says what it holds.\n"
        )
    if not entries:
        return options
    return options + f"\n.. py:currentmodule:: {module.__name__}\n\n" + "\n".join(entries)


def generate_api() -> None:
    """One page per module of chapter3 (private ones too: they state shared contracts)."""
    import chapter3

    modules = sorted(m.name for m in pkgutil.iter_modules(chapter3.__path__))
    entries = []
    for name in modules:
        full = f"chapter3.{name}"
        module = importlib.import_module(full)
        summary = (module.__doc__ or "").strip().split("\n\n")[0]
        entries.append((full, " ".join(summary.split())))
        write_if_changed(API / f"{full}.rst", (
            f"{full}\n{'=' * len(full)}\n\n.. automodule:: {full}\n" + data_entries(module)
        ))
    toctree = "\n".join(f"   {full}" for full, _ in entries)
    table = "\n".join(f"* :mod:`{full}` — {summary}" for full, summary in entries)
    shortcuts = "\n".join(
        f"* :py:obj:`chapter3.{obj} <{getattr(chapter3, obj).__module__}.{obj}>`"
        if hasattr(getattr(chapter3, obj), "__module__")
        and getattr(chapter3, obj).__module__.startswith("chapter3.")
        else f"* ``chapter3.{obj}``"
        for obj in chapter3.__all__
    )
    write_if_changed(API / "index.rst", f"""\
API reference
=============

.. automodule:: chapter3
   :no-members:

Everything the notebooks use is documented here, from the docstrings of the package
(generated by ``make docs``; every docstring's example is also run as a test by
``make test``).

Modules
-------

{table}

.. toctree::
   :hidden:

{toctree}

Importable from ``chapter3`` itself
-----------------------------------

{shortcuts}
""")
    for stale in API.glob("*.rst"):
        if stale.stem != "index" and stale.stem not in {full for full, _ in entries}:
            stale.unlink()


LESSON_FILES = generate_lessons()
generate_api()


def add_alt_text(app, doctree) -> None:
    """Every image in the site gets alt text; one without gets the page title."""
    from docutils import nodes

    title = next(iter(doctree.findall(nodes.title)), None)
    for image in doctree.findall(nodes.image):
        if not image.get("alt"):
            image["alt"] = f"Figure: {title.astext() if title else 'illustration'}"


def link_instructor_page_to_its_lesson(app, docname: str, source: list[str]) -> None:
    """An instructor page ``instructor/NN_name`` links to the lesson page of
    ``notebooks/NN_name.ipynb`` when that notebook exists (no hand-written link to break)."""
    if docname.startswith("instructor/") and f"{docname.split('/', 1)[1]}.ipynb" in LESSON_FILES:
        name = docname.split("/", 1)[1]
        note = (f":::{{seealso}}\nThe lesson itself: [`notebooks/{name}.ipynb`]"
                f"(../lessons/{name}.ipynb), as rendered on this website.\n:::")
        title, _, rest = source[0].partition("\n\n")
        source[0] = f"{title}\n\n{note}\n\n{rest}"


def expand_instructor_page(app, docname: str, source: list[str]) -> None:
    """Fill an instructor page's ``{lesson-facts}``, ``{lesson-plan}`` and ``{exercise-notes}``
    blocks from its lesson's notebook (``course/instructor.py``); a note that names a section
    or an exercise the lesson does not have, or a missing one, is a warning (an error in
    `make docs`)."""
    from sphinx.util import logging

    from course import instructor

    name = docname.split("/", 1)[1] if docname.startswith("instructor/") else ""
    if f"{name}.ipynb" not in LESSON_FILES:
        return
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    source[0], problems = instructor.expand(source[0], nb, name)
    for problem in problems:
        logging.getLogger(__name__).warning(f"{problem} [notebooks/{name}.ipynb]",
                                            location=docname)


def tidy_signature(app, what, name, obj, options, signature, return_annotation):
    """Sphinx shows an alias nested in another type as ``TypeAliasForwardRef('NDArray')``."""
    def tidy(text):
        return re.sub(r"TypeAliasForwardRef\('([\w.]+)'\)", r"\1", text) if text else text

    return tidy(signature), tidy(return_annotation)


def setup(app):
    app.connect("autodoc-process-signature", tidy_signature)
    app.connect("doctree-read", add_alt_text)
    app.connect("source-read", link_instructor_page_to_its_lesson)
    app.connect("source-read", expand_instructor_page)
