"""Writes never leave a file half-written, never go through a symlink out of
their target, and keep permissions; interrupted commands lose nothing.

The SIGINT tests interrupt a real process while it is rewriting many files
(the process is signalled once at least one file has changed, so the signal
lands mid-run), then check every file: it is the old content or the new,
complete; no temporary file is left behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_coop

from coop.writing import (
    UnsafePath,
    atomic_replace,
    atomic_write_bytes,
    atomic_write_text,
    safe_join,
)
from hardening.corpus import BASELINE

# -- the primitive ------------------------------------------------------------


def test_atomic_write_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "record.yaml"
    path.write_text("old\n")
    path.chmod(0o640)
    atomic_write_text(path, "new\n")
    assert path.read_text() == "new\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["record.yaml"]


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "new.yaml", "x\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.yaml").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("dangling", [False, True])
def test_never_writes_through_a_symlink(tmp_path: Path, dangling: bool) -> None:
    outside = tmp_path / "outside.txt"
    if not dangling:
        outside.write_text("precious\n")
    link = tmp_path / "kb" / "record.yaml"
    link.parent.mkdir()
    link.symlink_to(outside)
    with pytest.raises(UnsafePath):
        atomic_write_text(link, "overwritten\n")
    assert outside.read_text() == "precious\n" if not dangling else not outside.exists()
    assert link.is_symlink()


def test_failed_write_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "record.yaml"
    path.write_text("old\n")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        atomic_write_bytes(path, b"new\n")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["record.yaml"]


def test_atomic_replace_renames_the_filled_file_over_the_target(tmp_path: Path) -> None:
    path = tmp_path / "image.sqlite"
    path.write_text("old")
    with atomic_replace(path) as tmp:
        assert tmp.parent == tmp_path and tmp != path
        tmp.write_text("new")
        assert path.read_text() == "old", "nothing shows until the block ends"
    assert path.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["image.sqlite"]


def test_atomic_replace_that_fails_keeps_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "image.sqlite"
    path.write_text("old")
    with pytest.raises(RuntimeError), atomic_replace(path) as tmp:
        tmp.write_text("half")
        raise RuntimeError("the writer failed")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["image.sqlite"]


def test_atomic_replace_never_writes_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("theirs")
    link = tmp_path / "image.sqlite"
    link.symlink_to(target)
    with pytest.raises(UnsafePath), atomic_replace(link):
        pass
    assert target.read_text() == "theirs"


@pytest.mark.parametrize(
    "parts", [("..", "escape.txt"), ("/etc", "passwd"), ("a", "..", "..", "b"), ("link", "x")]
)
def test_safe_join_refuses_to_leave_its_folder(tmp_path: Path, parts: tuple[str, ...]) -> None:
    base = tmp_path / "out"
    base.mkdir()
    (base / "link").symlink_to(tmp_path)
    with pytest.raises(UnsafePath):
        safe_join(base, *parts)


def test_safe_join_accepts_names_inside(tmp_path: Path) -> None:
    assert safe_join(tmp_path, "a", "b.yaml") == (tmp_path / "a" / "b.yaml").resolve()


# -- SIGINT ------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from coop.writing import atomic_write_text
    root, count = Path(sys.argv[1]), int(sys.argv[2])
    for round_ in range(1, 10_000):
        for i in range(count):
            atomic_write_text(root / f"f{i:03d}.txt", f"round {round_}\\n" + "x" * 300_000 + "\\nend\\n")
    """
)


def _wait_for_change(files: dict[Path, bytes], proc: subprocess.Popen[bytes], limit: float) -> bool:
    """Wait until one file differs from ``files`` (the run is under way)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        for path, before in files.items():
            try:
                if path.read_bytes() != before:
                    return True
            except FileNotFoundError:
                return True
        time.sleep(0.005)
    return False


def _interrupt(proc: subprocess.Popen[bytes]) -> int:
    proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(timeout=60)
    except subprocess.TimeoutExpired:  # pragma: no cover - a hang is a failure
        proc.kill()
        raise


def _leftovers(root: Path) -> list[str]:
    return [p.name for p in root.rglob(".*.tmp")]


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2])
def test_sigint_during_atomic_writes_loses_nothing(tmp_path: Path, delay: float) -> None:
    count = 40
    old = {tmp_path / f"f{i:03d}.txt": f"old {i}\n".encode() * 1000 for i in range(count)}
    for path, content in old.items():
        path.write_bytes(content)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path), str(count)], cwd=REPO)
    assert _wait_for_change(old, proc, 60)
    time.sleep(delay)
    _interrupt(proc)
    for path, before in old.items():
        after = path.read_bytes()
        complete = after.startswith(b"round ") and after.endswith(b"\nend\n")
        assert after == before or (complete and len(after) == len(after.split(b"\n")[0]) + 300_006)
    assert _leftovers(tmp_path) == []


def _kb_to_format(root: Path, copies: int) -> dict[Path, bytes]:
    """A knowledge base whose records all need `coop fmt` (keys sorted A-Z, 4-space indents)."""
    shutil.copytree(BASELINE, root, ignore=shutil.ignore_patterns(".coop-cache"))
    record = yaml.safe_load((BASELINE / "data/territories/sicoval.yaml").read_text())
    files = {}
    for i in range(copies):
        data = {**record, "id": f"commune-{i:04d}", "name": f"Commune {i}", "kind": "commune"}
        data.pop("identifiers", None)
        path = root / f"data/territories/commune-{i:04d}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=True, indent=4, allow_unicode=True))
        files[path] = path.read_bytes()
    return files


def _popen_coop(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "COOP_NO_CACHE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "coop", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_sigint_during_coop_fmt_loses_nothing(tmp_path: Path) -> None:
    copies = 400
    reference = tmp_path / "reference"
    _kb_to_format(reference, copies)
    done = run_coop("fmt", "--kb", str(reference), timeout=600)
    assert done.code == 0, done.err
    new = {p.name: p.read_bytes() for p in (reference / "data/territories").iterdir()}

    root = tmp_path / "kb"
    old = _kb_to_format(root, copies)
    assert all(new[p.name] != content for p, content in old.items())  # every file changes
    proc = _popen_coop("fmt", "--kb", str(root), cwd=root)
    assert _wait_for_change(old, proc, 120), "fmt never started writing"
    code = _interrupt(proc)
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert "Traceback" not in err, err
    changed = 0
    for path, before in old.items():
        after = path.read_bytes()
        assert after in (before, new[path.name]), path.name
        changed += after != before
    assert _leftovers(root) == []
    if code != 0:  # interrupted before the end: some files old, some new
        assert code == 130, err
        assert changed > 0


def test_sigint_during_coop_rename_loses_nothing(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(BASELINE, root, ignore=shutil.ignore_patterns(".coop-cache"))
    template = (BASELINE / "data/agreements/accord-cadre.yaml").read_text()
    for i in range(400):
        text = template.replace("id: accord-cadre", f"id: accord-{i:04d}")
        (root / f"data/agreements/accord-{i:04d}.yaml").write_text(text)
    old = {p: p.read_bytes() for p in (root / "data").rglob("*.yaml")}
    proc = _popen_coop("rename", "sicoval", "ca-sicoval", "--kb", str(root), cwd=root)
    assert _wait_for_change(old, proc, 120), "rename never started writing"
    code = _interrupt(proc)
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert "Traceback" not in err, err
    assert code in (0, 130), err
    for path, before in old.items():
        if path.name == "sicoval.yaml" and not path.exists():
            renamed = path.with_name("ca-sicoval.yaml")
            assert renamed.read_bytes() == before.replace(b"id: sicoval", b"id: ca-sicoval")
            continue
        after = path.read_bytes()
        assert after in (
            before,
            before.replace(b"territory: sicoval\n", b"territory: ca-sicoval\n"),
        )
    assert _leftovers(root) == []


# -- commands do not write through symlinks out of the knowledge base -------


def test_fmt_does_not_write_through_a_symlink_out(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(BASELINE, root, ignore=shutil.ignore_patterns(".coop-cache"))
    outside = tmp_path / "outside.yaml"
    outside.write_text("name:    Outside\nkind: commune\nid: outside\n")
    (root / "data/territories/outside.yaml").symlink_to(outside)
    result = run_coop("fmt", "--kb", str(root))
    assert "Traceback" not in result.err
    assert outside.read_text() == "name:    Outside\nkind: commune\nid: outside\n"
    assert (root / "data/territories/outside.yaml").is_symlink()


def test_fmt_keeps_permissions(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    _kb_to_format(root, 2)
    path = root / "data/territories/commune-0000.yaml"
    before = path.read_bytes()
    path.chmod(0o600)
    result = run_coop("fmt", "--kb", str(root))
    assert result.code == 0, result.err
    assert path.read_bytes() != before
    assert path.stat().st_mode & 0o777 == 0o600


def test_rename_does_not_write_through_a_symlink_out(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(BASELINE, root, ignore=shutil.ignore_patterns(".coop-cache"))
    outside = tmp_path / "outside.yaml"
    text = (BASELINE / "data/agreements/accord-cadre.yaml").read_text()
    outside.write_text(text.replace("id: accord-cadre", "id: outside"))
    (root / "data/agreements/outside.yaml").symlink_to(outside)
    before = outside.read_bytes()
    result = run_coop("rename", "sicoval", "ca-sicoval", "--kb", str(root))
    assert "Traceback" not in result.err
    assert result.code != 3, result.err
    assert outside.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--format", "json", "--out", "{out}"),
        ("report", "sicoval", "--format", "html", "--out", "{out}"),
        ("validate", "--format", "json", "--output", "{out}"),
    ],
)
def test_output_file_that_is_a_symlink_is_not_written_through(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    root = tmp_path / "kb"
    shutil.copytree(BASELINE, root, ignore=shutil.ignore_patterns(".coop-cache"))
    precious = tmp_path / "precious.txt"
    precious.write_text("precious\n")
    out = tmp_path / "out.file"
    out.symlink_to(precious)
    argv = [a.replace("{out}", str(out)) for a in args]
    result = run_coop(*argv[:1], "--kb", str(root), *argv[1:])
    assert "Traceback" not in result.err, result.err
    assert result.code in (1, 2), (result.code, result.err)
    assert precious.read_text() == "precious\n"
