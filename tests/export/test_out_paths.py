"""--out paths an export must refuse before it writes anything."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from query.helpers import FIXTURE


@pytest.mark.parametrize("fmt", ["json", "popolo", "sqlite"])
def test_a_named_pipe_is_not_replaced(coop, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    # An export is renamed over its target: as root, --out /dev/null replaced
    # the device with a regular file, for every process on the machine.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    run = coop("export", "-f", fmt, "-o", str(pipe), "--kb", str(FIXTURE))
    assert run.code == 2, run.err
    assert "not a regular file" in run.err and "Traceback" not in run.err
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_dash_is_not_a_file_name(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = coop("export", "-f", "json", "-o", "-", "--kb", str(FIXTURE), cwd=tmp_path)
    assert run.code == 2, run.err
    assert "not to the standard output" in run.err
    assert not list(tmp_path.iterdir())
