"""Every diagnostic says what to do: a hint on each syntax error libyaml can
give and on each value of the wrong type, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_coop

from hardening import wrong_types
from hardening.corpus import build

# One file per kind of libyaml complaint (and the alias coop resolves itself),
# with the line:col each is reported at.
SYNTAX = {
    "backtick": ("id: backtick\nname: `x\n", 2, 7),
    "at-sign": ("id: at-sign\nname: @x\n", 2, 7),
    "escape": ('id: escape\nname: "a\\qb"\n', 2, 9),
    "hex-escape": ('id: hex-escape\nname: "\\x4"\n', 2, 10),
    "flow-node": ("id: [\n", 2, 1),
    "duplicate-directive": ("%YAML 1.1\n%YAML 1.1\n---\nid: x\n", 2, 1),
    "unknown-directive": ("%FOO bar\n---\nid: x\n", 1, 5),
    "yaml-2": ("%YAML 2.0\n---\nid: x\n", 1, 1),
    "undefined-alias": ("id: undefined-alias\nname: *nowhere\n", 2, 7),
    "empty-anchor": ("id: empty-anchor\nname: & x\n", 2, 8),  # where the name should be
    "bad-tag": ("id: bad-tag\nname: !<x y\n", 2, 10),  # where the ">" should be
    "tag-handle": ("id: tag-handle\nname: !e!x y\n", 2, 7),
    "block-scalar": ("id: block-scalar\nname: | junk\n  text\n", 2, 9),
    "key-after-list": ("- a\nb: c\n", 2, 1),
}


def test_every_syntax_error_has_a_hint(tmp_path: Path) -> None:
    root = build(None, tmp_path / "kb")
    for name, (text, _, _) in SYNTAX.items():
        (root / f"data/people/{name}.yaml").write_text(text, encoding="utf-8")
    run = run_coop("validate", "--kb", str(root), "--format", "json", "--no-cache")
    assert run.code == 1, run.err
    found = {
        d["path"].rsplit("/", 1)[-1][: -len(".yaml")]: (d["line"], d["column"], d["hint"])
        for d in json.loads(run.out)["diagnostics"]
        if d["code"] == "Y001"
    }
    assert found.keys() == SYNTAX.keys()
    for name, (_, line, col) in SYNTAX.items():
        assert found[name][:2] == (line, col), name
        assert found[name][2], f"{name}: no hint"


def test_every_wrong_value_has_a_hint(tmp_path: Path) -> None:
    root = build(None, tmp_path / "kb")
    for case in wrong_types.cases():
        text, _ = wrong_types.emit(wrong_types.record_for(case), case.path)
        (root / case.rel).write_text(text, encoding="utf-8")
    # Values of the other wrong types, in the fields of a person.
    sources = "sources:\n  - url: https://example.org/x\n"
    for name, value in [("number-name", "name: 12"), ("null-name", "name: ~")]:
        (root / f"data/people/{name}.yaml").write_text(f"id: {name}\n{value}\n{sources}")
    run = run_coop("validate", "--kb", str(root), "--format", "json", "--no-cache")
    assert run.code == 1, run.err
    diagnostics = json.loads(run.out)["diagnostics"]
    assert {d["code"] for d in diagnostics} == {"S003", "D001"}
    assert [d for d in diagnostics if not d["hint"]] == []
    messages = {d["path"].rsplit("/", 1)[-1]: d["message"] for d in diagnostics}
    assert (
        messages["null-name.yaml"] == "name: Input should be a valid string, found nothing (null)"
    )
    # Dates name what was found in the analyst's words, not Python's.
    dates = [d["message"] for d in diagnostics if d["code"] == "D001"]
    assert dates and all("dict" not in m and "YYYY" not in m for m in dates), dates[:3]
