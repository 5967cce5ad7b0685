"""`coop validate`'s PATH arguments and --output through the real CLI: a path
or an output that cannot be used is a usage error (exit 2, a hint), never a
clean run nor a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_coop
from hardening.corpus import build

BROKEN = "id: broken\nname: x\nbogus: 1\n"


@pytest.fixture
def two_kbs(tmp_path: Path) -> tuple[Path, Path]:
    """A clean knowledge base and one with a finding in data/people/broken.yaml."""
    clean = build(None, tmp_path / "clean")
    dirty = build(None, tmp_path / "dirty")
    (dirty / "data/people/broken.yaml").write_text(BROKEN, encoding="utf-8")
    return clean, dirty


def _usage_error(run_args: list[str], cwd: Path, words: str) -> None:
    run = run_coop("validate", *run_args, cwd=cwd)
    assert run.code == 2, (run.code, run.out, run.err)
    assert words in run.err
    assert "hint:" in run.err
    assert "Traceback" not in run.out + run.err


def test_path_of_another_knowledge_base_is_refused(two_kbs):
    # Before: the clean KB was validated, the other KB's file filtered out,
    # and the run exited 0 on a file with errors.
    clean, dirty = two_kbs
    target = str(dirty / "data/people/broken.yaml")
    _usage_error(["--kb", str(clean), target], clean.parent, "outside the knowledge base")


def test_second_path_in_another_knowledge_base_is_refused(two_kbs):
    clean, _ = two_kbs
    _usage_error(["clean/data", "dirty/data"], clean.parent, "dirty/data: outside")


def test_missing_path_with_kb_is_refused(two_kbs):
    clean, _ = two_kbs
    _usage_error(["--kb", str(clean), "data/peple"], clean.parent, "no such file or folder")


def test_path_from_the_kb_root_with_kb(two_kbs):
    # A relative path not found from the current folder is taken from the root.
    _, dirty = two_kbs
    run = run_coop(
        "validate", "--kb", str(dirty), "data/people", "--format", "json", cwd=dirty.parent
    )
    assert run.code == 1, run.err
    paths = {d["path"] for d in json.loads(run.out)["diagnostics"]}
    assert paths == {"data/people/broken.yaml"}


@pytest.mark.parametrize("where", ["missing/report.json", "folder", ""])
def test_output_that_cannot_be_written(two_kbs, where):
    clean, _ = two_kbs
    (clean.parent / "folder").mkdir()
    run = run_coop("validate", "--kb", str(clean), "--output", where, cwd=clean.parent)
    assert run.code == 2, (run.code, run.err)
    assert "--output" in run.err
    assert "hint:" in run.err
    assert "Traceback" not in run.err


def test_output_dash_is_standard_output(two_kbs):
    _, dirty = two_kbs
    run = run_coop("validate", "--kb", str(dirty), "--format", "json", "-o", "-", cwd=dirty)
    assert run.code == 1
    assert json.loads(run.out)["summary"]["errors"] >= 1
    assert not (dirty / "-").exists()


def test_links_given_as_paths_are_reported_under_their_names(two_kbs):
    # A link out of the knowledge base and a dangling one: each is a file of
    # the knowledge base (Y013), though its target is elsewhere or nowhere.
    # Before: refused as outside, or narrowed to its target's name and so to
    # nothing, exit 0.
    clean, _ = two_kbs
    outside = clean.parent / "outside.yaml"
    outside.write_text("id: outside\nname: x\n", encoding="utf-8")
    (clean / "data/people/out.yaml").symlink_to(outside)
    (clean / "data/people/gone.yaml").symlink_to("nowhere.yaml")
    run = run_coop(
        "validate",
        "--kb",
        str(clean),
        "clean/data/people/out.yaml",
        "clean/data/people/gone.yaml",
        "--format",
        "json",
        cwd=clean.parent,
    )
    assert run.code == 1, run.err
    found = {(d["path"], d["code"]) for d in json.loads(run.out)["diagnostics"]}
    assert found == {("data/people/out.yaml", "Y013"), ("data/people/gone.yaml", "Y013")}
