"""Every rule's code, name, default severity and scope, without importing the rules.

The rule modules import the data model (pydantic, ~0.3 s to build); a run
that can answer from its cache, and the CLI when it checks ``--select``,
only need these few facts. The table is written out here and a test checks
it against the registry (``coop.rules.RULES``), so the two cannot drift.
"""

from __future__ import annotations

from typing import NamedTuple

from coop.diagnostics import Severity


class RuleInfo(NamedTuple):
    code: str
    name: str
    severity: Severity
    scope: str  # "record" or "kb"


_E, _W = Severity.error, Severity.warning

# In the registry's order (coop/rules/__init__.py). Outside that package: importing
# anything under coop.rules runs its __init__, which imports every rule.
CATALOG: dict[str, RuleInfo] = {
    info.code: info
    for info in (
        RuleInfo("Y001", "yaml-syntax", _E, "record"),
        RuleInfo("Y002", "duplicate-key", _E, "record"),
        RuleInfo("Y003", "tab-indentation", _E, "record"),
        RuleInfo("Y004", "encoding", _E, "record"),
        RuleInfo("Y005", "byte-order-mark", _W, "record"),
        RuleInfo("Y006", "empty-file", _E, "record"),
        RuleInfo("Y007", "multiple-documents", _E, "record"),
        RuleInfo("Y008", "not-a-mapping", _E, "record"),
        RuleInfo("Y009", "custom-tag", _E, "record"),
        RuleInfo("Y010", "alias-expansion", _E, "record"),
        RuleInfo("Y011", "nesting-depth", _E, "record"),
        RuleInfo("Y012", "file-too-large", _E, "record"),
        RuleInfo("Y013", "unreadable-file", _E, "record"),
        RuleInfo("Y014", "unknown-suppression-code", _E, "record"),
        RuleInfo("S001", "unknown-key", _E, "record"),
        RuleInfo("S002", "missing-key", _E, "record"),
        RuleInfo("S003", "invalid-value", _E, "record"),
        RuleInfo("S004", "id-mismatch", _E, "record"),
        RuleInfo("S005", "party-target", _E, "record"),
        RuleInfo("S006", "misplaced-file", _E, "record"),
        RuleInfo("S007", "reserved-id", _E, "record"),
        RuleInfo("R001", "duplicate-id", _E, "kb"),
        RuleInfo("R002", "unknown-reference", _E, "kb"),
        RuleInfo("R003", "wrong-collection", _E, "kb"),
        RuleInfo("D001", "invalid-date", _E, "record"),
        RuleInfo("D002", "date-order", _E, "record"),
        RuleInfo("D003", "milestone-order", _E, "record"),
        RuleInfo("D004", "status-dates", _E, "record"),
        RuleInfo("I001", "siren", _E, "record"),
        RuleInfo("I002", "insee", _E, "record"),
        RuleInfo("I003", "cog-unknown", _E, "record"),
        RuleInfo("I004", "cog-mismatch", _W, "record"),
        RuleInfo("I005", "cog-membership", _W, "kb"),
        RuleInfo("P001", "missing-source", _E, "record"),
        RuleInfo("P002", "source-locator", _E, "record"),
        RuleInfo("P003", "url-scheme", _E, "record"),
        RuleInfo("P004", "document-not-found", _E, "record"),
        RuleInfo("A001", "bilateral-parties", _E, "record"),
        RuleInfo("A002", "duplicate-party", _E, "record"),
        RuleInfo("G001", "pilots-same-intercommunality", _E, "record"),
        RuleInfo("C001", "invalid-settings", _E, "record"),
    )
}


def rule_name(code: str) -> str | None:
    info = CATALOG.get(code)
    return info.name if info is not None else None


def matching(selectors: list[str]) -> set[str]:
    """Codes matched by selectors: full codes (``D002``), families (``D``) or names."""
    out: set[str] = set()
    for selector in selectors:
        sel = selector.strip()
        for info in CATALOG.values():
            if info.code.startswith(sel.upper()) or info.name == sel.lower():
                out.add(info.code)
    return out
