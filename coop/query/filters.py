"""The filters of ``coop query`` and the collections each one applies to.

Filters combine with AND; the values repeated for one filter combine with OR.
A filter that means nothing for a collection is an error, never ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

QUERY_COLLECTIONS = ("agreements", "commitments", "territories", "bodies", "people")

_AGREEMENTS = frozenset({"agreements", "commitments"})
_PARTIES = frozenset({"territories", "bodies"})


@dataclass(frozen=True)
class FilterSpec:
    option: str
    applies_to: frozenset[str]
    meaning: str


# One line of documentation per filter: `coop query --help` and the README
# show this table; `select` enforces it.
FILTERS: dict[str, FilterSpec] = {
    "party": FilterSpec(
        "--party",
        _AGREEMENTS,
        "bound by it: ID is a party (signatory, party or beneficiary), or a member of a "
        "body that is one",
    ),
    "theme": FilterSpec(
        "--theme",
        _AGREEMENTS,
        "on this theme (an agreement: its themes or a commitment's; a commitment: its own)",
    ),
    "kind": FilterSpec(
        "--kind",
        frozenset({"agreements", "commitments", "territories", "bodies"}),
        "of this kind (a commitment: its agreement's kind)",
    ),
    "status": FilterSpec(
        "--status", _AGREEMENTS, "with this status (a commitment: its agreement's)"
    ),
    "in_force_on": FilterSpec(
        "--in-force-on",
        _AGREEMENTS,
        "in force on DATE (YYYY-MM-DD, or YYYY-MM / YYYY: at some time in it)",
    ),
    "between": FilterSpec(
        "--between", _AGREEMENTS, "in force at some time between two dates (inclusive)"
    ),
    "member_of": FilterSpec(
        "--member-of",
        frozenset({"territories", "bodies", "people"}),
        "a member of body or territory ID (a person: holds a post or mandate in it)",
    ),
    "partner_of": FilterSpec(
        "--partner-of",
        _PARTIES,
        "bound as a party by at least one agreement that binds ID (ID itself excluded)",
    ),
    "without_agreement_with": FilterSpec(
        "--without-agreement-with",
        _PARTIES,
        "bound as a party by no agreement that binds ID (ID itself excluded)",
    ),
    "text": FilterSpec(
        "--text",
        frozenset(QUERY_COLLECTIONS),
        "every word occurs in names, titles or commitment text, ignoring accents and case",
    ),
}


@dataclass
class Filters:
    """The filters of one query, as given on the command line."""

    party: list[str] = field(default_factory=list)
    theme: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    in_force_on: list[str] = field(default_factory=list)
    between: tuple[str, str] | None = None
    member_of: list[str] = field(default_factory=list)
    partner_of: list[str] = field(default_factory=list)
    without_agreement_with: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def given(self) -> list[str]:
        """Names of the filters that have a value, in declaration order."""
        return [f.name for f in fields(self) if getattr(self, f.name)]
