"""Write records as an analyst would type them: block style, sequences indented,
scalars plain unless YAML would read them as something else.

A hand-rolled emitter rather than PyYAML's dumper: the C dumper cannot indent
sequences under their key (what hand-written files and yamllint's default
config expect), and the pure-Python dumper takes a minute for 56,000 files.
The records hold only mappings, lists, strings, integers, booleans and dates,
so the emitter stays short. Keys are written in the order `coop fmt` would give
them (kbgen.order), so that the files need no formatting.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kbgen.order import KeyOrder


class Raw(str):
    """A string written as is, unquoted: partial dates such as ``2017-06``."""


# Anything YAML 1.1 or 1.2 could resolve to a number, bool, null or date, and
# anything starting with an indicator character, is quoted.
_RESOLVABLE = re.compile(
    r"^(?:[-+.0-9~].*|y|n|yes|no|on|off|true|false|null|\.inf|\.nan)$", re.IGNORECASE
)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Control characters are written escaped. A regex rather than a test per
# character: this runs on a million strings.
_CONTROL = re.compile(r"[\x00-\x1f]")


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Raw):
        return str(value)
    text = str(value)
    if (
        not text
        or text != text.strip()
        or text[0] in _INDICATORS
        or ": " in text
        or " #" in text
        or text.endswith(":")
        or _CONTROL.search(text)
        or _RESOLVABLE.match(text)
    ):
        # JSON's escapes are a subset of YAML's double-quoted ones.
        return json.dumps(text, ensure_ascii=False)
    return text


def dump(record: dict[str, Any], order: KeyOrder | None = None) -> str:
    """The YAML text of one record (a mapping); empty values are left out.
    With ``order``, every mapping's keys in that order, else as they come."""
    lines: list[str] = []
    _mapping(record, order, 0, lines)
    return "\n".join(lines) + "\n"


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | dict) and not value)


def _mapping(
    mapping: dict[str, Any],
    order: KeyOrder | None,
    indent: int,
    lines: list[str],
    first: str = "",
) -> None:
    pad = " " * indent
    for key in order.arrange(mapping) if order is not None else mapping:
        value = mapping[key]
        if _empty(value):
            continue
        lead = first or pad
        first = ""
        if isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            _mapping(value, _inner(order, key), indent + 2, lines)
        elif isinstance(value, list):
            lines.append(f"{lead}{key}:")
            _sequence(value, _inner(order, key), indent + 2, lines)
        else:
            lines.append(f"{lead}{key}: {scalar(value)}")


def _inner(order: KeyOrder | None, key: str) -> KeyOrder | None:
    return order.inner(key) if order is not None else None


def _sequence(items: list[Any], order: KeyOrder | None, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            _mapping(item, order, indent + 2, lines, first=f"{pad}- ")
        elif isinstance(item, list):
            raise TypeError("nested lists are not used by the records")
        else:
            lines.append(f"{pad}- {scalar(item)}")
