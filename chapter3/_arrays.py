"""Input checking shared by every element-wise function of the course.

Every element-wise function in :mod:`chapter3` and its derivative follow one contract,
written here once and applied by the :func:`elementwise` decorator:

* ``x`` may be a Python or NumPy scalar, a (nested) list, or an array of any shape;
* float16, float32 and float64 inputs keep their dtype; integers and bools become float64;
* the input is never modified;
* strings, ``None``, object arrays and complex numbers raise :class:`TypeError`;
* a parameter (``leak``, ``alpha``, ``scale``) must be a finite real number >= 0:
  anything else raises :class:`TypeError` (not a number) or :class:`ValueError`;
* underflow to zero or to a subnormal number is expected and silent; nothing else warns.
"""

from __future__ import annotations

import functools
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

ACCEPTS = (
    "real numbers: a Python or NumPy scalar, a (nested) list of them, "
    "or an array of a float, integer or bool dtype"
)


def as_real_array(x: ArrayLike, name: str) -> NDArray[np.floating]:
    """Return ``x`` as a floating-point array, or raise TypeError naming ``name``."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name}() accepts {ACCEPTS}; got {type(x).__name__}")
    try:
        array = np.asarray(x)
    except (TypeError, ValueError) as error:  # ragged lists and other non-arrays
        raise TypeError(
            f"{name}() accepts {ACCEPTS}; got a {type(x).__name__} that is not "
            f"a rectangular array of numbers ({error})"
        ) from error
    if array.dtype.kind == "f":
        return array
    if array.dtype.kind in "biu":
        return array.astype(np.float64)
    raise TypeError(f"{name}() accepts {ACCEPTS}; got an array of dtype {array.dtype}")


def as_parameter(value, parameter: str, name: str) -> float:
    """Return ``value`` as a float, or raise naming the function and the parameter.

    Parameters such as ``leak``, ``alpha`` and ``scale`` are finite reals >= 0:
    a string, ``None``, an array or a complex number raises TypeError; a negative,
    infinite or NaN value raises ValueError.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(
            f"{name}() needs {parameter} to be a real number; got {type(value).__name__} {value!r}"
        )
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name}() needs {parameter} to be finite and >= 0; got {value!r}")
    return float(value)


def elementwise(function: Callable[..., NDArray]) -> Callable[..., NDArray]:
    """Apply the contract above to a function written for a float64 array.

    The wrapped function receives a float64 array (float16 and float32 inputs are
    computed in float64 and rounded once at the end, which keeps them within one
    unit in the last place of the true value) or a longdouble array, and returns an
    array of the same shape. A 0-d result is returned as a NumPy scalar, as NumPy's
    own functions do.
    """

    @functools.wraps(function)
    def wrapper(x: ArrayLike, *args, **kwargs):
        array = as_real_array(x, function.__name__)
        dtype = array.dtype
        work = array.astype(np.float64) if dtype.itemsize < 8 else array
        with np.errstate(under="ignore"):
            result = np.asarray(function(work, *args, **kwargs)).astype(dtype, copy=False)
        return result[()] if result.ndim == 0 else result

    return wrapper
