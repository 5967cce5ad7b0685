"""The README's filter table says where each filter applies, as the code does."""

from __future__ import annotations

from pathlib import Path

from coop.query.filters import FILTERS, QUERY_COLLECTIONS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_filter_table_matches_the_code() -> None:
    rows = {
        line.split("|")[1].strip().strip("`").split()[0]: line.split("|")[2]
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `--")
    }
    assert set(rows) == {spec.option for spec in FILTERS.values()}
    for spec in FILTERS.values():
        scope = rows[spec.option].strip()
        named = set(QUERY_COLLECTIONS) if scope == "all" else {c.strip() for c in scope.split(",")}
        assert named == set(spec.applies_to), spec.option
