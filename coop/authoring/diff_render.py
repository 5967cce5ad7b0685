"""Render a knowledge-base diff: Markdown for a merge request, or JSON.

Record values are analysts' free text: the Markdown escapes them so that a
title cannot inject markup or HTML into the merge request page.
"""

from __future__ import annotations

import json
import re
from typing import Any

from coop.authoring.diff import FieldChange, KbDiff, RecordChange, RecordState

_MAX = 120
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_text(value: str) -> str:
    """Plain text made inert in Markdown: HTML entities, escaped markup, one line."""
    text = " ".join(value.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def md_code(value: str) -> str:
    """``value`` as inline code that stays one table cell: its own backticks
    inside a longer fence, its pipes escaped (GitHub and GitLab honour ``\\|``
    in a code span in a table)."""
    text = " ".join(value.split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _value(value: Any) -> str:
    if value is None:
        return "—"
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(shown) > _MAX:
        shown = shown[: _MAX - 1] + "…"
    return md_text(shown)


def _label(state: RecordState) -> str:
    ref = md_text(f"{state.collection}/{state.id}")
    name = f" — {md_text(state.name)}" if state.name != state.id else ""
    return f"**{ref}**{name}"


def markdown(diff: KbDiff) -> str:
    lines = [f"### Knowledge base changes: {md_text(diff.base)} → {md_text(diff.head)}", ""]
    if diff.empty:
        lines.append("No record added, removed or changed.")
        return "\n".join(lines) + "\n"
    counts = [
        f"{len(items)} {word}"
        for items, word in (
            (diff.added, "added"),
            (diff.removed, "removed"),
            (diff.renamed, "renamed"),
            (diff.changed, "changed"),
        )
        if items
    ]
    lines += [", ".join(counts), ""]
    if diff.added:
        lines += ["#### Added", ""]
        lines += [f"- {_label(c.after)} ({md_code(c.after.file)})" for c in diff.added if c.after]
        lines.append("")
    if diff.removed:
        lines += ["#### Removed", ""]
        for change in diff.removed:
            assert change.before is not None
            lines.append(f"- {_label(change.before)}")
            if change.referenced_by:
                lines.append(f"  - ⚠️ still referenced by {_referrers(change)}")
        lines.append("")
    if diff.renamed:
        lines += ["#### Renamed", ""]
        for change in diff.renamed:
            assert change.before is not None and change.after is not None
            lines.append(f"- {_label(change.before)} → **{md_text(change.after.id)}**")
            if change.referenced_by:
                lines.append(f"  - ⚠️ the old id is still referenced by {_referrers(change)}")
        lines.append("")
        for change in diff.renamed:
            if [c for c in change.changes if c.field != "id"]:
                lines += _details(change)
    if diff.changed:
        lines += ["#### Changed", ""]
        for change in diff.changed:
            lines += _details(change)
    return "\n".join(lines).rstrip("\n") + "\n"


def _details(change: RecordChange) -> list[str]:
    state = change.after or change.before
    assert state is not None
    out = [f"##### {_label(state)}", "", "| field | before | after |", "| --- | --- | --- |"]
    for item in change.changes:
        if item.field == "id":
            continue
        out.append(f"| {md_code(item.field)} | {_value(item.before)} | {_value(item.after)} |")
    out.append("")
    if change.referenced_by:
        out += [f"Referenced by {_referrers(change)}.", ""]
    return out


def _referrers(change: RecordChange) -> str:
    return ", ".join(
        f"{md_text(r.collection + '/' + r.id)} ({md_text(r.field)})" for r in change.referenced_by
    )


def as_dict(diff: KbDiff) -> dict[str, Any]:
    return {
        "base": diff.base,
        "head": diff.head,
        "added": [_record(c.after) for c in diff.added if c.after],
        "removed": [
            {**_record(c.before), "referenced_by": _refs(c)} for c in diff.removed if c.before
        ],
        "renamed": [
            {
                "collection": c.before.collection,
                "old": c.before.id,
                "new": c.after.id,
                "old_file": c.before.file,
                "new_file": c.after.file,
                "changes": [_field(f) for f in c.changes if f.field != "id"],
                "referenced_by": _refs(c),
            }
            for c in diff.renamed
            if c.before and c.after
        ],
        "changed": [
            {
                **_record(c.after),
                "changes": [_field(f) for f in c.changes],
                "referenced_by": _refs(c),
            }
            for c in diff.changed
            if c.after
        ],
    }


def _record(state: RecordState) -> dict[str, Any]:
    return {"collection": state.collection, "id": state.id, "file": state.file, "name": state.name}


def _field(change: FieldChange) -> dict[str, Any]:
    return {
        "field": change.field,
        "kind": change.kind,
        "before": change.before,
        "after": change.after,
    }


def _refs(change: RecordChange) -> list[dict[str, str]]:
    return [
        {"collection": r.collection, "id": r.id, "field": r.field} for r in change.referenced_by
    ]


def to_json(diff: KbDiff) -> str:
    return json.dumps(as_dict(diff), ensure_ascii=False, indent=2, default=str) + "\n"
