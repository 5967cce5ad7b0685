"""GitLab Code Quality report: a JSON array of issues shown on the merge request.

The fields are those GitLab documents for Code Quality: ``description``,
``check_name``, ``fingerprint``, ``severity`` (info, minor, major, critical,
blocker) and ``location.path`` with ``location.lines.begin``. Save it as a
``codequality`` report artifact.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO

from coop.diagnostics import Diagnostic, Severity
from coop.rule_catalog import rule_name
from coop.validate.outcome import Result

_SEVERITY = {Severity.error: "major", Severity.warning: "minor", Severity.info: "info"}


def as_list(result: Result) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    return [_issue(d, seen) for d in result.diagnostics]


def _issue(d: Diagnostic, seen: dict[str, int]) -> dict[str, Any]:
    name = rule_name(d.code) or d.code
    # The fingerprint identifies the issue across pipelines, so it leaves out
    # the line: a finding that only moved is the same finding.
    key = f"{d.path}\0{d.code}\0{d.message}"
    seen[key] = seen.get(key, 0) + 1
    return {
        "description": f"{d.code} {d.message}" + (f" (hint: {d.hint})" if d.hint else ""),
        "check_name": f"{d.code} {name}",
        "fingerprint": hashlib.md5(
            f"{key}\0{seen[key]}".encode(), usedforsecurity=False
        ).hexdigest(),
        "severity": _SEVERITY.get(d.severity, "major"),
        "location": {"path": d.path, "lines": {"begin": max(d.line, 1)}},
    }


def report(result: Result, out: TextIO) -> None:
    json.dump(as_list(result), out, ensure_ascii=False, indent=2)
    out.write("\n")
