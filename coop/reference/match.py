"""A territory record against the COG: which entry its codes designate, and
where the record disagrees with it. Rules I003–I005 turn these into findings.

Callers pass only well-formed codes (the rules leave malformed ones to
I001/I002), so one typo gives one diagnostic.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from coop.load.positions import Path
from coop.model import Territory
from coop.reference.cog import COG_KINDS, INTERCOMMUNAL, Cog, Entity, fold


@dataclass(frozen=True)
class Problem:
    path: Path  # inside the record
    message: str
    hint: str | None = None


@dataclass(frozen=True)
class Identification:
    entity: Entity | None  # the COG entry the record's codes designate
    unknown: tuple[Problem, ...]  # codes that exist nowhere in the COG (I003)
    conflicts: tuple[Problem, ...]  # codes that designate different entries (I004)


def checked(kind: str) -> bool:
    """Whether territories of this kind have a COG entry to agree with."""
    return kind in COG_KINDS


# I003 and I004 look up every territory, and so do the COG keys that workers send
# for I005 (coop.validate.batch): the same codes many times over on a national
# knowledge base. The answer depends only on the arguments (a Cog is hashed
# by identity: one per loaded copy).
@functools.lru_cache(maxsize=65536)
def identify(cog: Cog, kind: str, siren: str | None, insee: str | None) -> Identification:
    """Look the codes up; ``kind`` says where an INSEE code belongs."""
    unknown: list[Problem] = []
    conflicts: list[Problem] = []
    by_siren = by_insee = None
    vintage = cog.vintage
    # The COG gives no SIREN for départements and régions: nothing to check.
    if siren is not None and kind not in {"departement", "region"}:
        by_siren = cog.by_siren(siren)
        if by_siren is None:
            unknown.append(
                Problem(
                    ("identifiers", "siren"),
                    f"SIREN {siren} is not in the COG {vintage}: "
                    "no intercommunality or commune has it",
                    _siren_hint(cog, siren, kind),
                )
            )
    if insee is not None:
        by_insee = _insee_entity(cog, kind, insee)
        if by_insee is None:
            unknown.append(Problem(("identifiers", "insee"), *_unknown_insee(cog, kind, insee)))
    if by_siren is not None and by_insee is not None and by_siren != by_insee:
        conflicts.append(
            Problem(
                ("identifiers", "insee"),
                f"the SIREN and the INSEE code designate different territories in the COG "
                f"{vintage}: {by_siren.describe()} and {by_insee.describe()}",
                "keep the codes of one territory",
            )
        )
    entity = (
        (by_insee or by_siren)
        if kind in {"commune", "departement", "region"}
        else (by_siren or by_insee)
    )
    return Identification(entity, tuple(unknown), tuple(conflicts))


def disagreements(cog: Cog, territory: Territory, entity: Entity) -> list[Problem]:
    """Where the record says otherwise than the COG entry (I004)."""
    vintage = cog.vintage
    out: list[Problem] = []
    kind = territory.kind.value
    if kind != entity.kind:
        out.append(
            Problem(
                ("kind",),
                f"kind {kind} but the COG {vintage} has {entity.describe()}",
                f"kind: {entity.kind}",
            )
        )
    if fold(territory.name) != fold(entity.name):
        out.append(
            Problem(
                ("name",),
                f"name {territory.name!r} differs from the official name in the COG {vintage}",
                f"name: {entity.name}  (keep the other spelling in aliases:)",
            )
        )
    population = territory.population
    year = cog.population_year(entity)
    # Populations of different years are not comparable; and when the COG
    # copy does not state its year, nothing can be said.
    if (
        population is not None
        and year is not None
        and population.year == year
        and entity.population is not None
        and population.value != entity.population
    ):
        out.append(
            Problem(
                ("population", "value"),
                f"population {population.value} for {year} differs from the COG {vintage}",
                f"official population municipale {year}: {entity.population}",
            )
        )
    if entity.kind in INTERCOMMUNAL and territory.member_count is not None:
        official = len(entity.members)
        if territory.member_count != official:
            out.append(
                Problem(
                    ("member_count",),
                    f"member_count {territory.member_count} but the COG {vintage} "
                    f"lists {official} member communes",
                    f"member_count: {official}",
                )
            )
    return out


def _insee_entity(cog: Cog, kind: str, insee: str) -> Entity | None:
    if kind == "departement":
        return cog.departement(insee)
    if kind == "region":
        return cog.region(insee)
    # A commune's code; for other kinds the code can only be a commune's too.
    return cog.commune(insee)


def _unknown_insee(cog: Cog, kind: str, insee: str) -> tuple[str, str]:
    vintage = cog.vintage
    if kind in {"departement", "region"}:
        other = cog.region(insee) if kind == "departement" else cog.departement(insee)
        hint = (
            f"{insee} is the {other.kind} {other.name}: set kind: {other.kind}?"
            if other is not None
            else _closest(cog, insee, [kind])
        )
        return f"INSEE code {insee} is not a {kind} in the COG {vintage}", hint
    former = cog.former_commune(insee)
    if former is not None:
        current = cog.commune(former.current_insee or "")
        now = f"; it is part of {current.describe()}" if current is not None else ""
        return (
            f"INSEE code {insee} is not a commune in the COG {vintage}: "
            f"{former.name} is a {former.type.replace('-', ' ')}{now}",
            "use the code of the current commune, and keep the former name in aliases:",
        )
    return (
        f"INSEE code {insee} is not a commune in the COG {vintage}",
        _closest(cog, insee, ["commune"]),
    )


def _siren_hint(cog: Cog, siren: str, kind: str) -> str:
    kinds = INTERCOMMUNAL | {"commune"}
    close = cog.similar_codes(siren, kinds)
    if close:
        return "did you mean " + " or ".join(e.describe() for e in close[:3]) + "?"
    if kind in INTERCOMMUNAL:
        return (
            "check it on banatic.interieur.gouv.fr; a syndicat mixte or a PETR has no COG entry: "
            "give it that kind"
        )
    return "check it on banatic.interieur.gouv.fr or annuaire-entreprises.data.gouv.fr"


def _closest(cog: Cog, code: str, kinds: list[str]) -> str:
    close = cog.similar_codes(code, kinds)
    if close:
        return "did you mean " + " or ".join(e.describe() for e in close[:3]) + "?"
    return "check it in the Code officiel géographique (insee.fr)"
