"""How much does softmax's backward pass cost? The VJP against building the Jacobian.

Lesson 3.7 (``notebooks/07_softmax.ipynb``) derives the vector-Jacobian product
``J^T g = y * (g - <y, g>)``, which back-propagation needs, and shows that it never
requires the K x K Jacobian. This script measures what that saves, in one run:

1. ``chapter3.softmax_vjp`` on a (4096, 1000) float64 batch, ``axis=-1``
   (softmax *and* its backward pass: it starts from x, as a framework's backward
   starts from the saved input or output);
2. the Jacobian path on (256, 1000): ``softmax_jacobian(x, axis=-1)``, then
   ``J^T g`` per row with ``np.matmul`` (BLAS); per 1000 rows to compare with 1;
3. NumPy baselines written straight from the formula: ``y * (g - (y * g).sum(-1))``
   from a cached y (backward only), and the same after a max-shifted softmax
   (forward and backward, like 1);
4. PyTorch's softmax backward, single-threaded (``torch.set_num_threads(1)``), only
   if ``import torch`` works: ``torch.softmax`` then ``y.backward(g)``, and
   ``torch._softmax_backward_data`` alone when it exists.

Every case is run once to warm up, then timed ``--repeats`` times with
``time.perf_counter``; the table shows the median. Peak extra memory comes from one
more run under ``tracemalloc`` (NumPy reports its array buffers to it; PyTorch's
allocator does not, so its memory is not traced).

Threads: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS are set to 1
below, before NumPy is imported (unless they are already set: the script prints the
values in force), so that every row, NumPy's and PyTorch's, uses one core.
(chapter3's VJP does not call BLAS at all; the Jacobian path's matmul does.)

Run it from the repository root::

    .venv/bin/python benchmarks/softmax_vjp.py              # full sizes, about a minute
    .venv/bin/python benchmarks/softmax_vjp.py --quick      # small sizes, a few seconds
    .venv/bin/python benchmarks/softmax_vjp.py --repeats 21
"""

from __future__ import annotations

import os

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
INHERITED = {name: os.environ[name] for name in THREAD_VARIABLES if name in os.environ}
for _name in THREAD_VARIABLES:  # must happen before NumPy (and its BLAS) is loaded
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import tracemalloc  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Callable  # noqa: E402

import numpy as np  # noqa: E402
from timing import median_ms  # noqa: E402

from chapter3 import softmax, softmax_jacobian, softmax_vjp  # noqa: E402

#: (rows of the VJP batch, rows of the Jacobian batch, classes K)
SIZES = {"full": (4096, 256, 1000), "quick": (256, 32, 100)}
TARGET_FACTOR = 2.0  # the chapter3 VJP should be within 2x of PyTorch's single-thread backward


@dataclass
class Case:
    name: str
    rows: int
    cols: int
    run: Callable[[], object]
    traced: bool = True  # whether tracemalloc sees its memory (NumPy yes, PyTorch no)
    median_ms: float = float("nan")
    peak_mb: float | None = None

    @property
    def ms_per_1000_rows(self) -> float:
        return self.median_ms * 1000 / self.rows


def peak_extra_mb(run: Callable[[], object]) -> float:
    """Largest amount of memory allocated (and traced) at once during one call, in MB."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        run()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return (peak - baseline) / 1e6


def naive_shifted_softmax(x: np.ndarray) -> np.ndarray:
    """The usual NumPy softmax along the last axis, max-shifted (no TwoSum correction)."""
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def naive_vjp(y: np.ndarray, g: np.ndarray) -> np.ndarray:
    """``y * (g - <y, g>)`` straight from the formula."""
    return y * (g - (y * g).sum(axis=-1, keepdims=True))


def jacobian_path(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Build every K x K Jacobian, then multiply: (J^T g)_j = sum_i g_i J_ij."""
    J = softmax_jacobian(x, axis=-1)
    return (g[:, None, :] @ J)[:, 0, :]


def torch_cases(x: np.ndarray, g: np.ndarray, check: np.ndarray) -> tuple[list[Case], list[str]]:
    """PyTorch's softmax backward, single-threaded, if PyTorch is installed."""
    try:
        import torch
    except ImportError:
        return [], ["PyTorch not installed: skipped"]
    torch.set_num_threads(1)
    notes = [f"PyTorch {torch.__version__}, torch.get_num_threads() = {torch.get_num_threads()}"]
    xt = torch.from_numpy(x).clone().requires_grad_(True)
    gt = torch.from_numpy(g).clone()

    def forward_backward():
        xt.grad = None
        torch.softmax(xt, dim=-1).backward(gt)
        return xt.grad

    rows, cols = x.shape
    cases = [Case("torch softmax + backward", rows, cols, forward_backward, traced=False)]
    agree = np.allclose(forward_backward().numpy(), check, rtol=1e-10, atol=1e-15)
    notes.append(f"torch softmax + backward agrees with chapter3: {'yes' if agree else 'NO'}")

    backward_data = getattr(torch, "_softmax_backward_data", None)
    if backward_data is not None:
        with torch.no_grad():
            yt = torch.softmax(xt.detach(), dim=-1)

        def backward_only():
            return backward_data(gt, yt, -1, yt.dtype)

        try:
            result = backward_only()
        except (TypeError, RuntimeError) as error:  # the private signature has changed before
            notes.append(f"torch._softmax_backward_data: not timed ({error})")
        else:
            agree = np.allclose(result.numpy(), check, rtol=1e-10, atol=1e-15)
            notes.append(f"torch._softmax_backward_data agrees with chapter3: {'yes' if agree else 'NO'}")
            cases.append(Case("torch _softmax_backward_data (from y)", rows, cols, backward_only,
                              traced=False))
    return cases, notes


def environment_lines() -> list[str]:
    config = np.show_config(mode="dicts")
    blas = config.get("Build Dependencies", {}).get("blas", {})
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count()
    threads = ", ".join(f"{name}={os.environ[name]}" + (" (inherited)" if name in INHERITED else "")
                        for name in THREAD_VARIABLES)
    single = all(os.environ[name] == "1" for name in THREAD_VARIABLES)
    return [
        f"Python {platform.python_version()}, NumPy {np.__version__} "
        f"(BLAS: {blas.get('name', '?')} {blas.get('version', '')}), {platform.machine()}",
        f"CPUs: {os.cpu_count()} (available to this process: {available})",
        f"threads: {threads}; set by this script before importing NumPy unless inherited"
        + ("; NumPy's BLAS uses 1 thread, every case runs on one core" if single else
           "; NOT single-threaded: the comparison with PyTorch's one thread is unfair"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="small sizes for a smoke test: %d and %d rows of %d classes"
                        % SIZES["quick"])
    parser.add_argument("--repeats", type=int, default=None,
                        help="timed runs per case (default 7, or 3 with --quick)")
    args = parser.parse_args(argv)
    repeats = args.repeats if args.repeats is not None else 3 if args.quick else 7
    if repeats < 1:
        parser.error("--repeats must be at least 1")
    vjp_rows, jacobian_rows, K = SIZES["quick" if args.quick else "full"]

    print("softmax backward: chapter3's VJP vs the Jacobian path (lesson 3.7)")
    for line in environment_lines():
        print(line)
    print(f"float64, softmax along axis=-1, median of {repeats} timed runs after 1 warm-up"
          + (" (--quick sizes)" if args.quick else ""))
    print()

    rng = np.random.default_rng(0)
    x = 3 * rng.standard_normal((vjp_rows, K))
    g = rng.standard_normal((vjp_rows, K))
    y = softmax(x, axis=-1)
    xj, gj = x[:jacobian_rows], g[:jacobian_rows]

    cases = [
        Case("chapter3 softmax_vjp", vjp_rows, K, lambda: softmax_vjp(x, g, axis=-1)),
        Case("numpy: shifted softmax + naive VJP", vjp_rows, K,
             lambda: naive_vjp(naive_shifted_softmax(x), g)),
        Case("numpy: naive VJP from cached y", vjp_rows, K, lambda: naive_vjp(y, g)),
        Case("chapter3 softmax_jacobian + J^T g", jacobian_rows, K, lambda: jacobian_path(xj, gj)),
    ]

    reference = softmax_vjp(x, g, axis=-1)
    agree = {
        "numpy naive": np.allclose(naive_vjp(y, g), reference, rtol=1e-10, atol=1e-15),
        "Jacobian path": np.allclose(jacobian_path(xj, gj), reference[:jacobian_rows],
                                     rtol=1e-10, atol=1e-15),
    }
    more, notes = torch_cases(x, g, reference)
    cases += more

    for case in cases:
        case.median_ms = median_ms(case.run, repeats)
        if case.traced:
            case.peak_mb = peak_extra_mb(case.run)

    base = cases[0].ms_per_1000_rows
    header = f"{'case':40} {'shape':>12} {'median ms':>10} {'ms/1000 rows':>13} {'ratio':>7} {'peak extra MB':>14}"
    print(header)
    print("-" * len(header))
    for case in cases:
        memory = f"{case.peak_mb:14.1f}" if case.peak_mb is not None else f"{'not traced':>14}"
        shape = f"({case.rows}, {case.cols})"
        print(f"{case.name:40} {shape:>12} {case.median_ms:10.2f} {case.ms_per_1000_rows:13.3f} "
              f"{case.ms_per_1000_rows / base:7.2f} {memory}")
    print("-" * len(header))
    print("ratio: ms per 1000 rows divided by chapter3 softmax_vjp's (lower is faster)")
    jacobian_mb = jacobian_rows * K * K * 8 / 1e6
    print(f"from the shapes alone: the Jacobians of {jacobian_rows} rows take {jacobian_mb:,.1f} MB "
          f"(B*K*K*8 bytes); the VJP's result for {vjp_rows} rows takes "
          f"{vjp_rows * K * 8 / 1e6:,.1f} MB (B*K*8 bytes)")
    for what, ok in agree.items():
        print(f"{what} agrees with chapter3 softmax_vjp (rtol 1e-10): {'yes' if ok else 'NO'}")
    for note in notes:
        print(note)

    torch_case = next((c for c in cases if c.name == "torch softmax + backward"), None)
    if torch_case is None:
        verdict = "not measured (PyTorch not installed)"
    else:
        factor = cases[0].median_ms / torch_case.median_ms
        verdict = ("met" if factor <= TARGET_FACTOR else "missed") + (
            f" (chapter3 softmax_vjp {cases[0].median_ms:.2f} ms vs PyTorch softmax + backward "
            f"{torch_case.median_ms:.2f} ms on the same batch: {factor:.2f}x)")
    print(f"target: chapter3 VJP within {TARGET_FACTOR:g}x of PyTorch single-thread backward: {verdict}")
    return 0 if all(agree.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
