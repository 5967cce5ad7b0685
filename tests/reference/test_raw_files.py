"""``coop reference import`` refuses raw files that cannot be a real COG
(an emptied epci.json, a truncated communes.json, an edited entry) and
tolerates what the published files really have.

The small files built here are test data, not real COG content.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED, run_coop

from coop.reference import compact, raw
from coop.reference.errors import ReferenceDataError

RAW = SHARED / "reference" / "cog-2026"
needs_raw = pytest.mark.skipif(
    not (RAW / "epci.json").is_file(), reason="../shared/reference/cog-2026 is not here"
)

Files = dict[str, list[dict[str, Any]]]

BASE: Files = {
    "communes.json": [
        {"code": "31254", "nom": "Labège", "type": "commune-actuelle", "siren": "213102544",
         "population": 1000, "departement": "31", "region": "76"},
        {"code": "31555", "nom": "Toulouse", "type": "commune-actuelle", "siren": "213105554",
         "population": 2000, "departement": "31", "region": "76"},
        {"code": "31300", "nom": "Lherm", "type": "commune-actuelle", "departement": "31"},
        {"code": "31254", "nom": "Labège", "type": "commune-deleguee", "chefLieu": "31254",
         "departement": "31"},
        {"code": "31055", "nom": "Toulouse 5e", "type": "arrondissement-municipal",
         "commune": "31555"},
    ],
    "epci.json": [
        {"code": "243100633", "nom": "CA du Sicoval", "type": "CA", "populationMunicipale": 1000,
         "populationTotale": 1010, "membres": [{"code": "31254", "siren": "213102544"}]},
        {"code": "243100518", "nom": "Toulouse Métropole", "type": "METRO",
         "membres": [{"code": "31555"}]},
    ],
    "ept.json": [
        {"code": "200057966", "nom": "Paris Ouest La Défense", "type": "EPT",
         "membres": [{"code": "31555"}]},
    ],
    "departements.json": [{"code": "31", "nom": "Haute-Garonne", "region": "76"}],
    "regions.json": [{"code": "76", "nom": "Occitanie"}],
}  # fmt: skip

FOLDER = Path("cog-2027")


def _check(files: Files) -> None:
    raw.check(FOLDER, files, compact.INTERCOMMUNALITY_KINDS)


def _set(name: str, index: int, **fields: Any) -> Callable[[Files], None]:
    def damage(files: Files) -> None:
        files[name][index].update(fields)

    return damage


def _drop(name: str, index: int, field: str) -> Callable[[Files], None]:
    return lambda files: files[name][index].pop(field)


def _empty(name: str) -> Callable[[Files], None]:
    return lambda files: files[name].clear()


def _add(name: str, entry: dict[str, Any]) -> Callable[[Files], None]:
    return lambda files: files[name].append(entry)


def test_the_base_files_pass() -> None:
    _check(copy.deepcopy(BASE))


TOLERATED = {
    # Published files have each of these.
    "no EPT": _empty("ept.json"),
    "a commune outside any EPCI": lambda f: f["epci.json"].pop(1),
    "a commune without SIREN or population": _drop("communes.json", 0, "siren"),
    "a population of 0": _set("communes.json", 1, population=0),
    "a member without SIREN": _set("epci.json", 0, membres=[{"code": "31254"}]),
    "an arrondissement with anything else": _set("communes.json", 4, code=None, nom=7),
    "a former commune without chef-lieu": _drop("communes.json", 3, "chefLieu"),
    "a field the importer does not read": _set("regions.json", 0, chefLieu=None, zone=[]),
    "a Corsican département": lambda f: (
        _add("departements.json", {"code": "2A", "nom": "Corse-du-Sud", "region": "76"})(f),
        _set("communes.json", 0, code="2A004", departement="2A")(f),
        _set("communes.json", 3, code="2A004", chefLieu="2A004")(f),
        _set("epci.json", 0, membres=[{"code": "2A004"}])(f),
    ),
}


@pytest.mark.parametrize("damage", TOLERATED.values(), ids=TOLERATED.keys())
def test_what_published_files_have_is_tolerated(damage: Callable[[Files], None]) -> None:
    files = copy.deepcopy(BASE)
    damage(files)
    _check(files)


REFUSED = {
    # A required kind with no entry.
    "no EPCI": (_empty("epci.json"), "epci.json: holds no EPCI"),
    "no commune": (_empty("communes.json"), "communes.json: holds no commune"),
    "former communes only": (
        lambda f: f.update({"communes.json": f["communes.json"][3:4]}),
        "communes.json: holds no commune of type 'commune-actuelle'",
    ),
    "no département": (_empty("departements.json"), "departements.json: holds no département"),
    "no région": (_empty("regions.json"), "regions.json: holds no région"),
    # Entries without a field the importer reads, or with a wrong type or shape.
    "commune without name": (
        _drop("communes.json", 1, "nom"),
        "communes.json: entry 2 (code 31555) lacks the field 'nom'",
    ),
    "commune without type": (
        _drop("communes.json", 1, "type"),
        "communes.json: entry 2 (code 31555) lacks the field 'type'",
    ),
    "commune of an unknown type": (
        _set("communes.json", 1, type="commune-fusionnee"),
        "type 'commune-fusionnee' is not one the importer knows",
    ),
    "commune type of a wrong type": (
        _set("communes.json", 1, type=["commune-actuelle"]),
        "type ['commune-actuelle'] is not one the importer knows",
    ),
    "numeric commune code": (
        _set("communes.json", 1, code=31555),
        "communes.json: entry 2 code 31555 is not an INSEE commune code",
    ),
    "truncated commune code": (
        _set("communes.json", 1, code="3155"),
        "code '3155' is not an INSEE commune code",
    ),
    "empty name": (_set("communes.json", 1, nom=" "), "nom ' ' is not a non-empty text"),
    "population as text": (
        _set("communes.json", 1, population="2000"),
        "population '2000' is not a whole number",
    ),
    "population as a fraction": (
        _set("communes.json", 1, population=2000.5),
        "population 2000.5 is not a whole number",
    ),
    "population as true": (
        _set("communes.json", 1, population=True),
        "population True is not a whole number",
    ),
    "negative population": (_set("communes.json", 1, population=-1), "population -1 is not"),
    "short commune SIREN": (_set("communes.json", 1, siren="21310555"), "siren '21310555'"),
    "former commune without name": (
        _drop("communes.json", 3, "nom"),
        "entry 4 (code 31254) lacks the field 'nom'",
    ),
    "EPCI without members": (_set("epci.json", 0, membres=[]), "membres [] is not a non-empty"),
    "EPCI members not a list": (_set("epci.json", 0, membres="31254"), "membres '31254'"),
    "EPCI member without code": (_set("epci.json", 0, membres=[{"siren": "213102544"}]), "membres"),
    "EPCI population as text": (
        _set("epci.json", 0, populationTotale="1010"),
        "populationTotale '1010' is not a whole number",
    ),
    "EPCI of an unknown type": (_set("epci.json", 0, type="SIVU"), "type 'SIVU'"),
    "EPCI SIREN of 8 digits": (_set("epci.json", 0, code="24310063"), "code '24310063' is not a"),
    "EPT in epci.json": (
        _set("epci.json", 0, type="EPT"),
        "epci.json: entry 1 (code 243100633) is of type 'EPT', which belongs in ept.json",
    ),
    "EPCI in ept.json": (_set("ept.json", 0, type="CA"), "which belongs in epci.json"),
    "département without région": (
        _drop("departements.json", 0, "region"),
        "departements.json: entry 1 (code 31) lacks the field 'region'",
    ),
    "région code of a letter": (_set("regions.json", 0, code="7A"), "is not a région code"),
    # A code twice where lookups key by it.
    "commune twice": (
        _add("communes.json", dict(BASE["communes.json"][1])),
        "communes.json: commune code 31555 appears more than once",
    ),
    "commune SIREN twice": (
        _set("communes.json", 1, siren="213102544"),
        "commune SIREN 213102544 appears more than once",
    ),
    "former commune twice": (
        _add("communes.json", dict(BASE["communes.json"][3])),
        "former commune code 31254 appears more than once",
    ),
    "EPCI twice": (
        _add("epci.json", dict(BASE["epci.json"][1])),
        "epci.json: SIREN 243100518 appears more than once",
    ),
    "EPT also an EPCI": (
        _set("ept.json", 0, code="243100518"),
        "ept.json: SIREN 243100518 is also in epci.json",
    ),
    "département twice": (
        _add("departements.json", {"code": "31", "nom": "Haute-Garonne bis", "region": "76"}),
        "département code 31 appears more than once",
    ),
    "région twice": (
        _add("regions.json", {"code": "76", "nom": "Occitanie"}),
        "regions.json: région code 76 appears more than once",
    ),
    "commune in two EPCIs": (
        _set("epci.json", 1, membres=[{"code": "31555"}, {"code": "31254"}]),
        "epci.json: member commune 31254 appears more than once",
    ),
    # A code the same files do not hold.
    "commune in an unknown département": (
        _set("communes.json", 1, departement="32"),
        "communes.json: commune 31555 names the département 32, which departements.json "
        "does not hold",
    ),
    "département in an unknown région": (
        _set("departements.json", 0, region="75"),
        "département 31 names the région 75, which regions.json does not hold",
    ),
    "EPCI member that is no commune": (
        _set("epci.json", 0, membres=[{"code": "31999"}, {"code": "31998"}]),
        "epci.json: EPCI 243100633 names the member commune 31999, which communes.json does "
        "not hold (and 1 more like it)",
    ),
    "EPT member that is no commune": (
        _set("ept.json", 0, membres=[{"code": "31999"}]),
        "ept.json: EPT 200057966 names the member commune 31999",
    ),
    "EPCI member that is a former commune only": (
        lambda f: (
            _set("communes.json", 3, code="31001")(f),
            _set("epci.json", 0, membres=[{"code": "31001"}])(f),
        ),
        "EPCI 243100633 names the member commune 31001",
    ),
    "former commune of an unknown commune": (
        _set("communes.json", 3, chefLieu="31999"),
        "former commune 31254 names the current commune 31999",
    ),
}


@pytest.mark.parametrize(("damage", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_files_that_cannot_be_a_cog_are_refused(
    damage: Callable[[Files], None], message: str
) -> None:
    files = copy.deepcopy(BASE)
    damage(files)
    with pytest.raises(ReferenceDataError) as caught:
        _check(files)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(FOLDER))  # names the file
    assert caught.value.hint is not None and "as published" in caught.value.hint


# -- through the CLI, on the real 2026 files -----------------------------------


def _emptied(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_text("[]\n", encoding="utf-8")


def _halved(name: str) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        entries = json.loads((folder / name).read_text(encoding="utf-8"))
        (folder / name).write_text(json.dumps(entries[: len(entries) // 2]), encoding="utf-8")

    return damage


def _writable_copy(folder: Path) -> None:
    shutil.copytree(RAW, folder)
    folder.chmod(0o755)  # the shared files are read-only, and so are their copies
    for path in folder.iterdir():
        path.chmod(0o644)


@needs_raw
@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_emptied("epci.json"), "epci.json: holds no EPCI"),
        (_emptied("communes.json"), "communes.json: holds no commune"),
        (_emptied("departements.json"), "departements.json: holds no département"),
        (_emptied("regions.json"), "regions.json: holds no région"),
        # Cut short yet valid JSON: communes named by others are no longer there.
        (_halved("communes.json"), "which communes.json does not hold"),
        (_halved("departements.json"), "which departements.json does not hold"),
    ],
    ids=["epci", "communes", "departements", "regions", "half-communes", "half-departements"],
)
def test_an_import_of_damaged_real_files_is_refused_and_writes_nothing(
    tmp_path: Path, damage: Callable[[Path], None], message: str
) -> None:
    kb = tmp_path / "kb"
    assert run_coop("init", str(kb), cwd=tmp_path).code == 0
    folder = tmp_path / "cog"
    _writable_copy(folder)
    damage(folder)
    result = run_coop("reference", "import", str(folder), "--vintage", "2027", cwd=kb)
    assert result.code == 2, result
    assert message in result.err and "Traceback" not in result.err
    assert "hint: use the files as published" in result.err
    assert not (kb / "reference" / "cog-2027.json.gz").exists()
    assert result.out == ""


@needs_raw
def test_an_empty_ept_file_still_imports(tmp_path: Path) -> None:
    folder = tmp_path / "cog-2027"
    _writable_copy(folder)
    _emptied("ept.json")(folder)
    out = tmp_path / "cog.json.gz"
    result = run_coop("reference", "import", str(folder), "--output", str(out))
    assert result.code == 0, result.err
    assert out.is_file()
