"""The inverse relations only the notes need, computed once per run.

Each note asks "which records name this one?" (the territories a commune is
a member of, the posts held on a territory's behalf, the agreements a person
signed…). Answered by scanning every record, that is quadratic over a site:
on a national knowledge base (39,000 territories) the territory pages alone
took minutes. Here each question is one pass over the records, in the
knowledge base's order, so every list comes out in the order the scans gave.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from coop.kb.index import KnowledgeBase
from coop.model import Agreement, Body

_KB_RELATIONS = (
    "agreements_by_party",
    "derived_agreements",
    "sub_bodies",
    "bodies_by_member",
    "posts_by_person",
    "bodies_by_agreement",
    "commitments_by_theme",
)


class Relations:
    def __init__(self, kb: KnowledgeBase) -> None:
        # The knowledge base's own inverse relations are computed on first
        # use: do it now, once, before any worker process forks.
        for name in _KB_RELATIONS:
            getattr(kb, name)
        # Territory id -> ids of the territories listing it among their members.
        self.member_of: dict[str, list[str]] = defaultdict(list)
        for territory in kb.territories.values():
            for member in dict.fromkeys(territory.members):
                self.member_of[member].append(territory.id)

        # Territory id -> posts held on its behalf, or by a person holding a
        # mandate in it; each post once, bodies and posts in their order.
        mandates: dict[str, set[str]] = defaultdict(set)
        for person in kb.people.values():
            for mandate in person.mandates:
                if mandate.territory is not None:
                    mandates[person.id].add(mandate.territory)
        self.posts_for_territory: dict[str, list[tuple[Body, Any]]] = defaultdict(list)
        for body in kb.bodies.values():
            for post in body.posts:
                territories = set(mandates.get(post.person, ())) if post.person else set()
                if post.on_behalf_of is not None:
                    territories.add(post.on_behalf_of)
                for territory_id in territories:
                    self.posts_for_territory[territory_id].append((body, post))

        # Person id -> agreements they signed for a party; commitments they pilot.
        self.signed_by: dict[str, list[Agreement]] = defaultdict(list)
        self.pilots: dict[str, list[tuple[Agreement, Any]]] = defaultdict(list)
        # Theme id -> agreements listing it.
        self.agreements_by_theme: dict[str, list[Agreement]] = defaultdict(list)
        for agreement in kb.agreements.values():
            signers = dict.fromkeys(p for party in agreement.parties for p in party.signed_by)
            for person_id in signers:
                self.signed_by[person_id].append(agreement)
            for commitment in agreement.commitments:
                for person_id in dict.fromkeys(p.person for p in commitment.pilots):
                    self.pilots[person_id].append((agreement, commitment))
            for theme_id in dict.fromkeys(agreement.themes):
                self.agreements_by_theme[theme_id].append(agreement)
