"""The raw COG files checked before a compact copy is built from them.

Why: the importer keeps a few fields of five files. A file emptied, cut
short or edited would otherwise give a copy that looks fine and is not: an
empty ``epci.json`` makes every intercommunality of a knowledge base unknown
to ``coop validate``, a population that is not a whole number fails at the
first lookup, a duplicated code hides an entity behind another.

Refused: a required kind with no entry (communes, EPCI, départements,
régions), an entry without a field the importer reads or with a value of the
wrong type or shape, a code given twice where lookups key by it, and a code
naming what the same files do not hold (a commune's département, a
département's région, an EPCI's member commune, a former commune's current
one). Tolerated, because the published files have it: an empty ``ept.json``
(EPTs exist only in the Métropole du Grand Paris, by a law that may change),
communes outside any EPCI (islands, collectivités d'outre-mer), communes
without SIREN or population, former communes sharing the code of the commune
they merged into, fields the importer does not read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from coop.reference.errors import ReferenceDataError

HINT = "use the files as published by @etalab/decoupage-administratif, unmodified"

# The codes' shapes, loose enough for every code the COG has had: Corsica's
# 2A/2B, overseas départements and collectivités on three digits.
COMMUNE_CODE = re.compile(r"[0-9][0-9AB][0-9]{3}")
SIREN = re.compile(r"[0-9]{9}")
DEPARTEMENT_CODE = re.compile(r"[0-9]{2,3}|2[AB]")
REGION_CODE = re.compile(r"[0-9]{2,3}")

# Kinds of commune entry: the importer keeps current communes and former
# ones; municipal arrondissements (Paris, Lyon, Marseille) are read no further.
CURRENT = "commune-actuelle"
FORMER = ("commune-deleguee", "commune-associee")
COMMUNE_TYPES = (CURRENT, *FORMER, "arrondissement-municipal")
EPT = "EPT"


@dataclass(frozen=True)
class Field:
    """A field the importer reads: its name, a test of its value, and what
    the message says the value must be."""

    name: str
    test: Callable[[object], bool]
    must_be: str
    required: bool = True


def _text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _shaped(pattern: re.Pattern[str]) -> Callable[[object], bool]:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


def _count(value: object) -> bool:
    # bool is an int to Python, never a population.
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


_commune_code = _shaped(COMMUNE_CODE)


def _members(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) > 0
        and all(isinstance(member, dict) and _commune_code(member.get("code")) for member in value)
    )


NAME = Field("nom", _text, "a non-empty text")
POPULATION = "a whole number, 0 or more"
COMMUNE_FIELDS = {
    CURRENT: [
        Field("code", _commune_code, "an INSEE commune code"),
        NAME,
        Field("departement", _shaped(DEPARTEMENT_CODE), "a département code"),
        Field("siren", _shaped(SIREN), "a SIREN of 9 digits", required=False),
        Field("population", _count, POPULATION, required=False),
    ],
    **{
        kind: [
            Field("code", _commune_code, "an INSEE commune code"),
            NAME,
            Field("chefLieu", _commune_code, "an INSEE commune code", required=False),
        ]
        for kind in FORMER
    },
    "arrondissement-municipal": [],
}
INTERCOMMUNALITY_FIELDS = [
    Field("code", _shaped(SIREN), "a SIREN of 9 digits"),
    NAME,
    Field("membres", _members, "a non-empty list of objects each with an INSEE commune code"),
    Field("populationMunicipale", _count, POPULATION, required=False),
    Field("populationTotale", _count, POPULATION, required=False),
]
DEPARTEMENT_FIELDS = [
    Field("code", _shaped(DEPARTEMENT_CODE), "a département code"),
    NAME,
    Field("region", _shaped(REGION_CODE), "a région code"),
]
REGION_FIELDS = [Field("code", _shaped(REGION_CODE), "a région code"), NAME]


def check(
    folder: Path,
    files: Mapping[str, list[dict[str, Any]]],
    intercommunality_kinds: Iterable[str],
) -> None:
    """Raise ReferenceDataError, naming the file and what is wrong, unless
    ``files`` (each raw file's list of objects, by file name) can be a COG."""
    _check_entries(folder, files, list(intercommunality_kinds))
    communes = files["communes.json"]
    current = [entry for entry in communes if entry["type"] == CURRENT]
    former = [entry for entry in communes if entry["type"] in FORMER]
    _check_not_empty(folder, current, files)
    _check_unique(folder, current, former, files)
    _check_references(folder, current, former, files)


def _check_entries(
    folder: Path, files: Mapping[str, list[dict[str, Any]]], kinds: list[str]
) -> None:
    """Each entry has the fields the importer reads, of the right type and shape."""
    for position, entry in enumerate(files["communes.json"]):
        if entry.get("type") not in COMMUNE_TYPES:
            _refuse(folder, "communes.json", position, entry, _bad_type(entry, COMMUNE_TYPES))
        _check_fields(folder, "communes.json", position, entry, COMMUNE_FIELDS[entry["type"]])
    for name in ("epci.json", "ept.json"):
        for position, entry in enumerate(files[name]):
            kind = entry.get("type")
            if kind not in kinds:
                _refuse(folder, name, position, entry, _bad_type(entry, kinds))
            # Swapped or merged files: each kind is looked for in its own file.
            belongs = "ept.json" if kind == EPT else "epci.json"
            if belongs != name:
                _refuse(
                    folder,
                    name,
                    position,
                    entry,
                    f"is of type {kind!r}, which belongs in {belongs}",
                )
            _check_fields(folder, name, position, entry, INTERCOMMUNALITY_FIELDS)
    for name, fields in (
        ("departements.json", DEPARTEMENT_FIELDS),
        ("regions.json", REGION_FIELDS),
    ):
        for position, entry in enumerate(files[name]):
            _check_fields(folder, name, position, entry, fields)


def _check_not_empty(
    folder: Path, current: list[dict[str, Any]], files: Mapping[str, list[dict[str, Any]]]
) -> None:
    """Every kind but the EPTs has entries: without them, every territory of
    that kind in a knowledge base would be reported unknown."""
    for name, entries, what in [
        ("communes.json", current, f"commune of type {CURRENT!r}"),
        ("epci.json", files["epci.json"], "EPCI"),
        ("departements.json", files["departements.json"], "département"),
        ("regions.json", files["regions.json"], "région"),
    ]:
        if not entries:
            raise ReferenceDataError(
                f"{folder / name}: holds no {what}: not the file as published "
                "(emptied or cut short?)",
                HINT,
            )


def _check_unique(
    folder: Path,
    current: list[dict[str, Any]],
    former: list[dict[str, Any]],
    files: Mapping[str, list[dict[str, Any]]],
) -> None:
    """No code twice where lookups key by it: one entry would hide the other."""
    communes = folder / "communes.json"
    epci, ept = files["epci.json"], files["ept.json"]
    _unique(communes, "commune code", [e["code"] for e in current])
    _unique(communes, "commune SIREN", [e["siren"] for e in current if "siren" in e])
    _unique(communes, "former commune code", [e["code"] for e in former])
    _unique(folder / "epci.json", "SIREN", [e["code"] for e in epci])
    _unique(folder / "ept.json", "SIREN", [e["code"] for e in ept])
    both = sorted({e["code"] for e in ept} & {e["code"] for e in epci})
    if both:
        raise ReferenceDataError(
            f"{folder / 'ept.json'}: SIREN {both[0]} is also in epci.json", HINT
        )
    _unique(
        folder / "departements.json",
        "département code",
        [e["code"] for e in files["departements.json"]],
    )
    _unique(folder / "regions.json", "région code", [e["code"] for e in files["regions.json"]])


def _check_references(
    folder: Path,
    current: list[dict[str, Any]],
    former: list[dict[str, Any]],
    files: Mapping[str, list[dict[str, Any]]],
) -> None:
    """Every code an entry names is one the same files hold: the files of one
    vintage are made together, so a code missing means one was edited or cut."""
    communes = folder / "communes.json"
    commune_codes = {entry["code"] for entry in current}
    departements = files["departements.json"]
    _known(
        communes,
        [(f"commune {e['code']}", e["departement"]) for e in current],
        "département",
        {entry["code"] for entry in departements},
        "departements.json",
    )
    _known(
        communes,
        [(f"former commune {e['code']}", e["chefLieu"]) for e in former if "chefLieu" in e],
        "current commune",
        commune_codes,
        "communes.json",
    )
    _known(
        folder / "departements.json",
        [(f"département {e['code']}", e["region"]) for e in departements],
        "région",
        {entry["code"] for entry in files["regions.json"]},
        "regions.json",
    )
    for name, what in (("epci.json", "EPCI"), ("ept.json", "EPT")):
        members = [(f"{what} {e['code']}", m["code"]) for e in files[name] for m in e["membres"]]
        _known(folder / name, members, "member commune", commune_codes, "communes.json")
        # A commune belongs to one EPCI, and to one EPT at most.
        _unique(folder / name, "member commune", [code for _, code in members])


def _check_fields(
    folder: Path, name: str, position: int, entry: dict[str, Any], fields: list[Field]
) -> None:
    for field in fields:
        if field.name not in entry:
            if field.required:
                _refuse(folder, name, position, entry, f"lacks the field {field.name!r}")
            continue
        value = entry[field.name]
        if not field.test(value):
            _refuse(
                folder,
                name,
                position,
                entry,
                f"{field.name} {_shown(value)} is not {field.must_be}",
            )


def _bad_type(entry: dict[str, Any], known: Iterable[str]) -> str:
    if "type" not in entry:
        return "lacks the field 'type'"
    return f"type {_shown(entry['type'])} is not one the importer knows ({', '.join(known)})"


def _refuse(folder: Path, name: str, position: int, entry: dict[str, Any], what: str) -> NoReturn:
    code = entry.get("code")
    label = f"entry {position + 1}" + (f" (code {code})" if isinstance(code, str) else "")
    raise ReferenceDataError(f"{folder / name}: {label} {what}", HINT)


def _unique(path: Path, what: str, codes: list[str]) -> None:
    """Refuse a code that ``codes`` holds more than once: lookups key by it."""
    repeated = [code for code, count in Counter(codes).items() if count > 1]
    if repeated:
        more = f" (and {len(repeated) - 1} more repeated)" if len(repeated) > 1 else ""
        raise ReferenceDataError(f"{path}: {what} {repeated[0]} appears more than once{more}", HINT)


def _known(
    path: Path,
    references: list[tuple[str, str]],
    what: str,
    known: set[str],
    holder: str,
) -> None:
    """Refuse ``references`` (who, code) whose code ``known`` lacks."""
    unknown = [(who, code) for who, code in references if code not in known]
    if unknown:
        who, code = unknown[0]
        more = f" (and {len(unknown) - 1} more like it)" if len(unknown) > 1 else ""
        raise ReferenceDataError(
            f"{path}: {who} names the {what} {code}, which {holder} does not hold{more}", HINT
        )


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
