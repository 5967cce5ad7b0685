"""Machine-readable output: one JSON document with every diagnostic and a summary."""

from __future__ import annotations

import json
from typing import Any, TextIO

from coop import __version__
from coop.diagnostics import Severity
from coop.rule_catalog import rule_name
from coop.validate.outcome import Result


def as_dict(result: Result) -> dict[str, Any]:
    return {
        "tool": {"name": "coop", "version": __version__},
        "reference": result.reference,  # COG vintage and copy used, e.g. "COG 2026 (…)"
        "summary": {
            "files": result.files_checked,
            "records": result.records,
            "errors": result.count(Severity.error),
            "warnings": result.count(Severity.warning),
            "infos": result.count(Severity.info),
        },
        "diagnostics": [
            {
                "path": d.path,
                "line": d.line,
                "column": d.col,
                "code": d.code,
                "rule": rule_name(d.code),
                "severity": d.severity.value,
                "message": d.message,
                "hint": d.hint,
            }
            for d in result.diagnostics
        ],
    }


def report(result: Result, out: TextIO) -> None:
    json.dump(as_dict(result), out, ensure_ascii=False, indent=2)
    out.write("\n")
