"""The files' state that keys the stored image: every change the load would
see shows, and nothing else."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from query.helpers import FIXTURE

from coop.load import state as scan
from coop.load.state import files_state


@pytest.fixture(autouse=True, params=["whole", "halves"])
def halves(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Every test runs twice: the files stat'ed by one process, and in two
    halves, the second by a forked child (as on a national knowledge base)."""
    if request.param == "halves":
        monkeypatch.setattr(scan, "SPLIT_FROM", 0)
        monkeypatch.setattr(scan, "can_fork", lambda: True)
        return True
    monkeypatch.setattr(scan, "SPLIT_FROM", 10**9)
    return False


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "kb")
    return tmp_path / "kb"


def _state(root: Path) -> scan.FilesState:
    return files_state(str(root))


def _subfolder(r: Path) -> None:
    (r / "data/territories/sub").mkdir()
    (r / "data/territories/sub/a.yaml").touch()


CHANGES: list[Callable[[Path], object]] = [
    lambda r: (r / "data/agreements/entente-gamma-beta.yaml").write_text("id: x\n"),
    lambda r: (r / "data/people/lea-petit.yaml").unlink(),
    lambda r: (r / "data/bodies/club-mobilite.yaml").rename(r / "data/bodies/club.yaml"),
    lambda r: (r / "data/territories/new.yml").write_text("id: new\n"),
    _subfolder,
    lambda r: (r / "data/agreements/folder.yaml").mkdir(),
    lambda r: (r / "coop.yaml").write_text("language: en\n"),
    lambda r: os.utime(r / "data/vocabulary/themes.yaml", ns=(1, 1)),  # mtime only
    lambda r: (r / "data/agreements/pacte-etat-alpha.yaml").chmod(0o600),  # ctime only
    lambda r: (r / "data/agreements/link.yaml").symlink_to(r / "data/people/jeanne-martin.yaml"),
]


@pytest.mark.parametrize("change", range(len(CHANGES)))
def test_every_change_changes_the_state(root: Path, change: int) -> None:
    before = _state(root)
    CHANGES[change](root)
    assert _state(root).digest != before.digest


# What each change of CHANGES changes in the state of each folder ("" holds coop.yaml).
CHANGED_FOLDERS = [
    {"data/agreements"},
    {"data/people"},
    {"data/bodies"},
    {"data/territories"},
    {"data/territories/sub"},
    {"data/agreements"},
    {""},
    {"data/vocabulary"},
    {"data/agreements"},
    {"data/agreements"},
]


@pytest.mark.parametrize("change", range(len(CHANGES)))
def test_a_change_shows_in_its_folder(root: Path, change: int, halves: bool) -> None:
    before = _state(root).folders
    CHANGES[change](root)
    after = _state(root).folders
    changed = {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}
    if halves:  # a change of the number of files moves the cut between the halves
        assert CHANGED_FOLDERS[change] <= changed
    else:
        assert changed == CHANGED_FOLDERS[change]


def test_each_folders_newest_time(root: Path) -> None:
    os.utime(root / "data/people/lea-petit.yaml", ns=(1, 4 * 10**18))
    folders = _state(root).folders
    assert folders["data/people"][1] == 4 * 10**18
    assert folders["data/bodies"][1] < 4 * 10**18


def test_a_folder_that_cannot_be_opened_has_a_state(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (root / "data/territories/locked").mkdir()
    (root / "data/territories/locked/a.yaml").touch()
    opened = _state(root).folders["data/territories/locked"]
    real_open = os.open

    def refuse(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if path == "locked":
            raise PermissionError(13, "denied")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scan.os, "open", refuse)
    refused = _state(root).folders["data/territories/locked"]
    assert refused != opened and refused[1] == 0


def test_what_the_load_ignores_does_not_count(root: Path) -> None:
    before = _state(root)
    (root / "data/agreements/notes.txt").write_text("not a record")
    (root / "data/.hidden.yaml").write_text("id: hidden\n")
    (root / "data/agreements/.hidden.yaml").write_text("id: hidden\n")  # beside records
    (root / "README.md").write_text("changed")
    assert _state(root) == before


def test_same_files_same_state(root: Path) -> None:
    assert files_state(str(root)) == files_state(str(root))
    assert files_state(str(root)).files == len(list((root / "data").rglob("*.yaml")))


def test_no_data_folder_is_a_state_too(tmp_path: Path) -> None:
    empty = files_state(str(tmp_path))
    assert empty.files == 0
    (tmp_path / "data").mkdir()
    assert files_state(str(tmp_path)) != empty


def test_by_path_where_folders_cannot_be_opened(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where os.scandir takes no folder descriptor, paths give the same state."""
    by_fd = _state(root)
    monkeypatch.setattr(scan, "_BY_FD", False)
    assert _state(root) == by_fd


def test_leaves_no_folder_open(root: Path) -> None:
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("no /proc to count open files")
    before = len(list(fds.iterdir()))
    _state(root)
    assert len(list(fds.iterdir())) == before


def test_a_file_that_cannot_be_stated_leaves_its_folder_watched(root: Path) -> None:
    """A broken link stops the folder's stats at once; they go on one by one."""
    agreements = root / "data/agreements"
    (agreements / "aaa-broken.yaml").symlink_to(agreements / "nowhere.yaml")
    (agreements / "zzz-broken.yaml").symlink_to(agreements / "nowhere.yaml")
    assert _state(root).files == len(list((root / "data").rglob("*.yaml")))
    for path in sorted(agreements.glob("*.yaml")):  # wherever it comes in the folder
        if not path.is_symlink():
            before = _state(root)
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))  # same size
            assert _state(root).digest != before.digest, path.name
    before = _state(root)
    (agreements / "nowhere.yaml").write_text("id: nowhere\n")
    assert _state(root).digest != before.digest


def test_the_halves_give_the_state_of_the_whole(
    root: Path, halves: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = _state(root)
    monkeypatch.setattr(scan, "SPLIT_FROM", 10**9 if halves else 0)
    monkeypatch.setattr(scan, "can_fork", lambda: True)
    assert _state(root) == state


def test_a_failed_child_leaves_the_state_as_it_is(
    root: Path, halves: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = _state(root)

    def broken(part: object) -> bytes:
        raise OSError("no")

    monkeypatch.setattr(scan, "_encode", broken)  # in the child: forked after
    assert _state(root) == state
