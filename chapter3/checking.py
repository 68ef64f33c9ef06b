"""Visible checks a learner can read: ✓ or ✗ with the worst point, wrapped at 88 characters."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`; prints as one line and is truthy when it passed."""

    label: str
    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        # a long line wraps, indented under the mark, so that it fits a narrow column
        return "\n".join(textwrap.wrap(f"{'✓' if self.ok else '✗'} {self.label}: {self.message}",
                                       88, subsequent_indent="    ", break_long_words=False))


def compare(label: str, got: ArrayLike, expected: ArrayLike, *, rtol: float = 1e-12,
            atol: float = 0.0) -> Comparison:
    """Compare two arrays element by element, as ``np.isclose`` does, and say how it went.

    NaN must meet NaN. On failure the message names the worst element, both values
    and the relative error there.

    >>> compare("halves", [0.5, 1.0], [0.5, 1.0 + 1e-15])
    ✓ halves: all 2 values agree (rtol=1e-12, atol=0)
    >>> compare("halves", [0.5, 1.0], [0.5, 1.1])
    ✗ halves: 1 of 2 values differ; worst at index (1,): got 1.0, expected 1.1 (relative
        error 9.1e-02)
    """
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        return Comparison(label, False, f"shapes differ: got {got.shape}, expected {expected.shape}")
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return Comparison(label, True, f"all {close.size} values agree (rtol={rtol:g}, atol={atol:g})")
    with np.errstate(divide="ignore", invalid="ignore"):
        error = np.abs(got - expected) / np.abs(expected)
    error = np.where(close, 0, np.nan_to_num(error, nan=np.inf))
    worst = tuple(int(i) for i in np.unravel_index(np.argmax(error), error.shape))
    return Comparison(label, False, (
        f"{(~close).sum()} of {close.size} values differ; worst at index {worst}: "
        f"got {float(got[worst])!r}, expected {float(expected[worst])!r} "
        f"(relative error {error[worst]:.1e})"
    ))
