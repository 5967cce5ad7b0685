"""Territories from the COG: régions, départements, every EPCI and commune,
and the State. Names, codes, kinds and populations are the COG's own."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from coop.model.vocabulary import TerritoryKind
from coop.rules.i001_siren import siren_problem
from coop.rules.i002_insee import insee_problem
from kbgen.cog import Cog, Commune, Epci
from kbgen.corpus import Corpus, Place
from kbgen.ids import Ids, slugify

COG_DOCUMENT = "cog-2026.txt"

EPCI_KINDS = {"CC": "cc", "CA": "ca", "CU": "cu", "METRO": "metropole", "MET69": "metropole"}
# Communes déléguées, associées and the arrondissements of Paris, Lyon and
# Marseille are in the COG but are not communes in coop's sense.
COMMUNE_KINDS = {"commune-actuelle": "commune"}


def select(cog: Cog, epci_count: int, corpus: Corpus) -> tuple[list[Epci], list[Commune]]:
    """The EPCIs to generate and their communes: all of them at full scale,
    otherwise ``epci_count`` EPCIs that follow each other in département order
    (so that the small corpus stays geographically coherent)."""
    by_code = {c.code: c for c in cog.communes}
    if epci_count >= len(cog.epcis):
        return list(cog.epcis), list(cog.communes)
    ordered = sorted(cog.epcis, key=lambda e: (_main_departement(e, by_code) or "", e.siren))
    start = corpus.rng.randrange(len(ordered))
    chosen = [ordered[(start + i) % len(ordered)] for i in range(epci_count)]
    member_codes = {code for e in chosen for code in e.members}
    communes = [
        c
        for c in cog.communes
        if c.code in member_codes
        or (c.type != "commune-actuelle" and c.parent_code in member_codes)
    ]
    return chosen, communes


def build(cog: Cog, epcis: list[Epci], communes: list[Commune], corpus: Corpus, ids: Ids) -> None:
    by_code = {c.code: c for c in cog.communes}
    dep_codes = {c.departement for c in communes if c.departement}
    dep_codes |= {d for e in epcis if (d := _main_departement(e, by_code))}
    departements = [d for d in cog.departements if d.code in dep_codes]
    region_codes = {d.region for d in departements if d.region}
    _state(corpus, ids)
    for area in cog.regions:
        if area.code not in region_codes:
            continue
        if any(d.code == area.code for d in cog.departements):
            # Collectivités d'outre-mer are both a "région" and a "département"
            # in these files, with one code; one record is enough.
            continue
        place = Place(
            ids.take(f"region-{slugify(area.name)}"), area.name, "region", None, area.code
        )
        corpus.regions[area.code] = place
        corpus.add(
            f"data/territories/regions/{place.id}.yaml",
            _record(corpus, place, area.code, None, None, None, "régions"),
        )
    for area in departements:
        kind = (
            "departement"
            if insee_problem(area.code, TerritoryKind.departement) is None
            else "other"
        )
        place = Place(ids.take(slugify(area.name)), area.name, kind, area.code, area.region)
        corpus.departements[area.code] = place
        parent = corpus.regions.get(area.region or "")
        corpus.add(
            f"data/territories/departements/{place.id}.yaml",
            _record(corpus, place, area.code, None, None, parent, "départements"),
        )
    epci_of: dict[str, Place] = {}
    for epci in epcis:
        dep = _main_departement(epci, by_code)
        home = corpus.departements.get(dep or "")
        region = home.region if home else None
        place = Place(
            ids.take(slugify(epci.name)),
            epci.name,
            EPCI_KINDS[epci.type],
            dep,
            region,
            epci.population or 0,
        )
        corpus.epcis.append(place)
        for code in epci.members:
            epci_of[code] = place
    commune_ids: dict[str, Place] = {}
    ordered = sorted(communes, key=lambda c: (c.type != "commune-actuelle", c.code))
    for commune in ordered:
        kind = COMMUNE_KINDS.get(commune.type, "other")
        place = Place(
            ids.take(f"{slugify(commune.name)}-{commune.code.lower()}"),
            commune.name,
            kind,
            commune.departement,
            commune.region,
            commune.population or 0,
        )
        if commune.type == "commune-actuelle":
            commune_ids[commune.code] = place
            corpus.communes.append(place)
            parent = epci_of.get(commune.code) or corpus.departements.get(commune.departement or "")
        else:
            parent = commune_ids.get(commune.parent_code or "") or corpus.departements.get(
                commune.departement or ""
            )
        corpus.add(
            f"data/territories/communes/{commune.departement or 'autres'}/{place.id}.yaml",
            _record(
                corpus, place, commune.code, commune.siren, commune.population, parent, "communes"
            ),
        )
    for epci, place in zip(epcis, corpus.epcis, strict=True):
        members = [commune_ids[code] for code in epci.members if code in commune_ids]
        corpus.epci_members[place.id] = members
        if members:
            place.seat = max(members, key=lambda m: (m.population, m.id)).name
        record = _record(
            corpus,
            place,
            None,
            epci.siren,
            epci.population,
            corpus.departements.get(place.departement or ""),
            "epci",
        )
        record["members"] = [m.id for m in members]
        record["member_count"] = len(epci.members)
        # Keys in the order an analyst reads them: sources last.
        record["sources"] = record.pop("sources")
        corpus.add(f"data/territories/epci/{place.id}.yaml", record)


def _state(corpus: Corpus, ids: Ids) -> None:
    place = Place(ids.take("etat"), "État", "etat", None, None)
    corpus.etat = place
    corpus.add(
        f"data/territories/{place.id}.yaml",
        {
            "id": place.id,
            "name": place.name,
            "kind": place.kind,
            "sources": [{"document": COG_DOCUMENT, "section": "État"}],
        },
    )


def _record(
    corpus: Corpus,
    place: Place,
    insee: str | None,
    siren: str | None,
    population: int | None,
    parent: Place | None,
    section: str,
) -> dict[str, Any]:
    identifiers: dict[str, str] = {}
    if siren:
        if siren_problem(siren) is None:
            identifiers["siren"] = siren
        else:
            corpus.notes.append(f"{place.id}: SIREN {siren} refused by I001, left out")
    if insee:
        if insee_problem(insee, TerritoryKind(place.kind)) is None:
            identifiers["insee"] = insee
        else:
            corpus.notes.append(f"{place.id}: INSEE code {insee} refused by I002, left out")
    record: dict[str, Any] = {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "identifiers": identifiers,
    }
    if population is not None:
        record["population"] = {"value": population, "year": corpus.population_year}
    if parent is not None:
        record["parent"] = parent.id
    record["sources"] = [{"document": COG_DOCUMENT, "section": section}]
    return record


def _main_departement(epci: Epci, by_code: dict[str, Commune]) -> str | None:
    """The département most of the EPCI's communes belong to."""
    counts = Counter(by_code[c].departement for c in epci.members if c in by_code)
    if not counts:
        return None
    return min(counts, key=lambda d: (-counts[d], d or ""))


def by_departement(places: list[Place]) -> dict[str, list[Place]]:
    out: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        out[place.departement or ""].append(place)
    return out
