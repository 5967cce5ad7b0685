"""The benchmark's corpus generator: a small corpus validates clean through the
real CLI, is already in `coop fmt`'s canonical form, and the same seed gives
the same bytes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_coop

GENERATE = REPO / "bench" / "generate.py"
COG = REPO / "coop" / "data" / "cog"  # the packaged copy: present on every checkout


def generate(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(GENERATE),
            "--scale",
            "0.01",
            "--cog",
            str(COG),
            "--out",
            str(out),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".coop-cache" not in p.parts
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "kb"
    done = generate(out, "--seed", "7")
    assert done.returncode == 0, done.stderr
    return out


def test_small_corpus_validates_clean(corpus: Path) -> None:
    result = run_coop("validate", "--kb", str(corpus), "--strict")
    assert result.code == 0, result.out[-3000:] + result.err
    manifest = json.loads((corpus / "bench-manifest.json").read_text("utf-8"))
    records = manifest["records"]
    assert records["agreements"] == 100
    assert records["bodies"] == 20
    assert records["people"] == 50
    assert records["territories"] > 100  # the communes of 13 EPCIs, their départements…
    assert manifest["query"]["party"] and manifest["query"]["theme"]
    assert (corpus / manifest["sample_agreement"]).is_file()


def test_small_corpus_is_in_canonical_form(corpus: Path) -> None:
    # A generated corpus should look like one an analyst keeps with `coop fmt`.
    # No cache: a digest remembered from another run must not answer for the files.
    result = run_coop("fmt", "--check", "--kb", str(corpus), env={"COOP_NO_CACHE": "1"})
    assert result.code == 0, result.out[-3000:] + result.err
    summary = re.search(r"(\d+) would be formatted, (\d+) unchanged", result.err)
    assert summary, result.err
    # Every record, the themes and coop.yaml were looked at, none would change.
    yaml_files = [*(corpus / "data").rglob("*.yaml"), corpus / "coop.yaml"]
    assert (int(summary[1]), int(summary[2])) == (0, len(yaml_files))


def test_same_seed_same_bytes(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert generate(again, "--seed", "7").returncode == 0
    assert tree(again) == tree(corpus)


def test_other_seed_other_corpus(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert generate(other, "--seed", "8").returncode == 0
    assert tree(other) != tree(corpus)


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path: Path) -> None:
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "keep.txt").write_text("mine", "utf-8")
    done = generate(precious)
    assert done.returncode == 2
    assert "refusing" in done.stderr and "Traceback" not in done.stderr
    assert (precious / "keep.txt").read_text("utf-8") == "mine"
