"""Built records kept between runs of ``coop report`` (``coop.report.stored``):
a run that takes them from the store builds the knowledge base that parsing
the files does, reading no unchanged file; an edited, added, deleted,
renamed or unreadable file, another version of coop or a damaged store is
never served stale, and never an error."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from coop.kb import index
from coop.report import loading, stored
from coop.report.api import ReportRequest, run
from coop.report.compact import Compactor
from coop.report.pool import Pool
from coop.report.stored import Store, open_store, store_path
from coop.validate import cache
from coop.validate.engine import load_kb
from coop.validate.settings import load_settings
from report.helpers import AS_OF, generate_kb, site_tree
from report.test_loading import _state

CORPUS = REPO / "tests" / "corpus"
HOUR = 3600 * 10**9


def _age(root: Path, ago_ns: int = HOUR) -> None:
    """Every file of ``root`` last modified ``ago_ns`` ago: a knowledge base
    checked out long before, whose files' stats can be trusted."""
    when = time.time_ns() - ago_ns
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, ns=(when, when))


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The corpus's baseline with every case laid over it (broken files
    among clean ones), its files an hour old, and a cache folder of its own."""
    monkeypatch.setenv("COOP_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "kb"
    shutil.copytree(CORPUS / "baseline", root)
    for case in sorted((CORPUS / "cases").iterdir()):
        if (case / "data").is_dir():
            shutil.copytree(case / "data", root / "data", dirs_exist_ok=True, symlinks=True)
    _age(root)
    return root


class Counted:
    """Counts the calls of one of ``coop.report.stored``'s functions: files
    read (``read_raw``) or parsed (``parse_text``) rather than taken from
    the store."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
        self.count = 0
        real = getattr(stored, name)

        def counted(*args: Any) -> Any:
            self.count += 1
            return real(*args)

        monkeypatch.setattr(stored, name, counted)


def _parses(monkeypatch: pytest.MonkeyPatch) -> Counted:
    return Counted(monkeypatch, "parse_text")


def _reads(monkeypatch: pytest.MonkeyPatch) -> Counted:
    return Counted(monkeypatch, "read_raw")


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


def _agreements(root: Path) -> list[Path]:
    return sorted((root / "data" / "agreements").rglob("*.yaml"))


def _retitled(path: Path) -> str:
    """Change one letter of the file's title: same size; the new letter."""
    text = path.read_text(encoding="utf-8")
    at = text.index("title: ") + len("title: ")
    assert text[at].isascii() and text[at].isalpha()
    letter = "Q" if text[at] != "Q" else "R"
    path.write_text(text[:at] + letter + text[at + 1 :], encoding="utf-8")
    return letter


def _titles(state: dict[str, Any]) -> list[str]:
    return [r[2].get("title") for r in state["records"]["agreements"]]


def test_a_run_from_the_store_builds_the_same_knowledge_base(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _expected(kb)
    assert expected["problems"]  # broken files too, which are never stored
    assert expected["records"]["themes"]  # a themes file, stored as its themes
    assert not _warm(kb)
    cold = _parses(monkeypatch)
    assert _load(kb) == expected
    parsed = cold.count
    assert _warm(kb)
    warm, reads = _parses(monkeypatch), _reads(monkeypatch)
    assert _load(kb) == expected
    # Only the files with a problem or a suppression comment were read and
    # parsed again: the others' sizes and mtimes were those stored.
    clean = len(_clean(expected))
    assert clean > 10
    assert warm.count == parsed - clean
    assert reads.count == len(expected["files"]) - clean


def test_workers_parsing_fill_the_store_too(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "CHUNK", 3)  # chunks for the worker and for this process
    expected = _expected(kb)
    with Pool(1, []) as shared:
        assert _load(kb, shared) == expected
    parses = _parses(monkeypatch)
    with Pool(1, []) as shared:
        assert _load(kb, shared) == expected
    warm = parses.count
    # As many as a store filled by this process alone spares.
    monkeypatch.setenv("COOP_CACHE_DIR", str(kb.parent / "other-cache"))
    alone = _parses(monkeypatch)
    _load(kb)
    assert warm == alone.count - len(_clean(expected)) < alone.count


def test_an_edit_within_the_racy_margin_is_caught_by_the_content(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = _agreements(kb)[0]
    os.utime(edited)  # saved just now: its stat alone cannot be trusted yet
    _load(kb)
    unchanged = _parses(monkeypatch)
    _load(kb)  # the files never stored (their problems) are parsed every time
    broken = unchanged.count
    # Edited again in the same clock tick: same size, same mtime.
    before = edited.stat()
    letter = _retitled(edited)
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size
    parses = _parses(monkeypatch)
    got = _load(kb)
    expected = _expected(kb)
    assert got == expected
    assert any(title.startswith(letter) for title in _titles(got))
    assert parses.count == broken + 1


def test_a_file_of_another_size_is_parsed_again(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _load(kb)
    edited = _agreements(kb)[0]
    before = edited.stat()
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("title: ", "title: Nouveau ", 1), encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))  # an old mtime kept
    got = _load(kb)
    assert got == _expected(kb)
    assert any(title.startswith("Nouveau ") for title in _titles(got))


def test_a_touched_file_is_read_once_then_trusted_again(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load(kb)
    path = store_path(kb)
    assert path is not None
    # The files never stored (their problems) are read every time.
    reads, parses = _reads(monkeypatch), _parses(monkeypatch)
    _load(kb)
    broken_reads, broken_parses = reads.count, parses.count
    touched = _agreements(kb)[0]
    half = time.time_ns() - HOUR // 2
    os.utime(touched, ns=(half, half))  # checked out again: new mtime, same bytes
    reads, parses = _reads(monkeypatch), _parses(monkeypatch)
    first = path.stat()
    assert _load(kb) == _expected(kb)
    assert (reads.count, parses.count) == (broken_reads + 1, broken_parses)  # read, not parsed
    assert path.stat().st_ino != first.st_ino  # its new mtime stored...
    again = _reads(monkeypatch)
    assert _load(kb) == _expected(kb)
    assert again.count == broken_reads  # ... and trusted


def test_edited_added_deleted_and_renamed_files_are_read_again(kb: Path) -> None:
    _load(kb)
    agreements = _agreements(kb)
    text = agreements[0].read_text(encoding="utf-8")
    size = agreements[0].stat().st_size
    letter = _retitled(agreements[0])  # a new mtime, now
    assert agreements[0].stat().st_size == size
    added = agreements[0].with_name("added-copy.yaml")
    added.write_text(text.replace("id: ", "id: added-", 1), encoding="utf-8")
    agreements[1].unlink()
    person = kb / "data" / "people" / "jean-dupont.yaml"
    person.rename(person.with_name("renamed.yaml"))  # same content and mtime, another path
    _age(kb)  # every stat old enough to be trusted: the paths must tell
    got = _load(kb)
    assert got == _expected(kb)
    assert any(title.startswith(letter) for title in _titles(got))
    assert any(f[0].endswith("/renamed.yaml") for f in got["files"])


def test_a_file_now_too_large_is_not_taken_from_the_store(kb: Path) -> None:
    _load(kb)
    (kb / "coop.yaml").write_text("max_file_size: 100\n", encoding="utf-8")
    got = _load(kb)
    assert got == _expected(kb)
    assert any(p.code == "Y012" for _, p in got["problems"])


def test_an_unchanged_run_writes_nothing_and_a_smaller_kb_a_smaller_store(kb: Path) -> None:
    _load(kb)
    path = store_path(kb)
    assert path is not None
    first = path.stat()
    _load(kb)
    assert path.stat().st_ino == first.st_ino  # not rewritten
    _agreements(kb)[0].unlink()
    assert _load(kb) == _expected(kb)
    assert path.stat().st_size < first.st_size
    assert _warm(kb)


def _flip_a_title(data: bytes) -> bytes:
    """One letter of a stored title changed: still a pickle, still a store,
    but not the one written."""
    at = data.index("Accord-cadre de coopération".encode())  # the baseline's agreement
    return data[:at] + b"E" + data[at + 1 :]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-3] + b"\xff\xff\xff",
        lambda data: b"x" * len(data),
        lambda data: data[:40] + bytes(len(data) - 80) + data[-40:],  # blobs zeroed
        _flip_a_title,
    ],
    ids=["empty", "truncated", "bad-digest", "garbage", "blobs-zeroed", "a-letter-changed"],
)
def test_a_damaged_store_is_never_an_error(kb: Path, damage: Any) -> None:
    _load(kb)
    path = store_path(kb)
    assert path is not None
    path.write_bytes(damage(path.read_bytes()))
    assert _load(kb) == _expected(kb)
    assert _load(kb) == _expected(kb)
    assert _warm(kb)  # a good store again


def test_a_store_that_would_run_code_is_not_read(kb: Path, tmp_path: Path) -> None:
    """A file in the store's place, well formed, keyed and digested, whose
    pickle calls a function when loaded: the unpickler refuses it."""
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> Any:
            return (os.mkdir, (str(marker),))

    path = store_path(kb)
    assert path is not None
    path.parent.mkdir(parents=True)
    with open(path, "wb") as out:
        out.write(stored._MAGIC)
        hashed = stored._Hashed(out)
        pickle.Pickler(hashed).dump(stored._key())
        pickle.Pickler(hashed).dump({"data/agreements/x.yaml": Payload()})
        out.write(hashed.hash.digest())
    assert not _warm(kb)
    assert _load(kb) == _expected(kb)
    assert not marker.exists()


@pytest.mark.parametrize("change", ["format", "fingerprint"])
def test_another_format_or_code_is_not_read(
    kb: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    cold = _parses(monkeypatch)
    _load(kb)
    parsed = cold.count
    if change == "format":
        monkeypatch.setattr(stored, "FORMAT", stored.FORMAT + 1)
    else:
        real = cache.tool_fingerprint()
        monkeypatch.setattr(cache, "tool_fingerprint", lambda: real + "-edited")
    assert not _warm(kb)
    again = _parses(monkeypatch)
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


def test_a_site_from_the_store_is_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small knowledge base from the benchmark's generator: every kind of
    # page, values shared across records (what the compactor makes one).
    root = generate_kb(tmp_path / "kb", seed=5)
    _age(root)

    def site(name: str) -> dict[str, bytes]:
        out = tmp_path / name
        request = ReportRequest(
            root=root, target="all", fmt="html", as_of=AS_OF, out=out, jobs=2, min_parallel=1
        )
        assert run(request).written == out
        return site_tree(out)

    monkeypatch.setenv("COOP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("COOP_NO_CACHE", "1")
    plain = site("plain")
    monkeypatch.delenv("COOP_NO_CACHE")
    assert site("filling") == plain
    built: list[Any] = []

    def counted(source: Any) -> Any:
        built.append(source)
        return index.build_file(source)

    monkeypatch.setattr(loading, "build_file", counted)
    warm = site("warm")
    assert built == []  # every record taken from the store
    assert len(plain) > 300
    assert warm == plain
    assert multiprocessing.active_children() == []
