"""The guess, before the files' state, that a knowledge base changed since
its last validation (``coop.validate.hint``): right after a save that
renames a file into place, silent otherwise, and never a change of result."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from query.helpers import FIXTURE

from coop.load import prefetch
from coop.load import state as state_module
from coop.load.state import files_state
from coop.validate import hint
from coop.validate.cache import RACY_MARGIN_NS


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    shutil.copytree(FIXTURE, tmp_path / "kb")
    monkeypatch.setenv("COOP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("COOP_NO_CACHE", raising=False)
    monkeypatch.setattr(prefetch, "can_fork", lambda: True)
    yield (tmp_path / "kb").resolve()
    prefetch._forget()


def _validate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coop", "validate", "--kb", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )


def _validate_without_cache(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coop", "validate", "--kb", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "COOP_NO_CACHE": "1"},
        timeout=120,
    )


def _agreement(root: Path) -> Path:
    return sorted((root / "data" / "agreements").rglob("*.yaml"))[0]


def _save_by_rename(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".new")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_nothing_to_tell_before_a_first_run(root: Path) -> None:
    assert not hint.likely_changed(str(root))


def test_a_run_leaves_a_hint_that_says_unchanged(root: Path) -> None:
    assert _validate(root).returncode == 0
    assert not hint.likely_changed(str(root))


def test_a_file_saved_by_rename_is_a_likely_change(root: Path) -> None:
    assert _validate(root).returncode == 0
    path = _agreement(root)
    _save_by_rename(path, path.read_text(encoding="utf-8").replace("title:", "titel:", 1))
    assert hint.likely_changed(str(root))
    guessed = _validate(root)
    assert guessed.returncode == 1 and '"S001"' in guessed.stdout
    assert not hint.likely_changed(str(root)), "the run records its own state"
    assert guessed.stdout == _validate_without_cache(root).stdout


def test_a_new_file_and_a_deleted_folder_are_likely_changes(root: Path) -> None:
    assert _validate(root).returncode == 0
    shutil.copy(_agreement(root), root / "data" / "agreements" / "copy.yaml")
    assert hint.likely_changed(str(root))
    assert _validate(root).returncode == 1  # the copy repeats an id
    shutil.rmtree(root / "data" / "people")
    assert hint.likely_changed(str(root))


def test_a_wrong_guess_is_not_made_again(root: Path) -> None:
    # Files changed within the cache's racy margin are checked again, not
    # answered from the state: the copy must be older than that.
    time.sleep(RACY_MARGIN_NS / 1e9 + 0.1)
    assert _validate(root).returncode == 0
    # A folder moves, no record changes: an editor's swap file, a note.
    (root / "data" / "agreements" / ".edited.yaml.swp").write_bytes(b"swap")
    assert hint.likely_changed(str(root))
    answered = _validate(root)
    assert answered.returncode == 0
    assert not hint.likely_changed(str(root)), "the next runs guess right again"
    assert answered.stdout == _validate_without_cache(root).stdout


def test_coop_yaml_edited_in_place_is_a_likely_change(root: Path) -> None:
    config = root / "coop.yaml"
    config.write_text("# settings\n", encoding="utf-8")
    assert _validate(root).returncode == 0
    with config.open("a", encoding="utf-8") as handle:
        handle.write("# more\n")
    assert hint.likely_changed(str(root))


def test_a_record_rewritten_in_place_goes_unguessed_but_not_unchecked(root: Path) -> None:
    assert _validate(root).returncode == 0
    path = _agreement(root)
    text = path.read_text(encoding="utf-8")
    with path.open("w", encoding="utf-8") as handle:  # in place: the folder's time stays
        handle.write(text.replace("title:", "titel:", 1))
    assert not hint.likely_changed(str(root))
    found = _validate(root)
    assert found.returncode == 1 and '"S001"' in found.stdout, "the state still decides"


def test_no_cache_and_a_damaged_hint_tell_nothing(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _validate(root).returncode == 0
    shutil.copy(_agreement(root), root / "data" / "agreements" / "copy.yaml")
    monkeypatch.setenv("COOP_NO_CACHE", "1")
    assert not hint.likely_changed(str(root))
    monkeypatch.delenv("COOP_NO_CACHE")
    (written,) = (tmp_path / "cache" / "validate").glob("*/changes-hint")
    for damaged in (b"", b"\x00garbage", written.read_bytes()[:10]):
        written.write_bytes(damaged)
        assert not hint.likely_changed(str(root))


def test_a_likely_change_has_the_state_taken_whole_by_the_child(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _validate(root).returncode == 0
    monkeypatch.setattr(state_module, "SPLIT_FROM", 0)  # halves whenever asked
    assert prefetch.start(["--kb", str(root)], command="validate") is False
    taken = prefetch.take(str(root))
    assert taken is not None and taken[0] == files_state(str(root))

    path = _agreement(root)
    _save_by_rename(path, path.read_text(encoding="utf-8") + "# edited\n")
    assert prefetch.start(["--kb", str(root)], command="validate") is True
    taken = prefetch.take(str(root))
    assert taken is not None
    assert taken[0] == files_state(str(root))
    assert taken[0].folders == files_state(str(root), split=False).folders


def test_a_query_never_guesses(root: Path) -> None:
    assert _validate(root).returncode == 0
    shutil.copy(_agreement(root), root / "data" / "agreements" / "copy.yaml")
    assert prefetch.start(["agreements", "--kb", str(root)]) is False
