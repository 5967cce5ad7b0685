"""I004 cog-mismatch: name, kind, population or member count other than the COG's.

Official values are those of the COG 2026 packaged with coop.
"""

import pytest

from coop.diagnostics import Severity
from rules.helpers import check

FILE = "data/territories/x.yaml"

SICOVAL = """\
    id: x
    name: {name}
    kind: {kind}
    identifiers:
      siren: "243100633"
    member_count: {count}
    sources: [{{document: deliberation.txt}}]
    """


def sicoval(name: str = "CA du Sicoval", kind: str = "ca", count: int = 36) -> str:
    return SICOVAL.format(name=name, kind=kind, count=count)


def test_official_values_pass(tmp_path):
    check(tmp_path, "I004", {FILE: sicoval()}, [])


def test_typographic_apostrophe_and_spacing_are_not_differences(tmp_path):
    # Official: "Provence-Alpes-Côte d'Azur" (région 93), straight apostrophe, one space.
    files = {
        FILE: 'id: x\nname: "Provence-Alpes-Côte  d’Azur"\nkind: region\n'
        'identifiers:\n  insee: "93"\nsources: [{document: deliberation.txt}]\n'
    }
    check(tmp_path, "I004", files, [])


def test_name(tmp_path):
    (d,) = check(tmp_path, "I004", {FILE: sicoval(name="Sicoval")}, [(2, 7)])
    assert d.severity == Severity.warning
    assert d.hint is not None and d.hint.startswith("name: CA du Sicoval")


def test_kind(tmp_path):
    (d,) = check(tmp_path, "I004", {FILE: sicoval(kind="cc")}, [(3, 7)])
    assert d.hint == "kind: ca"


def test_member_count(tmp_path):
    (d,) = check(tmp_path, "I004", {FILE: sicoval(count=37)}, [(6, 15)])
    assert d.hint == "member_count: 36"


def test_commune_siren_on_an_intercommunality(tmp_path):
    # 213105554 is the SIREN of the commune of Toulouse, not of Toulouse Métropole.
    files = {
        FILE: "id: x\nname: Toulouse\nkind: metropole\n"
        'identifiers:\n  siren: "213105554"\nsources: [{document: deliberation.txt}]\n'
    }
    (d,) = check(tmp_path, "I004", files, [(3, 7)])
    assert "Toulouse (commune, INSEE 31555)" in d.message


def test_siren_and_insee_of_different_communes(tmp_path):
    # 31555 is Toulouse; 210100012 is the SIREN of L'Abergement-Clémenciat (01001).
    files = {
        FILE: "id: x\nname: Toulouse\nkind: commune\n"
        'identifiers:\n  insee: "31555"\n  siren: "210100012"\n'
        "sources: [{document: deliberation.txt}]\n"
    }
    (d,) = check(tmp_path, "I004", files, [(5, 10)])
    assert "Toulouse (commune, INSEE 31555)" in d.message
    assert "L'Abergement-Clémenciat (commune, INSEE 01001)" in d.message


@pytest.mark.parametrize("year", [2019, 2022, 2023])
def test_populations_are_not_compared_when_the_cog_does_not_state_their_year(tmp_path, year):
    # The packaged copy does not know which year its populations refer to:
    # any (value, year) is accepted rather than compared with a figure of
    # another year. (Comparison with a stated year: tests/reference/test_import.py.)
    files = {
        FILE: sicoval().replace(
            "member_count: 36\n", f"member_count: 36\npopulation:\n  value: 1\n  year: {year}\n"
        )
    }
    check(tmp_path, "I004", files, [])


def test_a_suppression_comment_silences_it(tmp_path):
    files = {FILE: sicoval(name="Sicoval  # coop: ignore[I004]")}
    check(tmp_path, "I004", files, [])
