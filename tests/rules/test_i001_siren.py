"""I001 siren: nine digits with a valid Luhn key."""

import pytest

from coop.rules.i001_siren import luhn_valid, siren_problem
from rules.helpers import check

FILE = "data/territories/x.yaml"


def territory(siren: str) -> str:
    return (
        f"id: x\nname: X\nkind: ca\nidentifiers:\n  siren: {siren}\n"
        "sources: [{document: deliberation.txt}]\n"
    )


@pytest.mark.parametrize(
    ("siren", "words"),
    [
        ('"243100634"', "invalid check digit"),
        ('"24310063"', "exactly 9 digits"),
        ('"2431006333"', "exactly 9 digits"),
        ('"24310063a"', "exactly 9 digits"),
        ('"243 100 633"', "exactly 9 digits"),
        ('"２43100633"', "exactly 9 digits"),  # a full-width digit
        ("31555", "exactly 9 digits"),
    ],
)
def test_invalid_siren(tmp_path, siren, words):
    (d,) = check(tmp_path, "I001", {FILE: territory(siren)}, [(5, 10)])
    assert words in d.message


@pytest.mark.parametrize(
    "siren",
    [
        '"243100633"',  # CA du Sicoval
        "243100518",  # Toulouse Métropole, unquoted: no leading zero to lose
        '"213105554"',  # Toulouse (commune)
        '"356000000"',  # La Poste: the registered exception to Luhn
        "null",
    ],
)
def test_valid_siren_passes(tmp_path, siren):
    check(tmp_path, "I001", {FILE: territory(siren)}, [])


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("243100633", True),
        ("243100634", False),
        ("200068641", True),
        ("000000000", True),
        ("212000046", True),
        ("212000047", False),
    ],
)
def test_luhn(digits, valid):
    assert luhn_valid(digits) is valid


def test_siren_problem_is_none_for_a_valid_siren():
    assert siren_problem("243400017") is None
    assert siren_problem("243400018") is not None
