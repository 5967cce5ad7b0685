"""--kb must name a knowledge base: a folder with coop.yaml or data/.

An empty folder (a typo, a mount not yet made) given as --kb was taken for
an empty knowledge base: `coop query --kb /empty agreements` printed an
empty table with exit 0, `coop export` wrote an empty export, `coop
validate` passed. It is a usage error (exit 2) naming the folder, with a
hint that `coop init` creates a knowledge base.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_coop

from coop.cli.errors import UsageError, find_kb_root
from hardening.corpus import BASELINE

# Every command that takes --kb, with the arguments it needs besides.
COMMANDS = {
    "validate": ("validate",),
    "fmt": ("fmt",),
    "fmt-check": ("fmt", "--check"),
    "schema": ("schema",),
    "rename": ("rename", "sicoval", "ca-sicoval"),
    "diff": ("diff", "HEAD"),
    "query": ("query", "agreements"),
    "query-sql": ("query", "--sql", "SELECT 1"),
    "export": ("export", "--format", "json", "--out", "{tmp}/export.json"),
    "report": ("report", "overview"),
    "new-agreement": ("new", "agreement", "accord-test"),
    "new-body": ("new", "body", "instance-test"),
    "new-person": ("new", "person", "personne-test"),
    "new-territory": ("new", "territory", "--siren", "243100633"),
    "reference-info": ("reference", "info"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_empty_folder_is_not_a_knowledge_base(tmp_path: Path, command: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    argv = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]
    run = run_coop(*argv, "--kb", str(empty), cwd=elsewhere)
    assert run.code == 2, (run.code, run.out, run.err)
    assert "Traceback" not in run.err, run.err
    assert str(empty) in run.err and "not a knowledge base" in run.err, run.err
    assert "coop init" in run.err, run.err
    assert list(empty.iterdir()) == [], "nothing written into the folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cwd", "empty"], "no export written"


@pytest.mark.parametrize("part", ["coop.yaml", "data"])
def test_a_folder_with_coop_yaml_or_data_is_one(tmp_path: Path, part: str) -> None:
    root = tmp_path / "kb"
    root.mkdir()
    if part == "data":
        (root / "data").mkdir()
    else:
        (root / "coop.yaml").write_text("language: fr\n")
    assert find_kb_root(None, root) == root.resolve()


def test_the_unit_refuses_an_empty_folder_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        find_kb_root(None, tmp_path)
    assert str(tmp_path) in str(caught.value)
    assert caught.value.hint and "coop init" in caught.value.hint


def test_a_file_is_not_a_knowledge_base(tmp_path: Path) -> None:
    file = tmp_path / "coop.yaml"
    file.write_text("language: fr\n")
    run = run_coop("query", "agreements", "--kb", str(file), cwd=tmp_path)
    assert run.code == 2, run.err
    assert "no such folder" in run.err


def test_a_real_knowledge_base_still_answers(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(BASELINE, root, ignore=shutil.ignore_patterns(".coop-cache"))
    run = run_coop("query", "territories", "--format", "ids", "--kb", str(root), cwd=tmp_path)
    assert run.code == 0, run.err
    assert run.out.split() == ["sicoval", "toulouse-metropole"]


def test_init_still_creates_a_knowledge_base_in_a_new_folder(tmp_path: Path) -> None:
    root = tmp_path / "new-kb"
    run = run_coop("init", str(root), cwd=tmp_path)
    assert run.code == 0, run.err
    validated = run_coop("validate", "--kb", str(root), cwd=tmp_path)
    assert validated.code == 0, validated.err


def test_init_still_fills_an_existing_empty_folder(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    run = run_coop("init", str(root), cwd=tmp_path)
    assert run.code == 0, run.err
    assert (root / "coop.yaml").is_file()
    assert run_coop("query", "agreements", "--kb", str(root), cwd=tmp_path).code == 0
