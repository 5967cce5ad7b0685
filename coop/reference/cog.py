"""The COG in use: where its copy is, what it holds, lookups by code.

Which copy: ``coop.yaml``'s ``cog_vintage`` selects a vintage; a copy of that
vintage imported into the knowledge base (``reference/cog-<vintage>.json.gz``,
written by ``coop reference import``) wins over a packaged one. Without
``cog_vintage``, the newest packaged copy is used.

Nothing is read at import. :func:`fingerprint` and :func:`label` only look at
file names and stats; :func:`load` reads a copy once per process.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from coop.kb.config import Settings
from coop.reference import compact
from coop.reference.errors import ReferenceDataError

PACKAGED_DIR = Path(__file__).resolve().parent.parent / "data" / "cog"
KB_DIR = "reference"  # under the knowledge-base root

# Kinds of territory the COG describes; other kinds (pays, PETR, État…) have no entry.
INTERCOMMUNAL = frozenset({"metropole", "cu", "ca", "cc", "ept"})
COG_KINDS = INTERCOMMUNAL | {"commune", "departement", "region"}


def file_name(vintage: str) -> str:
    return f"cog-{vintage}.json.gz"


@dataclass(frozen=True)
class CopyLocation:
    vintage: str
    path: Path
    packaged: bool

    @property
    def where(self) -> str:
        return "packaged with coop" if self.packaged else f"{KB_DIR}/{self.path.name}"


def packaged_vintages() -> list[str]:
    names = sorted(PACKAGED_DIR.glob("cog-*.json.gz")) if PACKAGED_DIR.is_dir() else []
    return [p.name[len("cog-") : -len(".json.gz")] for p in names]


def locate(settings: Settings, root: Path | None) -> CopyLocation:
    """The copy the KB's settings select; ReferenceDataError if there is none."""
    vintage = settings.cog_vintage
    packaged = packaged_vintages()
    if vintage is None:
        if not packaged:
            raise ReferenceDataError(
                f"no COG copy in {PACKAGED_DIR}: this installation of coop is incomplete",
                "reinstall coop, or import one: `coop reference import DIR --vintage YYYY`",
            )
        newest = max(packaged)
        return CopyLocation(newest, PACKAGED_DIR / file_name(newest), True)
    vintage = str(vintage).strip()
    if not compact.VINTAGE_PATTERN.fullmatch(vintage):
        raise ReferenceDataError(
            f"coop.yaml: cog_vintage {vintage!r} is not a year", 'write it as cog_vintage: "2026"'
        )
    if root is not None:
        local = root / KB_DIR / file_name(vintage)
        if local.is_file():
            return CopyLocation(vintage, local, False)
    if vintage in packaged:
        return CopyLocation(vintage, PACKAGED_DIR / file_name(vintage), True)
    offered = ", ".join(packaged) or "none"
    raise ReferenceDataError(
        f"coop.yaml: cog_vintage {vintage!r}: no COG copy of that vintage "
        f"(packaged: {offered}; none in {KB_DIR}/ of the knowledge base)",
        f"import it: `coop reference import DIR --vintage {vintage}`, "
        "or remove cog_vintage to use the packaged copy",
    )


def fingerprint(settings: Settings, root: Path | None = None) -> str:
    """Identity of the COG copy in use, for cache keys: vintage, place, size,
    mtime. Reads no data. Pass ``root`` so a copy imported into the KB counts."""
    try:
        where = locate(settings, root)
    except ReferenceDataError as exc:
        return f"unavailable:{exc}"
    try:
        st = where.path.stat()
    except OSError:
        return f"unavailable:{where.path}"
    return f"cog:{where.vintage}:{where.path}:{st.st_size}:{st.st_mtime_ns}"


def label(settings: Settings, root: Path | None = None) -> str:
    """What reports say about the COG used, e.g. ``COG 2026 (packaged with coop)``."""
    try:
        where = locate(settings, root)
    except ReferenceDataError:
        return f"COG {settings.cog_vintage} (not found)"
    return f"COG {where.vintage} ({where.where})"


def load(settings: Settings, root: Path | None = None) -> Cog:
    """The COG the settings select, read once per process."""
    where = locate(settings, root)
    st = where.path.stat()
    return _load(where, st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _load(where: CopyLocation, size: int, mtime_ns: int) -> Cog:
    return Cog(compact.read(where.path), where)


def entity_key(entity: Entity) -> str:
    """A short text naming ``entity`` in its COG copy (see ``Cog.by_key``):
    validation workers send it with each territory's declaration, so that the
    cross-file rules need not identify every territory again."""
    if entity.kind in INTERCOMMUNAL:
        return f"intercommunality:{entity.siren}"
    return f"{entity.kind}:{entity.insee}"


class Entity(NamedTuple):
    """One territory of the COG, with what the knowledge base checks against.

    A named tuple: tens of thousands are built on load, and a tuple is built
    about ten times faster than a frozen dataclass.
    """

    kind: str  # a TerritoryKind value
    name: str
    siren: str | None = None
    insee: str | None = None
    population: int | None = None  # population municipale
    population_total: int | None = None  # intercommunalities only
    members: tuple[str, ...] = ()  # INSEE codes of member communes (intercommunalities)
    departement: str | None = None  # communes
    region: str | None = None  # départements

    @property
    def code(self) -> str:
        return self.insee or self.siren or ""

    def describe(self) -> str:
        """``Toulouse Métropole (metropole, SIREN 243100518)``."""
        if self.kind in INTERCOMMUNAL:
            return f"{self.name} ({self.kind}, SIREN {self.siren})"
        return f"{self.name} ({self.kind}, INSEE {self.insee})"


@dataclass(frozen=True)
class FormerCommune:
    """A commune déléguée or associée: a code still in the COG, no longer a commune."""

    insee: str
    name: str
    type: str
    current_insee: str | None


@dataclass(eq=False)
class Cog:
    """A loaded COG copy. Tables are split into rows on first use."""

    document: dict[str, Any] = field(repr=False)
    location: CopyLocation

    @property
    def vintage(self) -> str:
        return str(self.document["vintage"])

    @property
    def license(self) -> str:
        return str(self.document.get("license", ""))

    @property
    def commune_population_year(self) -> int | None:
        return _year(self.document["population"].get("communes_year"))

    @property
    def intercommunality_population_year(self) -> int | None:
        return _year(self.document["population"].get("intercommunalities_year"))

    def population_year(self, entity: Entity) -> int | None:
        """The year ``entity.population`` refers to, when the copy states it."""
        if entity.kind == "commune":
            return self.commune_population_year
        if entity.kind in INTERCOMMUNAL:
            return self.intercommunality_population_year
        return None

    # -- lookups ------------------------------------------------------------

    def intercommunality(self, siren: str) -> Entity | None:
        return self._intercommunalities.get(siren)

    def by_key(self, key: str) -> Entity | None:
        """The entity of :func:`entity_key`'s ``key`` (None for a key of another copy)."""
        kind, _, code = key.partition(":")
        if kind == "commune":
            return self.commune(code)
        if kind == "intercommunality":
            return self.intercommunality(code)
        if kind == "departement":
            return self.departement(code)
        if kind == "region":
            return self.region(code)
        return None

    def intercommunalities(self) -> list[Entity]:
        return list(self._intercommunalities.values())

    def commune(self, insee: str) -> Entity | None:
        return self._commune(self._commune_lines.get(insee))

    def communes(self) -> list[Entity]:
        return list(self._all_communes.values())

    def commune_by_siren(self, siren: str) -> Entity | None:
        return self._commune(self._commune_lines_by_siren.get(siren))

    def by_siren(self, siren: str) -> Entity | None:
        """The intercommunality or commune with this SIREN."""
        return self.intercommunality(siren) or self.commune_by_siren(siren)

    def departement(self, code: str) -> Entity | None:
        return self._departements.get(code)

    def region(self, code: str) -> Entity | None:
        return self._regions.get(code)

    def by_insee(self, code: str) -> list[Entity]:
        """Every entity with this INSEE code: a commune, or a département and/or
        a région (``76`` is both Seine-Maritime and Occitanie)."""
        found = [self.commune(code), self.departement(code), self.region(code)]
        return [entity for entity in found if entity is not None]

    def former_commune(self, insee: str) -> FormerCommune | None:
        return self._former.get(insee)

    def intercommunalities_of(self, insee: str) -> list[Entity]:
        """The intercommunalities (EPCI, EPT) a commune belongs to."""
        return list(self._member_of.get(insee, ()))

    def contains(self, container: Entity, member: Entity) -> bool | None:
        """Whether the COG places ``member`` inside ``container``; None when it
        says nothing about such a pair (an EPCI inside a département…)."""
        if container.kind in INTERCOMMUNAL and member.kind == "commune":
            return member.insee in container.members
        if container.kind == "departement" and member.kind == "commune":
            return member.departement == container.insee
        if container.kind == "region" and member.kind == "departement":
            return member.region == container.insee
        if container.kind == "region" and member.kind == "commune":
            departement = self.departement(member.departement or "")
            return departement is not None and departement.region == container.insee
        return None

    def similar_codes(self, code: str, kinds: Iterable[str]) -> list[Entity]:
        """Entities whose code differs from ``code`` by one character or one
        swap of neighbours: the likely intended ones behind a typo."""
        wanted = set(kinds)
        pool: list[Entity] = []
        if wanted & INTERCOMMUNAL:
            pool += [e for e in self._intercommunalities.values() if e.kind in wanted]
        if "commune" in wanted:
            pool += list(self._all_communes.values())
        if "departement" in wanted:
            pool += list(self._departements.values())
        if "region" in wanted:
            pool += list(self._regions.values())
        out = []
        for entity in pool:
            codes = {entity.siren, entity.insee} - {None}
            if any(_one_typo_apart(code, other) for other in codes if other):
                out.append(entity)
        # Most likely first: same leading digits (département), then the largest.
        return sorted(out, key=lambda e: (not e.code.startswith(code[:2]), -(e.population or 0)))

    def similar_names(self, name: str, kinds: Iterable[str], n: int = 3) -> list[Entity]:
        wanted = set(kinds)
        pool = [
            e
            for table in (
                self._intercommunalities,
                self._all_communes,
                self._departements,
                self._regions,
            )
            for e in table.values()
            if e.kind in wanted
        ]
        by_key: dict[str, Entity] = {}
        for entity in pool:
            by_key.setdefault(fold(entity.name).lower(), entity)
        query = fold(name).lower()
        containing = sorted((key for key in by_key if query in key), key=len)
        close = difflib.get_close_matches(query, list(by_key), n=n, cutoff=0.75)
        return [by_key[key] for key in dict.fromkeys([*containing[:n], *close])][:n]

    # -- tables: indexed on first use, rows parsed on lookup ---------------------
    # A validation run looks up a few dozen codes among 35,000 communes:
    # indexing raw lines by their key and parsing only the rows asked for
    # keeps the first lookup cheap (building every row would cost ~10x more).

    def _lines(self, table: str) -> list[str]:
        text = self.document.get(table)
        if not isinstance(text, str):
            raise ReferenceDataError(
                f"{self.location.path}: COG copy without its {table} table",
                "rebuild it with `coop reference import DIR`",
            )
        return text.split("\n") if text else []

    def _index(self, table: str, column: int) -> dict[str, str]:
        out: dict[str, str] = {}
        for line in self._lines(table):
            key = line.split("\t", column + 1)[column]
            if key:
                out.setdefault(key, line)
        return out

    @functools.cached_property
    def _commune_lines(self) -> dict[str, str]:
        return self._index("communes", 0)

    @functools.cached_property
    def _commune_lines_by_siren(self) -> dict[str, str]:
        return self._index("communes", 2)

    def _commune(self, line: str | None) -> Entity | None:
        if line is None:
            return None
        insee, name, siren, population, departement = line.split("\t")
        return Entity(
            "commune",
            name,
            siren=siren or None,
            insee=insee,
            population=_int(population),
            departement=departement,
        )

    @functools.cached_property
    def _all_communes(self) -> dict[str, Entity]:
        return {
            insee: entity
            for insee, line in self._commune_lines.items()
            if (entity := self._commune(line)) is not None
        }

    @functools.cached_property
    def _former(self) -> dict[str, FormerCommune]:
        out: dict[str, FormerCommune] = {}
        for line in self._lines("former_communes"):
            insee, name, kind, current = line.split("\t")
            out.setdefault(insee, FormerCommune(insee, name, kind, current or None))
        return out

    @functools.cached_property
    def _intercommunalities(self) -> dict[str, Entity]:
        out: dict[str, Entity] = {}
        for line in self._lines("intercommunalities"):
            siren, name, kind, population, total, members = line.split("\t")
            out[siren] = Entity(
                kind,
                name,
                siren=siren,
                population=_int(population),
                population_total=_int(total),
                members=tuple(members.split()),
            )
        return out

    @functools.cached_property
    def _member_of(self) -> dict[str, list[Entity]]:
        out: dict[str, list[Entity]] = {}
        for entity in self._intercommunalities.values():
            for insee in entity.members:
                out.setdefault(insee, []).append(entity)
        return out

    @functools.cached_property
    def _departements(self) -> dict[str, Entity]:
        out: dict[str, Entity] = {}
        for line in self._lines("departements"):
            code, name, region = line.split("\t")
            out[code] = Entity("departement", name, insee=code, region=region)
        return out

    @functools.cached_property
    def _regions(self) -> dict[str, Entity]:
        out: dict[str, Entity] = {}
        for line in self._lines("regions"):
            code, name = line.split("\t")
            out[code] = Entity("region", name, insee=code)
        return out


def fold(name: str) -> str:
    """A name for comparison: Unicode-normalised, typographic apostrophes and
    dashes made plain, spaces collapsed. Case and accents are kept: they are
    part of an official name."""
    text = unicodedata.normalize("NFC", name)
    text = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2011", "-")
    return " ".join(text.split())


def _int(text: str) -> int | None:
    return int(text) if text else None


def _year(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _one_typo_apart(a: str, b: str) -> bool:
    if len(a) != len(b) or a == b:
        return False
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 1:
        return True
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and a[diffs[1]] == b[diffs[0]]
    )
