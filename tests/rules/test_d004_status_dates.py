"""D004 status-dates: the status contradicts the dates on the evaluation date."""

import datetime as dt
import textwrap

import pytest

from rules.helpers import AGREEMENT, check

AG = textwrap.dedent(AGREEMENT)
FILE = "data/agreements/accord.yaml"
STATUS = (4, 9)


@pytest.mark.parametrize(
    ("status", "extra", "words"),
    [
        ("in_force", "end: 2020-12-31\n", "ended on 2020-12-31"),
        ("in_force", "entry_into_force: 2027\n", "enters into force on 2027"),
        ("expired", "end: 2030\n", "still ahead"),
        ("announced", "", "signed on 2016-01-29"),
        ("in_preparation", "", "signed on 2016-01-29"),
    ],
)
def test_status_contradicts_dates(tmp_path, status, extra, words):
    text = AG.replace("status: signed", f"status: {status}") + extra
    (d,) = check(tmp_path, "D004", {FILE: text}, [STATUS])
    assert words in d.message


@pytest.mark.parametrize("status", ["signed", "in_force", "expired", "terminated"])
def test_signed_status_without_a_signature_date(tmp_path, status):
    text = AG.replace("status: signed", f"status: {status}").replace(
        "signature:\n  date: 2016-01-29\n", ""
    )
    (d,) = check(tmp_path, "D004", {FILE: text}, [STATUS])
    assert "no signature date" in d.message


def test_as_of_moves_the_verdict(tmp_path):
    text = AG.replace("status: signed", "status: in_force") + "end: 2025-06-30\n"
    check(tmp_path, "D004", {FILE: text}, [], as_of=dt.date(2025, 6, 30))
    check(tmp_path, "D004", {FILE: text}, [STATUS], as_of=dt.date(2025, 7, 1))


@pytest.mark.parametrize(
    ("status", "extra"),
    [
        ("in_force", "entry_into_force: 2016-02\nend: 2030\n"),
        ("in_force", "end: 2025\n"),  # still possibly in force on 2025-12-31
        ("expired", "end: 2020-12-31\n"),
        ("signed", ""),
        ("adopted", ""),
    ],
)
def test_consistent_status_passes(tmp_path, status, extra):
    text = AG.replace("status: signed", f"status: {status}") + extra
    check(tmp_path, "D004", {FILE: text}, [], as_of=dt.date(2025, 12, 31))


def test_adopted_without_signature_passes(tmp_path):
    text = AG.replace("status: signed", "status: adopted").replace(
        "signature:\n  date: 2016-01-29\n", ""
    )
    check(tmp_path, "D004", {FILE: text}, [])
