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

__all__ = ["softmax", "softmax_jacobian", "softmax_vjp", "log_softmax", "log_softmax_vjp",
           "softmax_cross_entropy", "softmax_cross_entropy_gradient",
           "sigmoid_binary_cross_entropy", "sigmoid_binary_cross_entropy_gradient"]


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


# --- Log-softmax and cross-entropy (lesson 3.10) --------------------------------------


def _row_log_softmax(x: NDArray) -> NDArray:
    """``x - logsumexp(x)`` of each row of a 2-D float64 or longdouble array.

    With m the row's maximum and k where it is, ``logsumexp(x) - m = log1p(r)`` with
    ``r = Σ_{j≠k} e^{x_j - m}``: when one probability is ≈ 1, r is tiny and log1p keeps
    it, where ``log(1 + r)`` would round to 0. Special values as :func:`softmax`'s:
    ``-inf`` in gives ``-inf`` out (masking), ``+inf`` entries share the probability
    (``-log(count)``, the rest ``-inf``), a NaN or an all-``-inf`` row is all NaN.
    """
    m = np.max(x, axis=1, keepdims=True)
    finite_m = np.isfinite(m)
    m0 = np.where(finite_m, m, 0)
    with np.errstate(over="ignore", invalid="ignore"):  # x - m below -1.8e308 is -inf,
        z, lo = _two_diff(x, m0)  # correctly rounded; lo (NaN at ±inf) is only used where far is False
    floor = np.log(np.finfo(x.dtype).smallest_subnormal) - 16
    far = ~(x >= m0 + floor)  # e^(x - m) is 0 anyway; also -inf and NaN entries
    safe = np.where(far | ~finite_m, 0, z)
    e = np.where(far, 0, np.exp(safe) * (1 + np.where(far, 0, lo)))  # e^(z + lo), as in softmax
    k = np.argmax(x, axis=1)[:, None]
    np.put_along_axis(e, k, 0, axis=1)  # e^0 = 1 of the maximum, kept out of r
    out = z - np.log1p(np.sum(e, axis=1, keepdims=True))
    ties = np.sum(x == np.inf, axis=1, keepdims=True)
    out = np.where(m == np.inf, np.where(x == np.inf, -np.log(np.maximum(ties, 1)), -np.inf), out)
    return np.where(finite_m | (m == np.inf), out, np.nan)  # NaN rows, all--inf rows


def log_softmax(x: ArrayLike, axis: int | tuple[int, ...] | None = None) -> NDArray[np.floating]:
    r"""The logarithm of softmax, computed as ``x - logsumexp(x)``.

    .. math:: \log y_i = x_i - \log \sum_j e^{x_j}

    Derived in lesson 3.10 (``notebooks/11_log_softmax.ipynb``). Never
    ``log(softmax(x))``: a probability that underflows to 0 has a logarithm of
    ``-inf`` there, while log-softmax is an ordinary number (``-1000`` and ``-2000``
    below).

    Parameters
    ----------
    x : array_like
        Real numbers of any shape (the logits). float16, float32 and float64 are
        preserved; integers and bools are promoted to float64.
    axis : int, tuple of int or None, default None
        As in :func:`softmax`: None makes the whole array one distribution; a batch
        (B, K) uses ``axis=-1``.

    Returns
    -------
    ndarray
        ``log(softmax(x))``, same shape and floating dtype as ``x``; every value <= 0.

    Raises
    ------
    TypeError
        If ``x`` is not real numbers.
    ValueError
        If ``axis`` does not fit the shape of ``x``.

    Notes
    -----
    With m the maximum, ``logsumexp(x) = m + log1p(Σ_{j≠k} e^{x_j - m})``: nothing
    overflows, and where one probability is ≈ 1 its log-probability
    (``≈ -Σ_{j≠k} e^{x_j - m}``, tiny) keeps all its digits. Special values as in
    :func:`softmax`: ``-inf`` in gives ``-inf`` out, a NaN or all-``-inf`` slice is NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from chapter3 import log_softmax, softmax
    >>> print(log_softmax([1000.0, 0.0, -1000.0]))
    [    0. -1000. -2000.]
    >>> with np.errstate(divide="ignore"):
    ...     print(np.log(softmax([1000.0, 0.0, -1000.0])))
    [  0. -inf -inf]
    >>> print(log_softmax([40.0, 0.0]))  # log(1 - 4.2e-18): log(softmax) gives 0
    [-4.24835426e-18 -4.00000000e+01]
    """
    array = quiet_nans(as_real_array(x, "log_softmax"))
    axes = _axes(array, axis, "log_softmax")
    if array.size == 0:
        return array.copy()
    rows, restore = _rows(_working(array), axes)
    with np.errstate(under="ignore"):
        out = restore(_in_row_blocks(_row_log_softmax, rows))
    return out.astype(array.dtype, copy=False)


def _row_log_softmax_vjp(x: NDArray, g: NDArray) -> NDArray:
    """``g - y Σg`` for each row; at the largest input k as ``-Σ_{i≠k} g_i + (1 - y_k) Σg``,
    where ``1 - y_k`` is the sum of the other probabilities (nothing cancels when y_k ≈ 1)."""
    y = _row_probabilities(x)
    total = np.sum(g, axis=1, keepdims=True)
    out = g - y * total
    k = np.argmax(x, axis=1)[:, None]
    not_k = np.arange(x.shape[1]) != k
    others_y = np.sum(np.where(not_k, y, 0), axis=1, keepdims=True)  # 1 - y_k, no cancellation
    others_g = np.sum(np.where(not_k, g, 0), axis=1, keepdims=True)
    np.put_along_axis(out, k, others_y * total - others_g, axis=1)
    return out


def log_softmax_vjp(x: ArrayLike, grad: ArrayLike,
                    axis: int | tuple[int, ...] | None = None) -> NDArray[np.floating]:
    r"""The vector-Jacobian product of :func:`log_softmax`, without building the Jacobian.

    .. math:: \frac{\partial \log y_i}{\partial x_j} = \delta_{ij} - y_j, \qquad
              J^\top g = g - y \sum_i g_i

    Derived in lesson 3.10 (``notebooks/11_log_softmax.ipynb``): the gradient with
    respect to ``x`` of a loss whose gradient with respect to ``log_softmax(x)`` is
    ``grad``. With ``grad = -t`` (labels t summing to 1) it is ``y - t``, the
    cross-entropy gradient.

    Parameters
    ----------
    x : array_like
        The log-softmax input, any shape.
    grad : array_like
        The gradient with respect to the log-softmax output, same shape as ``x``.
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
    At the largest input k, ``g_k - y_k Σg`` cancels when y_k ≈ 1; it is computed as
    ``(1 - y_k) Σg - Σ_{i≠k} g_i`` with ``1 - y_k`` the sum of the other
    probabilities.

    Examples
    --------
    >>> import numpy as np
    >>> from chapter3 import log_softmax_vjp, softmax
    >>> x, t = np.array([2.0, 1.0, 0.1]), np.array([1.0, 0.0, 0.0])
    >>> print(log_softmax_vjp(x, -t).round(8))
    [-0.34099886  0.24243297  0.09856589]
    >>> print((softmax(x) - t).round(8))
    [-0.34099886  0.24243297  0.09856589]
    """
    array = quiet_nans(as_real_array(x, "log_softmax_vjp"))
    g = quiet_nans(as_real_array(grad, "log_softmax_vjp"))
    if g.shape != array.shape:
        raise ValueError(f"log_softmax_vjp(): grad has shape {g.shape}, but x has shape "
                         f"{array.shape}; they must be the same")
    axes = _axes(array, axis, "log_softmax_vjp")
    dtype = np.result_type(array.dtype, g.dtype)
    if array.size == 0:
        return np.zeros(array.shape, dtype)
    work = _working(array.astype(dtype, copy=False))
    rows, restore = _rows(work, axes)
    g_rows, _ = _rows(g.astype(work.dtype, copy=False), axes)
    with np.errstate(under="ignore"):
        result = _in_row_blocks(_row_log_softmax_vjp, rows, g_rows)
    return restore(result).astype(dtype, copy=False)


def _logits_and_labels(logits: ArrayLike, labels: ArrayLike, axis, name: str):
    """Both as arrays of one float dtype and one shape, and the axes as a tuple; or a clear
    error. Labels must be finite and >= 0; for the softmax losses they must sum to 1 along
    ``axis``; ``axis=False`` marks the binary losses, whose labels must lie in [0, 1]."""
    x = quiet_nans(as_real_array(logits, name))
    t = quiet_nans(as_real_array(labels, name))
    if t.shape != x.shape:
        raise ValueError(f"{name}(): labels have shape {t.shape}, but logits have shape "
                         f"{x.shape}; they must be the same (one-hot or probabilities)")
    if not np.isfinite(t).all():
        raise ValueError(f"{name}(): labels must be finite numbers; got "
                         f"{t[~np.isfinite(t)].ravel()[0]}")
    if (t < 0).any():
        raise ValueError(f"{name}(): labels must be >= 0 (one-hot or probabilities); got "
                         f"{t[t < 0].ravel()[0]}")
    dtype = np.result_type(x.dtype, t.dtype)
    axes = None if axis is False else _axes(x, axis, name)
    if axes is None:  # the binary losses: each label is a probability
        if (t > 1).any():
            raise ValueError(f"{name}(): labels must lie in [0, 1]; got {t[t > 1].ravel()[0]}")
    elif x.size:
        sums = np.sum(t.astype(np.float64), axis=axes)
        tolerance = np.sqrt(np.finfo(t.dtype).eps)
        if not (np.abs(sums - 1) <= tolerance).all():
            bad = np.ravel(sums)[np.argmax(np.ravel(np.abs(sums - 1)))]
            raise ValueError(f"{name}(): the labels of each example must sum to 1 along "
                             f"axis={axis!r} (one-hot or probabilities); one sums to {bad:.6g}")
    return x.astype(dtype, copy=False), t.astype(dtype, copy=False), axes


def softmax_cross_entropy(logits: ArrayLike, labels: ArrayLike,
                          axis: int | tuple[int, ...] | None = -1) -> NDArray[np.floating]:
    r"""The cross-entropy of ``softmax(logits)`` with the labels, one loss per example.

    .. math:: L = -\sum_i t_i \log y_i = -\sum_i t_i \, \operatorname{log\_softmax}(x)_i

    Derived in lesson 3.10 (``notebooks/11_log_softmax.ipynb``). As
    ``optax.softmax_cross_entropy``: the labels t are one-hot or probabilities of
    the logits' shape, and the sum runs along ``axis``.

    Parameters
    ----------
    logits : array_like
        The scores x, any shape; a batch (B, K) has one example per row.
    labels : array_like
        Same shape: along ``axis`` each example's labels are >= 0 and sum to 1.
    axis : int, tuple of int or None, default -1
        The axis of the classes (None: the whole array is one example).

    Returns
    -------
    ndarray
        The losses, with ``axis`` removed (a scalar array for one example); each >= 0.

    Raises
    ------
    TypeError
        If the logits or labels are not real numbers.
    ValueError
        If the shapes differ, ``axis`` does not fit, or the labels are not finite,
        negative, or do not sum to 1.

    Notes
    -----
    Computed from :func:`log_softmax`, never as ``log(softmax(x))``: the loss is
    finite at logits ~1000 and keeps its digits when the right class has a
    probability ≈ 1. A class with label 0 adds 0 even where its logit is ``-inf``
    (masked).

    Examples
    --------
    >>> import numpy as np
    >>> from chapter3 import softmax_cross_entropy
    >>> logits = np.array([[4.0, 2.0, 1.0], [0.0, 5.0, 1.0]])
    >>> labels = np.array([[1.0, 0.0, 0.0], [0.0, 0.8, 0.2]])
    >>> print(softmax_cross_entropy(logits, labels).round(8))
    [0.16984602 0.82474489]
    >>> print(softmax_cross_entropy([0.0, 1000.0], [1.0, 0.0]))
    1000.0
    """
    x, t, axes = _logits_and_labels(logits, labels, axis, "softmax_cross_entropy")
    if x.size == 0:
        return np.sum(t, axis=axes)
    # t * log y with 0 where t = 0, even at a masked logit (0 * -inf would be NaN)
    return -np.sum(t * np.where(t == 0, 0, log_softmax(x, axis=axes)), axis=axes)


def softmax_cross_entropy_gradient(logits: ArrayLike, labels: ArrayLike,
                                   axis: int | tuple[int, ...] | None = -1
                                   ) -> NDArray[np.floating]:
    r"""The gradient of :func:`softmax_cross_entropy` with respect to the logits.

    .. math:: \frac{\partial L}{\partial x} = y - t, \qquad y = \operatorname{softmax}(x)

    Derived in lesson 3.10 (``notebooks/11_log_softmax.ipynb``): lesson 3.7's
    Jacobian times ``-t / y`` collapses to ``y - t``; the Jacobian is never built.

    Parameters
    ----------
    logits, labels, axis
        As in :func:`softmax_cross_entropy`.

    Returns
    -------
    ndarray
        ``softmax(logits, axis) - labels``, the shape of the logits.

    Raises
    ------
    TypeError, ValueError
        As :func:`softmax_cross_entropy`.

    Notes
    -----
    Where a probability y_k exceeds 1/2, ``y_k - t_k`` is computed as
    ``(1 - t_k) - (1 - y_k)`` with ``1 - y_k`` the sum of the other probabilities:
    when the right class is predicted with y_k ≈ 1, the gradient is tiny and keeps
    its digits instead of rounding to 0.

    Examples
    --------
    >>> import numpy as np
    >>> from chapter3 import softmax_cross_entropy_gradient
    >>> print(softmax_cross_entropy_gradient([2.0, 1.0, 0.1], [1.0, 0.0, 0.0]).round(8))
    [-0.34099886  0.24243297  0.09856589]
    >>> print(softmax_cross_entropy_gradient([40.0, 0.0], [1.0, 0.0]))
    [-4.24835426e-18  4.24835426e-18]
    """
    x, t, axes = _logits_and_labels(logits, labels, axis, "softmax_cross_entropy_gradient")
    if x.size == 0:
        return np.zeros(x.shape, x.dtype)
    work, t_work = _working(x), _working(t)
    y = _probabilities(work, axes)
    top = y > 0.5  # only one entry per example can be; there y - t would cancel
    gradient = np.where(top, (1 - t_work) - _one_minus(y, axes), y - t_work)
    return gradient.astype(x.dtype, copy=False)


def sigmoid_binary_cross_entropy(logits: ArrayLike, labels: ArrayLike) -> NDArray[np.floating]:
    r"""Binary cross-entropy of ``sigmoid(logits)`` with labels in [0, 1], element-wise.

    .. math:: L = -t \log \sigma(x) - (1 - t) \log(1 - \sigma(x))
                = t \operatorname{softplus}(-x) + (1 - t) \operatorname{softplus}(x)

    The two-class case of :func:`softmax_cross_entropy` (lesson 3.10,
    ``notebooks/11_log_softmax.ipynb``), as ``optax.sigmoid_binary_cross_entropy``.
    Both terms are >= 0, so nothing cancels, and softplus never overflows.

    Raises
    ------
    TypeError
        If the logits or labels are not real numbers.
    ValueError
        If the shapes differ or a label is not a finite number in [0, 1].

    Examples
    --------
    >>> from chapter3 import sigmoid_binary_cross_entropy
    >>> print(sigmoid_binary_cross_entropy([0.0, 1000.0, -1000.0], [1.0, 1.0, 1.0]))
    [6.93147181e-01 0.00000000e+00 1.00000000e+03]
    """
    from chapter3.activations import softplus

    x, t, _ = _logits_and_labels(logits, labels, False, "sigmoid_binary_cross_entropy")
    # a label of 0 (or 1) drops its term, even where softplus is inf (0 * inf would be NaN)
    return t * np.where(t == 0, 0, softplus(-x)) + (1 - t) * np.where(t == 1, 0, softplus(x))


def sigmoid_binary_cross_entropy_gradient(logits: ArrayLike,
                                          labels: ArrayLike) -> NDArray[np.floating]:
    r"""The gradient of :func:`sigmoid_binary_cross_entropy`: :math:`\sigma(x) - t`.

    Lesson 3.10 (``notebooks/11_log_softmax.ipynb``). For x > 0, where σ(x) is close
    to 1, it is computed as ``(1 - t) - σ(-x)``, so that a confident right answer
    gets a tiny gradient rather than 0.

    Raises
    ------
    TypeError, ValueError
        As :func:`sigmoid_binary_cross_entropy`.

    Examples
    --------
    >>> from chapter3 import sigmoid_binary_cross_entropy_gradient
    >>> print(sigmoid_binary_cross_entropy_gradient([0.0, 40.0], [1.0, 1.0]))
    [-5.00000000e-01 -4.24835426e-18]
    """
    from chapter3.activations import sigmoid

    x, t, _ = _logits_and_labels(logits, labels, False, "sigmoid_binary_cross_entropy_gradient")
    return np.where(x > 0, (1 - t) - sigmoid(-x), sigmoid(x) - t)
