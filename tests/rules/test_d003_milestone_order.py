"""D003 milestone-order: milestones listed out of chronological order."""

import textwrap

from rules.helpers import AGREEMENT, check

AG = textwrap.dedent(AGREEMENT)
FILE = "data/agreements/accord.yaml"


def test_out_of_order(tmp_path):
    text = AG + (
        "milestones:\n"
        "  - {date: 2017-01, event: Pacte métropolitain}\n"
        "  - {date_text: plus tard, event: sans date}\n"
        "  - {date: 2016-07-06, event: Pacte État-métropoles}\n"
    )
    (d,) = check(tmp_path, "D003", {FILE: text}, [(15, 12)])
    assert "2016-07-06" in d.message
    assert "2017-01" in d.message


def test_each_list_is_checked_on_its_own(tmp_path):
    # The review's milestones start again: no finding across the two lists,
    # one inside the review's.
    text = AG + (
        "milestones:\n  - {date: 2020, event: a}\n"
        "review:\n  milestones:\n    - {date: 2012, event: b}\n    - {date: 2011, event: c}\n"
    )
    check(tmp_path, "D003", {FILE: text}, [(17, 14)])


def test_in_order_or_overlapping_passes(tmp_path):
    text = AG + (
        "milestones:\n  - {date: 2016-07-06, event: a}\n  - {date: 2016, event: b}\n"
        "  - {date: 2017-01, event: c}\n"
    )
    check(tmp_path, "D003", {FILE: text}, [])
