"""The Wilson interval against hand-computed values, and the small-n flag."""

import pytest

from opsreport.indicators.stats import share, wilson_interval


def test_wilson_78_of_100():
    # p = .78, z = 1.96: centre (p + z²/2n)/(1 + z²/n) = .7696, half-width .0803
    low, high = wilson_interval(78, 100)
    assert low == pytest.approx(0.6893, abs=5e-4)
    assert high == pytest.approx(0.8500, abs=5e-4)


def test_wilson_zero_successes_stays_inside_zero_one():
    low, high = wilson_interval(0, 10)
    assert low == 0.0
    assert high == pytest.approx(3.8415 / 13.8415, abs=1e-4)  # z² / (n + z²)


def test_share_flags_small_n_and_none_without_answers():
    assert share(10, 29).small_n is True
    assert share(10, 30).small_n is False
    assert share(0, 0) is None
    result = share(62, 100)
    assert result.value == pytest.approx(0.62)
    assert result.low < 0.62 < result.high
