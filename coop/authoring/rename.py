"""Rename a record: its file, its id, and every reference to it across the KB.

References are found from the models' ``Ref`` markers (the same shapes the
knowledge-base index resolves), walking the raw data so that records that do
not validate yet are rewritten too. Each reference is edited in place in the
text, at the position the loader recorded: nothing else in the file moves, so
comments, quotes and layout are exactly as the analyst left them. Every edited
file must parse back to the same data with only those values changed, or
nothing is written.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coop.authoring.refwalk import describe, raw_references
from coop.kb.config import Settings
from coop.kb.index import ALL_COLLECTIONS, KnowledgeBase
from coop.load.files import SourceFile, discover, read_source
from coop.load.positions import Path as DataPath
from coop.load.reading import decode
from coop.load.yaml_reader import YamlError, parse_yaml
from coop.model import COLLECTIONS
from coop.model.common import ID_HINT, ID_PATTERN
from coop.reserved import longer_id, reserved_why
from coop.writing import UnsafePath, atomic_write_bytes, atomic_write_text, safe_join


class RenameError(Exception):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Edit:
    rel: str
    line: int
    col: int
    where: str  # the key path, e.g. parties[0].territory


@dataclass
class Plan:
    old: str
    new: str
    collection: str
    old_file: str  # relative to the root
    new_file: str
    edits: list[Edit] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # rel -> new text
    originals: dict[str, bytes] = field(default_factory=dict)  # rel -> bytes the plan read


def plan(root: Path, settings: Settings, old: str, new: str) -> Plan:
    """Work out every change, checking it, without writing anything."""
    if not re.fullmatch(ID_PATTERN, new) or len(new) > 120:
        raise RenameError(f"{new!r} is not a valid id", ID_HINT)
    sources = [read_source(e, settings.max_file_size) for e in discover(root, ALL_COLLECTIONS)]
    kb, _ = KnowledgeBase.build(root, settings, sources)
    declared = kb.declarations.get(old, [])
    if not declared:
        close = difflib.get_close_matches(old, kb.all_ids(), n=3)
        raise RenameError(
            f"no record has id {old!r}",
            f"did you mean {', '.join(close)}?" if close else "`coop query` lists the records",
        )
    if len(declared) > 1:
        places = ", ".join(d.source.rel for d in declared)
        raise RenameError(f"{old!r} is declared more than once ({places})", "fix R001 first")
    if new in kb.declarations:
        raise RenameError(f"{new!r} already exists ({kb.declarations[new][0].source.rel})")
    record = declared[0]
    collection = record.collection
    why = reserved_why(new)
    if why is not None:
        longer = longer_id(new, collection)
        raise RenameError(why, f"choose a longer id, e.g. coop rename {old} {longer}")
    old_file = record.source.rel
    new_file = old_file
    if collection != "themes":
        # Beside the old file: a record kept in a subfolder of its collection stays there.
        folder = old_file.rsplit("/", 1)[0]
        new_file = f"{folder}/{new}.yaml"
        target = safe_join(root, *new_file.split("/"))
        if target.exists() or target.is_symlink():
            raise RenameError(f"{new_file} already exists")
    unread = [source.rel for source in sources if not source.readable and _names(source, old)]
    if unread:
        raise RenameError(
            f"{', '.join(unread)} cannot be read as a record and mentions {old!r}: "
            "its references could not be rewritten; nothing was changed",
            "fix it first (`coop validate` says where), then run the rename again",
        )
    result = Plan(old, new, collection, old_file, new_file)
    for source in sources:
        paths = list(_references(source, old))
        if source.rel == old_file:
            paths.insert(0, (*record.prefix, "id"))
        if not paths:
            continue
        raw = source.path.read_bytes()
        result.originals[source.rel] = raw
        result.texts[source.rel] = _edit(source, raw, paths, old, new, result.edits)
    return result


def _names(source: SourceFile, old: str) -> bool:
    """Whether the text of a file that could not be read as data holds ``old``
    as a whole id (not inside a longer one)."""
    from coop.load.reading import display_lines

    lines = display_lines(source.path)  # never a link out, a FIFO or a huge file
    pattern = re.compile(rf"(?<![a-z0-9-]){re.escape(old)}(?![a-z0-9-])")
    return lines is not None and any(pattern.search(line) for line in lines)


def _references(source: SourceFile, old: str) -> Iterator[DataPath]:
    if not source.readable or source.collection not in COLLECTIONS:
        return
    for path, value in raw_references(source.data, COLLECTIONS[source.collection]):
        if value == old:
            yield path


def _edit(
    source: SourceFile, raw: bytes, paths: list[DataPath], old: str, new: str, edits: list[Edit]
) -> str:
    text = decode(raw).text
    lines = text.splitlines(keepends=True)
    spots = sorted({source.positions.value(p): p for p in paths}.items(), reverse=True)
    for (line, col), path in spots:
        current = lines[line - 1]
        start = col - 1
        for quote in ("", "'", '"'):
            token = f"{quote}{old}{quote}"
            end = start + len(token)
            if current.startswith(token, start) and (quote or _ends_plain(current, end)):
                lines[line - 1] = current[:start] + f"{quote}{new}{quote}" + current[end:]
                break
        else:
            raise RenameError(
                f"{source.rel}:{line}:{col}: cannot rewrite this reference safely",
                "edit it by hand (an alias or an unusual layout), then run the rename again",
            )
        edits.append(Edit(source.rel, line, col, describe(path)))
    out = "".join(lines)
    _verify(source, out, paths, new)
    return out


def _ends_plain(line: str, end: int) -> bool:
    rest = line[end:]
    return not rest or rest[0] in " \t\r\n,]}#"


def _verify(source: SourceFile, text: str, paths: list[DataPath], new: str) -> None:
    expected = _copy(source.data)
    for path in paths:
        container = expected
        for part in path[:-1]:
            container = container[part]
        container[path[-1]] = new
    try:
        parsed = parse_yaml(text)
    except YamlError:
        parsed = None
    if parsed is None or parsed.data != expected:
        raise RenameError(
            f"{source.rel}: the rewrite would change more than the id; nothing written"
        )


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def apply(root: Path, change: Plan) -> None:
    """Write the planned texts, the record's file last under its new name, then
    remove the old one. All or nothing: a file edited since the plan stops the
    rename before anything is written, and if a write fails (a read-only
    file, a full disk) the files already written are put back as they were,
    so the knowledge base never holds references to an id no record has."""
    order = [rel for rel in change.texts if rel != change.old_file]
    if change.old_file in change.texts:
        order.append(change.old_file)
    for rel in order:
        if _read(safe_join(root, *rel.split("/"))) != change.originals.get(rel):
            raise RenameError(
                f"{rel} changed while the rename was being planned; nothing was changed",
                "run the rename again",
            )
    written: list[tuple[Path, bytes | None]] = []  # each path and what it held before
    target = change.old_file
    try:
        for rel in order:
            target = change.new_file if rel == change.old_file else rel
            path = safe_join(root, *target.split("/"))
            before = change.originals[rel] if target == rel else None
            atomic_write_text(path, change.texts[rel])
            written.append((path, before))
        if change.new_file != change.old_file:
            target = change.old_file
            os.unlink(root / change.old_file)
    except BaseException as exc:
        _restore(written)
        if isinstance(exc, (OSError, UnsafePath)):
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise RenameError(
                f"cannot write {target}: {reason}; nothing was changed",
                "make every file of the knowledge base writable, then run the rename again",
            ) from None
        raise


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _restore(written: list[tuple[Path, bytes | None]]) -> None:
    """Put back what ``written`` held, newest first."""
    for path, before in reversed(written):
        with contextlib.suppress(OSError, UnsafePath):
            if before is None:
                path.unlink()
            else:
                atomic_write_bytes(path, before)
