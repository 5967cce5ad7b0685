"""A001 bilateral-parties: an accord-cadre or contrat de réciprocité has two parties."""

import textwrap

import pytest

from rules.helpers import AGREEMENT, check

AG = textwrap.dedent(AGREEMENT)
FILE = "data/agreements/accord.yaml"


@pytest.mark.parametrize("kind", ["accord_cadre", "contrat_reciprocite"])
def test_one_party(tmp_path, kind):
    text = AG.replace("kind: accord_cadre", f"kind: {kind}").replace("  - territory: sicoval\n", "")
    (d,) = check(tmp_path, "A001", {FILE: text}, [(6, 3)])
    assert "1 listed" in d.message
    assert kind in d.message


def test_no_parties_points_at_the_kind(tmp_path):
    text = AG.replace("parties:\n  - territory: toulouse-metropole\n  - territory: sicoval\n", "")
    check(tmp_path, "A001", {FILE: text}, [(3, 7)])


def test_a_party_with_a_typo_is_not_counted_as_missing(tmp_path):
    # The party's unknown key is the error (S001); A001 must not add "0 listed".
    text = AG.replace("  - territory: sicoval\n", "  - territory: sicoval\n    rol: party\n")
    check(tmp_path, "A001", {FILE: text}, [])


@pytest.mark.parametrize(
    "text",
    [AG, AG.replace("kind: accord_cadre", "kind: entente").replace("  - territory: sicoval\n", "")],
)
def test_two_parties_or_another_kind_passes(tmp_path, text):
    check(tmp_path, "A001", {FILE: text}, [])
