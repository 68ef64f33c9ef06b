"""The course website: `make docs` builds it with no warning, and it works offline.

The site is built once per test run, fresh, into a temporary folder (the README's
command with DOCS_OUT set). The static checks read its HTML; the browser test serves it
on 127.0.0.1 and looks at every page in headless Chromium at 1280 px, as a reader would:
on a lesson page nothing (an output, a derivation, display maths, a table, code) may be
wider than its box, so nothing is clipped or scrolls sideways.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import chapter3
from browser import ROOT, chromium, needs_make_venv, screenshot_dir, serve_directory, wider_than_box

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXTERNAL = re.compile(r"^(https?:)?//", re.I)

pytestmark = needs_make_venv()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    result = subprocess.run(["make", "-s", "docs", f"DOCS_OUT={out}"], cwd=ROOT,
                            capture_output=True, text=True)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"`make docs` failed:\n{log}"
    assert "WARNING" not in log and "ERROR" not in log, log
    return out / "html"


class Tags(HTMLParser):
    """Every start tag of a page, as (tag, attributes)."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(page: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tags


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def lesson_page(site: Path, notebook: Path) -> Path:
    return site / "lessons" / f"{notebook.stem}.html"


def test_every_notebook_is_a_lesson_page_in_lesson_order(site):
    for notebook in NOTEBOOKS:
        assert lesson_page(site, notebook).exists(), f"no page for {notebook.name}"
    # the navigation lists the lessons in file-name order, the index first
    links = [a.get("href") for tag, a in tags(site / "index.html") if tag == "a"]
    order = [h for h in links if h and re.fullmatch(r"lessons/[^/#]+\.html", h)]
    expected = [f"lessons/{nb.stem}.html" for nb in NOTEBOOKS]
    assert list(dict.fromkeys(order)) == expected


def test_every_lesson_page_says_how_to_open_it_in_jupyterlab(site):
    for notebook in NOTEBOOKS:
        text = " ".join(re.sub(r"<[^>]+>", " ", lesson_page(site, notebook).read_text()).split())
        assert "Open it in JupyterLab" in text and "make lab" in text
        assert f"notebooks/{notebook.name}" in text


def test_lessons_show_the_stored_outputs(site):
    for notebook in NOTEBOOKS:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        images = sum("image/png" in o.get("data", {}) for c in cells for o in c.get("outputs", []))
        page_images = [a for tag, a in tags(lesson_page(site, notebook)) if tag == "img"]
        assert len(page_images) >= images, f"{notebook.name}: a stored figure is missing"


def test_the_index_links_to_the_lesson_pages(site):
    index = next(nb for nb in NOTEBOOKS if nb.name == "00_index.ipynb")
    hrefs = {a.get("href") for tag, a in tags(lesson_page(site, index)) if tag == "a"}
    text = "".join("".join(c["source"]) for c in json.loads(index.read_text())["cells"])
    for link in set(re.findall(r"\]\(([^)#\s]+)\.ipynb\)", text)):
        assert f"{link}.html" in hrefs, f"the index's link to {link}.ipynb does not work"


def test_every_image_has_alt_text_and_exists(site):
    for page in pages(site):
        for tag, attrs in tags(page):
            if tag == "img":
                assert (attrs.get("alt") or "").strip(), f"{page.name}: <img> without alt text"
                src = attrs.get("src") or ""
                assert not EXTERNAL.match(src) and (page.parent / src).resolve().is_file(), src


def test_nothing_is_loaded_from_another_host(site):
    for page in pages(site):
        for tag, attrs in tags(page):
            for name in ("src", "srcset", "data") if tag != "a" else ():
                assert not EXTERNAL.match(attrs.get(name) or ""), f"{page.name}: <{tag} {attrs}>"
            if tag == "link" and "stylesheet" in (attrs.get("rel") or "") + " preload":
                assert not EXTERNAL.match(attrs.get("href") or ""), f"{page.name}: <link {attrs}>"
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"(url\(\s*[\"']?|@import\s+[\"']?)(https?:)?//", text), css


def test_mathjax_is_the_copy_shipped_with_the_site(site):
    scripts = [a.get("src") or "" for tag, a in tags(site / "lessons" / "01_sigmoid.html")
               if tag == "script"]
    mathjax = [s for s in scripts if "mathjax" in s.lower()]
    assert mathjax == ["../_static/mathjax/tex-chtml.js"], scripts
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file()


def public_objects(module) -> list[str]:
    names = getattr(module, "__all__", None) or [
        n for n, obj in vars(module).items()
        if not n.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == module.__name__
    ]
    return [n for n in names if inspect.isfunction(getattr(module, n))
            or inspect.isclass(getattr(module, n))]


def test_the_api_reference_documents_every_public_function_and_class(site):
    modules = [m.name for m in pkgutil.iter_modules(chapter3.__path__)]
    assert {"activations", "symbolic", "registry", "plotting", "checking"} <= set(modules)
    for name in modules:
        module = importlib.import_module(f"chapter3.{name}")
        page = site / "api" / f"chapter3.{name}.html"
        ids = {a.get("id") for _, a in tags(page)}
        for obj in public_objects(module):
            assert f"chapter3.{name}.{obj}" in ids, f"chapter3.{name}.{obj} is not documented"


def test_solutions_are_hidden_behind_a_toggle(site):
    for notebook in NOTEBOOKS:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        solutions = sum("solution" in c["metadata"].get("tags", []) for c in cells)
        html = lesson_page(site, notebook).read_text(encoding="utf-8")
        blocks = html.split('class="cell tag_solution')[1:]
        assert len(blocks) == solutions, notebook.name
        for block in blocks:  # the input is inside a closed <details>, before the output
            assert block.split('class="cell ')[0].count('<details class="admonition hide above-input"') == 1


def test_the_instructor_pages_cover_the_lessons(site):
    index = site / "instructor" / "index.html"
    hrefs = {a.get("href") for tag, a in tags(index) if tag == "a"}
    lessons = {nb.stem for nb in NOTEBOOKS} - {"00_index"}
    written = {p.stem for p in (ROOT / "docs" / "instructor").glob("[0-9]*.md")}
    assert lessons <= written, f"no instructor's notes for {lessons - written}"
    for page in sorted((ROOT / "docs" / "instructor").glob("[0-9]*.md")):
        assert f"{page.stem}.html" in hrefs
        text = (site / "instructor" / f"{page.stem}.html").read_text(encoding="utf-8")
        for part in ("Learning objectives", "Timed plan", "misconceptions", "discussion",
                     "Where the exercises fit"):
            assert part.lower() in text.lower(), f"{page.name} has no {part!r} section"


# --- in a real browser --------------------------------------------------------------

@pytest.fixture(scope="module")
def served(site):
    """The built site on http://127.0.0.1:<free port>/."""
    with serve_directory(site) as url:
        yield url


# Text a reader sees (outside code) that is still TeX: MathJax did not typeset it.
RAW_TEX = r"""() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      const skip = node.parentElement.closest(
        'pre, code, script, style, textarea, mjx-container, .highlight, .cell_input, .sig');
      return skip ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    }});
  const raw = [];
  const tex = /\\[a-zA-Z]+|\$\$|\\\(|\\\[|\$[^$\s][^$\n]{0,80}\$/;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (tex.test(node.textContent)) raw.push(node.textContent.trim().slice(0, 120));
  }
  return raw;
}"""

CHECK_PAGE = r"""() => ({
  math: document.querySelectorAll('.math').length,
  untypeset: Array.from(document.querySelectorAll('.math'))
    .filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 120)),
  errors: Array.from(document.querySelectorAll('mjx-merror, [data-mjx-error]'))
    .map(e => e.getAttribute('data-mjx-error') || e.textContent),
  images: Array.from(document.images).map(i => ({
    src: i.getAttribute('src'), alt: i.alt, loaded: i.complete && i.naturalWidth > 0})),
})"""


@pytest.mark.browser
def test_every_page_renders_offline_in_chromium(served, site):
    shots = screenshot_dir("docs")
    problems = []
    with chromium() as browser:
        for page_path in pages(site):
            name = page_path.relative_to(site).as_posix()
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            outside, js_errors = [], []

            def route(r, outside=outside):
                if urlsplit(r.request.url).hostname != "127.0.0.1":
                    outside.append(r.request.url)
                    return r.abort()
                return r.continue_()

            page.route("**/*", route)
            page.on("pageerror", lambda e, js_errors=js_errors: js_errors.append(str(e)))
            page.goto(f"{served}/{name}", wait_until="load")
            if page.evaluate("() => document.querySelector('.math') !== null"):
                page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                       timeout=30_000)
                page.evaluate("() => MathJax.startup.promise")
            result = page.evaluate(CHECK_PAGE)
            raw = page.evaluate(RAW_TEX)
            wide = wider_than_box(page, ".bd-article") if name.startswith("lessons/") else []
            page.screenshot(path=str(shots / (name.replace("/", "__")[:-5] + ".png")), full_page=True)
            context.close()

            if name.startswith("lessons/"):
                notebook = ROOT / "notebooks" / f"{Path(name).stem}.ipynb"
                if "$" in notebook.read_text(encoding="utf-8"):
                    assert result["math"], f"{name}: no maths found on a lesson with maths"
            for what, bad in [("requests to other hosts", outside), ("JavaScript errors", js_errors),
                              ("maths not typeset", result["untypeset"]),
                              ("MathJax errors", result["errors"]), ("raw TeX in the text", raw),
                              ("images not loaded", [i for i in result["images"] if not i["loaded"]]),
                              ("images without alt", [i for i in result["images"] if not i["alt"]]),
                              ("elements wider than their box at 1280 px", wide)]:
                if bad:
                    problems.append(f"{name}: {len(bad)} {what}: {bad[:5]}")
    assert not problems, "\n".join(problems)
