"""What changed in the knowledge base between two states: records added,
removed, renamed and changed (field by field), and who references them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from coop.authoring.refwalk import describe, raw_references
from coop.load.reading import decode
from coop.load.yaml_reader import YamlError, parse_yaml
from coop.model import COLLECTIONS

Key = tuple[str, str]  # (collection, id)


@dataclass(frozen=True)
class RecordState:
    collection: str
    id: str
    file: str
    data: Any  # None when the file does not parse

    @property
    def name(self) -> str:
        if isinstance(self.data, dict):
            for key in ("short_title", "title", "short_name", "name", "label"):
                value = self.data.get(key)
                if isinstance(value, str):
                    return value
        return self.id


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any = None
    after: Any = None
    kind: str = "changed"  # added, removed, changed


@dataclass(frozen=True)
class Referrer:
    collection: str
    id: str
    field: str


@dataclass
class RecordChange:
    before: RecordState | None
    after: RecordState | None
    changes: list[FieldChange] = field(default_factory=list)
    referenced_by: list[Referrer] = field(default_factory=list)


@dataclass
class KbDiff:
    base: str
    head: str
    added: list[RecordChange] = field(default_factory=list)
    removed: list[RecordChange] = field(default_factory=list)
    renamed: list[RecordChange] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed)


def records(files: dict[str, bytes]) -> dict[Key, RecordState]:
    """The records held by ``files`` (KB-relative path -> bytes), themes included."""
    out: dict[Key, RecordState] = {}
    for rel, raw in sorted(files.items()):
        parts = PurePosixPath(rel).parts
        data = _parse(raw)
        if rel == "data/vocabulary/themes.yaml":
            items = data.get("themes") if isinstance(data, dict) else None
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    out[("themes", item["id"])] = RecordState("themes", item["id"], rel, item)
            continue
        if len(parts) != 3 or parts[1] not in COLLECTIONS:
            continue
        stem = PurePosixPath(rel).stem
        declared = data.get("id") if isinstance(data, dict) else None
        record_id = declared if isinstance(declared, str) else stem
        out.setdefault((parts[1], record_id), RecordState(parts[1], record_id, rel, data))
    return out


def _parse(raw: bytes) -> Any:
    try:
        return parse_yaml(decode(raw).text).data
    except YamlError:
        return None


def compare(
    base: str, head: str, before: dict[Key, RecordState], after: dict[Key, RecordState]
) -> KbDiff:
    result = KbDiff(base, head)
    gone = [before[k] for k in before if k not in after]
    new = [after[k] for k in after if k not in before]
    for old in list(gone):
        match = _best_match(old, [n for n in new if n.collection == old.collection])
        if match is not None:
            gone.remove(old)
            new.remove(match)
            result.renamed.append(RecordChange(old, match, field_changes(old.data, match.data)))
    result.removed = [RecordChange(old, None) for old in gone]
    result.added = [RecordChange(None, n) for n in new]
    for key in before:
        if key in after and not _same(before[key].data, after[key].data):
            result.changed.append(
                RecordChange(
                    before[key], after[key], field_changes(before[key].data, after[key].data)
                )
            )
    _referrers(result, after)
    return result


def _best_match(old: RecordState, candidates: list[RecordState]) -> RecordState | None:
    """The added record most like ``old`` (ids aside), if at least 60 % alike."""
    best, score = None, 0.6
    if old.data is None:  # nothing to compare: a file that did not parse
        return None
    before = _leaves(_without_id(old.data))
    if not before:
        return None
    for candidate in candidates:
        if candidate.data is None:
            continue
        after = _leaves(_without_id(candidate.data))
        if _other_official_code(before, after):
            continue
        common = sum(1 for k, v in before.items() if k in after and _same(after[k], v))
        similarity = common / max(len(before), len(after))
        if similarity >= score:
            best, score = candidate, similarity
    return best


def _other_official_code(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Official codes (SIREN, INSEE…) that both give and that differ: another
    territory, however alike its text (communes drafted from the COG share
    most of theirs), not the same one renamed."""
    return any(
        path.startswith("identifiers.") and path in after and not _same(value, after[path])
        for path, value in before.items()
    )


def _without_id(data: Any) -> Any:
    return {k: v for k, v in data.items() if k != "id"} if isinstance(data, dict) else data


def field_changes(before: Any, after: Any) -> list[FieldChange]:
    if before is None or after is None:  # a side that does not parse: its fields are unknown
        return [FieldChange("(file)", _parses(before), _parses(after))]
    a, b = _leaves(before), _leaves(after)
    out = []
    for path in dict.fromkeys([*a, *b]):
        if path not in b:
            out.append(FieldChange(path, a[path], None, "removed"))
        elif path not in a:
            out.append(FieldChange(path, None, b[path], "added"))
        elif not _same(a[path], b[path]):
            out.append(FieldChange(path, a[path], b[path]))
    return out


def _parses(data: Any) -> str:
    return "does not parse" if data is None else "parses"


def _leaves(value: Any, path: str = "") -> dict[str, Any]:
    """Path -> value for every leaf. Lists of scalars are one leaf; items of
    lists of mappings are keyed by their ``id`` when they have one (so that
    inserting a commitment does not show every later one as changed)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_leaves(item, f"{path}.{key}" if path else str(key)))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        ids = [v.get("id") for v in value]
        keyed = all(isinstance(i, str) for i in ids) and len(set(ids)) == len(ids)
        out = {}
        for index, item in enumerate(value):
            out.update(_leaves(item, f"{path}[{ids[index] if keyed else index}]"))
        return out
    return {path: value}


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _referrers(result: KbDiff, after: dict[Key, RecordState]) -> None:
    """Fill ``referenced_by``: records (as they are now) pointing at a changed,
    removed or renamed (old id) record."""
    targets: dict[str, list[RecordChange]] = {}
    for change in [*result.changed, *result.removed, *result.renamed]:
        assert change.before is not None
        targets.setdefault(change.before.id, []).append(change)
    if not targets:
        return
    for state in after.values():
        if state.collection not in COLLECTIONS:
            continue
        for path, target in raw_references(state.data, COLLECTIONS[state.collection]):
            for change in targets.get(target, []):
                if change.after is not None and change.after.id == state.id:
                    continue  # a record referring to itself
                change.referenced_by.append(Referrer(state.collection, state.id, describe(path)))
