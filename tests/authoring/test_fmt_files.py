"""Formatting many files: several processes give what one process gives, and a
file known formatted (kept per user) is not formatted again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from coop.authoring import fmt_files, fmt_known
from coop.authoring.fmt_files import format_files, kb_files
from coop.authoring.fmt_known import Known


def _kb(tmp_path: Path, name: str) -> Path:
    """A copy of the repository's knowledge base, some files to reformat and one broken."""
    root = tmp_path / name
    shutil.copytree(REPO / "data", root / "data")
    shutil.copy(REPO / "coop.yaml", root / "coop.yaml")
    for path in sorted((root / "data/agreements").glob("*.yaml"))[:3]:
        lines = path.read_text("utf-8").split("\n")
        # The first two top-level keys swapped: the formatter puts them back.
        lines[0], lines[1] = lines[1], lines[0]
        path.write_text("\n".join(lines), "utf-8")
    (root / "data/people/broken.yaml").write_text("id: [unclosed\n", "utf-8")
    return root


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("check", [True, False], ids=["check", "write"])
def test_several_processes_give_what_one_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check: bool
) -> None:
    one, several = _kb(tmp_path, "one"), _kb(tmp_path, "several")
    alone = format_files(kb_files(one, []), check=check, jobs=1)
    pids = tmp_path / "pids"
    pids.mkdir()
    examine = fmt_files._examine

    def spied(task):  # type: ignore[no-untyped-def]
        (pids / str(os.getpid())).touch()
        return examine(task)

    # Sent to the workers by name: the name finds the spy, which forked with them.
    spied.__qualname__ = "_examine"
    spied.__module__ = fmt_files.__name__
    monkeypatch.setattr(fmt_files, "_examine", spied)
    monkeypatch.setattr(fmt_files, "PARALLEL_THRESHOLD", 1)
    shared = format_files(kb_files(several, []), check=check, jobs=2)
    assert os.getpid() not in {int(p.name) for p in pids.iterdir()}, "formatted in workers"
    assert shared == alone
    assert len(alone.changed) == 3 and len(alone.refused) == 1 and alone.unchanged
    assert _tree(several) == _tree(one)


class _Counted:
    """format_bytes, counting the files it formats."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = fmt_files.format_bytes

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(fmt_files, "format_bytes", counted)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COOP_CACHE_DIR", str(folder))
    monkeypatch.delenv("COOP_NO_CACHE", raising=False)
    return folder


def _run(root: Path, check: bool = True) -> fmt_files.FmtReport:
    known = Known.open()
    report = format_files(kb_files(root, []), check=check, jobs=1, known=known)
    known.save()
    return report


def test_files_known_formatted_are_not_formatted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    root = _kb(tmp_path, "kb")
    counted = _Counted(monkeypatch)
    first = _run(root)
    files = len(kb_files(root, []))
    assert counted.calls == files
    again = _run(root)
    assert again == first
    # Only the three files that need formatting, and the one that does not
    # parse (refused: never known formatted).
    assert counted.calls == files + 3 + 1
    _run(root, check=False)  # formats them: their new bytes are known formatted
    calls = counted.calls
    assert _run(root).changed == []
    assert counted.calls == calls + 1


def test_an_edited_file_is_formatted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    root = _kb(tmp_path, "kb")
    _run(root, check=False)
    counted = _Counted(monkeypatch)
    person = sorted((root / "data/people").glob("[a-z]*-*.yaml"))[0]
    lines = person.read_text("utf-8").split("\n")
    lines[0], lines[1] = lines[1], lines[0]
    person.write_text("\n".join(lines), "utf-8")
    report = _run(root)
    assert counted.calls == 2, "the edited file, and the one that does not parse"
    assert report.changed == [person.relative_to(root).as_posix()]


def test_a_damaged_store_or_other_code_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    root = _kb(tmp_path, "kb")
    _run(root, check=False)
    (store,) = (cache / "fmt").iterdir()
    store.write_bytes(store.read_bytes()[:-1])  # no longer whole digests
    counted = _Counted(monkeypatch)
    _run(root)
    assert counted.calls == len(kb_files(root, []))
    monkeypatch.setattr(fmt_known, "_code_digest", lambda: "other-code")
    calls = counted.calls
    _run(root)
    assert counted.calls == calls * 2
    assert [p.name for p in (cache / "fmt").iterdir()] == ["other-code.known"]


def test_nothing_is_kept_without_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    monkeypatch.setenv("COOP_NO_CACHE", "1")
    root = _kb(tmp_path, "kb")
    counted = _Counted(monkeypatch)
    _run(root)
    _run(root)
    assert counted.calls == 2 * len(kb_files(root, []))
    assert not cache.exists()
