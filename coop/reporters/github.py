"""GitHub Actions workflow commands: annotations on the pull request's files."""

from __future__ import annotations

import re
from typing import TextIO

from coop.diagnostics import Severity
from coop.rule_catalog import rule_name
from coop.validate.outcome import Result

_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


# Control characters (ESC above all) from a file's name would be obeyed by the
# log viewer, which renders ANSI sequences: written as visible escapes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _escape_data(text: str) -> str:
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report(result: Result, out: TextIO) -> None:
    for d in result.diagnostics:
        name = rule_name(d.code) or ""
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        out.write(
            f"::{_LEVEL.get(d.severity, 'error')} file={_escape_property(d.path)},line={d.line},"
            f"col={d.col},title={_escape_property(f'{d.code} {name}'.strip())}::"
            f"{_escape_data(message)}\n"
        )
