"""A territory record drafted from the COG, for ``coop new territory``.

The file is written as text, not dumped: it carries comments (the member
communes, the population whose year is not established) that an analyst
reads and turns into data. It validates as written: its name, kind, codes
and member count are the COG's, and it cites the COG as its source.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from coop.reference.cog import INTERCOMMUNAL, Cog, Entity
from coop.reference.errors import CodeError

# Official pages of the data the COG copy is built from, cited as the source.
_SOURCE_URLS = {
    "intercommunality": "https://www.insee.fr/fr/information/2510634",
    "other": "https://www.insee.fr/fr/information/2560452",
}

_PLAIN = re.compile(r"[A-Za-zÀ-ÿŒœ][\w'’ .()-]*")
_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


@dataclass(frozen=True)
class Draft:
    id: str
    entity: Entity
    text: str


def slug(name: str) -> str:
    """``CA du Sicoval`` -> ``ca-du-sicoval``: a record id from a name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:120].strip("-")


def find_by_siren(cog: Cog, siren: str) -> Entity:
    entity = cog.by_siren(siren)
    if entity is None:
        close = cog.similar_codes(siren, INTERCOMMUNAL | {"commune"})
        raise CodeError(
            f"SIREN {siren} is not in the COG {cog.vintage}: no intercommunality or commune has it",
            _did_you_mean(close)
            or "check it on banatic.interieur.gouv.fr; a territory without a COG entry "
            "(pays, PETR, syndicat mixte) is written by hand",
        )
    return entity


def find_by_insee(cog: Cog, insee: str, kind: str | None) -> Entity:
    found = cog.by_insee(insee)
    if kind is not None:
        found = [entity for entity in found if entity.kind == kind]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        both = " and ".join(f"the {e.kind} {e.name}" for e in found)
        raise CodeError(
            f"INSEE code {insee} is both {both}",
            f"say which with --kind {' or --kind '.join(e.kind for e in found)}",
        )
    former = cog.former_commune(insee)
    if former is not None and kind in {None, "commune"}:
        current = cog.commune(former.current_insee or "")
        raise CodeError(
            f"INSEE code {insee} is not a current commune in the COG {cog.vintage}: "
            f"{former.name} is a {former.type.replace('-', ' ')}",
            f"the current commune is {current.describe()}: --insee {current.insee}"
            if current is not None
            else None,
        )
    kinds = [kind] if kind else ["commune", "departement", "region"]
    what = kind or "commune, département or région"
    raise CodeError(
        f"INSEE code {insee} is not a {what} in the COG {cog.vintage}",
        _did_you_mean(cog.similar_codes(insee, kinds)) or "check it on insee.fr (COG)",
    )


def draft(cog: Cog, entity: Entity, record_id: str | None, command: str) -> Draft:
    """The record file for ``entity``; ``command`` is quoted in its header."""
    record_id = record_id or slug(entity.name)
    lines = [
        f"# Créé par `{command}` depuis le COG {cog.vintage}.",
        "# À compléter : aliases, sources documentaires, membres nommés par les sources.",
        f"id: {record_id}",
        f"name: {_scalar(entity.name)}",
        f"kind: {entity.kind}",
        "identifiers:",
    ]
    if entity.insee:
        lines.append(f'  insee: "{entity.insee}"')
    if entity.siren:
        lines.append(f'  siren: "{entity.siren}"')
    lines += _population(cog, entity)
    if entity.kind in INTERCOMMUNAL:
        lines.append(f"member_count: {len(entity.members)}")
        lines += _members(cog, entity)
    lines += _context(cog, entity)
    lines += _source(cog, entity)
    return Draft(record_id, entity, "\n".join(lines) + "\n")


def _population(cog: Cog, entity: Entity) -> list[str]:
    if entity.population is None:
        return []
    year = cog.population_year(entity)
    if year is not None:
        return ["population:", f"  value: {entity.population}", f"  year: {year}"]
    figure = f"{entity.population:,}".replace(",", " ")
    return [
        f"# Population municipale selon le COG {cog.vintage} : {figure} habitants.",
        "# Le COG ne dit pas à quelle année ce chiffre se rapporte : le porter dans",
        "# `population:` (value, year) une fois l'année vérifiée (insee.fr).",
    ]


def _members(cog: Cog, entity: Entity) -> list[str]:
    lines = [
        f"# Communes membres selon le COG {cog.vintage} (code INSEE, nom). Les déclarer",
        "# dans `members:` par leur id quand elles ont un enregistrement :",
    ]
    for insee in entity.members:
        commune = cog.commune(insee)
        lines.append(f"#   - {insee}  {commune.name if commune else '?'}")
    return lines


def _context(cog: Cog, entity: Entity) -> list[str]:
    if entity.kind == "commune" and entity.insee:
        groups = cog.intercommunalities_of(entity.insee)
        if groups:
            names = ", ".join(f"{g.name} (SIREN {g.siren})" for g in groups)
            return [
                f"# Intercommunalité selon le COG {cog.vintage} : {names} ;",
                "# la déclarer dans `parent:` quand elle a un enregistrement.",
            ]
    if entity.kind == "departement" and entity.region:
        region = cog.region(entity.region)
        if region is not None:
            return [f"# Région selon le COG {cog.vintage} : {region.name} ({region.insee})."]
    return []


def _source(cog: Cog, entity: Entity) -> list[str]:
    intercommunal = entity.kind in INTERCOMMUNAL
    url = _SOURCE_URLS["intercommunality" if intercommunal else "other"]
    title = (
        f"Intercommunalités au 1er janvier {cog.vintage}"
        if intercommunal
        else f"Code officiel géographique au 1er janvier {cog.vintage}"
    )
    table = {
        "commune": "communes.json",
        "departement": "departements.json",
        "region": "regions.json",
        "ept": "ept.json",
    }.get(entity.kind, "epci.json")
    return [
        "sources:",
        f"  - title: {_scalar(title)}",
        "    publisher: INSEE",
        f"    url: {url}",
        f"    section: {_scalar(f'COG {cog.vintage}, {table} (@etalab/decoupage-administratif)')}",
    ]


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that is unambiguous, else quoted."""
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _did_you_mean(close: list[Entity]) -> str | None:
    if not close:
        return None
    return "did you mean " + " or ".join(e.describe() for e in close[:3]) + "?"
