"""From raw findings to what is reported: selection, severities, suppressions, ``only``.

Works from the rule catalog and the settings' severity table, so that a run
answered from the cache applies them without importing the rules.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from coop.diagnostics import Diagnostic, Severity
from coop.rule_catalog import CATALOG, matching
from coop.validate.outcome import Options


def finish(
    diagnostics: Iterable[Diagnostic],
    severities: Mapping[str, Severity],
    options: Options,
    suppressions: dict[str, tuple[Any, ...]],
    root: Path,
) -> list[Diagnostic]:
    """The diagnostics to report, sorted, each with its effective severity.

    ``severities`` is the settings' table (``severity:`` in coop.yaml).
    """
    selected = matching(options.select) if options.select else set(CATALOG)
    ignored = matching(options.ignore)
    only = [_relative(p, root) for p in options.only]
    silenced = {rel: dict(rows) for rel, rows in suppressions.items()}
    out: dict[Diagnostic, None] = {}
    for diagnostic in diagnostics:
        code = diagnostic.code
        if code not in selected or code in ignored:
            continue
        info = CATALOG.get(code)
        severity = severities.get(code, info.severity if info is not None else Severity.error)
        if severity == Severity.off:
            continue
        if _suppressed(silenced.get(diagnostic.path), diagnostic):
            continue
        if only and not any(
            o == "" or diagnostic.path == o or diagnostic.path.startswith(o.rstrip("/") + "/")
            for o in only
        ):
            continue
        out.setdefault(diagnostic.with_severity(severity))
    return sorted(out)


def _suppressed(silenced: dict[int, Any] | None, diagnostic: Diagnostic) -> bool:
    if not silenced or diagnostic.line not in silenced:
        return False
    codes = silenced[diagnostic.line]
    return codes is None or diagnostic.code in codes


def _relative(path: Path, root: Path) -> str:
    # By its name first: a link in the knowledge base is reported under its
    # own name, wherever it points (out of the knowledge base, or nowhere).
    inside = root.resolve()
    for candidate in (Path(os.path.abspath(path)), path.resolve()):
        if candidate.is_relative_to(inside):
            rel = candidate.relative_to(inside).as_posix()
            return "" if rel == "." else rel
    return path.as_posix()


def lines_for(diagnostics: list[Diagnostic], root: Path) -> dict[str, list[str]]:
    """The source lines of every file a diagnostic points at, for display."""
    if not diagnostics:
        return {}  # a clean run: no need to import the YAML parser (~35 ms)
    from coop.load.reading import display_lines  # imports the YAML parser: only when needed

    lines: dict[str, list[str]] = {}
    for rel in {d.path for d in diagnostics}:
        shown = display_lines(root / rel)  # never a FIFO, nor a link out of the KB
        if shown is not None:
            lines[rel] = shown
    return lines
