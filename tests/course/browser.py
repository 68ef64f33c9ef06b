"""Shared by the real-browser tests: headless Chromium from Debian, driven by Playwright.

On a developer machine without Chromium (or without Playwright) the browser tests are
skipped with a message saying how to enable them. Where the environment variable CI is
set (`.ci/run` sets it), a missing browser fails them instead: CI must run them.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
#: Debian's Chromium; never a browser that Playwright downloads itself.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
HOW_TO_ENABLE = (
    "install Debian's Chromium to run them: `sudo apt-get install chromium` "
    "(Playwright comes with `make test`; never run `playwright install`)"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (it is in requirements-dev.txt)"
    return None


def require_browser() -> None:
    """Skip (on a developer's machine) or fail (in CI) when the browser is missing."""
    reason = missing_browser()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"real-browser tests must run in CI, but {reason}: .ci/run installs chromium")
    pytest.skip(f"real-browser test skipped: {reason}; {HOW_TO_ENABLE}")


@contextlib.contextmanager
def chromium():
    """A headless Debian Chromium, driven by Playwright; closed afterwards."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot_dir(kind: str) -> Path:
    """artifacts/screenshots/<kind>/, emptied first so it holds this run's pictures only."""
    folder = ARTIFACTS / "screenshots" / kind
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def needs_make_venv() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not (ROOT / ".venv" / ".installed").exists() or shutil.which("make") is None,
        reason="needs the course environment made by `make` (run the tests with `make test`)",
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_directory(folder: Path):
    """Serve ``folder`` on http://127.0.0.1:<free port>/ (yields that base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def running_lab(folder: Path, timeout: float = 120, **env: str):
    """The README's `make lab` on a free port with a fresh token, its log in ``folder``.

    Yields (base URL, token, log path) once the server answers; stops it afterwards.
    ``env`` adds environment variables (JupyterLab settings folders, for example).
    """
    port, token = free_port(), secrets.token_hex(16)
    log = folder / "lab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "-s", "lab", f"PORT={port}", "LAB_FLAGS=--no-browser"],
            cwd=ROOT, env=dict(os.environ, JUPYTER_TOKEN=token, **env),
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"JupyterLab did not start within {timeout:.0f} s"
            time.sleep(0.5)
        yield base, token, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


#: JavaScript: the elements whose content is wider than their box (scrollWidth larger
#: than clientWidth by more than a pixel), among output areas, typeset maths (MathJax
#: displays), tables and preformatted text inside ``root`` (a CSS selector); each as
#: {what, text, content, box}. Hidden elements (width 0) are not counted. Used on the
#: website, in JupyterLab and in the slides: a reader never has to scroll sideways.
WIDER_THAN_BOX = r"""(root) => {
  const selector = [
    '.jp-OutputArea-output', '.cell_output .output', 'div.output', '.output_area',
    'mjx-container[display="true"]', 'div.math', 'table', 'pre',
  ].join(', ');
  const scope = document.querySelector(root) || document;
  return Array.from(scope.querySelectorAll(selector))
    .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
    .map(e => ({
      what: e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
        ? '.' + e.className.trim().split(/\s+/).slice(0, 3).join('.') : ''),
      text: (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 80),
      content: e.scrollWidth, box: e.clientWidth,
    }));
}"""


def wider_than_box(page, root: str = "body") -> list[dict]:
    """The elements of ``page`` under ``root`` whose content is wider than their box."""
    return page.evaluate(WIDER_THAN_BOX, root)
