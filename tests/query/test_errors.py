"""Bad questions get one line and a hint, exit 2, never a traceback."""

from __future__ import annotations

import pytest

from coop.query.errors import FilterNotApplicable, InvalidQueryDate, QueryError, UnknownId
from query.helpers import FIXTURE, ids


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["territories", "--party", "alpha-metropole"], "--party does not apply to territories", "applies to agreements, commitments"),
        (["agreements", "--party", "gama-agglo"], "--party gama-agglo: no territory or body has this id", "did you mean gamma-agglo"),
        (["agreements", "--party", "Gamma"], "no territory or body has this id", "gamma-agglo"),
        (["agreements", "--theme", "mobilite"], "--theme mobilite: no theme has this id", "did you mean mobilites"),
        (["agreements", "--in-force-on", "2024-13-01"], "month 13 does not exist", "YYYY-MM-DD, YYYY-MM or YYYY"),
        (["agreements", "--in-force-on", "1 mars 2024"], "'1 mars 2024' is not a date", "YYYY-MM-DD, YYYY-MM or YYYY"),
        (["agreements", "--between", "2024", "2023"], "the period ends before it starts", "earlier date first"),
        (["territories", "--kind", "metropol"], "--kind metropol", "did you mean metropole"),
        (["agreement"], "no collection 'agreement'", "did you mean agreements"),
        ([], "name a collection, or give --sql or --schema", "coop query --help"),
        (["agreements", "--sql", "SELECT 1"], "--sql goes alone", "SQL goes alone"),
        (["agreements", "--format", "xml"], "--format 'xml': unknown format", "table, json, jsonl, csv, yaml, ids"),
        (["--sql", ""], "no statement to run in ''", "write one SELECT"),
        (["--sql", "-- only a comment"], "no statement to run", "write one SELECT"),
        (["--sql", ";"], "no statement to run", "write one SELECT"),
    ],
)  # fmt: skip
def test_usage_error(coop, args: list[str], message: str, hint: str) -> None:  # type: ignore[no-untyped-def]
    run = coop("query", *args, cwd=FIXTURE)
    assert run.code == 2, run.err
    assert message in run.err
    assert hint in run.err
    assert "Traceback" not in run.err
    assert run.out == ""


@pytest.mark.parametrize(
    ("collection", "filters", "error"),
    [
        ("people", {"kind": ["mayor"]}, FilterNotApplicable),
        ("bodies", {"in_force_on": ["2024"]}, FilterNotApplicable),
        ("agreements", {"member_of": ["reseau-alpha"]}, FilterNotApplicable),
        ("territories", {"partner_of": ["nowhere"]}, UnknownId),
        ("agreements", {"between": ("2024-02-30", "2025")}, InvalidQueryDate),
        ("agreements", {"status": ["active"]}, QueryError),
    ],
)
def test_typed_errors(
    collection: str, filters: dict[str, object], error: type[Exception], via: str
) -> None:
    with pytest.raises(error):
        ids(FIXTURE, collection, via, **filters)


def test_every_filter_documents_where_it_applies() -> None:
    """Each option's help names exactly the collections its filter applies to."""
    import inspect

    from coop.cli.query import query
    from coop.query.filters import FILTERS, QUERY_COLLECTIONS

    options = {
        p.default.param_decls[0]: p.default.help
        for p in inspect.signature(query).parameters.values()
        if getattr(p.default, "param_decls", None)
    }
    for spec in FILTERS.values():
        scope = options[spec.option].split(")")[0]
        named = {c for c in QUERY_COLLECTIONS if c in scope}
        assert named == set(spec.applies_to) or (scope == "(all" and len(spec.applies_to) == 5)
