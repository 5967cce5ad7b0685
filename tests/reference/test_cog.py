"""The packaged COG copy: where it is found, that it is read only when needed,
and that its lookups agree with the raw files it was built from."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED

from coop.kb.config import Settings
from coop.reference import cog as reference
from coop.reference import compact
from coop.reference.errors import ReferenceDataError

RAW = SHARED / "reference" / "cog-2026"
needs_raw = pytest.mark.skipif(
    not (RAW / "epci.json").is_file(), reason="../shared/reference/cog-2026 is not here"
)


@pytest.fixture(scope="module")
def cog() -> reference.Cog:
    return reference.load(Settings())


def test_packaged_copy_and_its_licence_are_in_the_package():
    assert reference.packaged_vintages() == ["2026"]
    licence = reference.PACKAGED_DIR / "LICENSE"
    assert "MIT License" in licence.read_text(encoding="utf-8")
    assert "Etalab" in licence.read_text(encoding="utf-8")


def test_lookups_by_siren_and_insee(cog):
    sicoval = cog.intercommunality("243100633")
    assert sicoval is not None
    assert (sicoval.name, sicoval.kind, len(sicoval.members)) == ("CA du Sicoval", "ca", 36)
    assert "31254" in sicoval.members  # Labège
    toulouse = cog.commune("31555")
    assert toulouse is not None and toulouse.siren == "213105554"
    assert cog.by_siren("213105554") == toulouse
    assert [e.kind for e in cog.by_insee("76")] == ["departement", "region"]
    assert cog.region("76").name == "Occitanie"  # type: ignore[union-attr]
    assert cog.departement("2A").region == "94"  # type: ignore[union-attr]
    assert [e.name for e in cog.intercommunalities_of("31555")] == ["Toulouse Métropole"]
    assert cog.intercommunality("200046977").kind == "metropole"  # type: ignore[union-attr]
    assert cog.intercommunality("200057867").kind == "ept"  # type: ignore[union-attr]
    assert cog.by_siren("200000016") is None and cog.commune("31999") is None


def test_population_years_are_recorded_as_unknown(cog):
    # Neither the files nor the package's documentation state the year; the
    # copy says so rather than guessing.
    assert cog.commune_population_year is None
    assert cog.intercommunality_population_year is None
    assert cog.commune("31555").population == 514819  # type: ignore[union-attr]


@needs_raw
def test_every_intercommunality_agrees_with_the_raw_files(cog):
    raw = json.loads((RAW / "epci.json").read_text(encoding="utf-8"))
    raw += json.loads((RAW / "ept.json").read_text(encoding="utf-8"))
    assert len(cog.intercommunalities()) == len(raw) == 1266
    for item in raw:
        entity = cog.intercommunality(item["code"])
        assert entity is not None
        assert entity.name == item["nom"]
        assert entity.kind == compact.INTERCOMMUNALITY_KINDS[item["type"]]
        assert entity.population == item.get("populationMunicipale")
        assert sorted(entity.members) == sorted(m["code"] for m in item["membres"])


@needs_raw
def test_every_current_commune_agrees_with_the_raw_files(cog):
    raw = json.loads((RAW / "communes.json").read_text(encoding="utf-8"))
    current = [c for c in raw if c["type"] == "commune-actuelle"]
    assert len(cog.communes()) == len(current)
    for item in current[::97]:  # a spread sample: every 97th
        entity = cog.commune(item["code"])
        assert entity is not None
        assert (entity.name, entity.siren, entity.population) == (
            item["nom"],
            item.get("siren"),
            item.get("population"),
        )


def test_nothing_is_read_at_import_nor_for_help():
    code = (
        "import sys, coop, coop.cli.app\n"
        "from typer.testing import CliRunner\n"
        "CliRunner().invoke(coop.cli.app.app, ['--help'])\n"
        "print('coop.reference.cog' in sys.modules, 'coop.reference.compact' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_fingerprint_and_label_read_no_data(monkeypatch):
    def refuse(path: Path) -> dict[str, object]:
        raise AssertionError("the COG copy was read")

    monkeypatch.setattr(compact, "read", refuse)
    assert reference.fingerprint(Settings()).startswith("cog:2026:")
    assert reference.label(Settings()) == "COG 2026 (packaged with coop)"


def test_a_kb_local_copy_is_chosen_by_cog_vintage(tmp_path):
    settings = Settings(cog_vintage="2027")
    with pytest.raises(ReferenceDataError, match="no COG copy of that vintage"):
        reference.locate(settings, tmp_path)
    assert reference.label(settings, tmp_path) == "COG 2027 (not found)"
    assert reference.fingerprint(settings, tmp_path).startswith("unavailable:")
    local = tmp_path / "reference" / "cog-2027.json.gz"
    local.parent.mkdir()
    local.write_bytes((reference.PACKAGED_DIR / "cog-2026.json.gz").read_bytes())
    where = reference.locate(settings, tmp_path)
    assert (where.path, where.packaged) == (local, False)
    before = reference.fingerprint(settings, tmp_path)
    local.write_bytes(local.read_bytes() + b"\0")  # re-imported: the cache key changes
    assert reference.fingerprint(settings, tmp_path) != before
    # The packaged vintage stays available by name, and is the default.
    assert reference.locate(Settings(cog_vintage="2026"), tmp_path).packaged
    assert reference.locate(Settings(), tmp_path).vintage == "2026"


def test_a_corrupt_copy_is_a_clear_error(tmp_path):
    bad = tmp_path / "reference" / "cog-2027.json.gz"
    bad.parent.mkdir()
    bad.write_bytes(b"not gzip")
    with pytest.raises(ReferenceDataError, match="not a COG copy made by coop"):
        reference.load(Settings(cog_vintage="2027"), tmp_path)
