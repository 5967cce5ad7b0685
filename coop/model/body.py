"""Bodies: organisations and their instances (assemblies, bureaus, clubs…).

Follows Popolo's Organization / Post / Membership: a body has members
(territories or other bodies) and posts (roles held by people).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from coop.model.agreement import Milestone
from coop.model.common import (
    AgreementRef,
    BodyRef,
    Model,
    PersonRef,
    Record,
    Source,
    TerritoryRef,
    many,
)
from coop.model.dates import PartialDate, Period
from coop.model.vocabulary import BodyKind, BodyLevel, MemberRole, PostRole


class Membership(Model):
    territory: TerritoryRef | None = None
    body: BodyRef | None = None
    role: MemberRole = MemberRole.member
    represented_by: str | None = Field(None, description="Qui siège, par ex. « la présidence »")
    sources: list[Source] = many()


class Post(Model):
    role: PostRole
    label: str | None = Field(None, description="Intitulé du poste tel que la source l'écrit")
    person: PersonRef | None = None
    on_behalf_of: TerritoryRef | None = Field(None, description="Territoire représenté")
    as_of: PartialDate | None = None
    period: Period | None = None
    sources: list[Source] = many()


class MeetingRhythm(Model):
    """How often a body meets, as one source says it."""

    per_year: int = Field(ge=0)
    at_least: bool = Field(False, description="« au minimum »")
    text: str | None = None
    sources: list[Source] = many()


class Animation(Model):
    body: BodyRef
    detail: str | None = None
    sources: list[Source] = many()


class Body(Record):
    collection: ClassVar[str] = "bodies"

    name: str
    short_name: str | None = None
    kind: BodyKind
    level: BodyLevel | None = None
    aliases: list[str] = many()
    parent: BodyRef | None = None
    set_up_by: AgreementRef | None = None
    active: Period | None = None
    composition: str | None = Field(None, description="Qui la compose, selon la source")
    members: list[Membership] = many()
    member_count: int | None = Field(None, ge=0)
    meets: list[MeetingRhythm] = many()
    posts: list[Post] = many()
    animated_by: list[Animation] = many()
    milestones: list[Milestone] = many()
    address: str | None = None

    @property
    def display_name(self) -> str:
        return self.name
