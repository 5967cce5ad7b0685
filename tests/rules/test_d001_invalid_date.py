"""D001 invalid-date: not YYYY-MM-DD, YYYY-MM or YYYY, or not in the calendar."""

import textwrap

import pytest

from rules.helpers import AGREEMENT, check

AG = textwrap.dedent(AGREEMENT)
FILE = "data/agreements/accord.yaml"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("29/01/2016", "is not a date"),
        ("2016-02-30", "day 30 does not exist in 2016-02"),
        ("2015-02-29", "day 29 does not exist"),
        ("2016-13", "month 13 does not exist"),
        ("2016-1-29", "is not a date"),
        ("janvier 2016", "is not a date"),
        ("16", "is not a date"),
    ],
)
def test_invalid_signature_date(tmp_path, value, reason):
    text = AG.replace("date: 2016-01-29", f"date: {value}")
    (d,) = check(tmp_path, "D001", {FILE: text}, [(9, 9)])
    assert reason in d.message
    assert d.message.startswith("signature.date")


def test_invalid_dates_elsewhere(tmp_path):
    text = AG + (
        "entry_into_force: 2016-00\n"
        "milestones:\n  - {date: 2016-06-31, event: x}\n"
        "  - {date: 2017, until: 2017-02-29, event: y}\n"
    )
    check(tmp_path, "D001", {FILE: text}, [(12, 19), (14, 12), (15, 25)])


@pytest.mark.parametrize("value", ["2016-01-29", "2016-01", "2016", "2016-02-29", "'2016'"])
def test_full_and_partial_dates_pass(tmp_path, value):
    text = AG.replace("date: 2016-01-29", f"date: {value}")
    check(tmp_path, "D001", {FILE: text}, [])
