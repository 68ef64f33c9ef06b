"""The offline slides: `python -m course.slides` turns every lesson into reveal.js slides.

- the cells on the slides are chosen in the notebook (Jupyter's slideshow metadata);
  a cell without a slide type, and every solution, is left out; a markdown cell shows
  its heading and first paragraph, the rest goes to the speaker notes; a long derivation
  continues on the next slide. All on a copy of the notebook (the file is never changed);
- every lesson's deck has its title, its derivations, its figure and its exercise
  prompts, when the notebook has them;
- the build writes one ``.slides.html`` per lesson, and nothing in them is loaded from
  another host (reveal.js and MathJax are shipped in the folder);
- in headless Chromium, served on 127.0.0.1 with every other host blocked, each
  lesson's slides start and show typeset maths and their figures, and EVERY slide fits
  the 1280 × 720 slide: none is taller, and nothing on it is wider than its box. A
  screenshot of every slide is saved in artifacts/screenshots/slides/.

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

from browser import ROOT, WIDER_THAN_BOX, chromium, require_browser, screenshot_dir, serve_directory
from course import slides

LESSONS = slides.lesson_notebooks(ROOT / "notebooks")
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
FENCED = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1", re.M | re.S)


# --- the slide types, on a notebook in memory ----------------------------------------

def on(kind: str) -> dict:
    return {"slideshow": {"slide_type": kind}}


DERIVATION = "$$\\begin{aligned}\n" + " \\\\\n".join(
    [r"&\frac{d}{dx} f"] + [row for k in range(12) for row in
                             (rf"&= \frac{{a_{k}}}{{b}}\quad \checkmark", rf"&\qquad\quad \text{{step {k}}}")]
) + "\n\\end{aligned}$$"


def small_notebook():
    derivation = new_code_cell("derivation", metadata=on("subslide"), outputs=[
        nbformat.v4.new_output("execute_result", {"text/latex": DERIVATION, "text/plain": "d/dx f"},
                               execution_count=2)])
    return new_notebook(cells=[
        new_markdown_cell("# 3.9 Example\n\n*Chapter 3* · [index](00_index.ipynb)\n\nWhat this lesson does.",
                          metadata=on("slide")),
        new_markdown_cell("## Setup\n\nRun this first."),
        new_code_cell("import numpy"),
        new_markdown_cell("## The definition\n\nIt is:\n\n$$f(x) = x^2$$\n\nMore prose.\n\nAnd more.",
                          metadata=on("slide")),
        derivation,
        new_code_cell("# Solution\nanswer = 42", metadata={"tags": ["solution"], **on("-")}),
        new_markdown_cell("**1.** Do it.", metadata=on("fragment")),
    ])


def test_only_chosen_cells_are_on_the_slides_and_prose_goes_to_the_notes():
    nb = small_notebook()
    before = nbformat.writes(nb)
    prepared = slides.prepare(nb, "3.9 Example")
    assert nbformat.writes(nb) == before, "prepare() changed the notebook it was given"
    shown = [(c.metadata.slideshow.slide_type, "".join(c.source)) for c in prepared.cells]
    assert shown[:5] == [
        ("slide", "# 3.9 Example\n\n*Chapter 3* · [index](00_index.ipynb)"),
        ("notes", "What this lesson does."),
        ("slide", "## The definition\n\nIt is:\n\n$$f(x) = x^2$$"),  # with the formula it introduces
        ("notes", "More prose.\n\nAnd more."),
        ("subslide", "derivation"),
    ]
    # no Setup, no cell without a slide type, no solution even with a slide type
    assert not any("Setup" in s or "numpy" in s or "answer" in s for _, s in shown)
    # the derivation continues on the next slide, cut before a step, with a ⋮
    parts = [c for c in prepared.cells if c.source == "derivation"]
    assert len(parts) >= 2 and [c.metadata.slideshow.slide_type for c in parts[1:]] == ["subslide"] * (len(parts) - 1)
    latex = [c.outputs[0]["data"]["text/latex"] for c in parts]
    assert all(part.count("\\\\\n") + 1 <= slides.ROWS_PER_SLIDE for part in latex)
    assert latex[1].startswith("$$\\begin{aligned}\n&\\vdots \\\\\n&= ")
    rows = [row for part in latex for row in part.split(" \\\\\n") if "vdots" not in row]
    assert len(rows) == 25, "a row was lost or repeated"
    assert shown[-1] == ("fragment", "**1.** Do it.")
    ids = [c.get("id") for c in prepared.cells]
    assert len(ids) == len(set(ids)), "split cells must keep unique ids"


def test_a_deck_starts_with_a_slide_and_slide_types_are_jupyters():
    nb = small_notebook()
    nb.cells[0].metadata = on("-")
    with pytest.raises(slides.SlidesError, match="first cell on the slides"):
        slides.prepare(nb, "3.9 Example")
    nb = small_notebook()
    for cell in nb.cells:
        cell.metadata.pop("slideshow", None)
    with pytest.raises(slides.SlidesError, match="no cell has a slide type; choose its slides"):
        slides.prepare(nb, "3.9 Example")
    nb = small_notebook()
    nb.cells[3].metadata = on("Slide")
    with pytest.raises(slides.SlidesError, match="unknown slide type 'Slide'"):
        slides.prepare(nb, "3.9 Example")


def kinds(cell) -> set[str]:
    data = {k for o in cell.get("outputs", []) for k in o.get("data", {})}
    latex = "".join("".join(o.get("data", {}).get("text/latex", "")) for o in cell.get("outputs", []))
    return data | ({"derivation"} if r"\text{last step}" in latex else set())


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_lesson_has_a_chosen_deck_without_solutions(path):
    before = path.read_bytes()
    nb = nbformat.read(path, as_version=4)
    prepared = slides.prepare(nb, slides.lesson_title(nb, path.stem))
    assert path.read_bytes() == before
    on_slides = [c for c in prepared.cells if c.metadata.slideshow.slide_type != "notes"]
    assert on_slides[0].source.startswith("# "), f"{path.name}: the deck does not start with the title"
    for cell in prepared.cells:
        assert "solution" not in cell.metadata.get("tags", []), f"{path.name}: a solution is on the slides"
    # what the lesson has, its deck shows: each derivation, a figure, the exercise prompts
    cells = [c for c in nb.cells if "solution" not in c.metadata.get("tags", [])]
    derivations = sum("derivation" in kinds(c) for c in cells
                      if not any("Exercises" in "".join(m.source) for m in cells[:cells.index(c)]
                                 if m.cell_type == "markdown"))
    shown = [k for c in on_slides for k in kinds(c)]
    assert shown.count("derivation") >= min(derivations, 1), f"{path.name}: no derivation on the slides"
    if any("image/png" in kinds(c) for c in cells):
        assert "image/png" in shown, f"{path.name}: no figure on the slides"
    if any(c.cell_type == "markdown" and "".join(c.source).startswith("## Exercises") for c in cells):
        assert any("".join(c.source).startswith("## Exercises") for c in on_slides), \
            f"{path.name}: the exercise prompts are not on the slides"
    # a slide is a heading, a paragraph or two and its outputs, never a page of prose
    for cell in on_slides:
        if cell.cell_type == "markdown":
            assert len(cell.source) <= 900, f"{path.name}: a slide of {len(cell.source)} characters"


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


#: Every slide in turn: how tall its content is (in the slide's own pixels, before
#: reveal.js scales it to the window) and what on it is wider than its box.
MEASURE_SLIDES = """(wider) => {
  const out = [];
  for (const section of Reveal.getSlides()) {
    const i = Reveal.getIndices(section);
    Reveal.slide(i.h, i.v);
    const top = section.getBoundingClientRect().top, scale = Reveal.getScale();
    let bottom = 0;
    for (const child of section.children) {
      if (child.tagName !== 'ASIDE') bottom = Math.max(bottom, child.getBoundingClientRect().bottom);
    }
    out.push({h: i.h, v: i.v, height: Math.round((bottom - top) / scale),
              wide: eval(wider)('section.present:not(.stack)'),
              text: (section.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60)});
  }
  Reveal.slide(0, 0);
  return out;
}"""


@pytest.mark.browser
def test_each_lesson_presents_offline_in_chromium(served):
    shots = screenshot_dir("slides")
    problems = []
    with chromium() as browser:
        for notebook in LESSONS:
            name = f"{notebook.stem}.slides.html"
            context = browser.new_context(viewport={"width": slides.WIDTH, "height": slides.HEIGHT})
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
            page.evaluate("() => Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
            measured = page.evaluate(MEASURE_SLIDES, WIDER_THAN_BOX)

            # step through: the title, then a few slides forward
            seen = [page.evaluate("() => Reveal.getIndices()")]
            for _ in range(min(4, len(measured) - 1)):
                page.evaluate("() => Reveal.next()")
                seen.append(page.evaluate("() => Reveal.getIndices()"))
            moved = len({(i["h"], i["v"]) for i in seen}) == len(seen)
            # a picture of every slide, as the class sees it
            for slide in measured:
                page.evaluate(f"() => Reveal.slide({slide['h']}, {slide['v']})")
                page.wait_for_timeout(50)
                page.screenshot(path=str(shots / f"{notebook.stem}-{slide['h']:02d}-{slide['v']:02d}.png"))
            context.close()

            if not measured or measured[0]["h"] != 0:
                problems.append(f"{name}: no slides")
            if has_maths(notebook) and not result["maths"]:
                problems.append(f"{name}: no typeset maths in a lesson with maths")
            if not any(u.endswith("/mathjax/tex-chtml.js") for u in local):
                problems.append(f"{name}: MathJax was not loaded from the slides' folder")
            if not moved:
                problems.append(f"{name}: Reveal.next() did not move on: {seen}")
            tall = [(s["h"], s["v"], s["height"], s["text"]) for s in measured if s["height"] > slides.HEIGHT]
            wide = [(s["h"], s["v"], w) for s in measured for w in s["wide"]]
            for what, bad in [("requests to other hosts", outside), ("JavaScript errors", js_errors),
                              ("MathJax errors", result["errors"]), ("raw TeX on a slide", raw),
                              ("images not loaded", [i for i in result["images"] if not i["loaded"]]),
                              ("images without alt", [i for i in result["images"] if not i["alt"]]),
                              (f"slides taller than {slides.HEIGHT} px", tall),
                              ("content wider than its box", wide)]:
                if bad:
                    problems.append(f"{name}: {len(bad)} {what}: {bad[:5]}")
            print(f"{name}: {len(measured)} slides, tallest {max(s['height'] for s in measured)} px")
    assert not problems, "\n".join(problems)
