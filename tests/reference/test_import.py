"""``coop reference import``: rebuilds the packaged copy byte for byte, writes
a KB-local copy that ``cog_vintage`` selects, and fails clearly on bad input.

The small folder built here is test data, not real COG content: one
intercommunality of two communes, with made-up populations.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED, run_coop

from coop.reference.cog import PACKAGED_DIR

RAW = SHARED / "reference" / "cog-2026"


@pytest.mark.skipif(not (RAW / "epci.json").is_file(), reason="../shared/reference is not here")
def test_import_of_the_2026_files_reproduces_the_packaged_copy(tmp_path):
    out = tmp_path / "cog-2026.json.gz"
    result = run_coop("reference", "import", str(RAW), "--output", str(out))
    assert result.code == 0, result.err
    assert out.read_bytes() == (PACKAGED_DIR / "cog-2026.json.gz").read_bytes()


def raw_folder(folder: Path, sicoval_name: str = "CA du Sicoval") -> Path:
    """A tiny folder in the format of @etalab/decoupage-administratif (test data)."""
    folder.mkdir(parents=True)
    communes = [
        {"code": "31254", "nom": "Labège", "type": "commune-actuelle", "siren": "213102544",
         "population": 1000, "departement": "31", "region": "76"},
        {"code": "31555", "nom": "Toulouse", "type": "commune-actuelle", "siren": "213105554",
         "population": 2000, "departement": "31", "region": "76"},
    ]  # fmt: skip
    epci = [
        {"code": "243100633", "nom": sicoval_name, "type": "CA", "populationMunicipale": 1000,
         "populationTotale": 1010, "membres": [{"code": "31254", "siren": "213102544"}]},
    ]  # fmt: skip
    files = {
        "communes.json": communes,
        "epci.json": epci,
        "ept.json": [],
        "departements.json": [{"code": "31", "nom": "Haute-Garonne", "region": "76"}],
        "regions.json": [{"code": "76", "nom": "Occitanie"}],
    }
    for name, content in files.items():
        (folder / name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    (folder / "LICENSE").write_text("MIT License (test data)\n", encoding="utf-8")
    return folder


TERRITORY = """\
id: sicoval
name: CA du Sicoval
kind: ca
identifiers:
  siren: "243100633"
population:
  value: 999
  year: 2023
sources: [{url: "https://www.insee.fr/fr/information/2510634"}]
"""


def test_a_kb_local_copy_is_used_once_selected(tmp_path):
    kb = tmp_path / "kb"
    (kb / "data" / "territories").mkdir(parents=True)
    (kb / "data" / "territories" / "sicoval.yaml").write_text(TERRITORY, encoding="utf-8")
    raw = raw_folder(tmp_path / "cog-2030", sicoval_name="Sicoval Agglo")
    result = run_coop(
        "reference", "import", str(raw), "--intercommunality-population-year", "2023", cwd=kb
    )
    assert result.code == 0, result.err
    assert (kb / "reference" / "cog-2030.json.gz").is_file()
    assert 'cog_vintage: "2030"' in result.out

    # Not selected yet: the packaged 2026 copy, where the name is right.
    before = run_coop("validate", cwd=kb)
    assert before.code == 0 and "COG 2026" in before.out, before.out
    # Selected: its name and its population of the stated year are compared.
    (kb / "coop.yaml").write_text('cog_vintage: "2030"\n', encoding="utf-8")
    after = run_coop("validate", "--format", "json", cwd=kb)
    report = json.loads(after.out)
    assert report["reference"] == "COG 2030 (reference/cog-2030.json.gz)"
    found = {(d["code"], d["line"], d["hint"]) for d in report["diagnostics"]}
    assert found == {
        ("I004", 2, "name: Sicoval Agglo  (keep the other spelling in aliases:)"),
        ("I004", 7, "official population municipale 2023: 1000"),
    }
    info = run_coop("reference", "info", cwd=kb)
    assert "COG 2030 (reference/cog-2030.json.gz)" in info.out
    assert "intercommunalities 2023" in info.out


def test_a_selected_vintage_that_is_missing_is_a_usage_error(tmp_path):
    (tmp_path / "data" / "territories").mkdir(parents=True)
    (tmp_path / "data" / "territories" / "sicoval.yaml").write_text(TERRITORY, encoding="utf-8")
    (tmp_path / "coop.yaml").write_text('cog_vintage: "2031"\n', encoding="utf-8")
    for args in (["validate"], ["new", "territory", "--insee", "31555"]):
        result = run_coop(*args, cwd=tmp_path)
        assert result.code == 2, (args, result)
        assert "no COG copy of that vintage" in result.err and "Traceback" not in result.err
        assert "coop reference import" in result.err


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: None, None),  # intact: imports
        (lambda f: (f / "epci.json").unlink(), "missing epci.json"),
        (lambda f: (f / "LICENSE").unlink(), "LICENSE: missing or unreadable"),
        (lambda f: (f / "regions.json").write_text("[{", encoding="utf-8"), "not valid JSON"),
        (lambda f: (f / "regions.json").write_text("{}", encoding="utf-8"), "a JSON list"),
        (
            lambda f: (f / "epci.json").write_text('[{"code": "1"}]', encoding="utf-8"),
            "entry 1 (code 1) lacks the field 'type'",
        ),
        (
            lambda f: (f / "epci.json").write_text(
                '[{"code": "1", "nom": "X", "type": "SIVU", "membres": []}]', encoding="utf-8"
            ),
            "type 'SIVU'",
        ),
    ],
)
def test_bad_folders_are_clear_errors(tmp_path, damage, message):
    folder = raw_folder(tmp_path / "cog-2027")
    damage(folder)
    out = tmp_path / "out.json.gz"
    result = run_coop("reference", "import", str(folder), "--output", str(out))
    if message is None:
        assert result.code == 0 and out.is_file(), result.err
        return
    assert result.code == 2, result
    assert message in result.err and "Traceback" not in result.err
    assert not out.exists()


def test_missing_folder_and_unknown_vintage(tmp_path):
    result = run_coop("reference", "import", str(tmp_path / "nope"), "--output", "x.gz")
    assert result.code == 2 and "no such folder" in result.err
    folder = raw_folder(tmp_path / "files")
    result = run_coop("reference", "import", str(folder), "--output", str(tmp_path / "x.gz"))
    assert result.code == 2 and "--vintage" in result.err
    result = run_coop(
        "reference", "import", str(folder), "--vintage", "27", "--output", str(tmp_path / "x")
    )
    assert result.code == 2 and "not a year" in result.err


def test_a_target_that_cannot_be_written_is_a_usage_error(tmp_path):
    folder = raw_folder(tmp_path / "cog-2027")
    kb = tmp_path / "kb"
    (kb / "data").mkdir(parents=True)
    (kb / "reference").write_text("not a folder\n")  # where the KB's copies go
    result = run_coop("reference", "import", str(folder), "--kb", str(kb))
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and "cannot write" in result.err
