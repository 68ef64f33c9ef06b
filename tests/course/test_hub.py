"""The classroom route, end to end: a JupyterHub, nbgitpuller links, two learners.

The test starts the instructors' hub (hub/jupyterhub_config.py: JupyterHub with its npm
proxy, configurable-http-proxy, installed by hub/install-proxy) on 127.0.0.1, on free
ports, with two learners, ada and bob, and a course remote of its own: a bare git repository
made from this checkout's HEAD, reached by a file:// URL. Then, in headless Chromium:

1. ada follows the nbgitpuller link, logs in, and lands on the course index in her home;
   she opens lesson 3.1, clears it, runs it from the menus (Run ▸ Run All Cells), and every
   code cell runs in order without an error; she adds a note to a cell and saves;
2. meanwhile bob follows the same link and gets his own copy; he cannot reach ada's files (the hub
   refuses him her server, and his own server's contents API has nothing outside his home),
   and on disk the two homes are separate;
3. the instructor updates the course: lesson 3.1 changes (the cell ada edited and another
   one) and a new lesson arrives; ada follows the link again: her note is kept, the other
   change and the new lesson arrive, and every other file is the instructor's.

Everything it starts (hub, proxy, the learners' servers and kernels) is stopped afterwards.
JupyterLab's only non-default setting here is every cell attached to the page, so that each
prompt and output can be checked (as in test_browser_lab.py). Screenshots are saved in
artifacts/screenshots/hub/.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import tarfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
from test_browser_lab import PANEL, STATE, code_cells, expected_counts, menu, prompt_number

from browser import (
    ARTIFACTS,
    ROOT,
    chromium,
    free_port,
    in_ci,
    needs_make_venv,
    require_browser,
    screenshot_dir,
)

BIN = ROOT / ".venv" / "bin"
LEARNERS = ("ada", "bob")
REPO = "chapter3-course"  # the remote's folder name: nbgitpuller clones into a folder of that name
LESSON = "notebooks/01_sigmoid.ipynb"
NEW_LESSON = "notebooks/09_new_lesson.ipynb"
EDITED_CELL = 19  # "The post's example": ada and the instructor both change its first line
UPDATED_CELL = 16  # "The figure": only the instructor changes it
ADA_NOTE = "# ada: the post printed these same five numbers"
UPSTREAM_NOTE = "# the post's inputs: a column of five numbers"
UPSTREAM_TEXT = "\n\nThe bell is the logistic distribution's density."
START_TIMEOUT_S = 120  # the hub starts in about 15 s here, a learner's server in about 10 s
RUN_TIMEOUT_S = 240  # lesson 3.1 runs in well under a minute

pytestmark = [needs_make_venv(), pytest.mark.browser]

GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="Instructor", GIT_AUTHOR_EMAIL="instructor@example.org",
               GIT_COMMITTER_NAME="Instructor", GIT_COMMITTER_EMAIL="instructor@example.org")


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, check=True, capture_output=True,
                          text=True, timeout=120).stdout


# --- the course remote ----------------------------------------------------------------

@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    """(the instructor's working copy, the bare remote): HEAD of this checkout, one commit."""
    tmp = tmp_path_factory.mktemp("remote")
    work, bare = tmp / "work", tmp / REPO
    archive = tmp / "head.tar"
    # git archive, not a clone: it works from a shallow or detached CI checkout too
    subprocess.run(["git", "archive", "--format=tar", f"--output={archive}", "HEAD"], cwd=ROOT,
                   check=True, timeout=120)
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    git("init", "-q", "--bare", "-b", "main", str(bare), cwd=tmp)
    git("init", "-q", "-b", "main", cwd=work)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "the course", cwd=work)
    git("remote", "add", "origin", str(bare), cwd=work)
    git("push", "-q", "origin", "main", cwd=work)
    return work, bare


def update_the_course(work: Path) -> None:
    """The instructor's update: lesson 3.1 changed in two cells, and a new lesson."""
    path = work / LESSON
    assert nbformat.writes(nbformat.read(path, as_version=4)) + "\n" == path.read_text(), (
        "the stored notebook is in nbformat's own layout, so this edit changes only its lines")
    nb = nbformat.read(path, as_version=4)
    nb.cells[EDITED_CELL].source = UPSTREAM_NOTE + "\n" + nb.cells[EDITED_CELL].source
    nb.cells[UPDATED_CELL].source += UPSTREAM_TEXT
    nbformat.write(nb, path)
    new = nbformat.v4.new_notebook(metadata=nb.metadata, cells=[  # 3.1's kernel, language
        nbformat.v4.new_markdown_cell("# 3.9 A new lesson\n\nIt arrived after the class began."),
        nbformat.v4.new_code_cell("from chapter3 import sigmoid\n\nsigmoid(0.0)"),
    ])
    nbformat.write(new, work / NEW_LESSON)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "lesson 3.1 updated; a new lesson", cwd=work)
    git("push", "-q", "origin", "main", cwd=work)


# --- the hub --------------------------------------------------------------------------

def processes_under(folder: Path) -> list[int]:
    """The processes whose working directory is inside ``folder``: the learners' servers
    (each in its home) and their kernels (each in a notebook's folder)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError):
                if Path(os.readlink(proc / "cwd")).is_relative_to(folder):
                    found.append(int(proc.name))
    return found


def stop(pid: int, how: signal.Signals = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, how)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """hub/jupyterhub_config.py on free ports: yields (base URL, password, homes, log)."""
    require_browser()
    if not (BIN / "jupyterhub").exists():
        reason = "JupyterHub is not installed (requirements-dev.txt; `make test` installs it)"
        pytest.fail(reason) if in_ci() else pytest.skip(reason)
    if shutil.which("npm") is None:
        reason = "the hub's proxy comes from npm: install Node.js 20 and npm"
        pytest.fail(reason) if in_ci() else pytest.skip(reason)
    # the proxy from npm, pinned: installed once into .cache/node/ (.ci/run installs it first)
    subprocess.run([str(ROOT / "hub" / "install-proxy")], check=True, timeout=300)

    tmp = tmp_path_factory.mktemp("hub")
    state, homes, log = tmp / "state", tmp / "homes", tmp / "hub.log"
    state.mkdir()
    for learner in LEARNERS:
        settings = (homes / learner / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
                    / "notebook-extension" / "tracker.jupyterlab-settings")
        settings.parent.mkdir(parents=True)
        settings.write_text(json.dumps({"windowingMode": "none"}))
    password = secrets.token_hex(12)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, COURSE_HUB_LEARNERS=",".join(LEARNERS), COURSE_HUB_PASSWORD=password,
               COURSE_HUB_HOMES=str(homes))
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(ROOT / "hub" / "jupyterhub_config.py"),
             f"--JupyterHub.bind_url={base}",
             f"--JupyterHub.hub_bind_url=http://127.0.0.1:{hub_port}",
             f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{api_port}"],
            cwd=state, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"{base}/hub/api", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"no hub within {START_TIMEOUT_S} s:\n{log.read_text()}"
            time.sleep(0.5)
        yield base, password, homes, log
    finally:
        # The learners' servers and kernels first: JupyterHub would stop each server with
        # SIGINT and wait (30 s here) before its SIGTERM, which they obey at once.
        for pid in processes_under(homes):
            stop(pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while processes_under(homes) and time.monotonic() < deadline:
            time.sleep(0.25)
        # then the hub, which stops its proxy
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        # and if it could not: whatever still runs in the learners' homes, and the proxy
        for pid in processes_under(homes):
            stop(pid)
        pid_file = state / "jupyterhub-proxy.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text())
            with contextlib.suppress(OSError):
                if b"configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    stop(pid)


def pull_link(base: str, bare: Path) -> str:
    """The nbgitpuller link an instructor hands out (docs/instructor/hub.md)."""
    query = urllib.parse.urlencode({
        "repo": bare.as_uri(), "branch": "main",
        "urlpath": f"lab/tree/{REPO}/notebooks/00_index.ipynb"})
    return f"{base}/hub/user-redirect/git-pull?{query}"


# --- in the browser -------------------------------------------------------------------

def follow_link(page, link: str, learner: str, password: str | None) -> None:
    """Open the link; log in when the hub asks; wait for the course index in JupyterLab."""
    page.goto(link)
    if password is not None:
        page.locator("#username_input").fill(learner)
        page.locator("#password_input").fill(password)
        page.locator("#login_submit").click()
    index = f"/user/{learner}/lab/tree/{REPO}/notebooks/00_index.ipynb"
    cell = page.locator(f"{PANEL} .jp-Notebook .jp-Cell").first
    deadline = time.monotonic() + START_TIMEOUT_S
    # the hub's spawn page, then nbgitpuller's progress page, then JupyterLab
    while not (urllib.parse.urlsplit(page.url).path == index and cell.is_visible()):
        failed = page.get_by_text("Spawn failed").filter(visible=True).count()
        if failed or time.monotonic() > deadline:
            page.screenshot(path=str(ARTIFACTS / "screenshots" / "hub" / f"failed-{learner}.png"))
            raise AssertionError(f"{learner} did not reach the course index: at {page.url}, "
                                 f"the page says {page.inner_text('body')[:2000]!r}")
        time.sleep(0.5)


def api(page, base: str, learner_of_server: str, path: str):
    """GET the contents API of ``learner_of_server``'s server with the page's cookies
    (and its XSRF token, as JupyterLab sends it). Returns (status, JSON or text)."""
    xsrf = [c["value"] for c in page.context.cookies(base) if c["name"] == "_xsrf"]
    response = page.request.get(
        f"{base}/user/{learner_of_server}/api/contents/{urllib.parse.quote(path)}",
        headers={"X-XSRFToken": xsrf[0]} if xsrf else {}, max_redirects=10)
    try:
        return response.status, response.json()
    except Exception:
        return response.status, response.text()


def shown_counts(cells: list[dict]) -> list[int | None]:
    """The prompt each code cell shows after Run All: its count, None for an empty cell
    and for a hidden solution (a cell whose input is collapsed shows no prompt)."""
    return [None if c["metadata"].get("jupyter", {}).get("source_hidden") else n
            for c, n in zip(cells, expected_counts(cells))]


def start_run_all(page, cells: list[dict]) -> None:
    """Once the notebook's kernel is idle: clear the outputs and run every cell, from the
    menus (Edit ▸ Clear Outputs of All Cells, Run ▸ Run All Cells)."""
    page.wait_for_function(
        f"() => document.querySelectorAll('{PANEL} .jp-Notebook .jp-CodeCell').length"
        f" === {len(cells)}")
    page.wait_for_selector(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=START_TIMEOUT_S * 1000)
    menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(
        f"() => Array.from(document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputPrompt'))"
        ".every(p => !/\\d/.test(p.textContent))")
    menu(page, "Run", "Run All Cells")


def wait_for_run(page, cells: list[dict]) -> dict:
    """Until every cell shows its count and the kernel is idle, or a cell shows an error
    (Run All stops there), or the time limit: the notebook's state then."""
    expected = shown_counts(cells)
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while True:
        state = page.evaluate(STATE)
        shown = [prompt_number(c["prompt"]) for c in state["cells"]]
        if state["status"] == "idle" and all(s == n for s, n in zip(shown, expected) if n):
            return state
        if any(c["errors"] for c in state["cells"]) or time.monotonic() > deadline:
            return state
        time.sleep(0.5)


def cells_of(path: Path) -> list:
    return nbformat.read(path, as_version=4).cells


def test_two_learners_pull_run_edit_and_update_the_course_on_a_hub(hub, remote):
    base, password, homes, log = hub
    work, bare = remote
    link = pull_link(base, bare)
    shots = screenshot_dir("hub")
    ada_lesson, bob_lesson = (homes / learner / REPO / LESSON for learner in LEARNERS)
    started = last = time.monotonic()

    def mark(step: str) -> None:
        nonlocal last
        print(f"  {time.monotonic() - last:5.1f} s  {step}")
        last = time.monotonic()

    with chromium() as browser:
        ada = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        bob = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        for page in (ada, bob):
            page.set_default_timeout(60_000)

        # 1. ada: the link, the login, her own copy of the course, lesson 3.1 run and edited
        follow_link(ada, link, "ada", password)
        mark("ada: logged in, course pulled, index open")
        ada.screenshot(path=str(shots / "1-ada-course-index.png"))
        assert git("log", "--format=%s", cwd=homes / "ada" / REPO).split("\n")[0] == "the course"
        ada.goto(f"{base}/user/ada/lab/tree/{REPO}/{LESSON}")
        start_run_all(ada, code_cells(work / LESSON))

        # 2. while her lesson runs, bob: his own copy; ada's files are out of his reach
        follow_link(bob, link, "bob", password)
        mark("bob: logged in, course pulled, index open")
        bob.screenshot(path=str(shots / "2-bob-course-index.png"))
        status, listing = api(bob, base, "bob", f"{REPO}/notebooks")
        assert status == 200 and "01_sigmoid.ipynb" in {f["name"] for f in listing["content"]}, (
            status, listing)  # so the refusals below are refusals, not a broken request
        # as a person would: opening ada's JupyterLab sends bob through the hub's login to
        # her server, and the hub refuses (it would ask him to authorize, or let him in, if
        # he had access to her server)
        response = bob.goto(f"{base}/user/ada/lab/tree/{REPO}/{LESSON}")
        assert response.status == 403 and "/lab" not in urllib.parse.urlsplit(bob.url).path, (
            f"the hub let bob towards ada's server: {response.status} at {bob.url}")
        bob.screenshot(path=str(shots / "2-bob-refused-ada-s-server.png"))
        for server, path in (("ada", f"{REPO}/{LESSON}"), ("ada", ""),
                             ("bob", f"../ada/{REPO}/{LESSON}"), ("bob", "../ada")):
            status, body = api(bob, base, server, path)
            assert status in (403, 404), f"bob reached ada's files at {server}:{path}: {status}"
        assert (homes / "ada").resolve() != (homes / "bob").resolve()
        assert not (homes / "bob" / REPO).resolve().is_relative_to((homes / "ada").resolve())

        # 1, continued: ada's lesson has run, without an error; she adds a note and saves
        state = wait_for_run(ada, code_cells(work / LESSON))
        mark("ada: lesson 3.1 run (while bob logged in)")
        errors = [(i + 1, c["errors"]) for i, c in enumerate(state["cells"]) if c["errors"]]
        assert not errors, f"lesson 3.1 shows errors on the hub: {errors}"
        expected = shown_counts(code_cells(work / LESSON))
        shown = [prompt_number(c["prompt"]) for c in state["cells"]]
        assert state["status"] == "idle" and shown == expected, (
            f"not every cell of lesson 3.1 ran, in order: {shown} (expected {expected})")
        # her note, typed at the top of a cell, then saved with Ctrl+S
        code_index = [i for i, c in enumerate(cells_of(work / LESSON))
                      if c.cell_type == "code"].index(EDITED_CELL)
        editor = ada.locator(f"{PANEL} .jp-Notebook .jp-CodeCell").nth(code_index).locator(
            ".cm-content")
        editor.click()
        ada.keyboard.press("Control+Home")
        ada.keyboard.type(ADA_NOTE)
        ada.keyboard.press("Enter")
        ada.keyboard.press("Control+s")
        deadline = time.monotonic() + 30
        while ADA_NOTE not in ada_lesson.read_text() and time.monotonic() < deadline:
            time.sleep(0.25)
        ada.screenshot(path=str(shots / "3-ada-lesson-3.1-run-and-edited.png"))
        saved = cells_of(ada_lesson)
        assert saved[EDITED_CELL].source.startswith(ADA_NOTE + "\n"), saved[EDITED_CELL].source
        assert [c.get("execution_count") for c in saved if c.cell_type == "code"] == (
            expected_counts(code_cells(work / LESSON))), "the saved lesson ran in order"
        assert not [o for c in saved if c.cell_type == "code" for o in c.outputs
                    if o.output_type == "error"], "the saved lesson holds an error"
        mark("ada: her note saved")

        # 3. the instructor's update, then ada follows the same link again
        before = {p.relative_to(homes / "ada" / REPO) for p in (homes / "ada" / REPO).rglob("*")
                  if ".git" not in p.parts}
        update_the_course(work)
        follow_link(ada, link, "ada", None)  # she is still logged in
        mark("ada: the update pulled")
        ada.goto(f"{base}/user/ada/lab/tree/{REPO}/{NEW_LESSON}")
        ada.locator(f"{PANEL} h1", has_text="3.9 A new lesson").wait_for()
        ada.screenshot(path=str(shots / "4-ada-the-new-lesson.png"))

    mine = homes / "ada" / REPO
    merged, upstream = cells_of(ada_lesson), cells_of(work / LESSON)
    assert len(merged) == len(upstream), "lesson 3.1 lost or gained cells in the merge"
    assert merged[EDITED_CELL].source.startswith(ADA_NOTE + "\n"), (
        f"ada's note was not kept: {merged[EDITED_CELL].source[:200]!r}")
    assert UPSTREAM_NOTE not in merged[EDITED_CELL].source, "her side of the conflict wins"
    assert merged[UPDATED_CELL].source.endswith(UPSTREAM_TEXT), "the untouched cell's update"
    for i, (mine_cell, theirs) in enumerate(zip(merged, upstream)):
        if i != EDITED_CELL:
            assert mine_cell.source == theirs.source, f"cell {i} of lesson 3.1 differs"
    assert (mine / NEW_LESSON).read_bytes() == (work / NEW_LESSON).read_bytes(), "the new lesson"
    after = {p.relative_to(mine) for p in mine.rglob("*") if ".git" not in p.parts}
    assert before <= after, f"files lost in the update: {sorted(map(str, before - after))}"
    for path in git("ls-files", cwd=work).splitlines():  # the course, as the instructor has it
        if path != LESSON:
            assert (mine / path).read_bytes() == (work / path).read_bytes(), f"{path} differs"
    assert ADA_NOTE not in bob_lesson.read_text() and not (homes / "bob" / REPO / NEW_LESSON).exists()
    print(f"hub test: two learners, one update, {time.monotonic() - started:.0f} s in the browser")
