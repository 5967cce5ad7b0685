"""Agreements: accords-cadres, contrats de réciprocité, pactes, projets de coopération…"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from pydantic import Field

from coop.model.common import (
    AgreementRef,
    BodyRef,
    Model,
    PersonRef,
    Record,
    RecordId,
    Source,
    TerritoryRef,
    ThemeRef,
    many,
)
from coop.model.dates import PartialDate, Period
from coop.model.vocabulary import ActionStatus, AgreementKind, AgreementStatus, PartyRole


class Party(Model):
    """A territory or a body bound by the agreement."""

    territory: TerritoryRef | None = None
    body: BodyRef | None = None
    role: PartyRole = PartyRole.party
    signed_by: list[PersonRef] = many("Personnes qui ont signé pour la partie")
    sources: list[Source] = many()

    @property
    def ref(self) -> str | None:
        return self.territory or self.body


class Deliberation(Model):
    """A vote of an assembly on the agreement (done or scheduled)."""

    territory: TerritoryRef | None = None
    body: BodyRef | None = None
    assembly: str | None = Field(None, description="Assemblée qui délibère, en toutes lettres")
    date: PartialDate | None = None
    date_text: str | None = Field(
        None, description="Date telle que la source l'écrit si incomplète"
    )
    scheduled: bool = Field(False, description="Vote annoncé, pas encore attesté")
    sources: list[Source] = many()


class Signature(Model):
    date: PartialDate | None = None
    place: str | None = None
    sources: list[Source] = many()


class Milestone(Model):
    """A dated event in the life of an agreement or a body."""

    date: PartialDate | None = None
    until: PartialDate | None = Field(None, description="Fin, si l'événement s'étale")
    date_text: str | None = None
    event: str
    sources: list[Source] = many()


class Action(Model):
    title: str
    description: str | None = None
    status: ActionStatus = ActionStatus.unknown
    date: PartialDate | None = None
    date_text: str | None = None
    place: str | None = None
    sources: list[Source] = many()


class Pilot(Model):
    person: PersonRef
    on_behalf_of: TerritoryRef | None = None
    sources: list[Source] = many()


class Axis(Model):
    id: RecordId
    title: str
    summary: str | None = None
    sources: list[Source] = many()


class Commitment(Model):
    id: RecordId
    title: str
    theme: ThemeRef | None = None
    axis: str | None = Field(None, description="Id d'un axe de l'accord")
    text: str | None = None
    observation: str | None = Field(None, description="Le constat")
    need: str | None = Field(None, description="Le besoin")
    added_value: str | None = Field(None, description="La plus-value de la coopération")
    mandatory: bool = False
    actions: list[Action] = many()
    lead: list[TerritoryRef] = many()
    pilots: list[Pilot] = many()
    body: BodyRef | None = None
    sources: list[Source] = many()
    notes: list[str] = many()


class Review(Model):
    """An agreement's own review of an earlier period of cooperation."""

    period: Period | None = None
    summary: str | None = None
    milestones: list[Milestone] = many()
    sources: list[Source] = many()


class Agreement(Record):
    collection: ClassVar[str] = "agreements"

    title: str
    short_title: str | None = None
    kind: AgreementKind
    status: AgreementStatus
    parties: list[Party] = many()
    party_count: int | None = Field(
        None, ge=0, description="Nombre de parties indiqué par la source, nommées ou non"
    )
    parent: AgreementRef | None = None
    deliberations: list[Deliberation] = many()
    signature: Signature | None = None
    entry_into_force: PartialDate | None = None
    end: PartialDate | None = None
    duration: str | None = None
    milestones: list[Milestone] = many()
    themes: list[ThemeRef] = many()
    axes: list[Axis] = many()
    commitments: list[Commitment] = many()
    review: Review | None = None

    @property
    def display_name(self) -> str:
        return self.short_title or self.title

    def iter_party_refs(self) -> Iterator[str]:
        for party in self.parties:
            if party.ref:
                yield party.ref
