"""Run the whole validation: settings, files, records, index, rules.

Every file is always loaded and cross-checked; ``only`` narrows what is
*reported*, never what is checked (a reference into a file outside ``only``
must still resolve).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from coop.diagnostics import Diagnostic, Severity
from coop.kb.config import CONFIG_FILE, Settings
from coop.kb.index import ALL_COLLECTIONS, KnowledgeBase
from coop.load.files import SourceFile, discover, read_source
from coop.load.reading import display_lines
from coop.load.yaml_reader import YamlProblem
from coop.rules import RULES, matching
from coop.rules.base import Context, Finding
from coop.validate.settings import load_settings


@dataclass
class Options:
    as_of: dt.date = field(default_factory=dt.date.today)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    only: list[Path] = field(default_factory=list)  # report on these paths only
    strict: bool = False


@dataclass
class Result:
    root: Path
    diagnostics: list[Diagnostic]
    files_checked: int
    records: int
    kb: KnowledgeBase | None = None
    lines: dict[str, list[str]] = field(default_factory=dict)  # source lines, for display

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def failed(self, strict: bool) -> bool:
        worst = {Severity.error} | ({Severity.warning} if strict else set())
        return any(d.severity in worst for d in self.diagnostics)


def load_kb(
    root: Path, settings: Settings
) -> tuple[KnowledgeBase, list[tuple[SourceFile, YamlProblem]]]:
    """Read every file and build the index; problems are per file."""
    # Thousands of long-lived objects: the cyclic GC would rescan them all
    # again and again during the load (measured 4x slower); nothing here
    # creates cycles that need collecting.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        sources = [
            read_source(entry, settings.max_file_size) for entry in discover(root, ALL_COLLECTIONS)
        ]
        kb, record_problems = KnowledgeBase.build(root, settings, sources)
    finally:
        if was_enabled:
            gc.enable()
    problems = [(s, p) for s in sources for p in s.problems] + record_problems
    return kb, problems


def validate(root: Path, options: Options) -> Result:
    settings, config_problems = load_settings(root)
    kb, problems = load_kb(root, settings)
    diagnostics = [_from_problem(source.rel, p) for source, p in problems]
    diagnostics += [_from_problem(CONFIG_FILE, p) for p in config_problems]
    context = Context(kb, options.as_of)
    for rule in RULES.values():
        if rule.check is None:
            continue
        diagnostics += [_from_finding(rule.code, f) for f in rule.check(context)]
    files = {s.rel: s for s in kb.files}
    diagnostics = _finish(diagnostics, settings, options, files, root)
    lines = _lines_for(diagnostics, root)
    return Result(
        root, diagnostics, len(kb.files), sum(len(r) for r in kb.records.values()), kb, lines
    )


def _from_problem(rel: str, problem: YamlProblem) -> Diagnostic:
    return Diagnostic(rel, problem.line, problem.col, problem.code, problem.message, problem.hint)


def _from_finding(code: str, finding: Finding) -> Diagnostic:
    target = finding.target
    if isinstance(target, SourceFile):
        source, path = target, finding.path
    else:
        source, path = target._source, (*target._prefix, *finding.path)
    positions = source.positions
    line, col = positions.key(path) if finding.at_key else positions.value(path)
    return Diagnostic(source.rel, line, col, code, finding.message, finding.hint)


def _finish(
    diagnostics: Iterable[Diagnostic],
    settings: Settings,
    options: Options,
    files: dict[str, SourceFile],
    root: Path,
) -> list[Diagnostic]:
    selected = matching(options.select) if options.select else set(RULES)
    ignored = matching(options.ignore)
    only = [_relative(p, root) for p in options.only]
    out: dict[Diagnostic, None] = {}
    for diagnostic in diagnostics:
        code = diagnostic.code
        if code not in selected or code in ignored:
            continue
        severity = settings.severity.get(
            code, RULES[code].severity if code in RULES else Severity.error
        )
        if severity == Severity.off:
            continue
        source = files.get(diagnostic.path)
        if source is not None and _suppressed(source, diagnostic):
            continue
        if only and not any(
            diagnostic.path == o or diagnostic.path.startswith(o.rstrip("/") + "/") or o == ""
            for o in only
        ):
            continue
        out.setdefault(diagnostic.with_severity(severity))
    return sorted(out)


def _suppressed(source: SourceFile, diagnostic: Diagnostic) -> bool:
    codes = source.suppressions.get(diagnostic.line, False)
    if codes is False:
        return False
    return codes is None or diagnostic.code in codes  # type: ignore[operator]


def _relative(path: Path, root: Path) -> str:
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
    return "" if rel == "." else rel


def _lines_for(diagnostics: list[Diagnostic], root: Path) -> dict[str, list[str]]:
    lines: dict[str, list[str]] = {}
    for rel in {d.path for d in diagnostics}:
        shown = display_lines(root / rel)  # never a FIFO, nor a link out of the KB
        if shown is not None:
            lines[rel] = shown
    return lines
