"""The rule registry: every rule, explicitly imported, in code order."""

from __future__ import annotations

from coop.rule_catalog import matching
from coop.rules import (
    a001_bilateral_parties,
    a002_duplicate_party,
    c001_invalid_settings,
    d001_invalid_date,
    d002_date_order,
    d003_milestone_order,
    d004_status_dates,
    g001_pilots_same_intercommunality,
    i001_siren,
    i002_insee,
    i003_cog_unknown,
    i004_cog_mismatch,
    i005_cog_membership,
    p001_missing_source,
    p002_source_locator,
    p003_url_scheme,
    p004_document_not_found,
    r001_duplicate_id,
    r002_unknown_reference,
    r003_wrong_collection,
    s001_unknown_key,
    s002_missing_key,
    s003_invalid_value,
    s004_id_mismatch,
    s005_party_target,
    s006_misplaced_file,
    y001_yaml_syntax,
    y002_duplicate_key,
    y003_tab_indentation,
    y004_encoding,
    y005_byte_order_mark,
    y006_empty_file,
    y007_multiple_documents,
    y008_not_a_mapping,
    y009_custom_tag,
    y010_alias_expansion,
    y011_nesting_depth,
    y012_file_too_large,
    y013_unreadable_file,
    y014_unknown_suppression_code,
)
from coop.rules.base import Rule

_MODULES = [
    y001_yaml_syntax,
    y002_duplicate_key,
    y003_tab_indentation,
    y004_encoding,
    y005_byte_order_mark,
    y006_empty_file,
    y007_multiple_documents,
    y008_not_a_mapping,
    y009_custom_tag,
    y010_alias_expansion,
    y011_nesting_depth,
    y012_file_too_large,
    y013_unreadable_file,
    y014_unknown_suppression_code,
    s001_unknown_key,
    s002_missing_key,
    s003_invalid_value,
    s004_id_mismatch,
    s005_party_target,
    s006_misplaced_file,
    r001_duplicate_id,
    r002_unknown_reference,
    r003_wrong_collection,
    d001_invalid_date,
    d002_date_order,
    d003_milestone_order,
    d004_status_dates,
    i001_siren,
    i002_insee,
    i003_cog_unknown,
    i004_cog_mismatch,
    i005_cog_membership,
    p001_missing_source,
    p002_source_locator,
    p003_url_scheme,
    p004_document_not_found,
    a001_bilateral_parties,
    a002_duplicate_party,
    g001_pilots_same_intercommunality,
    c001_invalid_settings,
]

__all__ = ["RULES", "Rule", "get", "matching"]

RULES: dict[str, Rule] = {rule.code: rule for rule in map(Rule.from_module, _MODULES)}


def get(code: str) -> Rule | None:
    return RULES.get(code.upper())
