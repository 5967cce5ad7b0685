"""What the generator builds up: the files to write and the facts the later
stages (people, bodies, agreements) draw on."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Place:
    """A territory the other records can refer to."""

    id: str
    name: str
    kind: str  # coop's TerritoryKind value
    departement: str | None  # COG code
    region: str | None  # COG code
    population: int = 0
    seat: str = ""  # where its agreements are signed: its own name, or its largest commune's
    leaders: list[str] = field(default_factory=list)  # person ids: president first, then VPs

    @property
    def assembly(self) -> str:
        return {
            "commune": "Conseil municipal",
            "metropole": "Conseil de la Métropole",
            "departement": "Conseil départemental",
            "region": "Conseil régional",
        }.get(self.kind, "Conseil communautaire")


@dataclass
class Corpus:
    rng: random.Random
    reference: dt.date  # statuses are consistent with this date (and any later one)
    population_year: int
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # rel path -> record
    epcis: list[Place] = field(default_factory=list)
    communes: list[Place] = field(default_factory=list)  # communes actuelles only
    departements: dict[str, Place] = field(default_factory=dict)  # by COG code
    regions: dict[str, Place] = field(default_factory=dict)  # by COG code
    etat: Place | None = None
    epci_members: dict[str, list[Place]] = field(default_factory=dict)  # epci id -> communes
    notes: list[str] = field(default_factory=list)  # what the generator had to leave out

    def add(self, rel: str, record: dict[str, Any]) -> None:
        if rel in self.files:
            raise ValueError(f"two records for {rel}")
        self.files[rel] = record

    def count(self, collection: str) -> int:
        prefix = f"data/{collection}/"
        return sum(1 for rel in self.files if rel.startswith(prefix))


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))
