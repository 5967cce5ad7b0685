"""Reporters: escaping and well-formedness on awkward messages (units, no files)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from coop import reporters
from coop.diagnostics import Diagnostic, Severity
from coop.validate.engine import Result

AWKWARD = Diagnostic(
    "data/people/a,b:c.yaml",
    3,
    7,
    "S003",
    'name: 100% <wrong> & "odd"\nsecond line',
    "hint: use 'x', not \"y\"",
    Severity.error,
)
WARNING = Diagnostic("data/people/w.yaml", 1, 1, "Y005", "BOM", None, Severity.warning)


def render(fmt: str, *diagnostics: Diagnostic) -> str:
    result = Result(Path("/kb"), list(diagnostics), files_checked=2, records=1)
    out = io.StringIO()
    reporters.get(fmt)(result, out)
    return out.getvalue()


def test_github_escapes_workflow_command_syntax():
    line = render("github", AWKWARD).splitlines()
    assert len(line) == 1  # the newline in the message is escaped
    assert line[0].startswith("::error file=data/people/a%2Cb%3Ac.yaml,line=3,col=7,")
    assert "100%25" in line[0]
    assert "%0Asecond line" in line[0]


def test_github_levels():
    assert render("github", WARNING).startswith("::warning ")


def test_json_holds_every_field():
    document = json.loads(render("json", AWKWARD, WARNING))
    first = document["diagnostics"][0]
    assert first == {
        "path": AWKWARD.path,
        "line": 3,
        "column": 7,
        "code": "S003",
        "rule": "invalid-value",
        "severity": "error",
        "message": AWKWARD.message,
        "hint": AWKWARD.hint,
    }
    assert document["summary"]["errors"] == 1
    assert document["summary"]["warnings"] == 1


def test_junit_is_well_formed_xml():
    root = ET.fromstring(render("junit", AWKWARD, WARNING))
    failures = root.findall(".//failure")
    assert [f.get("type") for f in failures] == ["S003", "Y005"]
    assert (
        failures[0].get("message", "").startswith("data/people/a,b:c.yaml:3:7 name: 100% <wrong>")
    )


def test_text_without_findings_says_so():
    assert "no problems" in render("text")


def _clean(reference: str | None) -> Result:
    return Result(Path("/kb"), [], files_checked=3, records=2, reference=reference)


@pytest.mark.parametrize("reference", [None, "COG 2026 (packaged with coop)", "[bold]x\x1b[31m[/]"])
def test_a_clean_result_reads_the_same_without_rich(
    reference: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coop.reporters import text

    for name in text._FORCING:
        monkeypatch.delenv(name, raising=False)
    fast, styled = io.StringIO(), io.StringIO()
    text.report(_clean(reference), fast)
    text._styled(_clean(reference), styled)
    assert fast.getvalue() == styled.getvalue()
    assert fast.getvalue().startswith("✓ 3 files, 2 records: no problems\n")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_or_forced_colors_get_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    from coop.reporters import text

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in text._FORCING:
        monkeypatch.delenv(name, raising=False)
    out = _Terminal()
    text.report(_clean(None), out)
    assert "\x1b[" in out.getvalue()
    monkeypatch.setenv("FORCE_COLOR", "1")
    piped = io.StringIO()
    text.report(_clean(None), piped)
    assert "\x1b[" in piped.getvalue()
