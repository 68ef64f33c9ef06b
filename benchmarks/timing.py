"""The one timing rule of the benchmark scripts (imported by them; not run on its own)."""

import statistics
import time


def median_ms(call, repeats: int) -> float:
    """Median wall time of ``repeats`` calls, in ms, after one warm-up call (caches,
    allocations, lazy imports)."""
    call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)
