"""Per-file checking: duplicates are checked like any record, dropped values
are not reported a second time as missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coop.validate.engine import Options, validate

AS_OF = dt.date(2026, 11, 22)
SOURCE = "sources:\n  - url: https://example.org/\n"


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _codes(root: Path, **options: object) -> list[tuple[str, int, int, str]]:
    result = validate(root, Options(as_of=AS_OF, use_cache=False, **options))  # type: ignore[arg-type]
    return [(d.path, d.line, d.col, d.code) for d in result.diagnostics]


def test_second_record_with_an_id_is_checked_whatever_the_batches(tmp_path: Path) -> None:
    for i in range(30):
        _write(
            tmp_path,
            f"data/territories/t{i:02d}.yaml",
            f"id: t{i:02d}\nname: T\nkind: other\n{SOURCE}",
        )
    # Same id as t00, and a problem of its own (no source): both must be reported.
    _write(tmp_path, "data/territories/t29b.yaml", "id: t00\nname: Copy\nkind: other\n")
    one = _codes(tmp_path, jobs=1)
    assert ("data/territories/t29b.yaml", 1, 5, "R001") in one
    assert ("data/territories/t29b.yaml", 1, 5, "P001") in one
    assert ("data/territories/t29b.yaml", 1, 5, "S004") in one
    # Two workers, one file per batch: the duplicates never share a batch.
    assert _codes(tmp_path, jobs=2, min_parallel=1) == one


@pytest.mark.parametrize(
    ("body", "kept", "absent"),
    [
        # An invalid signature date is D001, not also "signed without a date" (D004).
        ("status: signed\nsignature:\n  date: 29/01/2016\n", "D001", "D004"),
        # An invalid url is S003, not also "a source without url or document" (P002).
        ("status: adopted\n" + "sources:\n  - url: 12\n", "S003", "P002"),
        # A party whose territory is invalid is S003, not also "names no territory" (S005).
        ("status: adopted\nparties:\n  - territory: 12\n", "S003", "S005"),
    ],
)
def test_dropped_invalid_value_is_not_reported_missing(
    tmp_path: Path, body: str, kept: str, absent: str
) -> None:
    text = f"id: a\ntitle: A\nkind: other\n{body}"
    if "sources:" not in body:
        text += SOURCE
    _write(tmp_path, "data/agreements/a.yaml", text)
    codes = {code for *_, code in _codes(tmp_path)}
    assert kept in codes
    assert absent not in codes
