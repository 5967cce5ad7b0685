"""The light rule catalog says what the registry says, rule for rule, in order."""

from coop.rule_catalog import CATALOG, RuleInfo, matching
from coop.rules import RULES


def test_catalog_matches_the_registry() -> None:
    expected = [RuleInfo(r.code, r.name, r.severity, r.scope) for r in RULES.values()]
    assert list(CATALOG.values()) == expected


def test_matching_by_code_family_and_name() -> None:
    assert matching(["D002"]) == {"D002"}
    assert matching(["r"]) == {"R001", "R002", "R003"}
    assert matching(["cog-membership"]) == {"I005"}
    assert matching(["nothing-like-this"]) == set()
