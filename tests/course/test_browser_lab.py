"""Every lesson runs in JupyterLab, as a learner runs it: in a real browser.

The test starts the README's command (`make lab`, on a free port, with a token),
opens each notebook in headless Chromium, clears its stored outputs and runs all
cells from the menus (Edit ▸ Clear Outputs of All Cells, Run ▸ Run All Cells), waits
for the kernel to go idle, and checks that every code cell ran, in order, and that
no cell shows an error or a warning. Then it looks, at 1280 px with the file browser
open, as a learner on a laptop sees the lesson: no output, derivation, display maths,
table or code is wider than its box (each would be clipped or scroll sideways). A
screenshot of each notebook is saved in artifacts/screenshots/lab/, and of each cell
that shows a derivation or a claim in artifacts/screenshots/lab/<notebook>/.

The notebooks on disk are never changed: JupyterLab's settings for this run (in a
temporary folder) switch autosave off, nothing is saved, and the test checks the
server's log for saves afterwards. The course's own defaults (config/jupyterlab-overrides.json, no news
pop-up) apply as they do for a learner.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path

import pytest

from browser import (
    ROOT,
    chromium,
    needs_make_venv,
    require_browser,
    running_lab,
    screenshot_dir,
    wider_than_box,
)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
RUN_TIMEOUT_S = 600  # the slowest lesson takes well under a minute here

pytestmark = [needs_make_venv(), pytest.mark.browser]


def write_settings(folder: Path) -> None:
    """This run's JupyterLab user settings: never autosave; attach every cell to the page."""
    settings = {
        "docmanager-extension/plugin": {"autosave": False},
        # all cells in the page, so that every prompt and output can be checked
        "notebook-extension/tracker": {"windowingMode": "none"},
    }
    for plugin, values in settings.items():
        path = folder / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab` on a free port with a token; yields (base URL, token, log file)."""
    require_browser()
    tmp = tmp_path_factory.mktemp("lab")
    write_settings(tmp / "settings")
    with running_lab(tmp, JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
                     JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces")) as running:
        yield running


def lab_log(lab) -> str:
    return lab[2].read_text(encoding="utf-8", errors="replace")


def api(base: str, token: str, path: str, method: str = "GET"):
    request = urllib.request.Request(f"{base}/api/{path}?token={token}", method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else None


def wait_for_idle_kernel(base: str, token: str, notebook: Path, timeout: float = 120) -> None:
    """Until the server says the notebook's kernel has started and is idle."""
    path = notebook.relative_to(ROOT).as_posix()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for session in api(base, token, "sessions"):
            if session.get("path") == path and (session.get("kernel") or {}).get(
                    "execution_state") == "idle":
                return
        time.sleep(0.5)
    raise AssertionError(f"the kernel of {notebook.name} did not start within {timeout:.0f} s")


def shut_down_kernels(base: str, token: str) -> None:
    for kernel in api(base, token, "kernels"):
        api(base, token, f"kernels/{kernel['id']}", method="DELETE")


PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

STATE = """() => {
  const panel = document.querySelector('%s');
  if (!panel) return null;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const cells = Array.from(panel.querySelectorAll('.jp-Notebook .jp-CodeCell')).map(cell => ({
    prompt: (cell.querySelector('.jp-InputPrompt') || {}).textContent?.trim() ?? '',
    source: (cell.querySelector('.cm-content') || {}).textContent ?? '',
    errors: Array.from(cell.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
      .map(e => e.textContent.slice(0, 300)),
    outputs: cell.querySelectorAll('.jp-OutputArea-output').length,
  }));
  return {status: indicator ? indicator.dataset.status : null, cells};
}""" % PANEL

#: Until every LaTeX output of the notebook is typeset by MathJax.
TYPESET = """() => Array.from(document.querySelectorAll('%s .jp-RenderedLatex'))
  .every(e => e.querySelector('mjx-container'))""" % PANEL


def file_browser_open(page) -> None:
    """Open the file browser in the left side bar, as it is for a learner."""
    if not page.locator(".jp-FileBrowser").first.is_visible():
        page.locator('.jp-SideBar [data-id="filebrowser"]').first.click()
    page.locator(".jp-FileBrowser").first.wait_for(state="visible")


def menu(page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def code_cells(notebook: Path) -> list[dict]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if c["cell_type"] == "code"]


def expected_counts(cells: list[dict]) -> list[int | None]:
    """The prompt each code cell should show after Run All in a fresh kernel:
    [1], [2], ... in order; None for an empty cell, which JupyterLab does not send."""
    counts, n = [], 0
    for cell in cells:
        if "".join(cell["source"]).strip():
            n += 1
            counts.append(n)
        else:
            counts.append(None)
    return counts


def prompt_number(prompt: str) -> int | None:
    match = re.fullmatch(r"\[(\d+)\]:", prompt)
    return int(match.group(1)) if match else None


def wait_until_run(page, expected: list[int | None], visible: list[bool]) -> dict:
    """Wait until every visible prompt shows its count and the kernel is idle; or until
    the kernel has been idle, with nothing changing, for 20 s (Run All stops at an
    error); or until the time limit. Returns the notebook's last state."""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    last, quiet_since = None, time.monotonic()
    while True:
        state = page.evaluate(STATE)
        prompts = [c["prompt"] for c in state["cells"]]
        done = all(prompt_number(p) == n for p, n, v in zip(prompts, expected, visible)
                   if n is not None and v)
        if state["status"] == "idle" and done:
            return state
        if (state["status"], prompts) != last:
            last, quiet_since = (state["status"], prompts), time.monotonic()
        busy = state["status"] != "idle" or any("*" in p for p in prompts)
        if (not busy and time.monotonic() - quiet_since > 20) or time.monotonic() > deadline:
            return state
        time.sleep(0.5)


def test_every_notebook_runs_in_jupyterlab_without_errors(lab):
    base, token, _ = lab
    shots = screenshot_dir("lab")
    problems = []
    with chromium() as browser:
        for notebook in NOTEBOOKS:
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            page = context.new_page()
            page.set_default_timeout(120_000)
            js_errors = []
            page.on("pageerror", lambda e, js_errors=js_errors: js_errors.append(str(e)))
            started = time.monotonic()
            # ?reset: a fresh workspace with only this notebook open
            page.goto(f"{base}/lab/tree/notebooks/{notebook.name}?reset&token={token}")
            cells = code_cells(notebook)
            expected = expected_counts(cells)
            # a cell whose input is collapsed (a hidden solution) shows no prompt
            visible = [not c["metadata"].get("jupyter", {}).get("source_hidden") for c in cells]
            page.wait_for_function(
                f"() => document.querySelectorAll('{PANEL} .jp-Notebook .jp-CodeCell').length"
                f" === {len(cells)}")
            wait_for_idle_kernel(base, token, notebook)
            page.wait_for_selector(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']")
            page.locator(".jp-StatusBar-Widget", has_text="| Idle").first.wait_for()

            menu(page, "Edit", "Clear Outputs of All Cells")
            page.wait_for_function(
                f"() => Array.from(document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputPrompt'))"
                ".every(p => !/\\d/.test(p.textContent))")
            menu(page, "Run", "Run All Cells")
            state = wait_until_run(page, expected, visible)
            news = page.get_by_text("receive official Jupyter news").count()
            file_browser_open(page)
            page.wait_for_function(TYPESET, timeout=60_000)
            page.wait_for_timeout(500)  # the layout settles after the last output
            wide = wider_than_box(page, PANEL)
            page.screenshot(path=str(shots / f"{notebook.stem}.png"))
            checks = page.locator(f"{PANEL} .jp-OutputArea-output.jp-RenderedLatex").filter(
                has_text=re.compile("[✓✗]|last step"))
            folder = shots / notebook.stem
            folder.mkdir(exist_ok=True)
            for k in range(checks.count()):
                checks.nth(k).scroll_into_view_if_needed()
                checks.nth(k).screenshot(path=str(folder / f"{k + 1:02d}.png"))
            context.close()
            shut_down_kernels(base, token)
            seconds = time.monotonic() - started

            shown = [prompt_number(c["prompt"]) for c in state["cells"]]
            wrong = [(i + 1, c["prompt"], n) for i, (c, n, v) in
                     enumerate(zip(state["cells"], expected, visible))
                     if v and n is not None and prompt_number(c["prompt"]) != n]
            if state["status"] != "idle" or wrong:
                problems.append(f"{notebook.name}: not every cell ran, in order (kernel "
                                f"{state['status']}; code cell, prompt, expected: {wrong[:5]})")
            for i, cell in enumerate(state["cells"]):
                if cell["errors"]:
                    problems.append(f"{notebook.name}, code cell {i + 1}: {cell['errors']}")
            if js_errors:
                problems.append(f"{notebook.name}: JavaScript errors: {js_errors[:3]}")
            if news:
                problems.append(f"{notebook.name}: JupyterLab's news pop-up is showing")
            if wide:
                problems.append(f"{notebook.name}: {len(wide)} elements wider than their box "
                                f"at 1280 px with the file browser open: {wide[:5]}")
            print(f"{notebook.name}: {max(filter(None, shown), default=0)} cells ran ({seconds:.0f} s)")
    # Nothing was saved: the server logs every save ("Saving file at ...").
    saved = [line for line in lab_log(lab).splitlines() if "Saving file at" in line]
    assert not saved, f"JupyterLab saved files during the test: {saved}"
    assert not problems, "\n".join(problems)
