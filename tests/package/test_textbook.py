"""The textbook formulas fail where the lessons say they fail, and chapter3 does not."""

import numpy as np
import pytest

import chapter3
from chapter3 import textbook


def quietly(f, *args, **kwargs):
    with np.errstate(all="ignore"):
        return f(*args, **kwargs)


def test_tanh_quotient_is_nan_beyond_709_and_its_derivative_cancels():
    assert np.isnan(quietly(textbook.tanh, np.array([-710.0, 710.0]))).all()
    assert textbook.tanh_derivative(np.float64(20.0)) == 0
    assert chapter3.tanh_derivative(20.0) > 0 and chapter3.tanh([-710, 710]).tolist() == [-1, 1]


def test_softsign_is_nan_at_infinity_and_its_derivative_overflows():
    assert np.isnan(quietly(textbook.softsign, np.array([np.inf]))).all()
    with pytest.warns(RuntimeWarning, match="overflow"):
        textbook.softsign_derivative(np.array([1e200]))
    assert chapter3.softsign(np.inf) == 1 and chapter3.softsign_derivative(1e200) == 0


def test_relu_textbook_breaks_at_minus_infinity_and_nan():
    assert np.isnan(quietly(textbook.relu, np.array([-np.inf])))[0]
    assert textbook.relu_derivative(np.array([np.nan]))[0] == 0  # a NaN silently became 0
    assert chapter3.relu(-np.inf) == 0 and np.isnan(chapter3.relu_derivative(np.nan))


def test_elu_textbook_overflows_in_the_branch_it_does_not_use():
    with pytest.warns(RuntimeWarning, match="overflow"):
        textbook.selu(np.array([710.0]))
    assert chapter3.elu(710.0) == 710.0
    # e^x - 1 keeps about 7 digits at 1e-10; expm1 keeps them all
    assert abs(textbook.selu(np.float64(-1e-10)) / -1e-10 - 1) > 1e-8
    assert chapter3.elu(-1e-10) == pytest.approx(-9.9999999995e-11, rel=1e-15)


def test_softplus_textbook_overflows_and_loses_the_left_tail():
    with pytest.warns(RuntimeWarning, match="overflow"):
        textbook.softplus(np.array([710.0]))
    assert textbook.softplus(np.float64(-40.0)) == 0
    # the post's erratum: 2.06115369e-09 printed where the true value is 2.06115362e-09
    assert f"{textbook.softplus(np.float64(-20.0)):.8e}" == "2.06115369e-09"
    assert f"{chapter3.softplus(-20.0):.8e}" == "2.06115362e-09"
