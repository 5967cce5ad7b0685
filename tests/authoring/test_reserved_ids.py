"""Ids that `coop report` reads as keywords: `coop new` and `coop rename`
refuse them, `coop validate` reports them (S007), all from one definition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rules.helpers import write_kb

from coop.reserved import REPORT_KEYWORDS, longer_id, reserved_why

WORDS = sorted(REPORT_KEYWORDS)


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "data").rglob("*"))
        if p.is_file()
    }


def test_reserved_why_and_longer_id() -> None:
    assert reserved_why("all-agreement") is None
    assert reserved_why("sicoval") is None
    for word in WORDS:
        why = reserved_why(word)
        assert why is not None and f"`coop report {word}`" in why
        assert reserved_why(longer_id(word, "agreements")) is None
    assert longer_id("overview", "people") == "overview-person"


@pytest.mark.parametrize("command", ["agreement", "body", "person", "territory"])
@pytest.mark.parametrize("word", WORDS)
def test_new_refuses_a_reserved_id(coop, tmp_path: Path, command: str, word: str) -> None:  # type: ignore[no-untyped-def]
    root = write_kb(tmp_path)
    before = _files(root)
    run = coop("new", command, word, cwd=root)
    assert run.code == 2, run.out
    assert f"{word!r} is reserved" in run.err
    assert f"hint: choose a longer id, e.g. {word}-{command}" in run.err
    assert "Traceback" not in run.err
    assert _files(root) == before


def test_new_territory_from_the_cog_refuses_a_reserved_id(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = write_kb(tmp_path)
    before = _files(root)
    run = coop("new", "territory", "--insee", "31557", "--id", "overview", cwd=root)
    assert run.code == 2, run.out
    assert "'overview' is reserved" in run.err
    assert "--id overview-territory" in run.err
    assert _files(root) == before


@pytest.mark.parametrize("word", WORDS)
def test_rename_refuses_a_reserved_id(coop, tmp_path: Path, word: str) -> None:  # type: ignore[no-untyped-def]
    root = write_kb(tmp_path)
    before = _files(root)
    run = coop("rename", "sicoval", word, cwd=root)
    assert run.code == 2, run.out
    assert f"{word!r} is reserved" in run.err
    assert f"coop rename sicoval {word}-territory" in run.err
    assert _files(root) == before
    theme = coop("rename", "mobilite", word, "--dry-run", cwd=root)
    assert theme.code == 2
    assert f"{word}-theme" in theme.err


def test_validate_reports_it_and_the_hinted_rename_mends_it(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    record = "id: all\nname: Tous\nsources: [{document: deliberation.txt}]\n"
    root = write_kb(tmp_path, {"data/people/all.yaml": record})
    run = coop("validate", "--format", "json", "--no-cache", cwd=root)
    assert run.code == 1, run.err
    (found,) = json.loads(run.out)["diagnostics"]
    assert (found["path"], found["line"], found["column"], found["code"]) == (
        "data/people/all.yaml",
        1,
        5,
        "S007",
    )
    assert "`coop rename all all-person`" in found["hint"]
    renamed = coop("rename", "all", "all-person", cwd=root)  # a reserved id can be left
    assert renamed.code == 0, renamed.err
    assert coop("validate", "--no-cache", cwd=root).code == 0


def test_coop_rules_lists_and_documents_s007(coop) -> None:  # type: ignore[no-untyped-def]
    listed = coop("rules")
    assert "S007" in listed.out and "reserved-id" in listed.out
    doc = coop("rules", "reserved-id")
    assert doc.code == 0
    assert doc.out.startswith("S007 reserved-id")
    assert "`all`" in doc.out and "`overview`" in doc.out
