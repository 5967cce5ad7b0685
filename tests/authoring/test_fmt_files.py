"""Formatting many files in several processes gives what one process gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from coop.authoring import fmt_files
from coop.authoring.fmt_files import format_files, kb_files


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
