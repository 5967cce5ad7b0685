"""The real knowledge base in data/: facts checked on the loaded records.

These tests load ``data/`` through the same code as ``coop validate`` and
check a sample of what the five source documents say, so that a wrong edit
of the data (or a loader change that drops a field) fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import REPO, run_coop

from coop.kb.index import KnowledgeBase
from coop.kb.walk import iter_instances
from coop.model import PartialDate, Source
from coop.model.vocabulary import AgreementStatus, MemberRole, PostRole
from coop.validate.engine import load_kb
from coop.validate.settings import load_settings

DOCUMENTS = REPO / "documents"
PACTE_ETAT = "pacte-etat-metropoles"
PACTE_TOULOUSE = "pacte-metropolitain-toulouse"
CONTRAT = "contrat-reciprocite-toulouse-portes-de-gascogne"
PROJET = "projet-cooperation-admt-2023-2026"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    settings, problems = load_settings(REPO)
    assert problems == []
    kb, problems = load_kb(REPO, settings)
    assert problems == []
    return kb


def _sources(kb: KnowledgeBase) -> Iterator[tuple[str, Source]]:
    for record in kb.iter_records():
        for _, source in iter_instances(record, Source):
            yield record.id, source


def _normalise(text: str) -> str:
    # Quotes are copied without the documents' Markdown bold and line breaks.
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def test_validate_exits_0_without_warnings() -> None:
    run = run_coop("validate", "--strict")
    assert run.code == 0, run.out + run.err
    assert "no problems" in run.out


def test_every_record_cites_a_document_that_exists(kb: KnowledgeBase) -> None:
    available = {path.name for path in DOCUMENTS.iterdir()}
    assert len(available) == 5
    for record in kb.iter_records(("territories", "agreements", "bodies", "people")):
        documents = [s.document for s in record.sources]
        assert documents, record.id
        assert set(documents) <= available, record.id
    cited = {source.document for _, source in _sources(kb)}
    assert cited == available


def test_every_quote_is_in_its_document(kb: KnowledgeBase) -> None:
    texts = {path.name: _normalise(path.read_text("utf-8")) for path in DOCUMENTS.iterdir()}
    quotes = [(rid, s) for rid, s in _sources(kb) if s.quote and s.document]
    assert len(quotes) > 100
    for record_id, source in quotes:
        assert source.document is not None
        assert _normalise(source.quote or "") in texts[source.document], (record_id, source.quote)


def test_accord_cadre_parties_and_signature(kb: KnowledgeBase) -> None:
    accord = kb.agreements["accord-cadre-toulouse-montpellier"]
    assert [p.territory for p in accord.parties] == [
        "toulouse-metropole",
        "montpellier-mediterranee-metropole",
    ]
    assert accord.signature is not None
    assert accord.signature.date == PartialDate(2016, 1, 29)
    assert {"developpement-economique", "culture", "mobilites", "habitat"} <= set(accord.themes)
    actions = [a for c in accord.commitments for a in c.actions]
    assert {a.place for a in actions} == {"Barcelone", "Cannes"}
    assert all(a.status.value == "done" for a in actions)


def test_pacte_etat_metropoles(kb: KnowledgeBase) -> None:
    pacte = kb.agreements[PACTE_ETAT]
    assert pacte.signature is not None
    assert (pacte.signature.date, pacte.signature.place) == (PartialDate(2016, 7, 6), "Lyon")
    objectives = [c for c in pacte.commitments if not c.mandatory]
    assert len(objectives) == 4
    (alliance,) = [c for c in pacte.commitments if c.mandatory]
    assert {s.document for s in alliance.sources} == {
        "003_94f56c56c10fe30f.txt",
        "004_f1613303c7455f9d.txt",
    }
    (pactes,) = [m for m in pacte.milestones if m.until]
    assert (pactes.date, pactes.until) == (PartialDate(2016, 11), PartialDate(2017, 3))
    assert "15 pactes" in pactes.event


def test_toulouse_pacte_signatories_and_parent(kb: KnowledgeBase) -> None:
    pacte = kb.agreements[PACTE_TOULOUSE]
    assert pacte.parent == PACTE_ETAT
    assert pacte.signature is not None and pacte.signature.date == PartialDate(2017, 1)
    signed = {p.territory: p.signed_by for p in pacte.parties}
    assert signed == {"etat": ["bernard-cazeneuve"], "toulouse-metropole": ["jean-luc-moudenc"]}
    assert kb.derived_agreements[PACTE_TOULOUSE] == [kb.agreements[CONTRAT]]


def test_reciprocity_contract(kb: KnowledgeBase) -> None:
    contrat = kb.agreements[CONTRAT]
    assert contrat.parent == PACTE_TOULOUSE
    assert {p.territory for p in contrat.parties} == {
        "toulouse-metropole",
        "pays-portes-de-gascogne",
    }
    themes = [c.theme for c in contrat.commitments]
    assert themes == [
        "developpement-economique",
        "agriculture-alimentation",
        "tourisme",
        "culture",
        "mobilites",
        "transition-energetique",
    ]
    assert all(c.sources for c in contrat.commitments)
    (vote,) = contrat.deliberations
    # The press release says "le 29 juin prochain" without a year: none is invented.
    assert vote.scheduled and vote.date is None and "29 juin" in (vote.date_text or "")
    assert contrat.status == AgreementStatus.in_preparation
    announced = contrat.milestones[0]
    assert announced.date == PartialDate(2016, 7)
    assert announced.sources[0].document == "000_e0eabf7a569b51ab.txt"
    pays = kb.territories["pays-portes-de-gascogne"]
    assert pays.member_count == 170 and pays.identifiers.siren is None


CLUBS = {
    "club-revitalisation-territoires": {
        "thomas-fromentin": "agglo-foix-varilhes",
        "annette-laigneau": "toulouse-metropole",
    },
    "club-developpement-equilibre-reseau": {
        "magali-gasto-oustric": "coeur-et-coteaux-du-comminges",
        "jacques-oberti": "sicoval",
    },
    "club-transition-ecologique": {
        "regis-banquet": "carcassonne-agglo",
        "marie-claude-berly": "grand-montauban",
    },
}


@pytest.mark.parametrize("club_id", sorted(CLUBS))
def test_club_pilots_and_rhythm(kb: KnowledgeBase, club_id: str) -> None:
    club = kb.bodies[club_id]
    referents = {
        post.person: post.on_behalf_of
        for post in club.posts
        if post.role == PostRole.referent_official
    }
    assert referents == CLUBS[club_id]
    assert len(set(referents.values())) == 2  # two different intercommunalities
    assert {m.per_year for m in club.meets} == {4}
    assert [a.body for a in club.animated_by] == ["auat"]
    assert club.set_up_by == PROJET


def test_projet_strands_are_piloted_by_the_club_referents(kb: KnowledgeBase) -> None:
    projet = kb.agreements[PROJET]
    assert [a.title for a in projet.axes] == ["Dialoguer", "Coopérer", "Fédérer"]
    assert len(projet.commitments) == 3
    for strand in projet.commitments:
        assert strand.body in CLUBS
        assert strand.observation and strand.need and strand.added_value and strand.actions
        pilots = {p.person: p.on_behalf_of for p in strand.pilots}
        assert pilots == CLUBS[strand.body]
    (adoption,) = projet.deliberations
    assert (adoption.body, adoption.date) == ("admt-assemblee-generale", PartialDate(2023, 6, 1))
    assert projet.review is not None
    biennale = [m.date for m in projet.review.milestones if "Biennale" in m.event and m.date]
    assert biennale == [PartialDate(2016), PartialDate(2018)]


def test_general_assembly_and_bureau_posts(kb: KnowledgeBase) -> None:
    ag = kb.bodies["admt-assemblee-generale"]
    assert [(p.role, p.person) for p in ag.posts] == [(PostRole.president, "jean-luc-moudenc")]
    assert {m.per_year for m in ag.meets} == {2}
    bureau = kb.bodies["admt-bureau"]
    assert [(p.role, p.person, p.on_behalf_of) for p in bureau.posts] == [
        (PostRole.president, "jean-luc-moudenc", "toulouse-metropole"),
        (PostRole.secretary, "regis-banquet", "carcassonne-agglo"),
        (PostRole.treasurer, "thierry-deville", "grand-montauban"),
    ]


def test_conference_des_directions_keeps_both_rhythms(kb: KnowledgeBase) -> None:
    conference = kb.bodies["admt-conference-directions"]
    rhythms = {(m.per_year, m.at_least) for m in conference.meets}
    assert rhythms == {(2, False), (3, True)}
    assert conference.notes  # the discrepancy is flagged, not silently resolved


def test_association_members(kb: KnowledgeBase) -> None:
    admt = kb.bodies["dialogue-metropolitain-toulouse"]
    assert admt.member_count == 11
    roles = {m.territory: m.role for m in admt.members}
    assert roles.pop("occitanie") == MemberRole.associate_member
    assert len(roles) == 6 and set(roles.values()) == {MemberRole.full_member}
    assert len(kb.sub_bodies[admt.id]) == 8


def test_epcis_carry_official_identifiers(kb: KnowledgeBase) -> None:
    expected = {
        "toulouse-metropole": ("243100518", "Toulouse Métropole", "metropole"),
        "montpellier-mediterranee-metropole": (
            "243400017",
            "Montpellier Méditerranée Métropole",
            "metropole",
        ),
        "agglo-foix-varilhes": ("200067791", "CA L'Agglo Foix-Varilhes", "ca"),
        "coeur-et-coteaux-du-comminges": ("200072643", "CC Coeur et Coteaux du Comminges", "cc"),
        "sicoval": ("243100633", "CA du Sicoval", "ca"),
        "carcassonne-agglo": ("200035715", "CA Carcassonne Agglo", "ca"),
        "grand-montauban": ("248200099", "CA Grand Montauban", "ca"),
    }
    for territory_id, (siren, name, kind) in expected.items():
        territory = kb.territories[territory_id]
        assert (str(territory.identifiers.siren), territory.name, territory.kind.value) == (
            siren,
            name,
            kind,
        )
    assert "L'Agglo Foix-Varilhès" in kb.territories["agglo-foix-varilhes"].aliases
    assert str(kb.territories["occitanie"].identifiers.insee) == "76"
