"""A run that re-scans only the folders whose state changed
(coop.validate.folders) keeps the files in the scan's order, and answers as
a full run does."""

from __future__ import annotations

from pathlib import Path

import pytest

from coop.load.scan import file_order_key, scan_folder, scan_tree
from coop.validate import cache as cache_module
from coop.validate import folders, storing
from coop.validate.engine import COLLECTIONS, Options, validate
from validate.spies import answers_of
from validate.test_cache import AS_OF, _make_kb, _write

TERRITORY = "id: {id}\nname: Nom\nkind: other\nsources:\n  - document: source.txt\n"


def _order(root: Path) -> list[str]:
    return [found.rel for found in scan_tree(root, COLLECTIONS)]


def _tree(root: Path) -> None:
    for rel in [
        "data/a.yaml",
        "data/agreements/x.yaml",
        "data/agreements/sub/y.yaml",
        "data/agreements/sub-b/y.yaml",
        "data/territories/t.yaml",
        "data/territories/z/t.yaml",
    ]:
        _write(root, rel, "id: x\n")


def test_the_order_key_is_the_scans_order(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "data/agreements/dir.yaml").mkdir()  # found as a file, with a problem
    order = _order(tmp_path)
    assert sorted(order, key=file_order_key) == order
    assert sorted(reversed(order), key=file_order_key) == order


def test_folders_replaced_in_place(tmp_path: Path) -> None:
    _tree(tmp_path)
    before = _order(tmp_path)
    _write(tmp_path, "data/agreements/b.yaml", "id: b\n")
    _write(tmp_path, "data/agreements/new/z.yaml", "id: z\n")
    _write(tmp_path, "data/agreements/new/deeper/w.yaml", "id: w\n")
    _write(tmp_path, "data/agreements/a-new/v.yaml", "id: v\n")
    (tmp_path / "data/territories/t.yaml").unlink()
    changed = [
        "data/agreements",
        "data/agreements/new",
        "data/agreements/new/deeper",
        "data/agreements/a-new",
        "data/territories",
    ]
    blocks = {folder: folders._block(before, folder) for folder in changed}
    jobs = [job for folder in changed for job in scan_folder(tmp_path, folder, COLLECTIONS)]
    assert folders._files(before, blocks, jobs) == _order(tmp_path)


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COOP_CACHE_DIR", str(tmp_path / "cache"))
    # The edits below set ctimes to now: no racy margin to wait out.
    monkeypatch.setattr(cache_module, "RACY_MARGIN_NS", 0)
    _make_kb(tmp_path / "kb")
    return tmp_path / "kb"


def test_new_and_emptied_folders_answer_as_a_full_run(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = answers_of(monkeypatch, folders, "validate_folders")
    validate(kb, Options(as_of=AS_OF))
    _write(kb, "data/territories/nord/t100.yaml", TERRITORY.format(id="t100"))
    _write(kb, "data/territories/nord/lille/t101.yaml", TERRITORY.format(id="t101"))
    _write(kb, "data/territories/aa/t102.yaml", TERRITORY.format(id="t102"))
    (kb / "data/people/dup.yaml").unlink()  # the folder is left empty; R001 goes
    answers.clear()
    by_folders = validate(kb, Options(as_of=AS_OF))
    assert answers and answers[0] is not None, "answered by the changed folders"
    whole = validate(kb, Options(as_of=AS_OF, use_cache=False))
    assert by_folders.files == whole.files
    assert by_folders.records == whole.records
    assert by_folders.diagnostics == whole.diagnostics
    assert "data/territories/nord/lille/t101.yaml" in whole.files


def test_too_many_new_files_are_checked_once(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past what the cross-file rules can update, the folder path leaves the
    run to the engine before checking anything, rather than after."""
    from coop.validate import engine

    validate(kb, Options(as_of=AS_OF))
    for i in range(20):  # ~20% of the knowledge base
        _write(kb, f"data/territories/new/n{i}.yaml", TERRITORY.format(id=f"n{i}"))
    checked: list[str] = []
    run_batches = engine.run_batches

    def spy(todo: list[object], *args: object, **kwargs: object) -> object:
        checked.extend(job.rel for job in todo)  # type: ignore[attr-defined]
        return run_batches(todo, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "run_batches", spy)
    result = validate(kb, Options(as_of=AS_OF))
    assert sorted(checked) == sorted(f"data/territories/new/n{i}.yaml" for i in range(20))
    assert result.diagnostics == validate(kb, Options(as_of=AS_OF, use_cache=False)).diagnostics


@pytest.mark.parametrize("child", ["stores", "fails"])
def test_the_entries_stored_beside_serve_the_next_run(
    kb: Path, monkeypatch: pytest.MonkeyPatch, child: str
) -> None:
    """A full run stores the entries and the index of ids in a child while
    the cross-file rules run; if the child fails, the run stores them itself."""
    from coop.load.beside import Beside

    monkeypatch.setattr(storing, "SPLIT_FROM", 0)
    monkeypatch.setattr(storing, "can_fork", lambda: True)
    if child == "fails":

        class Failing(Beside):
            def result(self) -> bytes | None:
                super().result()
                return None

        monkeypatch.setattr(storing, "Beside", Failing)
    stored_here: list[object] = []
    store = storing.store

    def spy(*args: object) -> object:
        stored_here.append(args)
        return store(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(storing, "store", spy)
    validate(kb, Options(as_of=AS_OF))
    assert len(stored_here) == (1 if child == "fails" else 0)
    answers = answers_of(monkeypatch, folders, "validate_folders")
    _write(kb, "data/agreements/a1.yaml", "id: a1\ntitle: Accord\n")
    by_folders = validate(kb, Options(as_of=AS_OF))
    assert answers and answers[0] is not None
    assert by_folders.diagnostics == validate(kb, Options(as_of=AS_OF, use_cache=False)).diagnostics


def test_without_a_cache_nothing_is_stored_nor_indexed(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storing, "SPLIT_FROM", 0)
    monkeypatch.setattr(storing, "can_fork", lambda: True)
    calls: list[str] = []

    class StandIn:  # a child that answers nothing
        def __init__(self, work: object) -> None:
            calls.append("beside")

        def result(self) -> None:
            return None

        def stop(self) -> None:
            pass

    monkeypatch.setattr(storing, "store", lambda *args: calls.append("store") or {})
    monkeypatch.setattr(storing, "Beside", StandIn)
    validate(kb, Options(as_of=AS_OF, use_cache=False))
    assert calls == []
    validate(kb, Options(as_of=AS_OF))
    assert calls == ["beside", "store"]  # the stand-in child answered nothing


def test_an_edit_through_the_cli_reads_and_writes_only_what_it_concerns(
    tmp_path: Path,
    coop,  # type: ignore[no-untyped-def]
) -> None:
    """The real command, twice: after an edit, the folder path answers as a
    run without a cache does, and rewrites only a few buckets of the index of
    ids (the engine's path writes all of them)."""
    import time

    kb = tmp_path / "kb"
    _make_kb(kb)  # ~100 files: one edit is within what the cross-file rules update
    env = {"COOP_CACHE_DIR": str(tmp_path / "cache")}
    # Files changed within the racy margin (2 s) of a run are re-read by
    # content, their folders with them: let the copy age past it.
    time.sleep(cache_module.RACY_MARGIN_NS / 1e9 + 0.2)
    assert coop("validate", "--kb", str(kb), env=env).code == 1
    buckets = tmp_path / "cache/validate"
    written = {p: p.stat().st_mtime_ns for p in buckets.rglob("xref/*")}
    assert len(written) == 64
    # The only file of its folder: its id changes, so do a few buckets.
    _write(kb, "data/people/dup.yaml", "id: p1\nname: Plus un doublon\n")
    edited = coop("validate", "--kb", str(kb), env=env)
    whole = coop("validate", "--no-cache", "--kb", str(kb), env=env)
    assert (edited.code, edited.out) == (whole.code, whole.out)
    rewritten = [p for p, ns in written.items() if p.stat().st_mtime_ns != ns]
    assert len(rewritten) < 64
