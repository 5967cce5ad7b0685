"""A run that changes nothing is answered from the files' state alone, without
the scan (coop.validate.quick.answer_from_state); every kind of change to the
files must still be seen."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from coop.load.state import files_state
from coop.validate import engine, quick
from coop.validate.engine import Options, validate

from .test_cache import AS_OF, _make_kb, _rows


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COOP_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "kb"
    _make_kb(root, territories=20, agreements=12)
    return root


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if every file had been written long before the run: nothing falls in
    the racy margin (a test cannot age a file's ctime)."""
    monkeypatch.setattr(engine, "trusted_before_now", lambda: time.time_ns() + 3_600 * 10**9)
    monkeypatch.setattr(engine, "RACY_MARGIN_NS", -3_600 * 10**9)


def _from_state(kb: Path) -> bool:
    state = files_state(str(kb))
    return quick.answer_from_state(kb, Options(as_of=AS_OF), state) is not None


def test_unchanged_run_is_answered_without_scanning(
    kb: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _rows(kb)
    assert _from_state(kb)

    def no_scan(root: Path) -> list[object]:
        raise AssertionError("the files were scanned")

    monkeypatch.setattr(engine, "scan", no_scan)
    assert _rows(kb) == first


def test_a_state_taken_while_coop_started_is_used(
    kb: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coop.load import prefetch

    first = _rows(kb)
    monkeypatch.chdir(kb)
    prefetch.start([], command="validate")  # as the entry point does for `coop validate`

    def fail(*args: object) -> object:
        raise AssertionError("the files were looked at in this process")

    monkeypatch.setattr(engine, "scan", fail)
    monkeypatch.setattr(engine, "files_state", fail)
    assert _rows(kb) == first


def test_a_state_taken_for_another_root_is_not_used(
    kb: Path, settled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coop.load import prefetch

    first = _rows(kb)
    other = tmp_path / "other"
    _make_kb(other, territories=3, agreements=1)
    monkeypatch.chdir(other)
    prefetch.start([], command="validate")
    taken: list[object] = []
    real = engine.files_state

    def spy(root: str) -> object:
        taken.append(root)
        return real(root)

    monkeypatch.setattr(engine, "files_state", spy)
    assert _rows(kb) == first
    assert taken == [str(kb)]


def _edit(kb: Path) -> None:
    path = kb / "data/agreements/a1.yaml"
    path.write_text(path.read_text().replace("territory: t1\n", "territory: nowhere\n", 1))


def _add(kb: Path) -> None:
    (kb / "data/territories/new.yaml").write_text("id: new\nname: Nouveau\nkind: other\n")


def _delete(kb: Path) -> None:
    (kb / "data/territories/t5.yaml").unlink()


def _rename(kb: Path) -> None:
    (kb / "data/territories/t7.yaml").rename(kb / "data/territories/t7-bis.yaml")


def _same_size_same_mtime(kb: Path) -> None:
    # Same size and mtime: only the ctime tells (the scan's own stat would not).
    import os

    path = kb / "data/agreements/a2.yaml"
    stat = path.stat()
    path.write_text(path.read_text().replace("kind: accord_cadre", "kind: accord_cadrX"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _misplaced(kb: Path) -> None:
    (kb / "data/elsewhere").mkdir()
    (kb / "data/elsewhere/x.yaml").write_text("id: x\n")


@pytest.mark.parametrize("change", [_edit, _add, _delete, _rename, _misplaced])
def test_every_change_is_seen(kb: Path, settled: None, change) -> None:  # type: ignore[no-untyped-def]
    _rows(kb)
    assert _from_state(kb)
    change(kb)
    assert not _from_state(kb)
    assert _rows(kb) == _rows(kb, use_cache=False)


def test_an_edit_keeping_size_and_mtime_is_not_answered_from_the_state(
    kb: Path, settled: None
) -> None:
    _rows(kb)
    assert _from_state(kb)
    _same_size_same_mtime(kb)
    assert not _from_state(kb)


def test_files_changed_within_the_racy_margin_are_not_trusted(kb: Path) -> None:
    _rows(kb)  # the files were all written just now
    assert not _from_state(kb)
    _rows(kb)
    assert not _from_state(kb)


def test_a_run_without_cache_records_no_state(kb: Path, settled: None) -> None:
    validate(kb, Options(as_of=AS_OF, use_cache=False))
    assert not _from_state(kb)


def test_an_unchanged_clean_run_imports_neither_yaml_nor_the_model(
    tmp_path: Path,
) -> None:
    """Through the real entry point: parsing nothing, it needs no parser (nor
    its speed warning) and no data model."""
    import json
    import os
    import subprocess
    import sys

    root = tmp_path / "clean"
    (root / "documents").mkdir(parents=True)
    (root / "documents/source.txt").write_text("source\n")
    (root / "coop.yaml").write_text("documents: documents\n")
    (root / "data/territories").mkdir(parents=True)
    (root / "data/territories/t0.yaml").write_text(
        "id: t0\nname: T 0\nkind: other\nsources:\n  - document: source.txt\n"
    )
    probe = (
        "import json, sys\n"
        "sys.argv = ['coop', 'validate']\n"
        "from coop.cli.entry import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    env = {**os.environ, "COOP_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def run() -> tuple[int, list[str]]:
        out = subprocess.run(
            [sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True
        )
        code, modules = json.loads(out.stdout.splitlines()[-1])
        return code, modules

    time.sleep(2.2)  # the files are older than the racy margin of the first run
    code, modules = run()
    assert code == 0 and "yaml" in modules  # the first run parses
    code, modules = run()
    assert code == 0
    assert sorted({"yaml", "pydantic", "coop.model", "coop.rules"} & set(modules)) == []
