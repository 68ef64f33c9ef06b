"""The offline slides: `python -m course.slides` turns every lesson into reveal.js slides.

- the slide types come from the headings, and solutions are left out, on a copy of the
  notebook (the file is never changed);
- the build writes one ``.slides.html`` per lesson, and nothing in them is loaded from
  another host (reveal.js and MathJax are shipped in the folder);
- in headless Chromium, served on 127.0.0.1 with every other host blocked, each
  lesson's slides start, show typeset maths and their figures, and can be stepped
  through. A screenshot of each is saved as artifacts/screenshots/slides-<stem>.png.

reveal.js comes from a pinned PyPI package (sphinx-revealjs, in requirements-dev.txt): the
build needs neither npm nor a network connection, and these tests check that it uses none.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from browser import ARTIFACTS, ROOT, chromium, require_browser, serve_directory
from course import slides

LESSONS = slides.lesson_notebooks(ROOT / "notebooks")
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
FENCED = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1", re.M | re.S)


# --- the slide types, on a notebook in memory ----------------------------------------

def small_notebook():
    return new_notebook(cells=[
        new_markdown_cell("# 3.9 Example\n\nWhat this lesson does, with $x^2$."),
        new_markdown_cell("## The definition\n\nText."),
        new_code_cell("x = 1"),
        new_markdown_cell("### A detail"),
        new_code_cell("# NBVAL_IGNORE_OUTPUT\nx + 1"),
        new_code_cell("# Solution\nanswer = 42", metadata={"tags": ["solution", "hide-input"]}),
        new_markdown_cell("The end of a part.\n\n## Exercises\n\n**1.** Do it.\n\n### Hints\n\nNone."),
        new_markdown_cell("```python\n# a comment, not a heading\n## nor this\n```"),
        new_markdown_cell("#### A small heading continues the slide"),
        new_markdown_cell("   \n"),
        new_markdown_cell("## Kept as the author set it", metadata={"slideshow": {"slide_type": "notes"}}),
    ])


def types(nb) -> list[tuple[str, str]]:
    return [(c.metadata.slideshow.slide_type, "".join(c.source).split("\n")[0]) for c in nb.cells]


def test_headings_start_slides_and_solutions_are_skipped():
    nb = small_notebook()
    before = nbformat.writes(nb)
    prepared = slides.prepare(nb, "3.9 Example")
    assert nbformat.writes(nb) == before, "prepare() changed the notebook it was given"
    assert types(prepared) == [
        ("slide", "# 3.9 Example"),
        ("slide", "## The definition"),
        ("-", "x = 1"),
        ("subslide", "### A detail"),
        ("-", "x + 1"),
        ("skip", "# Solution"),
        ("-", "The end of a part."),  # a cell with headings is split before each of them
        ("slide", "## Exercises"),
        ("subslide", "### Hints"),
        ("-", "```python"),  # a "#" in fenced code is no heading
        ("-", "#### A small heading continues the slide"),
        ("skip", "   "),
        ("notes", "## Kept as the author set it"),
    ]
    assert prepared.cells[4].source == "x + 1", "nbval's markers are not for the class"
    ids = [c.get("id") for c in prepared.cells]
    assert len(ids) == len(set(ids)), "split cells must keep unique ids"


def test_every_lesson_prepares_without_touching_its_file():
    assert LESSONS and LESSONS[0].name == "00_index.ipynb"
    for path in LESSONS:
        before = path.read_bytes()
        nb = nbformat.read(path, as_version=4)
        prepared = slides.prepare(nb, slides.lesson_title(nb, path.stem))
        assert path.read_bytes() == before
        kinds = [c.metadata.slideshow.slide_type for c in prepared.cells]
        assert kinds[0] == "slide", f"{path.name}: the title does not start a slide"
        assert kinds.count("slide") >= 4, f"{path.name}: only {kinds.count('slide')} slides"
        for cell in prepared.cells:
            if "solution" in cell.metadata.get("tags", []):
                assert cell.metadata.slideshow.slide_type == "skip", path.name
        headings = [line for c in nb.cells if c.cell_type == "markdown"
                    for line in FENCED.sub("", "".join(c.source)).splitlines()
                    if re.match(r"#{1,3} ", line)]
        starts = [c for c in prepared.cells if c.metadata.slideshow.slide_type in ("slide", "subslide")]
        assert len(starts) == len(headings), f"{path.name}: a heading does not start its slide"


def test_reveal_js_is_the_pinned_release_and_complete():
    folder = slides.reveal_folder()  # checks the files against the npm registry's checksums
    assert "MIT" in (folder / "LICENSE").read_text()
    theme = folder / "dist" / "theme" / f"{slides.THEME}.css"
    # every file the theme's stylesheets load (fonts, @import) is in the copy
    stylesheets, seen = [theme], set()
    while stylesheets:
        css = stylesheets.pop()
        for ref in re.findall(r"""url\(\s*['"]?([^'")?#]+)""", css.read_text(encoding="utf-8")):
            target = (css.parent / ref).resolve()
            assert target.is_file(), f"{css.name} loads {ref}, which is not in {folder}"
            if target.suffix == ".css" and target not in seen:
                seen.add(target)
                stylesheets.append(target)
    assert seen, "the theme loads its fonts' stylesheet"


def test_a_missing_or_different_reveal_js_is_a_clear_error(monkeypatch):
    def missing(name):
        raise slides.metadata.PackageNotFoundError(name)
    with monkeypatch.context() as patch:
        patch.setattr(slides.metadata, "distribution", missing)
        with pytest.raises(slides.SlidesError, match=r"sphinx-revealjs.*`make slides` installs it"):
            slides.reveal_folder()
    with monkeypatch.context() as patch:
        patch.setitem(slides.REVEAL_SHA256, "dist/reveal.js", "0" * 64)
        with pytest.raises(slides.SlidesError, match=r"is not the file of reveal\.js 4\.6\.1"):
            slides.reveal_folder()


# --- the build -------------------------------------------------------------------------

#: Runs the build with every way out blocked: no program can be started (npm or any
#: other) and no socket can be opened, so it needs neither npm nor a network.
OFFLINE_BUILD = """
import sys
BLOCKED = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
           "os.fork", "socket.connect", "socket.getaddrinfo", "socket.gethostbyname")
def audit(event, args):
    if event.startswith(BLOCKED):
        message = f"the slides build tried to go out: {event} {args!r:.200}"
        print(message, file=sys.stderr)  # seen even if the caller catches the error
        raise RuntimeError(message)
sys.addaudithook(audit)
from course.slides import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The README's command, into a temporary folder, without npm, programs or network."""
    out = tmp_path_factory.mktemp("slides")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", OFFLINE_BUILD, "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, f"the slides build failed:\n{result.stdout}\n{result.stderr}"
    assert "tried to go out" not in result.stderr, result.stderr
    print(f"\nslides built in {elapsed:.1f} s")
    return out


def test_the_shipped_reveal_js_is_the_pinned_one(built):
    for name in slides.REVEAL_SHA256:
        assert (built / "reveal.js" / name).read_bytes() == \
            (slides.reveal_folder() / name).read_bytes(), name


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse(page: Path) -> Tags:
    parser = Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_one_slide_show_per_lesson_and_an_index_in_lesson_order(built):
    for notebook in LESSONS:
        assert (built / f"{notebook.stem}.slides.html").is_file(), f"no slides for {notebook.name}"
    links = [a.get("href") for tag, a in parse(built / "index.html").tags if tag == "a"]
    assert links == [f"{nb.stem}.slides.html" for nb in LESSONS]
    for asset in ("reveal.js/dist/reveal.js", "reveal.js/dist/reveal.css",
                  f"reveal.js/dist/theme/{slides.THEME}.css", "reveal.js/plugin/notes/notes.js",
                  "mathjax/tex-chtml.js", slides.CSS_NAME):
        assert (built / asset).is_file(), asset


def test_nothing_is_loaded_from_another_host(built):
    # links in the lessons' text (<a href>) are content, not loaded: only those may point outside
    text_links = {link for nb in LESSONS for link in
                  re.findall(r"\]\((https?://[^)\s]+)\)", nb.read_text(encoding="utf-8"))}
    for page in sorted(built.glob("*.html")):
        parsed = parse(page)
        for tag, attrs in parsed.tags:
            for name in ("src", "href", "srcset", "data", "poster", "action"):
                value = attrs.get(name) or ""
                if tag == "a" and name == "href":
                    assert not EXTERNAL.match(value) or value in text_links, f"{page.name}: {value}"
                else:
                    assert not EXTERNAL.match(value), f"{page.name}: <{tag} {name}={value!r}>"
        source = page.read_text(encoding="utf-8")
        assert not re.search(r"""import\s*\(?\s*["'](https?:)?//""", source), page.name
        for css in parsed.styles:
            assert not re.search(r"""(url\(\s*["']?|@import\s+["']?)(https?:)?//""", css), page.name
    for css in built.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"""(url\(\s*["']?|@import\s+["']?)(https?:)?//""", text), css


def test_solutions_are_not_in_the_slides_and_lesson_links_go_to_slides(built):
    for notebook in LESSONS:
        page = (built / f"{notebook.stem}.slides.html").read_text(encoding="utf-8")
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if "solution" in cell["metadata"].get("tags", []):
                first = "".join(cell["source"]).strip().splitlines()[0]
                assert first not in page.replace("&quot;", '"'), f"{notebook.name} shows {first!r}"
        assert not re.search(r'href="\d\d_[^"]*\.ipynb', page), f"{notebook.name}: link to a notebook"
        assert "No description has been provided" not in page, f"{notebook.name}: figure without alt"


# --- in a real browser ------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(built):
    require_browser()  # before serving anything: skipped (or failed in CI) without Chromium
    with serve_directory(built) as url:
        yield url


# Text shown on the slides (outside code and typeset maths) that is still TeX.
RAW_TEX = r"""() => {
  const walker = document.createTreeWalker(document.querySelector('.reveal .slides'),
    NodeFilter.SHOW_TEXT, {acceptNode(node) {
      const skip = node.parentElement.closest(
        'pre, code, script, style, textarea, mjx-container, .jp-InputArea-editor, aside.notes');
      return skip ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    }});
  const raw = [];
  const tex = /\$\$|\\\(|\\\[|\\(frac|sigma|tanh|partial|left|right|cdot)\b|\$[^$\s][^$\n]{0,80}\$/;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (tex.test(node.textContent)) raw.push(node.textContent.trim().slice(0, 120));
  }
  return raw;
}"""

CHECK = r"""() => ({
  total: Reveal.getTotalSlides(),
  maths: document.querySelectorAll('.reveal .slides mjx-container').length,
  errors: Array.from(document.querySelectorAll('mjx-merror, [data-mjx-error]'))
    .map(e => e.getAttribute('data-mjx-error') || e.textContent),
  images: Array.from(document.querySelectorAll('.reveal .slides img')).map(i => ({
    alt: i.alt, loaded: i.complete && i.naturalWidth > 0})),
})"""


def has_maths(notebook: Path) -> bool:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return any(("$" in "".join(c["source"]) and c["cell_type"] == "markdown")
               or any("text/latex" in o.get("data", {}) for o in c.get("outputs", []))
               for c in cells if "solution" not in c["metadata"].get("tags", []))


@pytest.mark.browser
def test_each_lesson_presents_offline_in_chromium(served):
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("slides-*.png"):
        old.unlink()
    problems = []
    with chromium() as browser:
        for notebook in LESSONS:
            name = f"{notebook.stem}.slides.html"
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            outside, js_errors, local = [], [], []

            def route(r, outside=outside, local=local):
                if urlsplit(r.request.url).hostname != "127.0.0.1":
                    outside.append(r.request.url)
                    return r.abort()
                local.append(r.request.url)
                return r.continue_()

            page.route("**/*", route)
            page.on("pageerror", lambda e, js_errors=js_errors: js_errors.append(str(e)))
            page.goto(f"{served}/{name}", wait_until="load")
            page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                   timeout=30_000)
            page.evaluate("() => MathJax.startup.promise")
            result = page.evaluate(CHECK)
            raw = page.evaluate(RAW_TEX)

            # step through: the title, then a few slides forward
            page.evaluate("() => Reveal.configure({transition: 'none'})")
            seen = [page.evaluate("() => Reveal.getIndices()")]
            for _ in range(4):
                page.evaluate("() => Reveal.next()")
                seen.append(page.evaluate("() => Reveal.getIndices()"))
            moved = len({(i["h"], i["v"]) for i in seen}) == len(seen)
            # the picture: the first slide with a figure (or where the steps ended)
            page.evaluate("""() => {
              const img = document.querySelector('.reveal .slides img');
              if (img) { const i = Reveal.getIndices(img.closest('section')); Reveal.slide(i.h, i.v); }
            }""")
            page.wait_for_timeout(200)
            page.screenshot(path=str(shots / f"slides-{notebook.stem}.png"))
            context.close()

            if result["total"] <= 5:
                problems.append(f"{name}: only {result['total']} slides")
            if has_maths(notebook) and not result["maths"]:
                problems.append(f"{name}: no typeset maths in a lesson with maths")
            if not any(u.endswith("/mathjax/tex-chtml.js") for u in local):
                problems.append(f"{name}: MathJax was not loaded from the slides' folder")
            if not moved:
                problems.append(f"{name}: Reveal.next() did not move on: {seen}")
            for what, bad in [("requests to other hosts", outside), ("JavaScript errors", js_errors),
                              ("MathJax errors", result["errors"]), ("raw TeX on a slide", raw),
                              ("images not loaded", [i for i in result["images"] if not i["loaded"]]),
                              ("images without alt", [i for i in result["images"] if not i["alt"]])]:
                if bad:
                    problems.append(f"{name}: {what}: {bad[:5]}")
    assert not problems, "\n".join(problems)
