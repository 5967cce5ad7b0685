"""I002 insee: the INSEE code has the shape of its territory's kind."""

import json
from pathlib import Path

import pytest

from rules.helpers import check

FILE = "data/territories/x.yaml"


def territory(kind: str, insee: str) -> str:
    return (
        f"id: x\nname: X\nkind: {kind}\nidentifiers:\n  insee: {insee}\n"
        "sources: [{document: deliberation.txt}]\n"
    )


@pytest.mark.parametrize(
    ("kind", "insee"),
    [
        ("commune", '"2C004"'),
        ("commune", '"20004"'),  # Corsica's codes are 2A/2B since 1976
        ("commune", '"97911"'),  # no 979 in the COG
        ("commune", '"96001"'),
        ("commune", '"3155"'),
        ("commune", '"315555"'),
        ("departement", '"20"'),
        ("departement", '"310"'),
        ("region", '"7"'),
        ("region", '"076"'),
    ],
)
def test_wrong_shape(tmp_path, kind, insee):
    (d,) = check(tmp_path, "I002", {FILE: territory(kind, insee)}, [(5, 10)])
    assert "is not a valid" in d.message


def test_unquoted_code_losing_its_zero(tmp_path):
    (d,) = check(tmp_path, "I002", {FILE: territory("commune", "1001")}, [(5, 10)])
    assert '"01001"' in (d.hint or "")


@pytest.mark.parametrize(
    ("kind", "insee"),
    [
        ("commune", '"31555"'),  # Toulouse
        ("commune", '"21231"'),  # Dijon: 21-29 are départements, only 20 is not
        ("departement", '"29"'),
        ("departement", '"977"'),  # Saint-Barthélemy, listed among the COG's départements
        ("commune", "31555"),
        ("commune", '"2A004"'),  # Ajaccio
        ("commune", '"2B033"'),  # Bastia
        ("commune", '"97411"'),  # Saint-Denis (La Réunion)
        ("commune", '"97611"'),  # Mamoudzou
        ("departement", '"31"'),
        ("departement", '"2A"'),
        ("departement", '"974"'),
        ("region", '"76"'),
    ],
)
def test_right_shape_passes(tmp_path, kind, insee):
    check(tmp_path, "I002", {FILE: territory(kind, insee)}, [])


COG = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "cog-2026"


@pytest.mark.skipif(
    not COG.is_dir(), reason="../shared/reference/cog-2026 is not beside the repository"
)
def test_every_official_code_has_a_valid_shape() -> None:
    """Every commune and département code of the official COG passes I002."""
    from coop.model.vocabulary import TerritoryKind
    from coop.rules.i002_insee import insee_problem

    communes = json.loads((COG / "communes.json").read_text(encoding="utf-8"))
    refused = sorted(
        c["code"]
        for c in communes
        if c.get("type") == "commune-actuelle" and insee_problem(c["code"], TerritoryKind.commune)
    )
    assert refused == [], refused[:20]
    departements = json.loads((COG / "departements.json").read_text(encoding="utf-8"))
    refused = sorted(
        d["code"] for d in departements if insee_problem(d["code"], TerritoryKind.departement)
    )
    assert refused == [], refused
