"""Each filter on the fictional knowledge base in tests/query/kb (read its
records to check the expected ids), in-process; a few through the real CLI."""

from __future__ import annotations

import pytest

from query.helpers import FIXTURE, ids

A = "agreements"


@pytest.mark.parametrize(
    ("collection", "filters", "expected"),
    [
        # --party: directly, or through a body (reseau-alpha) that is a party
        (A, {"party": ["gamma-agglo"]}, ["convention-gamma-delta-2010", "entente-gamma-beta", "projet-reseau-alpha-2023"]),
        (A, {"party": ["reseau-alpha"]}, ["projet-reseau-alpha-2023"]),
        (A, {"party": ["zeta-ville"]}, []),  # only an observer of pacte-etat-alpha
        (A, {"party": ["alpha-metropole", "delta-communes"]}, [
            "accord-alpha-beta", "contrat-alpha-epsilon", "convention-beta-delta",
            "convention-gamma-delta-2010", "pacte-etat-alpha", "projet-reseau-alpha-2023",
        ]),
        # --theme: the agreement's themes or its commitments'
        (A, {"theme": ["mobilites"]}, ["accord-alpha-beta", "convention-gamma-delta-2010", "entente-gamma-beta", "projet-reseau-alpha-2023"]),
        (A, {"theme": ["innovation"]}, ["accord-alpha-beta", "pacte-etat-alpha"]),
        (A, {"kind": ["convention_partenariat"]}, ["convention-beta-delta", "convention-gamma-delta-2010"]),
        (A, {"status": ["signed", "expired"]}, ["accord-alpha-beta", "convention-gamma-delta-2010", "pacte-etat-alpha"]),
        # in force: the terminated entente has no end date and is never matched
        (A, {"in_force_on": ["2024-03-01"]}, ["accord-alpha-beta", "convention-beta-delta", "pacte-etat-alpha", "projet-reseau-alpha-2023"]),
        (A, {"in_force_on": ["2017-01-15"]}, ["accord-alpha-beta", "pacte-etat-alpha"]),  # signed "2017-01"
        (A, {"in_force_on": ["2016-12-31"]}, ["accord-alpha-beta"]),
        (A, {"in_force_on": ["2027-01-01"]}, ["accord-alpha-beta", "convention-beta-delta", "pacte-etat-alpha"]),
        (A, {"in_force_on": ["2013"]}, ["convention-gamma-delta-2010"]),
        (A, {"in_force_on": ["2013", "2016-06-01"]}, ["accord-alpha-beta", "convention-gamma-delta-2010"]),
        (A, {"between": ("2015-01-01", "2016-01-28")}, []),
        (A, {"between": ("2014-12-31", "2016-01-29")}, ["accord-alpha-beta", "convention-gamma-delta-2010"]),
        (A, {"between": ("2020-08", "2020-09")}, ["accord-alpha-beta", "convention-beta-delta", "pacte-etat-alpha"]),
        (A, {"party": ["gamma-agglo"], "in_force_on": ["2024-03-01"], "theme": ["mobilites"]}, ["projet-reseau-alpha-2023"]),
        # --text: accents, case, several words, commitment text
        (A, {"text": ["reciprocite"]}, ["contrat-alpha-epsilon"]),
        (A, {"text": ["RÉCIPROCITÉ ville"]}, ["contrat-alpha-epsilon"]),
        (A, {"text": ["ferroviaire"]}, ["projet-reseau-alpha-2023"]),
        ("territories", {"kind": ["metropole"]}, ["alpha-metropole", "beta-metropole"]),
        ("territories", {"member_of": ["reseau-alpha"]}, ["alpha-metropole", "delta-communes", "gamma-agglo"]),
        ("territories", {"member_of": ["alpha-metropole"]}, ["alpha-ville"]),
        ("territories", {"member_of": ["delta-communes"]}, ["zeta-ville"]),  # by parent
        ("territories", {"partner_of": ["alpha-metropole"]}, ["beta-metropole", "etat", "pays-epsilon"]),
        ("territories", {"partner_of": ["gamma-agglo"]}, ["beta-metropole", "delta-communes"]),
        ("territories", {"without_agreement_with": ["alpha-metropole"]}, ["alpha-ville", "delta-communes", "gamma-agglo", "zeta-ville"]),
        ("territories", {"member_of": ["reseau-alpha"], "without_agreement_with": ["alpha-metropole"]}, ["delta-communes", "gamma-agglo"]),
        ("territories", {"text": ["beta"]}, ["beta-metropole"]),
        ("territories", {"text": ["agglo gamma"]}, ["gamma-agglo"]),
        ("territories", {"text": ["zeta", "epsilon"]}, ["pays-epsilon", "zeta-ville"]),
        ("bodies", {"kind": ["club"]}, ["club-mobilite"]),
        ("bodies", {"member_of": ["club-mobilite"]}, ["reseau-alpha"]),
        ("bodies", {"partner_of": ["alpha-metropole"]}, []),
        ("bodies", {"without_agreement_with": ["alpha-metropole"]}, ["club-mobilite", "reseau-alpha"]),
        ("bodies", {"text": ["reseau"]}, ["club-mobilite", "reseau-alpha"]),
        ("people", {"member_of": ["reseau-alpha"]}, ["jeanne-martin", "lea-petit"]),
        ("people", {"member_of": ["gamma-agglo"]}, ["paul-durand"]),
        ("people", {"text": ["durant"]}, ["paul-durand"]),
        ("people", {"text": ["lea"]}, ["lea-petit"]),
        ("commitments", {"party": ["gamma-agglo"], "theme": ["mobilites"]}, ["projet-reseau-alpha-2023/mobilite"]),
        ("commitments", {"theme": ["culture"]}, ["projet-reseau-alpha-2023/culture"]),
        ("commitments", {"kind": ["accord_cadre"]}, ["accord-alpha-beta/salons"]),
        ("commitments", {"status": ["in_preparation"]}, ["contrat-alpha-epsilon/alimentation"]),
        ("commitments", {"in_force_on": ["2024-03-01"]}, ["accord-alpha-beta/salons", "projet-reseau-alpha-2023/culture", "projet-reseau-alpha-2023/mobilite"]),
        ("commitments", {"text": ["cantines"]}, ["contrat-alpha-epsilon/alimentation"]),
        ("commitments", {"text": ["barcelone"]}, ["accord-alpha-beta/salons"]),
    ],
)  # fmt: skip
def test_filter(collection: str, filters: dict[str, object], expected: list[str], via: str) -> None:
    assert ids(FIXTURE, collection, via, **filters) == expected


def test_no_filter_lists_everything_sorted(via: str) -> None:
    assert ids(FIXTURE, "agreements", via) == sorted(ids(FIXTURE, "agreements", via))
    assert len(ids(FIXTURE, "agreements", via)) == 7
    assert len(ids(FIXTURE, "commitments", via)) == 4


def test_through_the_cli(coop) -> None:  # type: ignore[no-untyped-def]
    run = coop(
        "query", "agreements", "--party", "gamma-agglo", "--in-force-on", "2024-03-01",
        "--theme", "mobilites", "--format", "ids", cwd=FIXTURE,
    )  # fmt: skip
    assert (run.code, run.out, run.err) == (0, "projet-reseau-alpha-2023\n", "")
    run = coop(
        "query", "territories", "--member-of", "reseau-alpha", "--without-agreement-with",
        "alpha-metropole", "-f", "ids", "--kb", str(FIXTURE),
    )  # fmt: skip
    assert run.out.split() == ["delta-communes", "gamma-agglo"]
