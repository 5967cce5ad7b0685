"""A big JSON document written a list item at a time, as ``json.dumps(document,
ensure_ascii=False, indent=2)`` would write it whole.

The document is an object whose first members are scalars and whose others
are lists of objects; each item comes as its own text (``item_text``), so a
national export never holds the whole document, nor the records it comes
from.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

# An item's lines are indented as inside the document's object and a list.
_NESTED = "    "


def item_text(item: Any) -> str:
    """``item`` as it reads inside one of the document's lists."""
    text = json.dumps(item, ensure_ascii=False, indent=2)
    # split("\n"), not splitlines(): a JSON string may hold U+2028 unescaped.
    return "\n".join(_NESTED + line for line in text.split("\n"))


def write_document(
    handle: BinaryIO,
    scalars: Iterable[tuple[str, Any]],
    lists: Iterable[tuple[str, Iterable[str]]],
) -> dict[str, int]:
    """Write the document into ``handle``: ``scalars`` first, then each list
    from its items' texts; how many items each list has."""
    counts: dict[str, int] = {}
    separator = b"{\n"
    for name, value in scalars:
        handle.write(separator + f"  {json.dumps(name)}: ".encode())
        handle.write(json.dumps(value, ensure_ascii=False).encode("utf-8"))
        separator = b",\n"
    for name, texts in lists:
        handle.write(separator + f"  {json.dumps(name)}: [".encode())
        count = 0
        for text in texts:
            handle.write((b",\n" if count else b"\n") + text.encode("utf-8"))
            count += 1
        handle.write(b"\n  ]" if count else b"]")
        counts[name] = count
        separator = b",\n"
    handle.write(b"\n}\n" if separator == b",\n" else b"{}\n")
    return counts
