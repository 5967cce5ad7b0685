"""File names no report format expects, through the real CLI in every format:
bytes that are not UTF-8, and a control character (ESC). Each report must
stay well-formed UTF-8 (JSON, XML) with the name shown as visible escapes,
even on a standard output that refuses what it cannot encode."""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import run_coop

from hardening.corpus import build

RECORD = "id: x\nname: y\nsources:\n  - url: https://example.org/x\n"
# The name's bytes, and how reports show it.
NAMES = [(b"bad\xff.yaml", "bad\\xff.yaml"), (b"esc\x1b[31m.yaml", None)]
STRICT = {"PYTHONIOENCODING": "utf-8:strict"}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build(None, tmp_path_factory.mktemp("names") / "kb")
    folder = os.fsencode(root / "data/people")
    for raw, _ in NAMES:
        with open(os.path.join(folder, raw), "w", encoding="utf-8") as handle:
            handle.write(RECORD)
    return root


def _parsed(fmt: str, out: str) -> object:
    if fmt == "junit":
        return ET.fromstring(out.encode("utf-8"))
    return json.loads(out)


@pytest.mark.parametrize("fmt", ["json", "junit", "sarif", "gitlab"])
def test_machine_formats_stay_well_formed(kb: Path, fmt: str) -> None:
    run = run_coop("validate", "--kb", str(kb), "--format", fmt, "--no-cache", env=STRICT)
    assert run.code == 1, run.err
    assert "Traceback" not in run.err
    _parsed(fmt, run.out)
    assert "bad\\xff.yaml" in run.out.replace("\\\\", "\\")
    assert "\x1b" not in run.out


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_line_formats_show_the_bytes_escaped(kb: Path, fmt: str) -> None:
    run = run_coop("validate", "--kb", str(kb), "--format", fmt, "--no-cache", env=STRICT)
    assert run.code == 1, run.err
    assert "Traceback" not in run.err
    assert "data/people/bad\\xff.yaml" in run.out
    assert "\x1b" not in run.out


def test_output_file_is_utf_8(kb: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    run = run_coop("validate", "--kb", str(kb), "-f", "json", "-o", str(target), "--no-cache")
    assert run.code == 1, run.err
    paths = {d["path"] for d in json.loads(target.read_bytes().decode("utf-8"))["diagnostics"]}
    assert "data/people/bad\\xff.yaml" in paths


def test_sarif_uris_are_percent_encoded(tmp_path: Path) -> None:
    # A literal '%41' in a name would read back as 'A' from an unencoded URI.
    root = build(None, tmp_path / "kb")
    name = "with space é%41.yaml"
    (root / "data/people" / name).write_text(RECORD, encoding="utf-8")
    run = run_coop("validate", "--kb", str(root), "--format", "sarif", "--no-cache")
    assert run.code == 1, run.err
    (sarif_run,) = json.loads(run.out)["runs"]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif_run["results"]
    }
    assert uris == {"data/people/with%20space%20%C3%A9%2541.yaml"}
