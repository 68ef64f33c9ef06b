r"""Softmax, its Jacobian, and the vector-Jacobian product (lesson 3.7).

.. math:: y_i = \frac{e^{x_i}}{\sum_j e^{x_j}}, \qquad
          J_{ij} = \frac{\partial y_i}{\partial x_j} = y_i(\delta_{ij} - y_j), \qquad
          J = \operatorname{diag}(y) - y y^\top

All three functions take ``axis`` as :func:`scipy.special.softmax` does: with
``axis=None`` (the default) the whole array is one vector, which is what the
course's column vectors of shape (n, 1) need; with an axis, every slice along it is
a vector of its own (a batch of shape (B, K) uses ``axis=-1``).

Where the rounding errors come from, and how each is kept small:

* ``e^{x_i}`` overflows for x_i > 709, so every slice is shifted by its maximum m
  first (``e^{x_i - m} / Σ e^{x_j - m}`` is the same fraction). The shift itself is
  rounded, and exp turns an absolute error δ in ``x_i - m`` into a relative error δ
  in the result: with ``|x_i - m| ≈ 1000`` that is 1e-13. The rounding error of the
  subtraction is recovered exactly (TwoSum) and applied as ``e^{hi} (1 + lo)``.
* In the Jacobian, the diagonal y_i (1 - y_i) cancels when y_i ≈ 1 (one input much
  larger than the rest): 1 - y_i is the tiny sum of the other probabilities, but
  computed as ``1 - y_i`` it is 0 or a multiple of 1.1e-16. Only the largest y can
  exceed 1/2, so only its ``1 - y`` is computed as the sum of the others.
* In the VJP ``y ⊙ (g - ⟨y, g⟩)`` the same happens: ⟨y, g⟩ ≈ g_k for the dominant
  index k. Writing ``g - ⟨y, g⟩ = (g - g_k) - Σ_j y_j (g_j - g_k)`` removes the
  dominant term exactly (it is 0) before anything is summed.

The tests check the Jacobian and the VJP against mpmath (normwise relative error at
most 1e-14) on inputs of size ~1000, where the naive formulas lose most or all digits.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from chapter3.contract import BLOCK, as_real_array, quiet_nans

__all__ = ["softmax", "softmax_jacobian", "softmax_vjp"]


def _axes(array: NDArray, axis, name: str) -> tuple[int, ...]:
    """``axis`` as a tuple of non-negative ints (all axes for None), or a clear error."""
    if axis is None:
        return tuple(range(array.ndim))
    if any(isinstance(a, (bool, np.bool_)) for a in (axis if isinstance(axis, (tuple, list))
                                                      else (axis,))):
        raise ValueError(f"{name}(): axis={axis!r} is a bool, not an axis; give an int "
                         f"or a tuple of ints")
    try:
        return np.lib.array_utils.normalize_axis_tuple(axis, array.ndim)
    except (TypeError, ValueError) as error:  # not ints, out of range (AxisError), repeated
        raise ValueError(f"{name}(): axis={axis!r} does not fit an array of shape "
                         f"{array.shape} ({error})") from None


def _working(array: NDArray) -> NDArray:
    """float16/float32 are computed in float64; float64 and longdouble as they are."""
    return array.astype(np.float64) if array.dtype.itemsize < 8 else array


def _two_diff(a: NDArray, b: NDArray) -> tuple[NDArray, NDArray]:
    """``a - b`` rounded, and its rounding error: ``hi + lo == a - b`` exactly (Knuth's TwoSum)."""
    hi = a - b
    a_part = hi + b  # the parts of a and of -b that made it into hi
    minus_b_part = hi - a_part
    return hi, (a - a_part) + (-b - minus_b_part)


def _rows(array: NDArray, axes: tuple[int, ...]):
    """The slices along ``axes`` as the rows of a 2-D array (a view when the axes are
    the last ones), and the function that gives such a 2-D result ``array``'s shape."""
    rest = [i for i in range(array.ndim) if i not in axes]
    order = rest + list(axes)
    moved = np.transpose(array, order)
    width = int(np.prod([array.shape[i] for i in axes], dtype=np.int64))
    rows = moved.reshape(-1, width)

    def restore(result: NDArray) -> NDArray:
        return np.transpose(result.reshape(moved.shape), np.argsort(order))

    return rows, restore


def _in_row_blocks(function, *arrays: NDArray) -> NDArray:
    """``function(*row_blocks)`` on blocks of rows of about :data:`BLOCK` numbers, so
    that the temporaries of a batch (B, K) stay in the CPU cache (as for the
    element-wise functions, see :mod:`chapter3.contract`)."""
    rows, width = arrays[0].shape
    step = max(1, BLOCK // max(width, 1))
    if rows <= step:
        return function(*arrays)
    out = np.empty(arrays[0].shape, np.result_type(*arrays))
    for start in range(0, rows, step):
        out[start:start + step] = function(*(a[start:start + step] for a in arrays))
    return out


def _row_probabilities(x: NDArray) -> NDArray:
    """Softmax of each row of a 2-D float64 or longdouble array, special values included.

    Special values, decided once here for all three functions:

    * ``-inf`` entries get probability 0 (as when a mask sets inputs to -inf); a
      row of only ``-inf`` has no distribution, so all of it is NaN;
    * ``+inf`` entries share the probability equally, the others get 0 (the limit
      as those inputs grow together);
    * a NaN anywhere in a row makes the whole row NaN (every output depends on
      every input).
    """
    m = np.max(x, axis=1, keepdims=True)
    if np.isfinite(m).all() and np.all(np.min(x, axis=1, keepdims=True) / 2 - m / 2 > -5e299):
        # the common case: every number finite, and x - m cannot overflow (halved, as
        # m - 1e300 itself overflows for m near -1.8e308)
        z, lo = _two_diff(x, m)
        e = np.exp(z)  # underflow to 0 far below the maximum is exact enough
        e += e * lo  # e^(z + lo) to first order; |lo| <= 1e-13 here
        return e / np.sum(e, axis=1, keepdims=True)
    finite_m = np.isfinite(m)
    m0 = np.where(finite_m, m, 0)
    # Entries so far below the maximum that e^(x - m) underflows to 0 anyway. Written
    # as a comparison, x - m cannot overflow (think x = -1e308, m = 1e308).
    floor = np.log(np.finfo(x.dtype).smallest_subnormal) - 16
    far = ~(x >= m0 + floor)  # also true for -inf and NaN entries
    z, lo = _two_diff(np.where(far | ~finite_m, m0, x), m0)  # 0 where far: no overflow
    e = np.exp(z) * (1 + lo)
    e = np.where(far, 0, e)
    e = np.where(m == np.inf, x == np.inf, e)
    e = np.where(finite_m | (m == np.inf), e, np.nan)  # NaN rows, all--inf rows
    return e / np.sum(e, axis=1, keepdims=True)


def _probabilities(x: NDArray, axes: tuple[int, ...]) -> NDArray:
    """Softmax over ``axes`` of a float64 or longdouble array (see :func:`_row_probabilities`)."""
    rows, restore = _rows(x, axes)
    with np.errstate(under="ignore"):
        return restore(_in_row_blocks(_row_probabilities, rows))


def _one_minus(y: NDArray, axes: tuple[int, ...]) -> NDArray:
    """``1 - y`` per entry without cancellation: for the one entry that can exceed 1/2,
    the sum of the other probabilities of its slice."""
    top = y > 0.5
    others = np.sum(np.where(top, 0, y), axis=axes, keepdims=True)
    return np.where(top, others, 1 - y)


def _vector_axis(array: NDArray, axis, name: str) -> tuple[NDArray, int]:
    """Reshape for a Jacobian: one vector (axis None) or one per slice along an int axis."""
    if axis is None:
        if sum(n > 1 for n in array.shape) > 1:
            raise ValueError(
                f"{name}(): x of shape {array.shape} is not one vector; for a batch of "
                f"vectors say which axis holds them, e.g. axis=-1 for rows")
        return array.reshape(1, -1), 1
    if not isinstance(axis, (int, np.integer)):
        raise ValueError(f"{name}(): axis must be one int (the axis of the vectors) "
                         f"or None; got {axis!r}")
    (axis,) = _axes(array, axis, name)
    return np.moveaxis(array, axis, -1), array.ndim - 1


def softmax(x: ArrayLike, axis: int | tuple[int, ...] | None = None) -> NDArray[np.floating]:
    r"""Softmax: exponentiate and normalise, over the whole array or along ``axis``.

    .. math:: y_i = \frac{e^{x_i}}{\sum_j e^{x_j}}

    Derived in lesson 3.7 (``notebooks/07_softmax.ipynb``). Every output lies in
    [0, 1] and each distribution sums to 1.

    Parameters
    ----------
    x : array_like
        Real numbers of any shape. float16, float32 and float64 are preserved;
        integers and bools are promoted to float64.
    axis : int, tuple of int or None, default None
        None: the whole array is one distribution (a column vector (n, 1) as in
        the course). An int or tuple: each slice along it is one distribution, as
        in :func:`scipy.special.softmax` (a batch (B, K) uses ``axis=-1``).

    Returns
    -------
    ndarray
        ``softmax(x)``, same shape and floating dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not real numbers.
    ValueError
        If ``axis`` does not fit the shape of ``x``.

    Notes
    -----
    Each slice is shifted by its maximum first, which changes nothing in exact
    arithmetic and makes ``e^{x_i}`` impossible to overflow:
    ``softmax([1000, 0, -1000])`` is ``[1, 0, 0]`` (up to rounding, no warning).
    ``-inf`` gets probability 0 (masking); ``+inf`` entries share all the
    probability equally; a slice that is NaN anywhere, or ``-inf`` everywhere, has
    no distribution and comes out NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from chapter3 import softmax
    >>> y = softmax(np.array([[0.25], [-1], [2.3], [-0.2], [1]]))
    >>> print(y.round(8))
    [[0.08468093]
     [0.02426149]
     [0.6577931 ]
     [0.05399495]
     [0.17926953]]
    >>> print(y.sum().round(12))
    1.0
    >>> softmax([1000, 0, -1000])
    array([1., 0., 0.])
    >>> softmax([[1, 1], [0, -np.inf]], axis=-1)
    array([[0.5, 0.5],
           [1. , 0. ]])
    """
    array = quiet_nans(as_real_array(x, "softmax"))
    axes = _axes(array, axis, "softmax")
    if array.size == 0:
        return array.copy()
    return _probabilities(_working(array), axes).astype(array.dtype, copy=False)


def softmax_jacobian(x: ArrayLike, axis: int | None = None) -> NDArray[np.floating]:
    r"""The Jacobian of softmax: one n x n matrix per vector.

    .. math:: J_{ij} = \frac{\partial y_i}{\partial x_j} = y_i(\delta_{ij} - y_j),
              \qquad J = \operatorname{diag}(y) - y y^\top

    Derived in lesson 3.7 (``notebooks/07_softmax.ipynb``). J is symmetric, its
    rows sum to 0, and it is positive semi-definite with rank n - 1.

    Parameters
    ----------
    x : array_like
        One vector of n values, of shape (n,), (n, 1) or (1, n) (``axis=None``),
        or a batch of vectors along ``axis``.
    axis : int or None, default None
        None: ``x`` is one vector. An int: every slice along that axis is a vector,
        and the result has the other axes first, then n x n: (B, K) with
        ``axis=-1`` gives (B, K, K); (K, B) with ``axis=0`` gives (B, K, K).

    Returns
    -------
    ndarray
        The Jacobian(s), in the floating dtype of ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not real numbers.
    ValueError
        If ``axis`` is None and ``x`` is not one vector, or ``axis`` is not an int
        that fits ``x``.

    Notes
    -----
    This builds ``K * K`` numbers per vector. Back-propagation only ever needs
    ``J.T @ g``: use :func:`softmax_vjp`, which costs ``O(K)``. The diagonal
    ``y_i (1 - y_i)`` is computed without cancellation when ``y_i`` is close to 1.

    Examples
    --------
    >>> import numpy as np
    >>> from chapter3 import softmax_jacobian
    >>> J = softmax_jacobian([0.0, np.log(3)])  # y = [1/4, 3/4]
    >>> print(J.round(8))
    [[ 0.1875 -0.1875]
     [-0.1875  0.1875]]
    >>> softmax_jacobian(np.zeros((4, 3)), axis=-1).shape
    (4, 3, 3)
    """
    array = quiet_nans(as_real_array(x, "softmax_jacobian"))
    vectors, axis_ = _vector_axis(array, axis, "softmax_jacobian")
    work = _working(vectors)
    y = _probabilities(work, (work.ndim - 1,)) if work.size else work
    J = -y[..., :, None] * y[..., None, :]
    diagonal = np.einsum("...ii->...i", J)  # a writable view of J's diagonal
    diagonal[...] = y * _one_minus(y, (work.ndim - 1,)) if work.size else 0
    J = J[0] if axis is None else J
    return J.astype(array.dtype, copy=False)


def softmax_vjp(x: ArrayLike, grad: ArrayLike,
                axis: int | tuple[int, ...] | None = None) -> NDArray[np.floating]:
    r"""The vector-Jacobian product :math:`J^\top g` of softmax, without building J.

    .. math:: J^\top g = y \odot \left(g - \langle y, g \rangle\right)

    Derived in lesson 3.7 (``notebooks/07_softmax.ipynb``). This is what
    back-propagation needs: given the gradient ``g`` of a loss with respect to the
    softmax output, it returns the gradient with respect to the input ``x``, in
    ``O(K)`` time and memory per vector instead of the ``O(K^2)`` of
    :func:`softmax_jacobian`. (J is symmetric, so it is also ``J @ g``.)

    Parameters
    ----------
    x : array_like
        The softmax input, any shape.
    grad : array_like
        The gradient with respect to the softmax output, same shape as ``x``.
    axis : int, tuple of int or None, default None
        As in :func:`softmax`.

    Returns
    -------
    ndarray
        ``J^T g``, same shape as ``x``; float16/float32 are kept when both inputs
        have them.

    Raises
    ------
    TypeError
        If ``x`` or ``grad`` is not real numbers.
    ValueError
        If the shapes differ or ``axis`` does not fit.

    Notes
    -----
    When one probability y_k is close to 1, ``⟨y, g⟩ ≈ g_k`` and ``g_k - ⟨y, g⟩``
    cancels. It is computed as ``(g - g_k) - Σ_j y_j (g_j - g_k)`` instead, where the
    dominant term is exactly 0 before anything is summed.

    Examples
    --------
    >>> import numpy as np
    >>> from chapter3 import softmax_jacobian, softmax_vjp
    >>> x, g = np.array([0.25, -1, 2.3]), np.array([1.0, 0.0, -1.0])
    >>> print(softmax_vjp(x, g).round(8))
    [ 0.1929967  0.0236519 -0.2166486]
    >>> print((softmax_jacobian(x).T @ g).round(8))
    [ 0.1929967  0.0236519 -0.2166486]
    """
    array = quiet_nans(as_real_array(x, "softmax_vjp"))
    g = quiet_nans(as_real_array(grad, "softmax_vjp"))
    if g.shape != array.shape:
        raise ValueError(f"softmax_vjp(): grad has shape {g.shape}, but x has shape "
                         f"{array.shape}; they must be the same")
    axes = _axes(array, axis, "softmax_vjp")
    dtype = np.result_type(array.dtype, g.dtype)
    if array.size == 0:
        return np.zeros(array.shape, dtype)
    work = _working(array.astype(dtype, copy=False))
    rows, restore = _rows(work, axes)
    g_rows, _ = _rows(g.astype(work.dtype, copy=False), axes)
    with np.errstate(under="ignore"):
        result = _in_row_blocks(_row_vjp, rows, g_rows)
    return restore(result).astype(dtype, copy=False)


def _row_vjp(x: NDArray, g: NDArray) -> NDArray:
    """y ⊙ (g - <y, g>) for each row, with g first centred at the row's largest input.

    Any constant c may be subtracted from g (Σ y = 1); c = g at the largest x makes
    the dominant term of <y, g - c> exactly 0 when one probability is ≈ 1.

    The intermediate values reach 4 max|g|, which overflows for |g| near the largest
    float: such a row of g is first scaled down by a power of two (exactly), and its
    result scaled back up (``softmax_vjp([0, 0], [1e308, -1e308])`` is
    ``[5e307, -5e307]``, not ``[inf, nan]``).
    """
    y = _row_probabilities(x)
    shift = None
    if max(g.max(), -g.min()) >= np.finfo(g.dtype).max / 8:  # (rare: a test, not a pass per row)
        exponent = np.frexp(np.max(np.abs(g), axis=1, keepdims=True))[1]  # max|g| < 2**exponent
        shift = np.minimum(0, np.finfo(g.dtype).maxexp - 3 - exponent)  # 0 where 4 max|g| fits
        g = np.ldexp(g, shift)
    c = np.take_along_axis(g, np.argmax(x, axis=1)[:, None], axis=1)
    centred = g - c
    mean = np.sum(y * centred, axis=1, keepdims=True)  # <y, g> - c
    result = y * (centred - mean)
    return result if shift is None else np.ldexp(result, -shift)
