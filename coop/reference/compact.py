"""The compact copy of the COG: built from the raw JSON files of
``@etalab/decoupage-administratif``, stored as gzipped JSON.

Why this shape: the raw files weigh 12 MB and take about a second to parse;
validation needs a few columns only. Each table is one tab-separated string
(one line per entity) inside a small JSON document: parsing JSON is then
trivial, and a table is split into rows only when a lookup needs it. The
bytes are reproducible (sorted rows and keys, gzip without a timestamp), so
rebuilding from the same files gives the same copy.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from coop.reference.errors import ReferenceDataError

FORMAT = "coop-cog/1"
VINTAGE_PATTERN = re.compile(r"\d{4}")

# The five files the copy is built from, and the licence that must travel with it.
FILES = ("communes.json", "epci.json", "ept.json", "departements.json", "regions.json")
LICENSE = "LICENSE"

# COG intercommunality types -> our TerritoryKind values. MET69 is the
# Métropole de Lyon (a collectivité à statut particulier listed among EPCIs).
INTERCOMMUNALITY_KINDS = {
    "METRO": "metropole",
    "MET69": "metropole",
    "CU": "cu",
    "CA": "ca",
    "CC": "cc",
    "EPT": "ept",
}

# Why population years are not filled in by default: neither the files nor
# the package's documentation state the year of their populations, and the
# communes' figures (INSEE légal populations) differ from the EPCI members'
# figures (DGCL) for most communes, so they are not even of the same year.
POPULATION_NOTE = (
    "Population municipale. The files do not state the year their populations "
    "refer to; it is recorded only when given at import (--commune-population-year, "
    "--intercommunality-population-year)."
)

# Column order of each table (documented in the copy itself).
COLUMNS = {
    "communes": ["insee", "name", "siren", "population", "departement"],
    "former_communes": ["insee", "name", "type", "current_insee"],
    "intercommunalities": ["siren", "name", "kind", "population", "population_total", "members"],
    "departements": ["insee", "name", "region"],
    "regions": ["insee", "name"],
}


def build(
    folder: Path,
    vintage: str,
    commune_population_year: int | None = None,
    intercommunality_population_year: int | None = None,
) -> bytes:
    """The compact copy (gzipped JSON bytes) of the raw files in ``folder``."""
    if not VINTAGE_PATTERN.fullmatch(vintage):
        raise ReferenceDataError(
            f"vintage {vintage!r} is not a year", "give it as four digits, e.g. --vintage 2027"
        )
    folder = _data_folder(folder)
    communes = _read_list(folder / "communes.json")
    epci = _read_list(folder / "epci.json")
    ept = _read_list(folder / "ept.json")
    departements = _read_list(folder / "departements.json")
    regions = _read_list(folder / "regions.json")
    # Imported here: reading a copy (every validation run) needs none of it.
    from coop.reference import raw

    raw.check(
        folder,
        {
            "communes.json": communes,
            "epci.json": epci,
            "ept.json": ept,
            "departements.json": departements,
            "regions.json": regions,
        },
        INTERCOMMUNALITY_KINDS,
    )
    license_path = folder / LICENSE
    if not license_path.is_file():
        license_path = folder.parent / LICENSE
    try:
        license_text = license_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise ReferenceDataError(
            f"{folder / LICENSE}: missing or unreadable",
            "the files' licence notice must travel with the copy; "
            "import the folder as published (it holds LICENSE)",
        ) from None

    document: dict[str, Any] = {
        "format": FORMAT,
        "vintage": vintage,
        "origin": "@etalab/decoupage-administratif (Etalab), files " + ", ".join(FILES),
        "license": license_text,
        "population": {
            "note": POPULATION_NOTE,
            "communes_year": commune_population_year,
            "intercommunalities_year": intercommunality_population_year,
        },
        "columns": COLUMNS,
        "communes": _table(
            communes,
            "communes.json",
            lambda r: r.get("type") == "commune-actuelle",
            lambda r: [r["code"], r["nom"], r.get("siren"), r.get("population"), r["departement"]],
        ),
        "former_communes": _table(
            communes,
            "communes.json",
            lambda r: r.get("type") in {"commune-deleguee", "commune-associee"},
            lambda r: [r["code"], r["nom"], r["type"], r.get("chefLieu")],
        ),
        "intercommunalities": _table(
            [*epci, *ept],
            "epci.json/ept.json",
            lambda r: True,
            _intercommunality_row,
        ),
        "departements": _table(
            departements,
            "departements.json",
            lambda r: True,
            lambda r: [r["code"], r["nom"], r["region"]],
        ),
        "regions": _table(regions, "regions.json", lambda r: True, lambda r: [r["code"], r["nom"]]),
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def read(path: Path) -> dict[str, Any]:
    """The JSON document of a compact copy, checked for its format."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReferenceDataError(
            f"{path}: cannot read the COG copy ({exc.strerror or exc})",
            "rebuild it with `coop reference import DIR`",
        ) from None
    try:
        document = json.loads(gzip.decompress(raw))
    except (OSError, EOFError, ValueError):
        raise ReferenceDataError(
            f"{path}: not a COG copy made by coop (corrupt or wrong format)",
            "rebuild it with `coop reference import DIR`",
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ReferenceDataError(
            f"{path}: COG copy in an unknown format",
            "rebuild it with this version of coop: `coop reference import DIR`",
        )
    return document


def _data_folder(folder: Path) -> Path:
    """``folder`` itself, or its ``data/`` (the layout of the npm package)."""
    if not folder.is_dir():
        raise ReferenceDataError(
            f"{folder}: no such folder",
            "give the folder holding communes.json, epci.json, ept.json, "
            "departements.json and regions.json",
        )
    if not (folder / "communes.json").exists() and (folder / "data" / "communes.json").exists():
        return folder / "data"
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise ReferenceDataError(
            f"{folder}: missing {', '.join(missing)}",
            "the folder must hold the data files of @etalab/decoupage-administratif: "
            + ", ".join(FILES),
        )
    return folder


def _read_list(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReferenceDataError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReferenceDataError(
            f"{path}: not valid JSON ({exc})", "use the files as published, unmodified"
        ) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ReferenceDataError(
            f"{path}: expected a JSON list of objects", "use the files as published, unmodified"
        )
    return data


def _intercommunality_row(record: dict[str, Any]) -> list[Any]:
    kind = INTERCOMMUNALITY_KINDS.get(record["type"])
    if kind is None:
        raise KeyError(f"type {record['type']!r} (known: {', '.join(INTERCOMMUNALITY_KINDS)})")
    members = " ".join(sorted(member["code"] for member in record["membres"]))
    return [
        record["code"],
        record["nom"],
        kind,
        record.get("populationMunicipale"),
        record.get("populationTotale"),
        members,
    ]


def _table(
    records: Iterable[dict[str, Any]],
    file: str,
    keep: Callable[[dict[str, Any]], bool],
    row: Callable[[dict[str, Any]], list[Any]],
) -> str:
    lines = []
    for position, record in enumerate(records):
        try:
            if not keep(record):
                continue
            values = row(record)
        except (KeyError, TypeError) as exc:
            raise ReferenceDataError(
                f"{file}: entry {position + 1} lacks a field or has an unexpected value ({exc})",
                "use the files as published, unmodified",
            ) from None
        cells = ["" if value is None else str(value) for value in values]
        if any("\t" in cell or "\n" in cell for cell in cells):
            raise ReferenceDataError(f"{file}: entry {position + 1} holds a tab or a newline")
        lines.append("\t".join(cells))
    return "\n".join(sorted(lines))
