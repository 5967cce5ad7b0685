"""I003 cog-unknown: a well-formed SIREN or INSEE code that the COG does not know."""

import pytest

from rules.helpers import check

FILE = "data/territories/x.yaml"


def territory(kind: str, identifiers: str) -> str:
    return (
        f"id: x\nname: X\nkind: {kind}\nidentifiers:\n{identifiers}"
        "sources: [{document: deliberation.txt}]\n"
    )


@pytest.mark.parametrize(
    ("kind", "identifiers", "words"),
    [
        ("ca", '  siren: "200000016"\n', "SIREN 200000016 is not in the COG"),
        ("commune", '  insee: "31999"\n', "INSEE code 31999 is not a commune"),
    ],
)
def test_unknown_code(tmp_path, kind, identifiers, words):
    (d,) = check(tmp_path, "I003", {FILE: territory(kind, identifiers)}, [(5, 10)])
    assert words in d.message


def test_unknown_commune_code_suggests_neighbours(tmp_path):
    (d,) = check(tmp_path, "I003", {FILE: territory("commune", '  insee: "31999"\n')}, [(5, 10)])
    assert "did you mean" in (d.hint or "")


@pytest.mark.parametrize(
    ("kind", "identifiers"),
    [
        ("ca", '  siren: "243100633"\n'),  # CA du Sicoval
        ("commune", '  insee: "31555"\n  siren: "213105554"\n'),  # Toulouse
        ("departement", '  insee: "31"\n'),
        ("region", '  insee: "76"\n'),
        # Kinds the COG does not describe are not looked up.
        ("pays", '  siren: "200000016"\n'),
        # Malformed codes are I001/I002's business, not I003's.
        ("ca", '  siren: "243100634"\n'),
    ],
)
def test_known_or_unchecked_code_passes(tmp_path, kind, identifiers):
    check(tmp_path, "I003", {FILE: territory(kind, identifiers)}, [])
