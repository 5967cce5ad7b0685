"""The site's search index is the JSON that ``json.dumps`` gives for the
records' entries, whatever their names hold (it is written one entry at a
time, without the json module's encoder)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from coop.report.context import TARGETS
from report.helpers import KB, renderer

# Quotes, backslashes, control and line-separator characters, markup, astral
# characters: what a JSON string must escape, or may keep as it is.
TRICKY = 'A "b" \\ c\t\u2028 </script><!-- & é 𝔘 \x01'


def _expected(notes: object) -> str:
    kb = notes.kb  # type: ignore[attr-defined]
    entries = []
    for collection in TARGETS:
        for record_id, record in sorted(kb.records[collection].items()):
            aliases = list(getattr(record, "aliases", []) or [])
            short = getattr(record, "short_title", None) or getattr(record, "short_name", None)
            entries.append(
                {
                    "id": record_id,
                    "label": record.display_name,
                    "also": " ".join([*aliases, *([short] if short else [])]),
                    "type": notes.builder._t(collection),  # type: ignore[attr-defined]
                    "href": f"{collection}/{record_id}.html",
                }
            )
    text = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text


def test_search_index_is_the_json_of_the_entries(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(KB, root)
    (root / "data/territories/tricky.yaml").write_text(
        f"id: tricky\nname: {json.dumps(TRICKY, ensure_ascii=False)}\nkind: commune\n"
        f'aliases:\n  - {json.dumps(TRICKY, ensure_ascii=False)}\n  - "y\'"\n',
        encoding="utf-8",
    )
    notes = renderer(root, linking=True)
    name = notes.kb.territories["tricky"].name
    assert all(part in name for part in ('"b"', "\\", "\t", "</script>", "𝔘", "\x01"))
    index = notes._search_index()
    assert str(index) == _expected(notes)
    entry = next(e for e in json.loads(str(index)) if e["id"] == "tricky")
    assert entry["label"] == name
    assert entry["also"] == f"{name} y'"
