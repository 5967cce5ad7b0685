"""Read the Code officiel géographique: communes, EPCI, départements, régions.

Accepts either the raw files of ``@etalab/decoupage-administratif``
(``communes.json``, ``epci.json``, ``departements.json``, ``regions.json``), as
found in ``shared/reference/cog-2026/``, or coop's compact copy (a folder
holding ``cog-<vintage>.json.gz``, such as ``coop/data/cog/``, or that file).
The compact copy leaves out the 45 arrondissements municipaux of Paris, Lyon
and Marseille; the raw files give all 37,590 communes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

FILES = ("communes.json", "epci.json", "departements.json", "regions.json")


class CogError(Exception):
    """The folder does not hold a readable COG."""


@dataclass(frozen=True)
class Commune:
    code: str  # INSEE
    name: str
    type: str  # commune-actuelle, commune-deleguee, commune-associee, arrondissement-municipal
    departement: str | None
    region: str | None
    siren: str | None
    population: int | None
    parent_code: str | None  # chef-lieu of a déléguée / associée, commune of an arrondissement


@dataclass(frozen=True)
class Epci:
    siren: str
    name: str
    type: str  # CC, CA, CU, METRO, MET69
    population: int | None
    members: tuple[str, ...]  # INSEE codes of member communes


@dataclass(frozen=True)
class Area:
    """A département or a région."""

    code: str
    name: str
    region: str | None = None


@dataclass
class Cog:
    communes: list[Commune] = field(default_factory=list)
    epcis: list[Epci] = field(default_factory=list)
    departements: list[Area] = field(default_factory=list)
    regions: list[Area] = field(default_factory=list)


def load(folder: Path) -> Cog:
    compact = sorted(folder.glob("cog-*.json.gz")) if folder.is_dir() else [folder]
    if compact and compact[-1].name.endswith(".json.gz") and not (folder / FILES[0]).exists():
        return _load_compact(compact[-1])
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise CogError(
            f"{folder}: missing {', '.join(missing)} "
            "(expected the @etalab/decoupage-administratif JSON files)"
        )
    try:
        raw = {name: json.loads((folder / name).read_text("utf-8")) for name in FILES}
    except (OSError, ValueError) as exc:
        raise CogError(f"{folder}: cannot read the COG: {exc}") from None
    cog = Cog()
    for item in raw["communes.json"]:
        cog.communes.append(
            Commune(
                code=item["code"],
                name=item["nom"],
                type=item["type"],
                departement=item.get("departement"),
                region=item.get("region"),
                siren=item.get("siren"),
                population=item.get("population"),
                parent_code=item.get("chefLieu") or item.get("commune"),
            )
        )
    for item in raw["epci.json"]:
        cog.epcis.append(
            Epci(
                siren=item["code"],
                name=item["nom"],
                type=item["type"],
                population=item.get("populationMunicipale"),
                members=tuple(m["code"] for m in item.get("membres", [])),
            )
        )
    cog.departements = [
        Area(item["code"], item["nom"], item.get("region")) for item in raw["departements.json"]
    ]
    cog.regions = [Area(item["code"], item["nom"]) for item in raw["regions.json"]]
    return cog


def _load_compact(path: Path) -> Cog:
    from coop.reference.compact import read
    from coop.reference.errors import ReferenceDataError

    try:
        document = read(path)
    except ReferenceDataError as exc:
        raise CogError(str(exc)) from None

    def rows(table: str) -> list[list[str]]:
        text = document.get(table) or ""
        return [line.split("\t") for line in text.split("\n") if line]

    cog = Cog()
    cog.regions = [Area(code, name) for code, name in rows("regions")]
    cog.departements = [Area(code, name, region) for code, name, region in rows("departements")]
    region_of = {d.code: d.region for d in cog.departements}
    for insee, name, siren, population, dep in rows("communes"):
        cog.communes.append(
            Commune(
                insee,
                name,
                "commune-actuelle",
                dep,
                region_of.get(dep),
                siren or None,
                int(population) if population else None,
                None,
            )
        )
    dep_of = {c.code: c.departement for c in cog.communes}
    for insee, name, kind, current in rows("former_communes"):
        home = dep_of.get(current)
        cog.communes.append(
            Commune(insee, name, kind, home, region_of.get(home or ""), None, None, current or None)
        )
    for siren, name, kind, population, _total, members in rows("intercommunalities"):
        if kind == "ept":
            continue  # établissements publics territoriaux: not EPCI with their own tax
        cog.epcis.append(
            Epci(
                siren,
                name,
                _COMPACT_KINDS[kind],
                int(population) if population else None,
                tuple(members.split()),
            )
        )
    return cog


# The compact copy's kinds back to the raw files' EPCI types.
_COMPACT_KINDS = {"cc": "CC", "ca": "CA", "cu": "CU", "metropole": "METRO"}
