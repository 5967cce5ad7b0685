"""I005 cog-membership: a member the COG does not place in its group.

Codes are those of the COG 2026 packaged with coop.
"""

from coop.diagnostics import Severity
from rules.helpers import check

SOURCES = "sources: [{document: deliberation.txt}]\n"


def commune(record_id: str, name: str, insee: str, parent: str | None = None) -> str:
    text = f'id: {record_id}\nname: {name}\nkind: commune\nidentifiers:\n  insee: "{insee}"\n'
    if parent:
        text += f"parent: {parent}\n"
    return text + SOURCES


def group(record_id: str, name: str, kind: str, code: str, members: list[str]) -> str:
    key = "siren" if kind not in {"departement", "region"} else "insee"
    listed = "".join(f"  - {m}\n" for m in members)
    return (
        f'id: {record_id}\nname: {name}\nkind: {kind}\nidentifiers:\n  {key}: "{code}"\n'
        f"members:\n{listed}{SOURCES}"
    )


LABEGE = {"data/territories/labege.yaml": commune("labege", "Labège", "31254")}
SICOVAL_FILE = "data/territories/sicoval.yaml"


def test_official_members_pass(tmp_path):
    files = {
        **LABEGE,
        SICOVAL_FILE: group("sicoval", "CA du Sicoval", "ca", "243100633", ["labege"]),
    }
    check(tmp_path, "I005", files, [])


def test_a_commune_of_another_intercommunality(tmp_path):
    # The base KB's toulouse is the commune 31555, member of Toulouse Métropole.
    files = {
        **LABEGE,
        SICOVAL_FILE: group("sicoval", "CA du Sicoval", "ca", "243100633", ["labege", "toulouse"]),
    }
    (d,) = check(tmp_path, "I005", files, [(SICOVAL_FILE, 8, 5)])
    assert d.severity == Severity.warning
    assert d.hint is not None and "Toulouse Métropole (metropole, SIREN 243100518)" in d.hint


def test_parent_is_checked_the_other_way_round(tmp_path):
    file = "data/territories/labege.yaml"
    files = {file: commune("labege", "Labège", "31254", parent="toulouse-metropole")}
    (d,) = check(tmp_path, "I005", files, [(file, 6, 9)])
    assert "labege" in d.message and "toulouse-metropole" in d.message


def test_departement_and_region_memberships(tmp_path):
    dep = "data/territories/haute-garonne.yaml"
    reg = "data/territories/occitanie.yaml"
    files = {
        **LABEGE,
        dep: group("haute-garonne", "Haute-Garonne", "departement", "31", ["labege", "toulouse"]),
        # Haute-Garonne is in Occitanie; 01001 (Ain) is not.
        "data/territories/abergement.yaml": commune(
            "abergement", "L'Abergement-Clémenciat", "01001"
        ),
        reg: group("occitanie", "Occitanie", "region", "76", ["haute-garonne", "abergement"]),
    }
    check(tmp_path, "I005", files, [(reg, 8, 5)])


def test_members_without_cog_entry_or_codes_are_not_checked(tmp_path):
    files = {
        "data/territories/pays.yaml": "id: pays\nname: Pays\nkind: pays\nmembers:\n"
        "  - toulouse\n" + SOURCES,
        "data/territories/nowhere.yaml": "id: nowhere\nname: Nowhere\nkind: commune\n" + SOURCES,
        SICOVAL_FILE: group("sicoval", "CA du Sicoval", "ca", "243100633", ["nowhere"]),
    }
    check(tmp_path, "I005", files, [])
