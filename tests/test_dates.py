"""Partial dates: 2017, 2017-06, 2017-06-03; intervals and certain order."""

from __future__ import annotations

import datetime as dt

import pytest

from coop.model.dates import InvalidDate, PartialDate, Period


@pytest.mark.parametrize(
    ("text", "parsed", "precision"),
    [
        ("2017", PartialDate(2017), "year"),
        ("2017-06", PartialDate(2017, 6), "month"),
        ("2016-02-29", PartialDate(2016, 2, 29), "day"),
        (2017, PartialDate(2017), "year"),
        (" 2017-06 ", PartialDate(2017, 6), "month"),
    ],
)
def test_valid(text, parsed, precision):
    date = PartialDate.parse(text)
    assert date == parsed
    assert date.precision == precision


@pytest.mark.parametrize(
    "text",
    [
        "2016-02-30",
        "2015-02-29",
        "2017-13",
        "2017-00",
        "29/01/2016",
        "2017-6",
        "17",
        "",
        "2017-06-3",
    ],
)
def test_invalid(text):
    with pytest.raises(InvalidDate):
        PartialDate.parse(text)


@pytest.mark.parametrize("value", [True, 3.5, None, ["2017"]])
def test_not_a_date_type(value):
    with pytest.raises(InvalidDate):
        PartialDate.parse(value)


def test_a_partial_date_is_an_interval():
    assert PartialDate(2017).earliest == dt.date(2017, 1, 1)
    assert PartialDate(2017).latest == dt.date(2017, 12, 31)
    assert PartialDate(2016, 2).latest == dt.date(2016, 2, 29)


@pytest.mark.parametrize(
    ("a", "b", "before"),
    [
        ("2016", "2017-01-01", True),
        ("2017", "2017-06-03", False),  # may be the same day
        ("2017-06", "2017-06-03", False),
        ("2017-05", "2017-06-01", True),
        ("2017-06-03", "2017-06-03", False),
    ],
)
def test_certainly_before(a, b, before):
    assert PartialDate.parse(a).certainly_before(PartialDate.parse(b)) is before
    assert PartialDate.parse(b).certainly_after(PartialDate.parse(a)) is before


def test_str_round_trips():
    for text in ["2017", "2017-06", "2017-06-03"]:
        assert str(PartialDate.parse(text)) == text


def test_period_contains_with_open_ends():
    period = Period(start=PartialDate(2020), end=None)
    assert period.contains(dt.date(2030, 1, 1))
    assert not period.contains(dt.date(2019, 12, 31))
    assert Period(start=None, end=PartialDate(2020, 6)).contains(dt.date(2020, 6, 30))
