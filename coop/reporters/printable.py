"""Text that every output format can carry.

A file name that is not valid UTF-8 reaches coop as text holding lone
surrogates (Python's ``surrogateescape``). Written as they are, they make a
JSON or XML report invalid UTF-8, break the SARIF and GitLab fingerprints,
and fail on a strict standard output or in ``--output``: each is shown as
the escape of the byte it stands for instead (``bad\\xff.yaml``).
"""

from __future__ import annotations

import dataclasses
import re

from coop.validate.outcome import Result

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    # U+DC80..U+DCFF: surrogateescape's stand-in for the undecodable byte 0x80..0xFF
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with each lone surrogate written as an escape."""
    return _SURROGATE.sub(_escape, text)


def printable_result(result: Result) -> Result:
    """``result`` with its diagnostics' texts printable (the same object when
    they already are: the usual case costs one search)."""
    texts = "\0".join(f"{d.path}\0{d.message}\0{d.hint or ''}" for d in result.diagnostics)
    if not _SURROGATE.search(texts):
        return result
    diagnostics = [
        dataclasses.replace(
            d,
            path=printable(d.path),
            message=printable(d.message),
            hint=None if d.hint is None else printable(d.hint),
        )
        for d in result.diagnostics
    ]
    return dataclasses.replace(
        result,
        diagnostics=diagnostics,
        files=[printable(rel) for rel in result.files],
        lines={printable(rel): lines for rel, lines in result.lines.items()},
    )
