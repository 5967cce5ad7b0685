"""The README's filter table says where each filter applies, as the code does."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from conftest import REPO, run_coop

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


def _examples(command: str) -> list[str]:
    import importlib

    function = getattr(importlib.import_module(f"coop.cli.{command}"), command)
    return [
        line.strip()
        for line in (function.__doc__ or "").splitlines()
        if line.strip().startswith("coop ")
    ]


@pytest.mark.parametrize("command", ["query", "export"])
def test_help_prints_every_example_whole(command: str) -> None:
    # Help text is wrapped to 78 columns: an example cut in two cannot be
    # copied into a shell.
    examples = _examples(command)
    assert examples
    run = run_coop(command, "--help")
    assert run.code == 0
    lines = {line.strip() for line in run.out.splitlines()}
    for example in examples:
        assert example in lines


@pytest.mark.parametrize("example", _examples("query"))
def test_every_query_example_answers_on_the_real_data(example: str) -> None:
    run = run_coop(*shlex.split(example.split("#")[0])[1:], cwd=REPO)
    assert run.code == 0, run.err
    assert run.out.strip()
