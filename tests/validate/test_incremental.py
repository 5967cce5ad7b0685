"""After a few files change, the cross-file rules are re-run only where the
change can matter (coop.validate.crossfile); the result must be exactly a
full run's, edit after edit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coop.validate import cache as cache_module
from coop.validate import crossfile, folders
from coop.validate.cache import cache_folder
from coop.validate.engine import Options, validate
from validate.spies import answers_of
from validate.test_cache import AS_OF, _make_kb, _write

AGREEMENT = (
    "id: {id}\ntitle: Accord\nkind: accord_cadre\nstatus: signed\n"
    "parties:\n  - territory: {a}\n  - territory: {b}\n"
    "signature:\n  date: 2016-01-29\nthemes: [mobilite]\nsources:\n  - document: source.txt\n"
)
TERRITORY = "id: {id}\nname: {name}\nkind: {kind}\n{extra}sources:\n  - document: source.txt\n"

# Each step edits the knowledge base: (description, function of the KB root).
STEPS = [
    (
        "a reference breaks",
        lambda root: _write(
            root, "data/agreements/a1.yaml", AGREEMENT.format(id="a1", a="t1", b="grand-figeac")
        ),
    ),
    (
        "an id close to the broken one appears (hints elsewhere change)",
        lambda root: _write(
            root,
            "data/territories/grand-figeacois.yaml",
            TERRITORY.format(id="grand-figeacois", name="Y", kind="other", extra=""),
        ),
    ),
    (
        "the broken reference is declared",
        lambda root: _write(
            root,
            "data/territories/grand-figeac.yaml",
            TERRITORY.format(id="grand-figeac", name="X", kind="other", extra=""),
        ),
    ),
    (
        "a second record takes an existing id",
        lambda root: _write(root, "data/bodies/t5.yaml", "id: t5\nname: Body\nkind: conference\n"),
    ),
    (
        "a referenced territory is deleted",
        lambda root: (root / "data/territories/t2.yaml").unlink(),
    ),
    (
        "the duplicate goes away, the first one stays",
        lambda root: (root / "data/bodies/t5.yaml").unlink(),
    ),
    (
        "a file is renamed",
        lambda root: (root / "data/territories/t8.yaml").rename(
            root / "data/territories/t8-bis.yaml"
        ),
    ),
    (
        "a commune is listed in the wrong intercommunality (COG membership)",
        lambda root: (
            _write(
                root,
                "data/territories/toulouse.yaml",
                TERRITORY.format(
                    id="toulouse",
                    name="Toulouse",
                    kind="commune",
                    extra='identifiers:\n  insee: "31555"\n',
                ),
            ),
            _write(
                root,
                "data/territories/sicoval.yaml",
                TERRITORY.format(
                    id="sicoval",
                    name="Sicoval",
                    kind="ca",
                    extra='identifiers:\n  siren: "243100633"\nmembers:\n  - toulouse\n',
                ),
            ),
        ),
    ),
    (
        "the commune's codes change, so does the membership finding",
        lambda root: _write(
            root,
            "data/territories/toulouse.yaml",
            TERRITORY.format(
                id="toulouse",
                name="Toulouse",
                kind="commune",
                extra='identifiers:\n  insee: "31561"\n',
            ),
        ),
    ),
    (
        "a reference now names a record of the wrong collection",
        lambda root: _write(
            root, "data/agreements/a3.yaml", AGREEMENT.format(id="a3", a="t1", b="mobilite")
        ),
    ),
]


OLD = 1_600_000_000_000_000_000


def _rows(root: Path, **options: object) -> list[tuple[object, ...]]:
    """Every diagnostic with its hint (R002's hints depend on every id)."""
    result = validate(root, Options(as_of=AS_OF, **options))  # type: ignore[arg-type]
    return [(d.path, d.line, d.col, d.code, d.message, d.hint) for d in result.diagnostics]


def _set_mtimes(root: Path, ns: int) -> None:
    """Date the files just written at ``ns`` (older than the racy margin); the
    others keep theirs, as in real use."""
    for path in root.rglob("*"):
        if path.is_file() and path.stat().st_mtime_ns > OLD + 10**12:
            os.utime(path, ns=(ns, ns))


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COOP_CACHE_DIR", str(tmp_path / "cache"))
    _make_kb(tmp_path / "kb")
    return tmp_path / "kb"


@pytest.mark.parametrize("by_folders", [True, False], ids=["changed-folders", "whole-scan"])
def test_each_edit_gives_a_full_runs_result(
    kb: Path, monkeypatch: pytest.MonkeyPatch, by_folders: bool
) -> None:
    """Edit after edit, both incremental paths give a full run's result: the
    one that re-scans the folders the files' state shows changed
    (coop.validate.folders), and the engine's, after a whole scan."""
    answers = answers_of(monkeypatch, crossfile, "check_changed")
    by_folder: list[object] = []
    validate_folders = folders.validate_folders

    def folder_spy(*args: object, **kwargs: object) -> object:
        answer = validate_folders(*args, **kwargs) if by_folders else None  # type: ignore[arg-type]
        by_folder.append(answer)
        return answer

    monkeypatch.setattr(folders, "validate_folders", folder_spy)
    # The files' state counts ctimes, which the edits below set to now: the
    # last run's racy margin would put every folder edited in it in doubt.
    monkeypatch.setattr(cache_module, "RACY_MARGIN_NS", 0)
    _set_mtimes(kb, OLD)
    _rows(kb)
    codes_seen: set[str] = set()
    for step, (description, edit) in enumerate(STEPS, start=1):
        edit(kb)
        # Every file older than the racy margin, each step at a new time: only
        # files whose bytes changed are checked again, as in real use.
        _set_mtimes(kb, OLD + step * 1_000_000_000)
        answers.clear()
        by_folder.clear()
        cached = _rows(kb)
        assert by_folder, f"{description}: the folder path was not asked"
        assert (by_folder[0] is not None) == by_folders, f"{description}: path taken"
        assert answers and answers[0] is not None, f"{description}: not incremental"
        assert cached == _rows(kb, use_cache=False), description
        codes_seen.update(row[3] for row in cached)
    assert {"R001", "R002", "R003", "I005"} <= codes_seen


def test_only_the_changed_folders_shards_are_written(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "RACY_MARGIN_NS", 0)
    _rows(kb)
    shards = {p.name: p.stat().st_mtime_ns for p in (cache_folder(kb) / "shards").iterdir()}
    _write(kb, "data/agreements/a1.yaml", AGREEMENT.format(id="a1", a="t1", b="t3"))
    _rows(kb)
    after = {p.name: p.stat().st_mtime_ns for p in (cache_folder(kb) / "shards").iterdir()}
    assert after.keys() == shards.keys()
    rewritten = [name for name in after if after[name] != shards[name]]
    assert rewritten == [cache_module.shard_name("data/agreements").partition("/")[2]]


def test_many_changes_run_the_whole_index(kb: Path) -> None:
    _rows(kb)
    for i in range(20):  # 20 of ~100 files: past the incremental limit
        _write(kb, f"data/agreements/a{i}.yaml", AGREEMENT.format(id=f"a{i}", a="t1", b="t9"))
    assert _rows(kb) == _rows(kb, use_cache=False)


@pytest.mark.parametrize("newer", ["shards", "xref"])
def test_files_of_another_run_are_not_combined(
    kb: Path, newer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run cut short between two writes leaves cache files of two runs: the
    next run does not combine them (the folder path declines), and its result
    is a full run's."""
    monkeypatch.setattr(cache_module, "RACY_MARGIN_NS", 0)
    _rows(kb)
    cache = cache_folder(kb)
    kept = [cache / "summary"]
    if newer == "xref":  # the shards and summary of the first run, the xref of the second
        kept += sorted((cache / "shards").iterdir())
    before = {path: path.read_bytes() for path in kept}
    _write(kb, "data/agreements/a1.yaml", AGREEMENT.format(id="a1", a="t1", b="nowhere"))
    _rows(kb)
    for path, data in before.items():
        path.write_bytes(data)
    answers = answers_of(monkeypatch, folders, "validate_folders")
    assert _rows(kb) == _rows(kb, use_cache=False)
    assert any(row[3] == "R002" for row in _rows(kb, use_cache=False))
    assert answers == [None]
