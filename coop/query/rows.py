"""What one row of each collection shows: the same fields in every output format.

Values are strings, integers, None or lists of ids; lists are what JSON and
YAML show as lists and the table and CSV join with ``LIST_SEPARATOR``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the stored image's answer reads FIELDS without the model
    from coop.model import Agreement, Body, Person, Territory
    from coop.model.agreement import Commitment

Value = str | int | bool | None | list[str]
Row = dict[str, Value]

LIST_SEPARATOR = "; "

# The fields of each collection's rows, in order (a test holds the row
# builders to them).
FIELDS: dict[str, tuple[str, ...]] = {
    "agreements": (
        "id", "title", "kind", "status", "parties", "signed_on", "entry_into_force", "end",
        "themes", "parent",
    ),
    "commitments": ("agreement", "id", "title", "theme", "lead", "pilots", "body"),
    "territories": (
        "id", "name", "kind", "siren", "insee", "population", "population_year", "parent",
        "members",
    ),
    "bodies": ("id", "name", "kind", "parent", "members", "set_up_by"),
    "people": ("id", "name", "territories", "bodies"),
}  # fmt: skip


def territory_row(territory: Territory) -> Row:
    population = territory.population
    return {
        "id": territory.id,
        "name": territory.name,
        "kind": territory.kind.value,
        "siren": _text(territory.identifiers.siren),
        "insee": _text(territory.identifiers.insee),
        "population": population.value if population else None,
        "population_year": population.year if population else None,
        "parent": territory.parent,
        "members": list(territory.members),
    }


def agreement_row(agreement: Agreement) -> Row:
    signature = agreement.signature
    return {
        "id": agreement.id,
        "title": agreement.title,
        "kind": agreement.kind.value,
        "status": agreement.status.value,
        "parties": list(dict.fromkeys(agreement.iter_party_refs())),
        "signed_on": _text(signature.date if signature else None),
        "entry_into_force": _text(agreement.entry_into_force),
        "end": _text(agreement.end),
        "themes": agreement_themes(agreement),
        "parent": agreement.parent,
    }


def body_row(body: Body) -> Row:
    return {
        "id": body.id,
        "name": body.name,
        "kind": body.kind.value,
        "parent": body.parent,
        "members": [m for m in (ms.territory or ms.body for ms in body.members) if m],
        "set_up_by": body.set_up_by,
    }


def person_row(person: Person, posts_in: list[str]) -> Row:
    return {
        "id": person.id,
        "name": person.name,
        "territories": sorted({m.territory for m in person.mandates if m.territory}),
        "bodies": sorted({*(m.body for m in person.mandates if m.body), *posts_in}),
    }


def commitment_row(agreement: Agreement, commitment: Commitment) -> Row:
    return {
        "agreement": agreement.id,
        "id": commitment.id,
        "title": commitment.title,
        "theme": commitment.theme,
        "lead": list(commitment.lead),
        "pilots": [pilot.person for pilot in commitment.pilots],
        "body": commitment.body,
    }


def agreement_themes(agreement: Agreement) -> list[str]:
    """The agreement's own themes, then those of its commitments, once each."""
    found = [*agreement.themes, *(c.theme for c in agreement.commitments if c.theme)]
    return list(dict.fromkeys(found))


def row_key(collection: str) -> Callable[[Row], str]:
    """What ``--format ids`` prints for a row: its id (``agreement/id`` for a commitment)."""
    if collection == "commitments":
        return lambda row: f"{row['agreement']}/{row['id']}"
    return lambda row: str(row["id"])


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
