"""A002 duplicate-party: a territory or body listed twice."""

import textwrap

from rules.helpers import AGREEMENT, check

AG = textwrap.dedent(AGREEMENT)
FILE = "data/agreements/accord.yaml"


def test_repeats_are_reported_at_the_repeat(tmp_path):
    text = AG.replace(
        "  - territory: sicoval\n",
        "  - territory: sicoval\n  - territory: toulouse-metropole\n"
        "  - body: dialogue-metropolitain\n  - {body: dialogue-metropolitain, role: observer}\n",
    )
    first, second = check(tmp_path, "A002", {FILE: text}, [(8, 16), (10, 12)])
    assert "parties[0]" in first.message
    assert "parties[3]" in second.message


def test_distinct_parties_pass(tmp_path):
    check(tmp_path, "A002", {FILE: AGREEMENT}, [])
