"""The input contract of every function in :mod:`chapter3`, written once, where it is enforced.

Every element-wise activation and derivative (:mod:`chapter3.activations`) keeps it,
through the :func:`elementwise` decorator; softmax and its Jacobian and VJP
(:mod:`chapter3.softmax`) accept their ``x`` the same way.

* ``x`` may be a Python or NumPy scalar, a (nested) list, or an array of any shape
  (PyTorch's ``(*)``); the result has the same shape, and a 0-d input gives a NumPy scalar;
* float16, float32, float64 and longdouble keep their dtype; integers and bools become
  float64. float16 and float32 are computed in float64 and rounded once at the end, so
  they are within one unit in the last place of the true value;
* the input is never modified;
* NaN in gives NaN out; ±inf gives the function's limit there; a result beyond the
  largest float of the dtype is ±inf, the limit, as ``np.exp(1000)`` gives it;
* nothing warns: no overflow, no invalid value (a *signalling* NaN, which a bit
  pattern can make, is treated as any NaN). Underflow to a subnormal number or to 0 is
  the correctly rounded answer far out in a tail, and silent;
* every result is within 4 units in the last place of the true value (mpmath), over
  the whole float range, for parameters up to twice the range of the lessons' sliders.
  Far beyond them, a parameter times a value can lose its digits where that product
  or a factor of it leaves the range of normal floats: ``elu_derivative(-1000,
  alpha=1e300)`` is 0, not 5.1e-135, since e^-1000 is 0 as a float. (Still no warning
  and no NaN.)

What is refused, and what each refused input gets (always naming the function you called):

* ``None``, strings, ``bytes``, ``bytearray`` and ``memoryview`` (raw bytes are not
  numbers; ``np.asarray(b"ab")`` would read them as characters or byte values), object
  arrays, complex numbers and ragged lists: :class:`TypeError`;
* a masked array (``numpy.ma``): :class:`TypeError`, rather than computing the masked
  slots and silently dropping the mask. Pass ``x.filled(value)`` to decide what the
  masked slots hold, or ``x.compressed()`` to keep only the unmasked values;
* a PyTorch tensor with ``requires_grad=True``: :class:`TypeError`, since NumPy cannot
  carry the autograd graph. Pass ``x.detach()`` (the numbers without the graph); a tensor
  without it is read like any array;
* a parameter (``leak``, ``alpha``, ``scale``) must be a finite real number >= 0: a
  string, ``None``, a bool, an array or a complex number raises :class:`TypeError`; a
  negative, infinite or NaN value, or an integer too large for a float (``10**400``),
  raises :class:`ValueError`, naming the function and the parameter;
* softmax's ``axis`` must be None, an int or a tuple of distinct ints that fit the
  array: a bool (``axis=True`` is not axis 1), a repeated axis or one out of range
  raises :class:`ValueError`;
* :func:`~chapter3.registry.value_and_derivative` checks ``x`` and the parameters as above, in its
  own name; an unknown activation name raises :class:`KeyError` listing the names, a
  parameter the activation does not have :class:`TypeError` listing its parameters.

Large arrays are computed in cache-sized blocks (:data:`BLOCK`): the same numbers, but
the temporaries stay in the CPU cache (measured at 10^7 numbers: sigmoid 57 ms instead
of 151, ELU 48 instead of 91).
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
    """Return ``x`` as a floating-point array, or raise TypeError naming ``name``.

    The refused inputs, and why, are listed in this module's description.
    """
    if x is None or isinstance(x, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"{name}() accepts {ACCEPTS}; got {type(x).__name__}")
    if isinstance(x, np.ma.MaskedArray):
        raise TypeError(f"{name}() does not compute on masked arrays (the mask would be "
                        f"lost); pass x.filled(value) or x.compressed()")
    if getattr(x, "requires_grad", False) is True:  # a torch tensor in an autograd graph
        raise TypeError(f"{name}() computes with NumPy, which cannot follow autograd; got a "
                        f"{type(x).__name__} with requires_grad=True: pass x.detach()")
    try:
        array = np.asarray(x)
    except (TypeError, ValueError) as error:  # ragged lists and other non-arrays
        raise TypeError(
            f"{name}() accepts {ACCEPTS}; got a {type(x).__name__} that is not "
            f"a rectangular array of numbers ({error})"
        ) from error
    if array.dtype.kind in "biu":
        return array.astype(np.float64)
    if array.dtype.kind != "f":
        raise TypeError(f"{name}() accepts {ACCEPTS}; got an array of dtype {array.dtype}")
    return array


def quiet_nans(array: NDArray[np.floating]) -> NDArray[np.floating]:
    """``array`` with every NaN a quiet NaN (in a new array if it had any NaN).

    A *signalling* NaN, a bit pattern that NumPy never makes but a file or another
    library may, raises "invalid value" in arithmetic and in casts; NaN in must give
    NaN out, silently.
    """
    if np.isnan(array).any():
        return np.where(np.isnan(array), np.nan, array)
    return array


def as_parameter(value, parameter: str, name: str) -> float:
    """Return ``value`` as a float, or raise naming the function and the parameter.

    Parameters such as ``leak``, ``alpha`` and ``scale`` are finite reals >= 0:
    a string, ``None``, a bool, an array or a complex number raises TypeError; a
    negative, infinite or NaN value, or an int too large for a float, raises ValueError.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(
            f"{name}() needs {parameter} to be a real number; got {type(value).__name__} {value!r}"
        )
    try:
        number = float(value)
    except OverflowError:  # a Python int beyond the largest float, e.g. 10**400
        raise ValueError(f"{name}() needs {parameter} to be finite and >= 0; got an int "
                         f"of {len(str(abs(value)))} digits, too large for a float") from None
    if not np.isfinite(number) or number < 0:
        raise ValueError(f"{name}() needs {parameter} to be finite and >= 0; got {value!r}")
    return number


#: Elements per block for large inputs (128 KiB of float64): small enough that a
#: function's temporaries stay in the CPU cache, large enough that Python's cost per
#: block is small.
BLOCK = 16384


def _in_blocks(function: Callable, work: NDArray, args, kwargs):
    """``function(work)``, computed on consecutive blocks of a large array.

    An element-wise function gives the same numbers on any slice of its input, so
    this changes no result, only speed: NumPy makes one pass over memory per
    operation, and a function of eight operations on 10^7 numbers reads and writes
    80 MB eight times, while on blocks of :data:`BLOCK` numbers the intermediates
    never leave the cache. (Functions may return a tuple of arrays.)
    """
    if work.size < 2 * BLOCK:
        return function(work, *args, **kwargs)
    flat = work.reshape(-1)
    results, single = None, False
    for start in range(0, flat.size, BLOCK):
        parts = function(flat[start:start + BLOCK], *args, **kwargs)
        single = not isinstance(parts, tuple)
        parts = (parts,) if single else parts
        if results is None:
            results = tuple(np.empty(flat.size, np.asarray(p).dtype) for p in parts)
        for result, part in zip(results, parts):
            result[start:start + BLOCK] = part
    results = tuple(r.reshape(work.shape) for r in results)
    return results[0] if single else results


def elementwise(function: Callable[..., NDArray] | None = None, *,
                blocks: bool = True) -> Callable[..., NDArray]:
    """Apply the contract above to a function written for a float64 array.

    The wrapped function receives a float64 array (float16 and float32 inputs are
    computed in float64 and rounded once at the end, which keeps them within one
    unit in the last place of the true value) or a longdouble array, and returns an
    array of the same shape, or a tuple of them. A 0-d result is returned as a
    NumPy scalar, as NumPy's own functions do. Large inputs are computed in blocks
    (see ``_in_blocks`` above) unless ``blocks=False`` (for a single-pass function,
    where blocks only add overhead).
    """
    if function is None:
        return functools.partial(elementwise, blocks=blocks)

    def compute(array: NDArray, args, kwargs) -> tuple[tuple[NDArray, ...], bool]:
        """The function's results in ``array``'s dtype, and whether it returned a tuple."""
        work = array.astype(np.float64) if array.dtype.itemsize < 8 else array
        with np.errstate(under="ignore"):
            result = (_in_blocks(function, work, args, kwargs) if blocks
                      else function(work, *args, **kwargs))
        results = result if isinstance(result, tuple) else (result,)
        # rounding to float16/32 may underflow to 0, or overflow to inf: both are the limit
        with np.errstate(under="ignore", over="ignore"):
            results = tuple(np.asarray(r).astype(array.dtype, copy=False) for r in results)
        return results, isinstance(result, tuple)

    @functools.wraps(function)
    def wrapper(x: ArrayLike, *args, **kwargs):
        array = as_real_array(x, function.__name__)
        try:  # a signalling NaN raises here, found without a pass over x to look for it
            with np.errstate(invalid="raise"):  # (measured: that pass made relu 1.4x slower)
                results, pair = compute(array, args, kwargs)
        except FloatingPointError:  # so compute again with quiet NaNs (anything else warns)
            results, pair = compute(quiet_nans(array), args, kwargs)
        results = tuple(r[()] if r.ndim == 0 else r for r in results)
        return results if pair else results[0]

    return wrapper
