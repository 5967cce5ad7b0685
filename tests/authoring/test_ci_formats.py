"""Validation formats for CI: SARIF 2.1.0 and GitLab Code Quality."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft4Validator
from rules.helpers import write_kb

SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-2.1.0-rtm.5.json"

BROKEN = {
    "data/people/paul.yaml": "id: paul\nname: Paul\ncolour: blue\n",  # S001, P001
    "data/people/anne.yaml": "id: anne\nname: [Anne\n",  # Y001
}


def _run(coop, tmp_path: Path, fmt: str) -> tuple[int, object]:  # type: ignore[no-untyped-def]
    root = write_kb(tmp_path, BROKEN)
    result = coop("validate", "--format", fmt, cwd=root)
    return result.code, json.loads(result.out)


def test_sarif_validates_against_the_sarif_2_1_0_schema(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, log = _run(coop, tmp_path, "sarif")
    assert code == 1
    validator = Draft4Validator(json.loads(SARIF_SCHEMA.read_text("utf-8")))
    validator.validate(log)
    assert isinstance(log, dict)
    # The schema does catch mistakes: an unknown level is rejected.
    bad = json.loads(json.dumps(log))
    bad["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(bad)
    run = log["runs"][0]
    results = run["results"]
    assert {r["ruleId"] for r in results} >= {"S001", "Y001", "P001"}
    rules = run["tool"]["driver"]["rules"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    s001 = next(r for r in results if r["ruleId"] == "S001")
    assert s001["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "data/people/paul.yaml"
    )
    assert s001["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 1}


def test_clean_sarif_is_valid_too(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = write_kb(tmp_path)
    result = coop("validate", "--format", "sarif", cwd=root)
    assert result.code == 0
    log = json.loads(result.out)
    Draft4Validator(json.loads(SARIF_SCHEMA.read_text("utf-8"))).validate(log)
    assert log["runs"][0]["results"] == []


def test_gitlab_code_quality_fields(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, issues = _run(coop, tmp_path, "gitlab")
    assert code == 1
    assert isinstance(issues, list) and issues
    fingerprints = set()
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1
        fingerprints.add(issue["fingerprint"])
    assert len(fingerprints) == len(issues)  # each issue its own identity
    s001 = next(i for i in issues if i["check_name"].startswith("S001"))
    assert s001["location"] == {"path": "data/people/paul.yaml", "lines": {"begin": 3}}
    assert s001["severity"] == "major"
