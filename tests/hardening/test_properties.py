"""Property-based tests: whatever the bytes of a record file, validation ends
with diagnostics (never an exception), and each diagnostic points inside its
file.

Inputs: random YAML documents built from the models' own keys, and random
mutations (of the text, of the bytes, of the structure) of the real records in
``data/`` (or of the corpus baseline when ``data/`` is absent).

Budget: the CI run is derandomized (a fixed seed, so a failure reproduces)
with ``COOP_FUZZ_EXAMPLES`` examples in all (default 2,000), split across the
tests below. ``make fuzz`` raises it for a long run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coop.model import COLLECTIONS
from coop.validate.engine import Options, validate
from hardening.corpus import BASELINE, validate_cli

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SOURCE_KB = REPO if (DATA / "territories").is_dir() else BASELINE

TOTAL = int(os.environ.get("COOP_FUZZ_EXAMPLES", "2000"))
# Share of the budget for each test; the four shares sum to the total.
SHARES = {"text": 0.4, "bytes": 0.2, "structure": 0.2, "documents": 0.2}


def budget(name: str) -> settings:
    return settings(
        max_examples=max(1, int(TOTAL * SHARES[name])),
        derandomize=os.environ.get("COOP_FUZZ_RANDOM", "") in {"", "0"},
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _records() -> list[tuple[str, bytes]]:
    out = []
    for path in sorted((SOURCE_KB / "data").rglob("*.yaml")):
        if path.is_file() and not path.is_symlink():
            out.append((path.relative_to(SOURCE_KB).as_posix(), path.read_bytes()))
    return out


RECORDS = _records()

# YAML line breaks (libyaml's): what "a line of the file" means for a position.
_BREAKS = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")


def _lines(raw: bytes) -> list[str]:
    text = raw.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return _BREAKS.split(text)


class Workspace:
    """A knowledge base holding only the file under test, rewritten by every
    example and validated in-process (no cache: each example is new). Alone,
    the file's references do not resolve: those diagnostics are positions to
    check like any other."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="coop-fuzz-"))

    def check(self, rel: str, raw: bytes) -> None:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        try:
            result = validate(self.root, Options(use_cache=False, jobs=1))
        finally:
            target.unlink()
        for d in result.diagnostics:
            assert d.path == rel, d
            assert d.line >= 1 and d.col >= 1, d
            lines = _lines(raw)
            assert d.line <= len(lines) + 1, (d, len(lines))
            width = len(lines[d.line - 1]) if d.line <= len(lines) else 0
            assert d.col <= width + 1, (d, width, raw[:300])


@pytest.fixture(scope="module")
def workspace() -> Iterator[Workspace]:
    space = Workspace()
    yield space
    shutil.rmtree(space.root, ignore_errors=True)


# -- strategies ------------------------------------------------------------

_FIELD_NAMES = sorted({name for model in COLLECTIONS.values() for name in model.model_fields})
_YAML_CHARS = ":-[]{},#&*!|>'\"%@`?\t\r\n \\~<=.0123456789abcéÉ\u2028\x85\ufeff"
_SCALAR_TEXT = st.text(
    alphabet=st.sampled_from(list(_YAML_CHARS)) | st.characters(codec="utf-8"), max_size=20
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True)
    | _SCALAR_TEXT
    | st.sampled_from(["2016-01-29", "2016-02-30", "29/01/2016", "2016", "sicoval", "<<", "~"])
)
keys = st.sampled_from(_FIELD_NAMES) | _SCALAR_TEXT
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> str:
    """A real record's text with up to four edits an analyst's slip could make."""
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        kind = draw(st.sampled_from(["insert", "delete", "dup-line", "swap", "indent", "truncate"]))
        pos = draw(st.integers(0, max(0, len(text))))
        if kind == "insert":
            text = text[:pos] + draw(_SCALAR_TEXT) + text[pos:]
        elif kind == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 30)) :]
        elif kind == "dup-line" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif kind == "swap" and len(lines) > 1:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif kind == "indent" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = draw(st.sampled_from(["", " ", "\t", "    ", "  - "])) + lines[i].lstrip()
            text = "\n".join(lines)
        elif kind == "truncate":
            text = text[:pos]
    return text


@st.composite
def record_text(draw: st.DrawFn) -> tuple[str, bytes]:
    rel, raw = draw(st.sampled_from(RECORDS))
    text = raw.decode("utf-8")
    return rel, draw(text_mutation(text)).encode("utf-8")


@st.composite
def record_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """Byte-level damage: invalid UTF-8, NUL, BOM, CR, a cut in a character."""
    rel, raw = draw(st.sampled_from(RECORDS))
    for _ in range(draw(st.integers(1, 3))):
        pos = draw(st.integers(0, len(raw)))
        chunk = draw(
            st.sampled_from(
                [b"\x00", b"\xff", b"\xe9", b"\xc3", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\x1b[2J"]
            )
            | st.binary(max_size=8)
        )
        if draw(st.booleans()):
            raw = raw[:pos] + chunk + raw[pos:]
        else:
            raw = raw[:pos] + chunk + raw[pos + len(chunk) :]
    return rel, raw


def _replace_at(data: object, choices: list[int], value: object) -> object:
    """``data`` with one node (picked by ``choices``) replaced by ``value``."""
    if not choices or not isinstance(data, dict | list) or not data:
        return value
    index = choices[0] % len(data)
    if isinstance(data, dict):
        key = list(data)[index]
        return {**data, key: _replace_at(data[key], choices[1:], value)}
    out = list(data)
    out[index] = _replace_at(out[index], choices[1:], value)
    return out


@st.composite
def record_structure(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real record, parsed, with one node replaced by a random value."""
    rel, raw = draw(st.sampled_from(RECORDS))
    data = yaml.safe_load(raw)
    choices = draw(st.lists(st.integers(0, 50), min_size=1, max_size=6))
    mutated = _replace_at(data, choices, draw(values))
    text = yaml.safe_dump(
        mutated, allow_unicode=True, sort_keys=False, default_flow_style=draw(st.booleans())
    )
    return rel, text.encode("utf-8")


@st.composite
def random_document(draw: st.DrawFn) -> tuple[str, bytes]:
    collection = draw(st.sampled_from(sorted(COLLECTIONS)))
    data = draw(st.dictionaries(keys, values, max_size=8))
    if draw(st.booleans()):
        data["id"] = "fuzz"
    text = yaml.safe_dump(
        data, allow_unicode=draw(st.booleans()), default_flow_style=draw(st.booleans())
    )
    return f"data/{collection}/fuzz.yaml", text.encode("utf-8")


# -- properties --------------------------------------------------------------


@budget("text")
@given(case=record_text())
def test_text_mutations_of_real_records(workspace: Workspace, case: tuple[str, bytes]) -> None:
    workspace.check(*case)


@budget("bytes")
@given(case=record_bytes())
def test_byte_mutations_of_real_records(workspace: Workspace, case: tuple[str, bytes]) -> None:
    workspace.check(*case)


@budget("structure")
@given(case=record_structure())
def test_structure_mutations_of_real_records(workspace: Workspace, case: tuple[str, bytes]) -> None:
    workspace.check(*case)


@budget("documents")
@given(case=random_document())
def test_random_yaml_documents(workspace: Workspace, case: tuple[str, bytes]) -> None:
    workspace.check(*case)


def test_mutations_through_the_cli(tmp_path: Path) -> None:
    """A handful of damaged files in one knowledge base, through the real CLI."""
    root = tmp_path / "kb"
    shutil.copytree(SOURCE_KB / "data", root / "data", ignore=shutil.ignore_patterns(".*"))
    damage = [b"\x00", b"\xff", b": : :", b"\t", b"[[[", b"&a *a", b"\r", b"---\n"]
    for index, (rel, raw) in enumerate(RECORDS[: len(damage) * 2]):
        cut = (len(raw) * (index + 1)) // (len(damage) * 2 + 1)
        (root / rel).write_bytes(raw[:cut] + damage[index % len(damage)] + raw[cut:])
    result = validate_cli(root)
    assert "Traceback" not in result.err, result.err
    assert result.code in (0, 1), result.err
    assert result.found, "damaged files must give diagnostics"
