"""People: elected officials and agents named by the sources."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from coop.model.common import BodyRef, Model, Record, Source, TerritoryRef, many
from coop.model.dates import PartialDate, Period
from coop.model.vocabulary import MandateRole


class Mandate(Model):
    """A mandate as a source states it, at the date of that source."""

    title: str = Field(description="Intitulé tel que la source l'écrit")
    role: MandateRole
    territory: TerritoryRef | None = None
    body: BodyRef | None = None
    as_of: PartialDate | None = Field(None, description="Date à laquelle la source l'atteste")
    period: Period | None = None
    sources: list[Source] = many()


class Person(Record):
    collection: ClassVar[str] = "people"

    name: str
    aliases: list[str] = many()
    mandates: list[Mandate] = many()

    @property
    def display_name(self) -> str:
        return self.name
