"""Agreements between plausible partners: an intercommunality and neighbours
from its département or région, a métropole and the State, a network's
founding project. Statuses agree with dates on the reference date and on any
later date up to the end of 2030 (rule D004)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from kbgen import words
from kbgen.bodies import Network
from kbgen.corpus import Corpus, Place, random_date
from kbgen.geo import Neighbourhood
from kbgen.ids import Ids, slugify
from kbgen.yamlout import Raw

DELIBERATIONS_DOCUMENT = "registre-deliberations-{year}.txt"
FIRST_YEAR = 2008
LAST_END = dt.date(2031, 1, 1)  # agreements in force end after this

KINDS = [
    ("convention_partenariat", 30),
    ("accord_cadre", 15),
    ("contrat_reciprocite", 12),
    ("projet_cooperation", 8),
    ("entente", 10),
    ("contrat_partenariat", 10),
    ("other", 5),
]
STATUSES = [
    ("in_force", 45),
    ("expired", 18),
    ("signed", 5),
    ("adopted", 5),
    ("in_preparation", 8),
    ("announced", 5),
    ("terminated", 4),
    ("abandoned", 3),
    ("unknown", 7),
]
TITLES = {
    "convention_partenariat": "Convention de partenariat entre {parties}",
    "accord_cadre": "Accord-cadre de coopération entre {parties}",
    "contrat_reciprocite": "Contrat de réciprocité {parties}",
    "projet_cooperation": "Projet de coopération entre {parties}",
    "entente": "Entente intercommunale entre {parties}",
    "contrat_partenariat": "Contrat de partenariat entre {parties}",
    "pacte_metropolitain_innovation": "Pacte métropolitain d'innovation de {parties}",
    "other": "Charte de coopération entre {parties}",
}
URBAN = {"metropole", "cu", "ca"}


def documents(corpus: Corpus) -> list[str]:
    return [
        DELIBERATIONS_DOCUMENT.format(year=year)
        for year in range(
            FIRST_YEAR - 1, corpus.reference.year + 1
        )  # deliberations precede signatures
    ]


def build(
    corpus: Corpus, ids: Ids, count: int, networks: list[Network], themes: list[str]
) -> Counter[str]:
    """Write ``count`` agreements; returns how many times each territory is a party."""
    rng = corpus.rng
    parties_seen: Counter[str] = Counter()
    made = 0
    for net in networks:
        if made >= count:
            break
        record = _founding(corpus, net, themes)
        parties_seen.update(p["territory"] for p in record["parties"])
        corpus.add(_path(net.members[0], record["id"]), record)
        made += 1
    metropoles = [p for p in corpus.epcis if p.kind == "metropole"]
    for metropole in metropoles:
        if made >= count or corpus.etat is None:
            break
        record = _agreement(
            corpus, ids, "pacte_metropolitain_innovation", [metropole, corpus.etat], themes
        )
        parties_seen.update(p["territory"] for p in record["parties"])
        corpus.add(_path(metropole, record["id"]), record)
        made += 1
    kinds, weights = zip(*KINDS, strict=True)
    frameworks: dict[str, list[str]] = {}  # anchor id -> its accords-cadres
    partners = _Partners(corpus)
    while made < count:
        kind = rng.choices(kinds, weights)[0]
        parties = partners.draw(kind)
        if len(parties) < 2:
            kind = "other"
        record = _agreement(corpus, ids, kind, parties, themes)
        anchor = parties[0].id
        if kind == "accord_cadre":
            frameworks.setdefault(anchor, []).append(record["id"])
        elif kind in {"convention_partenariat", "contrat_partenariat"} and anchor in frameworks:
            # An application agreement of an earlier framework agreement.
            record = _ordered({**record, "parent": rng.choice(frameworks[anchor])})
        parties_seen.update(p["territory"] for p in record["parties"] if "territory" in p)
        corpus.add(_path(parties[0], record["id"]), record)
        made += 1
    return parties_seen


def _path(anchor: Place, record_id: str) -> str:
    return f"data/agreements/{anchor.departement or 'national'}/{record_id}.yaml"


class _Partners:
    """Draws the parties of an agreement: an anchor and its neighbours."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.urban = [p for p in corpus.epcis if p.kind in URBAN] or corpus.epcis
        self.epcis = Neighbourhood(corpus.epcis)
        self.rural = Neighbourhood([p for p in corpus.epcis if p.kind == "cc"])
        self.communes = Neighbourhood(corpus.communes)

    def draw(self, kind: str) -> list[Place]:
        rng = self.corpus.rng
        if kind == "contrat_reciprocite":
            anchor = rng.choice(self.urban)
            return [anchor, *self.rural.pick(rng, anchor, 1)]
        anchor = rng.choice(self.corpus.epcis)
        wanted = rng.choices([1, 2, 3, 4], [60, 22, 12, 6])[0]
        communes = sum(1 for _ in range(wanted) if rng.random() < 0.2)
        partners = self.epcis.pick(rng, anchor, wanted - communes)
        partners += self.communes.pick(rng, anchor, communes or (wanted - len(partners)))
        if rng.random() < 0.05:
            home = self.corpus.departements.get(anchor.departement or "")
            if home is not None:
                partners.append(home)
        return [anchor, *partners[: wanted + 1]]


def _founding(corpus: Corpus, net: Network, themes: list[str]) -> dict[str, Any]:
    """The cooperation project that set up a network: its clubs are the commitments."""
    rng = corpus.rng
    signed = random_date(rng, net.founded - dt.timedelta(days=200), net.founded)
    record = _skeleton(
        corpus, net.founding_agreement, "projet_cooperation", net.members, "in_force", signed
    )
    record["title"] = f"Projet de coopération – {net.name}"
    axes = [
        {"id": "axe-1", "title": "Coopérer pour l'attractivité et l'économie"},
        {"id": "axe-2", "title": "Coopérer pour les transitions"},
    ]
    record["axes"] = axes
    record["themes"] = sorted({club.theme for club in net.clubs})
    commitments = []
    for index, club in enumerate(net.clubs, start=1):
        commitment = _commitment(corpus, record, index, club.theme, net.members, "in_force")
        commitment["axis"] = axes[index % 2]["id"]
        commitment["body"] = club.id
        commitment["pilots"] = [
            {"person": person, "on_behalf_of": place.id} for person, place in club.pilots
        ]
        commitments.append(commitment)
    record["commitments"] = commitments
    return _ordered(record)


def _agreement(
    corpus: Corpus, ids: Ids, kind: str, parties: list[Place], themes: list[str]
) -> dict[str, Any]:
    rng = corpus.rng
    statuses, weights = zip(*STATUSES, strict=True)
    status = rng.choices(statuses, weights)[0]
    signed = _signature_date(corpus, status)
    year = signed.year if signed else corpus.reference.year
    names = "-".join(slugify(p.name, 24) for p in parties[:2])
    record_id = ids.take(f"{slugify(kind.replace('_', '-'), 20)}-{names}-{year}")
    record = _skeleton(corpus, record_id, kind, parties, status, signed)
    chosen = rng.sample(themes, rng.randint(1, 3))
    record["themes"] = chosen
    record["commitments"] = [
        _commitment(corpus, record, index, rng.choice(chosen), parties, status)
        for index in range(1, rng.randint(1, 4) + 1)
    ]
    if rng.random() < 0.1:
        record["notes"] = [
            {
                "text": "Le nombre de communes concernées diffère selon les sources.",
                "sources": record["sources"],
            }
        ]
    return _ordered(record)


def _signature_date(corpus: Corpus, status: str) -> dt.date | None:
    rng = corpus.rng
    ref = corpus.reference
    if status in {"in_force", "unknown"}:
        return random_date(rng, dt.date(2012, 1, 1), ref - dt.timedelta(days=30))
    if status == "expired":
        return random_date(rng, dt.date(FIRST_YEAR, 1, 1), dt.date(2019, 12, 31))
    if status == "terminated":
        return random_date(rng, dt.date(2010, 1, 1), dt.date(2022, 12, 31))
    if status == "signed":
        return random_date(rng, ref - dt.timedelta(days=300), ref - dt.timedelta(days=10))
    return None


def _skeleton(
    corpus: Corpus,
    record_id: str,
    kind: str,
    parties: list[Place],
    status: str,
    signed: dt.date | None,
) -> dict[str, Any]:
    rng = corpus.rng
    ref = corpus.reference
    title = TITLES[kind].format(parties=_join([p.name for p in parties]))
    record: dict[str, Any] = {
        "id": record_id,
        "title": title,
        "kind": kind,
        "status": status,
        "parties": [],
    }
    if len(parties) > 4:
        record["short_title"] = title.split(" entre ")[0]
    anchor_date = signed or random_date(rng, ref - dt.timedelta(days=400), ref)
    deliberations = []
    for place in parties:
        party: dict[str, Any] = {"territory": place.id, "role": "signatory" if signed else "party"}
        if signed and place.leaders and rng.random() < 0.7:
            party["signed_by"] = [place.leaders[0]]
        record["parties"].append(party)
        if place.kind == "etat":
            continue
        if status in {"announced", "abandoned", "unknown"}:
            continue
        if status == "in_preparation":
            deliberations.append(
                {
                    "territory": place.id,
                    "assembly": place.assembly,
                    "date": random_date(
                        rng, ref + dt.timedelta(days=20), ref + dt.timedelta(days=200)
                    ),
                    "scheduled": True,
                }
            )
        else:
            voted = random_date(rng, anchor_date - dt.timedelta(days=120), anchor_date)
            deliberations.append(
                {
                    "territory": place.id,
                    "assembly": place.assembly,
                    "date": voted,
                    "sources": [_source(voted, place)],
                }
            )
    record["deliberations"] = deliberations
    milestones: list[dict[str, Any]] = []
    if signed:
        signature: dict[str, Any] = {"date": signed, "place": parties[0].seat or parties[0].name}
        if rng.random() < 0.15:
            signature["date"] = Raw(f"{signed.year:04d}-{signed.month:02d}")
        record["signature"] = signature
        record.update(_life(corpus, status, signed))
    if status in {"announced", "abandoned"}:
        announced = random_date(rng, dt.date(2015, 1, 1), ref - dt.timedelta(days=60))
        milestones.append({"date": announced, "event": "Annonce publique du projet"})
        if status == "abandoned":
            milestones.append(
                {
                    "date": random_date(rng, announced, ref),
                    "event": "Abandon du projet faute d'accord sur le financement",
                }
            )
    if signed and rng.random() < 0.3:
        milestones.append(
            {"date": random_date(rng, signed, ref), "event": "Premier comité de suivi"}
        )
    record["milestones"] = milestones
    record["sources"] = [_source(anchor_date, parties[0])]
    return record


def _life(corpus: Corpus, status: str, signed: dt.date) -> dict[str, Any]:
    """Entry into force and end, as the status requires."""
    rng = corpus.rng
    ref = corpus.reference
    out: dict[str, Any] = {}
    if status == "signed":
        out["entry_into_force"] = dt.date(ref.year + 1, 1, 1)
        out["duration"] = f"{rng.randint(3, 6)} ans"
        return out
    entry = min(signed + dt.timedelta(days=rng.randint(0, 45)), ref)
    out["entry_into_force"] = entry
    if status == "in_force":
        if rng.random() < 0.5:
            out["end"] = dt.date(rng.randint(LAST_END.year, LAST_END.year + 4), 12, 31)
        else:
            out["duration"] = "durée indéterminée"
    elif status == "expired":
        out["end"] = min(entry + dt.timedelta(days=365 * rng.randint(3, 6)), ref)
    elif status == "terminated":
        out["end"] = min(entry + dt.timedelta(days=rng.randint(200, 900)), ref)
    return out


def _commitment(
    corpus: Corpus,
    record: dict[str, Any],
    index: int,
    theme: str,
    parties: list[Place],
    status: str,
) -> dict[str, Any]:
    rng = corpus.rng
    title = rng.choice(words.THEMES[theme][1])
    leaders = [p for p in parties if p.leaders]
    commitment: dict[str, Any] = {
        "id": f"engagement-{index}",
        "title": title,
        "theme": theme,
        "text": f"Les parties s'engagent à : {title[0].lower()}{title[1:]}.",
        "actions": [_action(corpus, status, record) for _ in range(rng.randint(1, 3))],
        "lead": [parties[0].id] if parties[0].kind != "etat" else [],
        "sources": record["sources"],
    }
    if len(leaders) >= 2 and rng.random() < 0.3:
        pair = rng.sample(leaders, 2)
        commitment["pilots"] = [{"person": p.leaders[0], "on_behalf_of": p.id} for p in pair]
    return commitment


def _action(corpus: Corpus, status: str, record: dict[str, Any]) -> dict[str, Any]:
    rng = corpus.rng
    action_status = {
        "in_force": rng.choice(["planned", "ongoing", "done"]),
        "expired": rng.choice(["done", "stopped"]),
        "terminated": "stopped",
        "abandoned": "stopped",
    }.get(status, "planned")
    action: dict[str, Any] = {"title": rng.choice(words.ACTIONS), "status": action_status}
    signature = record.get("signature")
    if action_status == "done" and signature and rng.random() < 0.5:
        # A year, as sources often give it, between the signature and the reference date.
        start = int(str(signature["date"])[:4])
        action["date"] = Raw(str(rng.randint(start, max(start, corpus.reference.year - 1))))
        action["place"] = rng.choice(words.ACTION_PLACES)
    return action


def _source(day: dt.date, place: Place) -> dict[str, Any]:
    return {
        "document": DELIBERATIONS_DOCUMENT.format(year=day.year),
        "section": place.name,
        "page": 1 + day.timetuple().tm_yday // 8,
    }


def _join(names: list[str]) -> str:
    if len(names) > 4:
        return f"{names[0]} et {len(names) - 1} partenaires"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " et " + names[-1]


_ORDER = [
    "id",
    "title",
    "short_title",
    "kind",
    "status",
    "parties",
    "parent",
    "deliberations",
    "signature",
    "entry_into_force",
    "end",
    "duration",
    "milestones",
    "themes",
    "axes",
    "commitments",
    "sources",
    "notes",
]


def _ordered(record: dict[str, Any]) -> dict[str, Any]:
    return {key: record[key] for key in _ORDER if key in record}
