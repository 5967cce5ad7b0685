"""D002 date-order: deliberation ≤ signature ≤ entry into force ≤ end; periods."""

import textwrap

import pytest

from rules.helpers import AGREEMENT, check

AG = textwrap.dedent(AGREEMENT)
FILE = "data/agreements/accord.yaml"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("entry_into_force: 2015-12-01\n", [(12, 19)]),
        ("entry_into_force: 2016-03\nend: 2016-02\n", [(13, 6)]),
        ("end: 2015\n", [(12, 6)]),
        ("deliberations:\n  - territory: sicoval\n    date: 2016-03-01\n", [(9, 9)]),
    ],
)
def test_agreement_chain(tmp_path, extra, expected):
    check(tmp_path, "D002", {FILE: AG + extra}, expected)


def test_message_names_both_dates(tmp_path):
    (d,) = check(tmp_path, "D002", {FILE: AG + "end: 2015\n"}, [(12, 6)])
    assert "2015" in d.message
    assert "2016-01-29" in d.message


def test_periods_and_milestones(tmp_path):
    person = (
        "id: p\nname: P\nsources: [{document: deliberation.txt}]\n"
        "mandates:\n  - title: Maire\n    role: mayor\n    period: {start: 2020, end: 2014}\n"
    )
    milestones = AG + "milestones:\n  - date: 2017-05\n    until: 2017-02\n    event: x\n"
    check(
        tmp_path,
        "D002",
        {"data/people/p.yaml": person, FILE: milestones},
        [("data/people/p.yaml", 7, 32), (FILE, 14, 12)],
    )


@pytest.mark.parametrize(
    "extra",
    [
        "entry_into_force: 2016-02\nend: 2020\n",
        # Partial dates are intervals: 2016 is not certainly before 2016-01-29.
        "entry_into_force: 2016\nend: 2016-01\n",
        # A scheduled vote is not part of the chain.
        "deliberations:\n  - territory: sicoval\n    date: 2016-03-01\n    scheduled: true\n",
        "deliberations:\n  - territory: sicoval\n    date: 2016-01\n",
    ],
)
def test_ordered_dates_pass(tmp_path, extra):
    check(tmp_path, "D002", {FILE: AG + extra}, [])
