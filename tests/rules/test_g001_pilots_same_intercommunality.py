"""G001 pilots-same-intercommunality: a club's referent pair from two territories."""

import textwrap

import pytest

from rules.helpers import AGREEMENT, check

CLUB = "id: club\nname: Club mobilité\nkind: {kind}\nsources: [{{document: deliberation.txt}}]\nposts:\n"
POST = (
    "  - role: referent_official\n    person: {person}\n    on_behalf_of: {territory}\n"
    "    sources: [{{document: deliberation.txt}}]\n"
)
FILE = "data/bodies/club.yaml"


def club(second: str, kind: str = "club") -> str:
    return (
        CLUB.format(kind=kind)
        + POST.format(person="jean-dupont", territory="sicoval")
        + POST.format(person="marie-martin", territory=second)
    )


def test_both_referents_from_one_territory(tmp_path):
    (d,) = check(tmp_path, "G001", {FILE: club("sicoval")}, [(12, 19)])
    assert "'sicoval'" in d.message


def test_referent_who_represents_nobody(tmp_path):
    text = club("sicoval").replace("    on_behalf_of: sicoval\n    sources", "    sources", 1)
    # The first post lost its on_behalf_of: reported at the post.
    check(tmp_path, "G001", {FILE: text}, [(6, 5)])


def test_commitment_pilots(tmp_path):
    text = textwrap.dedent(AGREEMENT) + (
        "commitments:\n  - id: c1\n    title: Mobilité\n"
        "    sources: [{document: deliberation.txt}]\n    pilots:\n"
        "      - {person: jean-dupont, on_behalf_of: sicoval}\n"
        "      - {person: marie-martin, on_behalf_of: sicoval}\n"
    )
    check(tmp_path, "G001", {"data/agreements/accord.yaml": text}, [(18, 46)])


@pytest.mark.parametrize("text", [club("toulouse-metropole"), club("sicoval", kind="bureau")])
def test_pair_from_two_territories_or_not_a_club_passes(tmp_path, text):
    check(tmp_path, "G001", {FILE: text}, [])
