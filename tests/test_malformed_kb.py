"""Acceptance: no file in the KB, however malformed, produces a traceback or
runs for more than a few seconds; each is reported at its place with its code."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from rules.helpers import write_kb

# A generous bound for a whole CLI run on a shared 2-core machine: a guard
# against hangs and quadratic blow-ups, not a benchmark.
TIME_LIMIT = 15.0


def alias_bomb() -> str:
    lines = ["id: bomb", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 12):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


MALFORMED: dict[str, bytes] = {
    "data/people/binary.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40,
    "data/people/one-line.yaml": b"id: one-line\nname: " + b"x" * 10_000_000 + b"\n",
    "data/people/deep.yaml": b"id: deep\nname: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    # Block nesting grows the file quadratically: 300 levels are enough.
    "data/people/deep-block.yaml": b"".join(b"  " * i + b"-\n" for i in range(300)),
    "data/people/bomb.yaml": alias_bomb().encode(),
    "data/people/latin1.yaml": "id: latin1\nname: Hélène\n".encode("latin-1"),
    "data/people/utf16.yaml": "id: utf16\nname: Hélène\n".encode("utf-16"),
    "data/people/tabs.yaml": b"id: tabs\nmandates:\n\t- title: x\n",
    "data/people/unclosed.yaml": b'id: unclosed\nname: "Jean\n',
    "data/people/control.yaml": b"id: control\nname: a\x1b[31mred\n",
    "data/people/python.yaml": b"id: python\nname: !!python/name:os.system x\nsources: [{document: deliberation.txt}]\n",
    "data/people/empty.yaml": b"",
    "data/people/list.yaml": b"- a\n- b\n",
}

EXPECTED = {
    "data/people/binary.yaml": ("Y004", 3, 1),
    "data/people/one-line.yaml": ("Y012", 1, 1),
    "data/people/deep.yaml": ("Y011", 2, 70),
    "data/people/deep-block.yaml": ("Y011", 65, 129),
    "data/people/bomb.yaml": ("Y010", 7, 10),
    "data/people/latin1.yaml": ("Y004", 2, 8),
    "data/people/utf16.yaml": ("Y004", 1, 1),
    "data/people/tabs.yaml": ("Y003", 3, 1),
    "data/people/unclosed.yaml": ("Y001", 2, 7),
    "data/people/control.yaml": ("Y004", 2, 8),
    "data/people/python.yaml": ("Y009", 2, 7),
    "data/people/empty.yaml": ("Y006", 1, 1),
    "data/people/list.yaml": ("Y008", 1, 1),
}


@pytest.fixture(scope="module")
def malformed_kb(tmp_path_factory) -> Path:
    root = write_kb(tmp_path_factory.mktemp("malformed"), MALFORMED)
    outside = root.parent / "outside.yaml"
    outside.write_text("secret: 1\n")
    os.symlink(outside, root / "data/people/link.yaml")
    (root / "data/people/folder.yaml").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "data/people/pipe.yaml")
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_malformed_files_exit_1_fast_without_traceback(coop, malformed_kb, fmt):
    start = time.perf_counter()
    run = coop("validate", "--kb", str(malformed_kb), "--format", fmt, "--no-cache", timeout=60)
    elapsed = time.perf_counter() - start
    assert run.code == 1, run.err
    assert "Traceback" not in run.out + run.err
    assert run.err.strip() == "" or "internal error" not in run.err
    assert elapsed < TIME_LIMIT, f"{elapsed:.1f} s"
    if fmt == "text":
        assert "secret" not in run.out  # a link out of the KB is never shown
        assert "\x1b[" not in run.out  # nor a file's escape sequences


def test_each_malformed_file_is_reported_at_its_place(coop, malformed_kb):
    run = coop("validate", "--kb", str(malformed_kb), "--format", "json", "--no-cache", timeout=60)
    found: dict[str, list[tuple[str, int, int]]] = {}
    for d in json.loads(run.out)["diagnostics"]:
        found.setdefault(d["path"], []).append((d["code"], d["line"], d["column"]))
    for path, expected in EXPECTED.items():
        assert found.get(path) == [expected], path
    assert found["data/people/link.yaml"] == [("Y013", 1, 1)]
    assert found["data/people/folder.yaml"] == [("Y013", 1, 1)]
    if hasattr(os, "mkfifo"):
        assert found["data/people/pipe.yaml"] == [("Y013", 1, 1)]
    # The base records around them are still checked and clean.
    assert not [p for p in found if not p.startswith("data/people/")]
