"""The course's own cost: the notebook suite under nbval, and the website's build.

    python benchmarks/course.py

Runs each once, as a learner's or CI's machine would (a fresh build directory for
the website), and prints the wall-clock time against the course's targets: at
most 60 s each on a 2-core machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - start, run


def main() -> int:
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as out:
        cases = {
            "every notebook under strict nbval": [sys.executable, "-m", "pytest", "-q", "-p",
                                                  "no:cacheprovider", "notebooks"],
            "the website (sphinx-build -n -W, from scratch)": [
                str(bin_dir / "sphinx-build"), "-n", "-W", "--keep-going", "-q", "-E", "-b", "html",
                "-d", os.path.join(out, "doctrees"), "docs", os.path.join(out, "html")],
        }
        failed = False
        print(f"{os.cpu_count()} CPUs; target: at most {TARGET_SECONDS} s each")
        for label, command in cases.items():
            seconds, run = timed(command)
            ok = run.returncode == 0 and seconds <= TARGET_SECONDS
            failed |= run.returncode != 0
            print(f"{'✓' if ok else '✗'} {label}: {seconds:.1f} s"
                  + ("" if run.returncode == 0 else f" (FAILED, exit {run.returncode})"))
            if run.returncode:
                print(run.stdout[-2000:], run.stderr[-2000:], sep="\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
