"""Time every element-wise activation against its peers, in one run.

    python benchmarks/activations.py            # 10^7 float64 numbers, 5 repeats
    python benchmarks/activations.py --quick    # 10^5 numbers: a smoke test
    python benchmarks/activations.py --markdown docs/benchmark-table.md

For each activation it times the forward pass and forward + derivative for
``chapter3`` (``value_and_derivative``), the posts' code (the registry entry's
``textbook`` pair: f(x), then f'(x)), and the peers its registry entry names:
``scipy.special`` where it has the function, and PyTorch on one CPU thread
(autograd) when torch is installed. Every
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
import importlib  # noqa: E402
import platform  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from timing import median_ms  # noqa: E402

from chapter3 import ACTIVATIONS, value_and_derivative  # noqa: E402

try:
    import scipy
except ImportError:  # optional peer
    scipy = None
try:
    import torch

    torch.set_num_threads(1)
except ImportError:  # optional peer
    torch = None

LIBRARIES = {"scipy.special": scipy, "PyTorch": torch}


def resolve(dotted: str):
    """``"scipy.special.expit"`` -> the function (its library is imported above)."""
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def peer(forward: str, derivative: str | None):
    """A peer's (forward, forward + derivative) from its registry entry's names.

    ``"autograd"``: PyTorch's backward with a gradient of ones; None: the library
    has no derivative, so only its forward pass is timed.
    """
    f = resolve(forward)
    if derivative == "autograd":
        def both(x):
            t = torch.from_numpy(x).requires_grad_(True)
            y = f(t)
            y.backward(torch.ones_like(y))
            return y, t.grad

        return (lambda x: f(torch.from_numpy(x))), both
    if derivative is None:
        return f, None
    df = resolve(derivative)
    return f, lambda x: (f(x), df(x))


def peak_mb(call) -> float:
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def measure(size: int, repeats: int, only: list[str] | None = None) -> list[dict]:
    x = np.random.default_rng(0).normal(0.0, 3.0, size)
    rows = []
    for name, activation in ACTIVATIONS.items():
        if only and name not in only:
            continue
        contenders = {
            "chapter3": (activation.function, lambda x, a=activation: value_and_derivative(a, x)),
            "posts' code": (activation.textbook[0],
                            lambda x, p=activation.textbook: (p[0](x), p[1](x))),
        }
        for library, names in activation.peers.items():
            if LIBRARIES[library] is not None:
                label = "PyTorch, 1 thread" if library == "PyTorch" else library
                contenders[label] = peer(*names)
        for label, (forward, both) in contenders.items():
            with np.errstate(all="ignore"):  # the posts' code overflows: time it anyway
                row = {"activation": name, "implementation": label,
                       "forward": median_ms(lambda: forward(x), repeats),
                       "both": median_ms(lambda: both(x), repeats) if both else None,
                       "memory": (peak_mb(lambda: (both or forward)(x))
                                  if not label.startswith("PyTorch") else None)}
            rows.append(row)
    for row in rows:
        ours = next(r for r in rows if r["activation"] == row["activation"]
                    and r["implementation"] == "chapter3")
        key = "both" if row["both"] is not None else "forward"
        row["ratio"] = row[key] / ours[key]
    return rows


def verdicts(rows: list[dict]) -> list[str]:
    """The course's targets, checked against this run's numbers: forward + derivative
    no slower than the posts' code and than scipy.special (its forward pass alone where
    it has no derivative), and within 1.5x of PyTorch."""
    lines = []
    for name in dict.fromkeys(r["activation"] for r in rows):
        by = {r["implementation"]: r for r in rows if r["activation"] == name}
        targets = [("posts' code", "no slower than the posts' code", 1.0),
                   ("scipy.special", "no slower than scipy.special", 1.0),
                   ("PyTorch, 1 thread", "within 1.5x of PyTorch (1 thread)", 1.5)]
        for label, text, factor in targets:
            if label not in by:
                continue
            key = "both" if by[label]["both"] is not None else "forward"
            theirs, ours = by[label][key], by["chapter3"][key]
            what = "forward + derivative" if key == "both" else "forward pass"
            lines.append(f"{'✓' if ours <= factor * theirs else '✗'} {name}: {what} {text} "
                         f"(their time / ours = {theirs / ours:.2f}x)")
    if torch is None:
        lines.append("- PyTorch not installed: its comparison was skipped")
    if scipy is None:
        lines.append("- SciPy not installed: its comparison was skipped")
    return lines


def table(rows: list[dict]) -> str:
    head = ("| activation | implementation | forward (ms) | forward + derivative (ms) "
            "| time / chapter3's | peak memory (MB) |\n|---|---|---:|---:|---:|---:|")
    lines = [head]
    for r in rows:
        memory = "not traced" if r["memory"] is None else f"{r['memory']:.0f}"
        both = "—" if r["both"] is None else f"{r['both']:.1f}"
        lines.append(f"| {r['activation']} | {r['implementation']} | {r['forward']:.1f} "
                     f"| {both} | {r['ratio']:.2f} | {memory} |")
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
