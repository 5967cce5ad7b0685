"""Golden files: the invalid example KB's report in every format, compared exactly.

After an intended change of output, regenerate them with ``make golden``
(``COOP_UPDATE_GOLDEN=1 pytest -k golden``) and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from coop import __version__

GOLDEN = REPO / "tests" / "golden"
INVALID = REPO / "tests" / "kbs" / "invalid"
UPDATE = os.environ.get("COOP_UPDATE_GOLDEN") == "1"

FORMATS = {
    "json": "invalid.json",
    "github": "invalid.github.txt",
    "junit": "invalid.junit.xml",
    "text": "invalid.text.txt",  # NO_COLOR (run_coop sets it): no escape codes
}


def normalise(output: str) -> str:
    """Replace what changes from one release to the next."""
    return output.replace(__version__, "<version>")


@pytest.fixture(scope="module")
def invalid_kb(tmp_path_factory) -> Path:
    # A copy: coop writes its cache in the KB folder.
    return Path(shutil.copytree(INVALID, tmp_path_factory.mktemp("golden") / "invalid"))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_golden_output(coop, invalid_kb, fmt):
    run = coop("validate", "--kb", str(invalid_kb), "--format", fmt, "--no-cache")
    assert run.code == 1, run.err
    actual = normalise(run.out)
    golden = GOLDEN / FORMATS[fmt]
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.is_file(), f"{golden} is missing: run `make golden`"
    expected = golden.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{fmt} output differs from {golden.name}; `make golden` regenerates it"
    )


def test_golden_files_hold_no_volatile_values():
    for name in FORMATS.values():
        text = (GOLDEN / name).read_text(encoding="utf-8")
        assert __version__ not in text
        assert "\x1b[" not in text  # no terminal colours
        assert str(REPO) not in text  # no absolute paths of this machine
