"""A site's knowledge base, parsed by this process and its workers at once
(``coop.report.loading``), is the one ``load_kb`` builds: same files in the
same order, same records, declarations and problems."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from coop.kb.index import KnowledgeBase
from coop.report import loading, pool
from coop.report.compact import Compactor
from coop.report.pool import Pool
from coop.validate.engine import load_kb
from coop.validate.settings import load_settings

CORPUS = REPO / "tests" / "corpus"
INVALID = REPO / "tests" / "kbs" / "invalid"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus's baseline with every case's files laid over it: broken
    encodings, syntax errors, bombs, duplicates, misplaced files."""
    root = tmp_path_factory.mktemp("loading") / "kb"
    shutil.copytree(CORPUS / "baseline", root)
    for case in sorted((CORPUS / "cases").iterdir()):
        if (case / "data").is_dir():
            shutil.copytree(case / "data", root / "data", dirs_exist_ok=True, symlinks=True)
    return root


def _state(kb: KnowledgeBase, problems: list[Any]) -> dict[str, Any]:
    files = {id(s) for s in kb.files}
    return {
        "files": [
            (s.rel, s.collection, s.readable, s.problems, s.suppressions, s.data) for s in kb.files
        ],
        # Each record with its fields, those given (in nested models too),
        # its place in its file, and that file: one of the knowledge base's.
        "records": {
            name: [
                (
                    i,
                    type(r).__name__,
                    r.model_dump(),
                    r.model_dump(exclude_unset=True),
                    r.path_in_file,
                    r.source_file.rel,
                    id(r.source_file) in files,
                )
                for i, r in records.items()
            ]
            for name, records in kb.records.items()
        },
        "declarations": [
            (i, [(d.collection, d.source.rel, d.prefix) for d in found])
            for i, found in kb.declarations.items()
        ],
        "problems": [(s.rel, p) for s, p in problems],
    }


def _compare(root: Path, workers: int) -> None:
    settings, _ = load_settings(root)
    expected = _state(*load_kb(root, settings))
    with Pool(workers, []) as shared:
        got = _state(*loading.load(root, settings, shared))
    assert got == expected
    # Records made compact as they are built are the same records.
    with Pool(workers, []) as shared:
        compacted = _state(*loading.load(root, settings, shared, Compactor()))
    assert compacted == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_same_knowledge_base_as_load_kb(
    hostile: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "CHUNK", 3)  # many chunks, some for each process
    settings, _ = load_settings(hostile)
    kb, problems = load_kb(hostile, settings)
    assert len(kb.files) > 3 * (workers + 1) * 2
    assert problems  # the corpus is broken, as it should be
    _compare(hostile, workers)


def test_same_knowledge_base_for_the_invalid_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "CHUNK", 1)
    _compare(INVALID, 2)


def test_a_worker_that_fails_leaves_its_files_to_this_process(
    hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker's parser breaks on its first chunk (patched before the fork:
    # only the worker parses through pool._parse).
    def broken(entries: object, max_size: int) -> object:
        raise ValueError("parser broken")

    monkeypatch.setattr(pool, "_parse", broken)
    monkeypatch.setattr(loading, "CHUNK", 3)
    settings, _ = load_settings(hostile)
    expected = _state(*load_kb(hostile, settings))
    with Pool(1, []) as shared:
        got = _state(*loading.load(hostile, settings, shared))
        assert got == expected
        # The pool knows the worker is gone: a site would stop with its error.
        with pytest.raises(RuntimeError, match="parser broken"):
            shared.least_busy()
