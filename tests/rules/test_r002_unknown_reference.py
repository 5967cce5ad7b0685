"""R002 unknown-reference: a reference to an id no record has."""

import textwrap

import pytest

from rules.helpers import AGREEMENT, check

AG = textwrap.dedent(AGREEMENT)
FILE = "data/agreements/accord.yaml"


def test_misspelt_party_suggests_the_closest_id(tmp_path):
    text = AG.replace("territory: sicoval", "territory: sicovall")
    (d,) = check(tmp_path, "R002", {FILE: text}, [(7, 16)])
    assert "'sicovall'" in d.message
    assert "sicoval" in (d.hint or "")


@pytest.mark.parametrize(
    ("extra", "position"),
    [
        ("themes: [mobilty]\n", (12, 10)),
        ("parent: pacte-inconnu\n", (12, 9)),
        (
            "commitments:\n  - id: c1\n    title: T\n    theme: culturre\n"
            "    lead: [toulouse-metropol]\n    body: club-inconnu\n"
            "    pilots: [{person: jean-dupon, on_behalf_of: sicoval}]\n"
            "    sources: [{document: deliberation.txt}]\n",
            [(15, 12), (16, 12), (17, 11), (18, 23)],
        ),
    ],
)
def test_every_reference_field(tmp_path, extra, position):
    expected = position if isinstance(position, list) else [position]
    check(tmp_path, "R002", {FILE: AG + extra}, expected)


def test_body_references(tmp_path):
    body = (
        "id: club\nname: Club\nkind: club\nparent: dialogue-metropolitan\n"
        "set_up_by: accord-inconnu\nsources: [{document: deliberation.txt}]\n"
        "members:\n  - territory: sicoval\n  - body: association-inconnue\n"
        "posts:\n  - role: president\n    person: personne-inconnue\n"
        "    sources: [{document: deliberation.txt}]\n"
    )
    check(tmp_path, "R002", {"data/bodies/club.yaml": body}, [(4, 9), (5, 12), (9, 11), (12, 13)])


def test_reference_to_an_invalid_record_is_not_reported(tmp_path):
    # The broken file gets its own errors; references to it still resolve.
    broken = "id: autre\nname: Autre\nkind: ???\n"
    text = AG.replace("territory: sicoval", "territory: autre")
    check(tmp_path, "R002", {FILE: text, "data/territories/autre.yaml": broken}, [])


def test_existing_references_pass(tmp_path):
    check(tmp_path, "R002", {FILE: AG + "themes: [mobilite, culture]\n"}, [])
