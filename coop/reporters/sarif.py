"""SARIF 2.1.0, for GitHub code scanning (upload with github/codeql-action/upload-sarif).

Every rule is listed in the tool's driver with its documentation, so code
scanning can show why a finding matters; each result points at its file,
line and column (columns count characters: ``unicodeCodePoints``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO
from urllib.parse import quote

from coop import __version__
from coop.diagnostics import Diagnostic, Severity
from coop.rules import RULES
from coop.validate.outcome import Result

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}


def as_dict(result: Result) -> dict[str, Any]:
    codes = list(RULES)
    seen: dict[str, int] = {}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "coop",
                        "version": __version__,
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, codes, seen) for d in result.diagnostics],
            }
        ],
    }


def _rule(code: str) -> dict[str, Any]:
    rule = RULES[code]
    return {
        "id": rule.code,
        "name": "".join(part.capitalize() for part in rule.name.split("-")),
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.doc or rule.summary or rule.name},
        "help": {"text": rule.doc or rule.summary or rule.name},
        "defaultConfiguration": {"level": _LEVEL.get(rule.severity, "error")},
        "properties": {"tags": [rule.family]},
    }


def _result(d: Diagnostic, codes: list[str], seen: dict[str, int]) -> dict[str, Any]:
    message = d.message + (f" (hint: {d.hint})" if d.hint else "")
    key = f"{d.path}\0{d.code}\0{d.message}"
    seen[key] = seen.get(key, 0) + 1
    fingerprint = hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()
    out: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVEL.get(d.severity, "error"),
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    # A URI, not a path: a space, an accent or a '%' in a file's
                    # name is percent-encoded, or the finding points elsewhere.
                    "artifactLocation": {"uri": quote(d.path, safe="/"), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": max(d.line, 1), "startColumn": max(d.col, 1)},
                }
            }
        ],
        # Stable across edits that only move the finding: path, rule, message.
        "partialFingerprints": {"coopFinding/v1": fingerprint},
    }
    if d.code in codes:
        out["ruleIndex"] = codes.index(d.code)
    return out


def report(result: Result, out: TextIO) -> None:
    json.dump(as_dict(result), out, ensure_ascii=False, indent=2)
    out.write("\n")
