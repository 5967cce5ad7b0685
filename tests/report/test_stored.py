"""Parsed files kept between runs of a site (``coop.report.stored``): a run
that reads them from the store builds the knowledge base that parsing them
does, and an edited, added, deleted or unreadable file is never served stale."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from coop.report import loading, stored
from coop.report.compact import Compactor
from coop.report.pool import Pool
from coop.report.stored import Store, open_store, store_path
from coop.validate.engine import load_kb
from coop.validate.settings import load_settings
from report.test_loading import _state

CORPUS = REPO / "tests" / "corpus"


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The corpus's baseline with every case laid over it (broken files
    among clean ones), and a cache folder of its own."""
    monkeypatch.setenv("COOP_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "kb"
    shutil.copytree(CORPUS / "baseline", root)
    for case in sorted((CORPUS / "cases").iterdir()):
        if (case / "data").is_dir():
            shutil.copytree(case / "data", root / "data", dirs_exist_ok=True, symlinks=True)
    return root


class Parses:
    """Counts the files parsed (rather than read from the store)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = stored.parse_text

        def counted(*args: Any) -> None:
            self.count += 1
            real(*args)

        monkeypatch.setattr(stored, "parse_text", counted)


def _load(root: Path, pool: Pool | None = None) -> dict[str, Any]:
    """The knowledge base through a store, which is then committed."""
    settings, _ = load_settings(root)
    store = open_store(root)
    assert store is not None
    try:
        state = _state(*loading.load(root, settings, pool, Compactor(), store))
        store.commit()
    finally:
        store.close()
    return state


def _expected(root: Path) -> dict[str, Any]:
    settings, _ = load_settings(root)
    return _state(*load_kb(root, settings))


def _clean(state: dict[str, Any]) -> list[Any]:
    """The files stored: readable, no suppression comment, no problem."""
    broken = {rel for rel, _ in state["problems"]}
    return [f for f in state["files"] if f[2] and not f[4] and f[0] not in broken]


def _warm(root: Path) -> bool:
    store = open_store(root)
    assert store is not None
    try:
        return store.warm
    finally:
        store.close()


def test_a_run_from_the_store_builds_the_same_knowledge_base(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _expected(kb)
    assert expected["problems"]  # broken files too, which are never stored
    assert not _warm(kb)
    cold = Parses(monkeypatch)
    assert _load(kb) == expected
    parsed = cold.count
    assert _warm(kb)
    warm = Parses(monkeypatch)
    assert _load(kb) == expected
    # Only the files with a problem or a suppression comment were parsed again.
    assert len(_clean(expected)) > 10
    assert warm.count == parsed - len(_clean(expected))


def test_workers_parsing_fill_the_store_too(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "CHUNK", 3)  # chunks for the worker and for this process
    expected = _expected(kb)
    with Pool(1, []) as shared:
        assert _load(kb, shared) == expected
    parses = Parses(monkeypatch)
    with Pool(1, []) as shared:
        assert _load(kb, shared) == expected
    warm = parses.count
    # As many as a store filled by this process alone spares.
    monkeypatch.setenv("COOP_CACHE_DIR", str(kb.parent / "other-cache"))
    alone = Parses(monkeypatch)
    _load(kb)
    assert warm == alone.count - len(_clean(expected)) < alone.count


def test_edited_added_and_deleted_files_are_read_again(kb: Path) -> None:
    _load(kb)
    agreements = sorted((kb / "data" / "agreements").rglob("*.yaml"))
    edited = agreements[0]
    text = edited.read_text(encoding="utf-8")
    at = text.index("title: ") + len("title: ")
    assert text[at].isascii() and text[at].isalpha()
    # Same size, same modification time: only the content tells.
    before = edited.stat()
    edited.write_text(text[:at] + ("Q" if text[at] != "Q" else "R") + text[at + 1 :])
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size
    added = edited.with_name("added-copy.yaml")
    added.write_text(text.replace("id: ", "id: added-", 1), encoding="utf-8")
    agreements[1].unlink()
    got = _load(kb)
    assert got == _expected(kb)
    titles = [r[2].get("title") for r in got["records"]["agreements"]]
    assert any(isinstance(t, str) and t.startswith(("Q", "R")) for t in titles)


def test_an_unchanged_run_writes_nothing_and_a_smaller_kb_a_smaller_store(kb: Path) -> None:
    _load(kb)
    path = store_path(kb)
    assert path is not None
    first = path.stat()
    _load(kb)
    assert path.stat().st_ino == first.st_ino  # not rewritten
    sorted((kb / "data" / "agreements").rglob("*.yaml"))[0].unlink()
    assert _load(kb) == _expected(kb)
    assert path.stat().st_size < first.st_size
    assert _warm(kb)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-3] + b"\xff\xff\xff",
        lambda data: b"x" * len(data),
        lambda data: data[:40] + bytes(len(data) - 80) + data[-40:],  # blobs zeroed
    ],
    ids=["empty", "truncated", "bad-trailer", "garbage", "blobs-zeroed"],
)
def test_a_damaged_store_is_never_an_error(kb: Path, damage: Any) -> None:
    _load(kb)
    path = store_path(kb)
    assert path is not None
    path.write_bytes(damage(path.read_bytes()))
    assert _load(kb) == _expected(kb)
    assert _load(kb) == _expected(kb)
    assert _warm(kb)  # a good store again


def test_another_format_or_code_is_not_read(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = Parses(monkeypatch)
    _load(kb)
    parsed = cold.count
    monkeypatch.setattr(stored, "FORMAT", stored.FORMAT + 1)
    assert not _warm(kb)
    again = Parses(monkeypatch)
    assert _load(kb) == _expected(kb)
    assert again.count == parsed > 0  # every file parsed, as the first time


def test_no_store_without_caches(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOP_NO_CACHE", "1")
    assert store_path(kb) is None
    assert open_store(kb) is None


def test_an_unwritable_cache_folder_is_never_an_error(kb: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    store = Store(blocker / "report" / "store")
    settings, _ = load_settings(kb)
    try:
        got = _state(*loading.load(kb, settings, None, Compactor(), store))
        store.commit()
    finally:
        store.close()
    assert got == _expected(kb)
    assert not (blocker / "report").exists()
