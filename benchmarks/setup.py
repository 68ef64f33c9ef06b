"""The set-up's cost, measured: a learner's first `make lab`, and what each set weighs.

    python benchmarks/setup.py                  # every case below, a few minutes
    python benchmarks/setup.py --no-pip         # without the (slower) pip fallback

Every case starts from nothing, as on a learner's new machine: a new virtual environment
in a temporary folder and empty download caches there (UV_CACHE_DIR, PIP_CACHE_DIR), so
every package comes from PyPI. The steps are `make`'s own (see the Makefile):

1. the uv bootstrap: a small venv and ``pip install uv==VERSION`` (.cache/uv/ in make);
2. the learner's set with uv: requirements.txt and the course package, editable
   (``make lab``'s install; with 1, the first ``make lab`` on a fresh machine);
3. the maintainers' tools added with uv: requirements-dev.txt (what ``make test`` adds);
4. the learner's set again, into a new venv, from the cache that 2 and 3 filled;
5. the learner's set with plain pip, the fallback (``make lab INSTALLER=pip``).

It prints the seconds of each step and the size of the environment afterwards (disk
used, as ``du -sm`` counts it). Not a test: the times depend on the network and the
machine; `make benchmark` runs it after the other benchmarks.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


def disk_mib(*folders: Path) -> float:
    """Disk used by the folders' files, each file counted once (hard links too), in MiB."""
    seen, blocks = set(), 0
    for folder in folders:
        for path in [folder, *folder.rglob("*")]:
            try:
                stat = path.lstat()
            except OSError:
                continue
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                blocks += stat.st_blocks
    return blocks * 512 / MIB


def run(command: list[str], env: dict[str, str]) -> float:
    """Seconds that ``command`` took; its output is shown only when it fails."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n"
                 f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/setup.py",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--python", default="python3",
                        help="the Python the environments are made from (make's PYTHON)")
    parser.add_argument("--uv-version", default="0.13.8", help="make's UV_VERSION")
    parser.add_argument("--no-pip", action="store_true", help="skip the pip fallback (step 5)")
    parser.add_argument("--tmp", type=Path, default=None, help="where the temporary folder goes")
    args = parser.parse_args(argv)
    python = shutil.which(args.python) or args.python

    with tempfile.TemporaryDirectory(prefix="chapter3-setup-", dir=args.tmp) as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, UV_CACHE_DIR=str(tmp / "uv-cache"),
                   PIP_CACHE_DIR=str(tmp / "pip-cache"), UV_PYTHON_DOWNLOADS="never",
                   PIP_DISABLE_PIP_VERSION_CHECK="1")
        env.pop("VIRTUAL_ENV", None)
        rows: list[tuple[str, float | None, float | None]] = []

        boot = tmp / "uv"
        seconds = run([python, "-m", "venv", str(boot)], env)
        seconds += run([str(boot / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        f"uv=={args.uv_version}"], env)
        uv = str(boot / "bin" / "uv")
        rows.append((f"1. uv {args.uv_version} bootstrap (make's .cache/uv/)", seconds,
                     disk_mib(boot)))

        def uv_install(venv: Path, requirements: str, *extra: str) -> float:
            made = 0.0
            if not venv.exists():
                made = run([uv, "venv", "--quiet", "--python", python, str(venv)], env)
            return made + run([uv, "pip", "install", "--quiet", "--compile-bytecode", "--python",
                               str(venv / "bin" / "python"), "--requirement", requirements,
                               *extra], env)

        learner = tmp / "learner"
        first = uv_install(learner, "requirements.txt", "--editable", ".")
        rows.append(("2. learner's set, uv, empty cache (make lab)", first, disk_mib(learner)))
        rows.append(("   first make lab on a fresh machine (1 + 2)", rows[0][1] + first, None))
        rows.append(("   the venv and uv's download cache together", None,
                     disk_mib(learner, tmp / "uv-cache")))
        added = uv_install(learner, "requirements-dev.txt")
        rows.append(("3. + maintainers' tools, uv (make test adds)", added, disk_mib(learner)))
        warm = tmp / "warm"
        rows.append(("4. learner's set, uv, warm cache",
                     uv_install(warm, "requirements.txt", "--editable", "."), disk_mib(warm)))
        uv_cache = disk_mib(tmp / "uv-cache")

        if not args.no_pip:
            venv = tmp / "pip"
            seconds = run([python, "-m", "venv", str(venv)], env)
            seconds += run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                            "--requirement", "requirements.txt", "--editable", "."], env)
            rows.append(("5. learner's set, pip, empty cache (fallback)", seconds, disk_mib(venv)))

    version = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True).stdout.strip()
    print(f"The set-up from nothing: {os.cpu_count()} CPUs, Python {version} ({python})")
    print(f"{'step':<50} {'seconds':>8} {'venv MiB':>9}")
    for label, seconds, mib in rows:
        print(f"{label:<50} " + (f"{seconds:8.1f} " if seconds is not None else " " * 9)
              + (f"{mib:9.0f}" if mib is not None else ""))
    print(f"uv's download cache after 2-4: {uv_cache:.0f} MiB (its files are hard-linked into the "
          "venvs, not copied, where both are on one file system)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
