"""Territories: communes, intercommunalities, pays, départements, régions, the State."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from coop.model.common import Model, Record, Source, TerritoryRef, many
from coop.model.vocabulary import TerritoryKind


class Identifiers(Model):
    siren: str | int | None = Field(None, description="SIREN (9 chiffres)")
    insee: str | int | None = Field(None, description="Code officiel géographique (INSEE)")


class Population(Model):
    value: int = Field(ge=0)
    year: int = Field(ge=1800, le=2100)
    sources: list[Source] = many()


class Territory(Record):
    collection: ClassVar[str] = "territories"

    name: str
    kind: TerritoryKind
    aliases: list[str] = many("Autres graphies rencontrées dans les sources")
    identifiers: Identifiers = Identifiers()
    population: Population | None = None
    parent: TerritoryRef | None = None
    members: list[TerritoryRef] = many("Membres nommés")
    member_count: int | None = Field(
        None, ge=0, description="Nombre de membres indiqué par la source, nommés ou non"
    )

    @property
    def display_name(self) -> str:
        return self.name
