"""Cooperation networks of neighbouring intercommunalities, each an
association with its assembly, bureau, conferences and thematic clubs (the
shape of the Dialogue métropolitain de Toulouse), ten bodies per network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kbgen import words
from kbgen.corpus import Corpus, Place, random_date
from kbgen.geo import Neighbourhood
from kbgen.ids import Ids, slugify

BODIES_DOCUMENT = "rapports-activite-reseaux.txt"
BODIES_PER_NETWORK = 10


@dataclass
class Club:
    id: str
    theme: str
    pilots: list[tuple[str, Place]]  # (person id, territory represented)


@dataclass
class Network:
    id: str
    name: str
    members: list[Place]
    founded: dt.date
    founding_agreement: str
    clubs: list[Club] = field(default_factory=list)


def build(corpus: Corpus, ids: Ids, count: int, agreement_ids: Ids) -> list[Network]:
    rng = corpus.rng
    networks: list[Network] = []
    near = Neighbourhood(corpus.epcis)
    if count <= 0 or len(corpus.epcis) < 2:
        return networks
    for _ in range(max(1, count // BODIES_PER_NETWORK)):
        anchor = rng.choice(corpus.epcis)
        size = rng.randint(3, 10)
        members = [anchor, *near.pick(rng, anchor, size - 1)]
        if len(members) < 2:
            members = [anchor, *rng.sample([p for p in corpus.epcis if p is not anchor], 1)]
        home = corpus.departements.get(anchor.departement or "")
        area = home.name if home else anchor.name
        name = f"{rng.choice(words.NETWORK_NAMES)} – {area}"
        network_id = ids.take(slugify(name))
        founded = random_date(rng, dt.date(2010, 1, 1), dt.date(2024, 12, 31))
        founding = agreement_ids.take(f"projet-cooperation-{network_id}")
        network = Network(network_id, name, members, founded, founding)
        networks.append(network)
        _network_bodies(corpus, ids, network)
    return networks


def _network_bodies(corpus: Corpus, ids: Ids, net: Network) -> None:
    rng = corpus.rng
    folder = f"data/bodies/{net.id}"
    source = [{"document": BODIES_DOCUMENT, "section": net.name}]
    led = [m for m in net.members if m.leaders]
    members = [{"territory": m.id, "role": "full_member"} for m in net.members]
    posts: list[dict[str, Any]] = []
    for index, member in enumerate(led[:4]):
        role = ["president", "vice_president", "vice_president", "treasurer"][index]
        posts.append(_post(role, member.leaders[0], member, net.founded, source))
    milestones = [
        {"date": net.founded, "event": "Création de l'association", "sources": source},
        {
            "date": random_date(rng, net.founded, corpus.reference),
            "event": "Adoption du projet de coopération par l'assemblée générale",
        },
    ]
    corpus.add(
        f"{folder}/{net.id}.yaml",
        {
            "id": net.id,
            "name": net.name,
            "kind": "association",
            "level": "political",
            "set_up_by": net.founding_agreement,
            "active": {"start": net.founded},
            "composition": "Les intercommunalités membres, représentées par leur présidence",
            "members": members,
            "member_count": len(members),
            "posts": posts,
            "milestones": milestones,
            "address": f"Siège de {net.members[0].name}",
            "sources": source,
        },
    )
    parent = {"parent": net.id}
    instances = [
        ("assemblee-generale", "Assemblée générale", "general_assembly", "political", 1),
        ("bureau", "Bureau", "bureau", "political", 4),
        ("conference-presidences", "Conférence des présidences", "conference", "political", 2),
        ("conference-directions", "Conférence des directions", "conference", "technical", 6),
    ]
    for suffix, label, kind, level, per_year in instances:
        body_id = ids.take(f"{net.id}-{suffix}")
        record: dict[str, Any] = {
            "id": body_id,
            "name": f"{label} – {net.name}",
            "kind": kind,
            "level": level,
            **parent,
            "meets": [{"per_year": per_year, "at_least": kind == "general_assembly"}],
            "sources": source,
        }
        if kind == "general_assembly":
            record["members"] = [
                {"territory": m.id, "represented_by": "la présidence"} for m in net.members
            ]
        if kind == "bureau":
            record["posts"] = posts[:2]
        corpus.add(f"{folder}/{body_id}.yaml", record)
    for theme, label in rng.sample(words.CLUBS, BODIES_PER_NETWORK - 1 - len(instances)):
        body_id = ids.take(f"{net.id}-club-{theme}")
        pilots = [(rng.choice(m.leaders), m) for m in rng.sample(led, min(2, len(led)))]
        net.clubs.append(Club(body_id, theme, pilots))
        corpus.add(
            f"{folder}/{body_id}.yaml",
            {
                "id": body_id,
                "name": f"{label} – {net.name}",
                "kind": "club",
                "level": rng.choice(["technical", "political"]),
                **parent,
                "meets": [{"per_year": rng.randint(3, 6)}],
                "posts": [
                    _post("referent_official", person, place, net.founded, source)
                    for person, place in pilots
                ],
                "animated_by": [
                    {"body": net.id, "detail": "Animation par l'équipe de l'association"}
                ],
                "sources": source,
            },
        )


def _post(
    role: str, person: str, place: Place, since: dt.date, source: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "role": role,
        "person": person,
        "on_behalf_of": place.id,
        "period": {"start": max(since, dt.date(2026, 4, 30))},
        "sources": source,
    }
