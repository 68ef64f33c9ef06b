"""Time every element-wise activation against its peers, in one run.

    python benchmarks/activations.py            # 10^7 float64 numbers, 5 repeats
    python benchmarks/activations.py --quick    # 10^5 numbers: a smoke test
    python benchmarks/activations.py --markdown docs/benchmark-table.md

For each activation it times the forward pass and forward + derivative for
``chapter3`` (``value_and_derivative``), the posts' textbook code
(``chapter3.textbook``: f(x), then f'(x)), ``scipy.special`` where it has the
function, and PyTorch on one CPU thread (autograd) when torch is installed. Every
number is the median of several runs after a warm-up, measured in this run; the
ratios compare with chapter3 in the same run, so a busy machine slows all of them
alike. Peak memory is the largest NumPy allocation during one call (tracemalloc;
PyTorch's allocations are not traced). Math libraries are limited to one thread
before NumPy is imported, so that every contender uses one core.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from timing import median_ms  # noqa: E402

from chapter3 import ACTIVATIONS, textbook, value_and_derivative  # noqa: E402

try:
    import scipy
    import scipy.special as special
except ImportError:  # optional peer
    scipy = special = None
try:
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
except ImportError:  # optional peer
    torch = F = None

#: The posts' code for each activation: (forward, derivative), default parameters.
POSTS = textbook.FORMULAS


def scipy_pairs():
    """scipy.special's function, and the cheapest derivative built on it."""
    if special is None:
        return {}
    pairs = {"sigmoid": (special.expit, lambda x: (lambda y: (y, y * (1 - y)))(special.expit(x)))}
    if hasattr(special, "softplus"):
        pairs["softplus"] = (special.softplus, lambda x: (special.softplus(x), special.expit(x)))
    return pairs


def torch_pairs():
    """PyTorch's function, and its autograd backward with a gradient of ones."""
    if torch is None:
        return {}
    functions = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "softsign": F.softsign,
                 "relu": F.relu, "elu": F.elu, "selu": F.selu, "softplus": F.softplus}

    def pair(f):
        def forward(x):
            return f(torch.from_numpy(x))

        def both(x):
            t = torch.from_numpy(x).requires_grad_(True)
            y = f(t)
            y.backward(torch.ones_like(y))
            return y, t.grad

        return forward, both

    return {name: pair(f) for name, f in functions.items()}


def peak_mb(call) -> float:
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def measure(size: int, repeats: int, only: list[str] | None = None) -> list[dict]:
    x = np.random.default_rng(0).normal(0.0, 3.0, size)
    peers = {"scipy.special": scipy_pairs(), "PyTorch, 1 thread": torch_pairs()}
    rows = []
    for name, activation in ACTIVATIONS.items():
        if only and name not in only:
            continue
        contenders = {
            "chapter3": (activation.function, lambda x, a=activation: value_and_derivative(a, x)),
            "posts' code": (POSTS[name][0], lambda x, p=POSTS[name]: (p[0](x), p[1](x))),
        }
        for peer, pairs in peers.items():
            if name in pairs:
                contenders[peer] = pairs[name]
        for label, (forward, both) in contenders.items():
            with np.errstate(all="ignore"):  # the posts' code overflows: time it anyway
                row = {"activation": name, "implementation": label,
                       "forward": median_ms(lambda: forward(x), repeats),
                       "both": median_ms(lambda: both(x), repeats),
                       "memory": peak_mb(lambda: both(x)) if not label.startswith("PyTorch") else None}
            rows.append(row)
    for row in rows:
        ours = next(r for r in rows if r["activation"] == row["activation"]
                    and r["implementation"] == "chapter3")
        row["ratio"] = row["both"] / ours["both"]
    return rows


def verdicts(rows: list[dict]) -> list[str]:
    """The targets of the course, checked against this run's numbers."""
    lines = []
    for name in dict.fromkeys(r["activation"] for r in rows):
        by = {r["implementation"]: r for r in rows if r["activation"] == name}
        ours = by["chapter3"]["both"]
        checks = [("at least 2x faster than the posts' code", by["posts' code"]["both"] >= 2 * ours,
                   f"{by['posts' + chr(39) + ' code']['both'] / ours:.2f}x")]
        if "scipy.special" in by:
            checks.append(("no slower than scipy.special", ours <= by["scipy.special"]["both"],
                           f"{by['scipy.special']['both'] / ours:.2f}x"))
        if "PyTorch, 1 thread" in by:
            checks.append(("within 1.5x of PyTorch (1 thread)",
                           ours <= 1.5 * by["PyTorch, 1 thread"]["both"],
                           f"{by['PyTorch, 1 thread']['both'] / ours:.2f}x"))
        for text, ok, ratio in checks:
            lines.append(f"{'✓' if ok else '✗'} {name}: {text} (their time / ours = {ratio})")
    if torch is None:
        lines.append("- PyTorch not installed: its comparison was skipped")
    if special is None:
        lines.append("- SciPy not installed: its comparison was skipped")
    return lines


def table(rows: list[dict]) -> str:
    head = ("| activation | implementation | forward (ms) | forward + derivative (ms) "
            "| time / chapter3's | peak memory (MB) |\n|---|---|---:|---:|---:|---:|")
    lines = [head]
    for r in rows:
        memory = "not traced" if r["memory"] is None else f"{r['memory']:.0f}"
        lines.append(f"| {r['activation']} | {r['implementation']} | {r['forward']:.1f} "
                     f"| {r['both']:.1f} | {r['ratio']:.2f} | {memory} |")
    return "\n".join(lines)


def environment(size: int, repeats: int) -> str:
    peers = [f"NumPy {np.__version__}"]
    peers.append(f"SciPy {scipy.__version__}" if scipy else "SciPy not installed")
    peers.append(f"PyTorch {torch.__version__} (1 thread)" if torch else "PyTorch not installed")
    return (f"{size:,} float64 numbers (normal, sd 3), median of {repeats} runs; "
            f"Python {platform.python_version()}, {', '.join(peers)}, {os.cpu_count()} CPUs")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10**7)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="10^5 numbers, 3 repeats")
    parser.add_argument("--only", nargs="*", help="activations to time (default: all)")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    size, repeats = (10**5, 3) if args.quick else (args.size, args.repeats)
    rows = measure(size, repeats, args.only)
    text = "\n\n".join([environment(size, repeats), table(rows), "\n".join(verdicts(rows))])
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
        print(f"\n(written to {args.markdown})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
