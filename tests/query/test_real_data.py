"""Each filter on the real knowledge base in data/, with the ids a reader finds
in the records (see each record's parties, dates, themes, members and posts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from query.helpers import ids

REPO = Path(__file__).resolve().parents[2]

ADMT = "dialogue-metropolitain-toulouse"
ADMT_PROJECT = "projet-cooperation-admt-2023-2026"
ACCORD = "accord-cadre-toulouse-montpellier"
CONTRAT = "contrat-reciprocite-toulouse-portes-de-gascogne"
PACTE_EM = "pacte-etat-metropoles"
PACTE_TLS = "pacte-metropolitain-toulouse"


def test_question_1_agreements_binding_sicoval_in_force_on_mobility(coop) -> None:  # type: ignore[no-untyped-def]
    """Sicoval is bound through its membership of the Dialogue métropolitain,
    party to the 2023-2026 project, adopted by its general assembly on
    1 June 2023, which names mobility among its themes."""
    run = coop(
        "query", "agreements", "--party", "sicoval", "--in-force-on", "2024-03-01",
        "--theme", "mobilites", "--format", "ids",
    )  # fmt: skip
    assert (run.code, run.out.split()) == (0, [ADMT_PROJECT])


def test_question_2_partners_of_toulouse_metropole(coop) -> None:  # type: ignore[no-untyped-def]
    """Montpellier (accord-cadre), the State (the two pactes), the Pays des
    Portes de Gascogne (reciprocity contract); the CGET only coordinates."""
    run = coop("query", "territories", "--partner-of", "toulouse-metropole", "-f", "ids")
    assert (run.code, run.out.split()) == (
        0, ["etat", "montpellier-mediterranee-metropole", "pays-portes-de-gascogne"],
    )  # fmt: skip


def test_question_3_admt_members_without_agreement_with_toulouse_metropole(coop) -> None:  # type: ignore[no-untyped-def]
    run = coop(
        "query", "territories", "--member-of", ADMT, "--without-agreement-with",
        "toulouse-metropole", "-f", "ids",
    )  # fmt: skip
    assert (run.code, run.out.split()) == (
        0,
        ["agglo-foix-varilhes", "carcassonne-agglo", "coeur-et-coteaux-du-comminges",
         "grand-montauban", "occitanie", "sicoval"],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("collection", "filters", "expected"),
    [
        ("agreements", {"party": ["toulouse-metropole"]}, [ACCORD, CONTRAT, PACTE_EM, PACTE_TLS, ADMT_PROJECT]),
        ("agreements", {"party": ["etat"]}, [PACTE_EM, PACTE_TLS]),
        ("agreements", {"party": ["sicoval"]}, [ADMT_PROJECT]),
        ("agreements", {"party": ["cget"]}, []),  # coordinator of the Pacte État-métropoles
        ("agreements", {"theme": ["mobilites"]}, [ACCORD, CONTRAT, ADMT_PROJECT]),
        ("agreements", {"theme": ["cooperation-territoriale"]}, [PACTE_EM, PACTE_TLS, ADMT_PROJECT]),
        ("agreements", {"kind": ["contrat_reciprocite"]}, [CONTRAT]),
        ("agreements", {"status": ["signed"]}, [ACCORD, PACTE_EM, PACTE_TLS]),
        ("agreements", {"status": ["in_preparation", "adopted"]}, [CONTRAT, ADMT_PROJECT]),
        ("agreements", {"in_force_on": ["2016-03-01"]}, [ACCORD]),
        ("agreements", {"in_force_on": ["2016-07-06"]}, [ACCORD, PACTE_EM]),
        ("agreements", {"in_force_on": ["2017-01"]}, [ACCORD, PACTE_EM, PACTE_TLS]),
        ("agreements", {"in_force_on": ["2024-03-01"]}, [ACCORD, PACTE_EM, PACTE_TLS, ADMT_PROJECT]),
        ("agreements", {"in_force_on": ["2027-01-01"]}, [ACCORD, PACTE_EM, PACTE_TLS]),
        ("agreements", {"between": ("2016-01-01", "2016-06-30")}, [ACCORD]),
        ("agreements", {"text": ["reciprocite"]}, [CONTRAT, PACTE_TLS, ADMT_PROJECT]),
        ("agreements", {"text": ["NOUVEL ELAN"]}, [ADMT_PROJECT]),
        ("territories", {"kind": ["ca"]}, ["agglo-foix-varilhes", "carcassonne-agglo", "grand-montauban", "sicoval"]),
        ("territories", {"member_of": ["smeat"]}, ["toulouse-metropole"]),
        ("territories", {"partner_of": ["etat"]}, ["toulouse-metropole"]),
        ("territories", {"partner_of": ["montpellier-mediterranee-metropole"]}, ["toulouse-metropole"]),
        ("territories", {"without_agreement_with": ["etat"]}, [
            "agglo-foix-varilhes", "carcassonne-agglo", "coeur-et-coteaux-du-comminges", "gers",
            "grand-montauban", "montpellier-mediterranee-metropole", "occitanie",
            "pays-portes-de-gascogne", "sicoval",
        ]),
        ("territories", {"text": ["foix varilhes"]}, ["agglo-foix-varilhes"]),
        ("territories", {"text": ["occitanie mediterranee"]}, ["occitanie"]),
        ("bodies", {"kind": ["club"]}, [
            "club-action-coeur-de-ville", "club-developpement-equilibre-reseau",
            "club-revitalisation-territoires", "club-transition-ecologique",
        ]),
        ("bodies", {"text": ["coeur de ville"]}, ["club-action-coeur-de-ville"]),  # « Cœur »
        ("bodies", {"partner_of": ["toulouse-metropole"]}, []),
        ("people", {"member_of": ["admt-bureau"]}, ["jean-luc-moudenc", "regis-banquet", "thierry-deville"]),
        ("people", {"member_of": ["toulouse-metropole"]}, ["annette-laigneau", "jean-luc-moudenc"]),
        ("people", {"member_of": ["club-transition-ecologique"]}, ["marie-claude-berly", "regis-banquet"]),
        ("people", {"text": ["cecile"]}, ["cecile-altaber"]),
        ("commitments", {"theme": ["mobilites"]}, [f"{CONTRAT}/mobilites"]),
        ("commitments", {"party": ["sicoval"]}, [
            f"{ADMT_PROJECT}/defis-climatiques-ressources",
            f"{ADMT_PROJECT}/developpement-equilibre-reseau",
            f"{ADMT_PROJECT}/revitalisation-des-territoires",
        ]),
        ("commitments", {"theme": ["cooperation-territoriale"]}, [
            f"{PACTE_EM}/alliance-des-territoires", f"{PACTE_EM}/volet-alliance-des-territoires",
            f"{PACTE_TLS}/contrat-reciprocite-portes-de-gascogne",
        ]),
        ("commitments", {"text": ["reciprocite"]}, [
            f"{PACTE_TLS}/contrat-reciprocite-portes-de-gascogne",
            f"{ADMT_PROJECT}/defis-climatiques-ressources",
        ]),
    ],
)  # fmt: skip
def test_filter_on_data(
    collection: str, filters: dict[str, object], expected: list[str], via: str
) -> None:
    assert ids(REPO, collection, via, **filters) == expected
