"""Run the whole validation: settings, scan, per-file checks, cross-file rules.

Each file's result depends only on its content, its path and the context, so
it is cached (``coop.validate.cache``) and files are checked in parallel
batches (``coop.validate.batch``); cross-file rules then run over a compact
index of ids and references. Results are identical with and without the
cache and whatever the number of processes (tests check it).

Every file is always cross-checked; ``only`` narrows what is *reported*,
never what is checked (a reference into a file outside ``only`` must still
resolve).
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import multiprocessing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from coop.diagnostics import Diagnostic, Severity
from coop.kb.config import CONFIG_FILE, Settings
from coop.kb.index import ALL_COLLECTIONS, KnowledgeBase
from coop.load.files import SourceFile, discover, read_source, scan_tree
from coop.load.positions import Positions
from coop.load.reading import display_lines
from coop.load.yaml_reader import YamlProblem
from coop.rules import RULES, matching
from coop.rules.base import Context
from coop.validate.batch import Checked, Job, check_batch, default_jobs, digest_of, locate
from coop.validate.cache import (
    FileEntry,
    Summary,
    ValidationCache,
    cache_disabled_by_env,
    context_key,
    stat_fingerprint,
    trusted_before_now,
)
from coop.validate.index import GlobalIndex
from coop.validate.results import FileResult
from coop.validate.settings import load_settings

# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 2000
# Files per batch: bounds the memory a batch's parsed records take.
BATCH_SIZE = 2000

Row = tuple[str, int, int, str, str, str | None]


@dataclass
class Options:
    as_of: dt.date = field(default_factory=dt.date.today)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    only: list[Path] = field(default_factory=list)  # report on these paths only
    strict: bool = False
    jobs: int | None = None  # worker processes; None: one per available core
    use_cache: bool = True
    min_parallel: int = PARALLEL_THRESHOLD  # fewer files to check than this: one process


@dataclass
class Result:
    root: Path
    diagnostics: list[Diagnostic]
    files_checked: int
    records: int
    files: list[str] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)  # source lines, for display
    reference: str | None = None  # reference data used (COG vintage), if any
    kb: KnowledgeBase | None = None  # kept for callers of the previous API; not filled

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def failed(self, strict: bool) -> bool:
        worst = {Severity.error} | ({Severity.warning} if strict else set())
        return any(d.severity in worst for d in self.diagnostics)


def load_kb(
    root: Path, settings: Settings, keep_positions: bool = False
) -> tuple[KnowledgeBase, list[tuple[SourceFile, YamlProblem]]]:
    """Read every file and build the full index of records (for reports, queries).

    Unless ``keep_positions``, each file's raw data and position map are
    dropped once its records are built: problems already carry their line and
    column, and on a national knowledge base these maps are most of the memory.
    """
    # Thousands of long-lived objects: the cyclic GC would rescan them all
    # again and again during the load (measured 4x slower); nothing here
    # creates cycles that need collecting.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        kb, record_problems = KnowledgeBase.build(
            root, settings, _read_all(root, settings, keep_positions)
        )
    finally:
        if was_enabled:
            gc.enable()
    problems = [(s, p) for s in kb.files for p in s.problems] + record_problems
    return kb, problems


def _read_all(root: Path, settings: Settings, keep_positions: bool) -> Iterable[SourceFile]:
    """Each file read and parsed, handed to the index one at a time; unless
    ``keep_positions``, its data and positions are dropped as soon as the
    index has built its records (the index asks for the next file only then),
    so that at most one file's parse is alive at a time: on the 56,000-file
    benchmark, holding them all made the load peak at 1.1 GB."""
    empty = Positions()
    for entry in discover(root, ALL_COLLECTIONS):
        source = read_source(entry, settings.max_file_size)
        yield source
        if not keep_positions:
            source.data = None
            source.positions = empty


def validate(root: Path, options: Options) -> Result:
    settings, config_problems = load_settings(root)
    jobs = scan(root)
    cache = ValidationCache(
        root, _context(root, settings, options), options.use_cache and not cache_disabled_by_env()
    )
    fingerprint = stat_fingerprint(jobs)
    newest = max((job.mtime_ns for job in jobs), default=0)

    summary = cache.load_summary()
    if (
        summary is None
        or summary.stat_fingerprint != fingerprint
        or newest >= summary.trusted_before_ns
    ):
        summary = _check_all(root, settings, options, jobs, cache, fingerprint)

    diagnostics = [Diagnostic(*row) for row in summary.rows]
    diagnostics += [
        Diagnostic(CONFIG_FILE, p.line, p.col, p.code, p.message, p.hint) for p in config_problems
    ]
    diagnostics = _finish(diagnostics, settings, options, summary.suppressions, root)
    return Result(
        root,
        diagnostics,
        len(summary.files),
        summary.records,
        files=summary.files,
        lines=_lines_for(diagnostics, root),
        reference=_reference_label(settings, root),
    )


def scan(root: Path) -> list[Job]:
    """Every candidate file with its size and mtime; non-regular files come with a problem."""
    return list(scan_tree(root, ALL_COLLECTIONS))


def _check_all(
    root: Path,
    settings: Settings,
    options: Options,
    jobs: list[Job],
    cache: ValidationCache,
    fingerprint: str,
) -> Summary:
    trusted_before = trusted_before_now()
    previous = cache.load_files()
    results: dict[str, FileResult] = {}
    entries: dict[str, FileEntry] = {}
    todo: list[Job] = []
    for job in jobs:
        rel = job.rel
        known = previous.get(rel) if job.problem is None else None
        if known is not None and known[0] == job.size:
            size, mtime, digest, result = known
            if mtime == job.mtime_ns and mtime < trusted_before:
                results[rel] = FileResult.from_builtin(result)
                entries[rel] = known
                continue
            if _same_content(job, digest):  # touched, or checked out again: same bytes
                results[rel] = FileResult.from_builtin(result)
                entries[rel] = (size, job.mtime_ns, digest, result)
                continue
        todo.append(job)

    for checked in _run_batches(todo, root, settings, options):
        results[checked.rel] = checked.result
        entries[checked.rel] = (
            checked.size,
            checked.mtime_ns,
            checked.digest,
            checked.result.to_builtin(),
        )

    ordered = [(job.rel, results[job.rel]) for job in jobs]
    rows: list[Row] = [
        (rel, line, col, code, message, hint)
        for rel, result in ordered
        for line, col, code, message, hint in result.diagnostics
    ]
    index = GlobalIndex.from_results(ordered)
    context = Context(KnowledgeBase(root, settings), options.as_of, index)
    for rule in RULES.values():
        if rule.check is not None and rule.scope == "kb":
            for finding in rule.check(context):
                rel, line, col = locate(finding)
                rows.append((rel, line, col, rule.code, finding.message, finding.hint))

    summary = Summary(
        stat_fingerprint=fingerprint,
        trusted_before_ns=trusted_before,
        rows=rows,
        suppressions={rel: r.suppressions for rel, r in ordered if r.suppressions},
        files=[rel for rel, _ in ordered],
        records=sum(r.records for _, r in ordered),
    )
    # Entries whose mtime is too recent to trust are stored anyway: their
    # digest is checked on the next run before reuse.
    cache.save(entries, summary)
    return summary


def _same_content(job: Job, digest: str) -> bool:
    try:
        with open(job.path, "rb") as handle:
            return digest_of(handle.read()) == digest
    except OSError:
        return False


def _run_batches(
    todo: Sequence[Job], root: Path, settings: Settings, options: Options
) -> list[Checked]:
    """Check files in batches: in worker processes when there are many, else here.

    Batches bound memory too: a batch's parsed records and positions are
    dropped once its compact results are out.
    """
    workers = options.jobs or default_jobs()
    if workers <= 1 or len(todo) < options.min_parallel:
        out: list[Checked] = []
        for start in range(0, len(todo), BATCH_SIZE):
            out.extend(check_batch(todo[start : start + BATCH_SIZE], root, settings, options.as_of))
        return out
    size = max(1, min(BATCH_SIZE, math.ceil(len(todo) / (workers * 4))))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    work = partial(check_batch, root=root, settings=settings, as_of=options.as_of)
    # fork: workers inherit the imported modules instead of importing them again.
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        out = []
        for batch in pool.imap(work, chunks):
            out.extend(batch)
    return out


def _context(root: Path, settings: Settings, options: Options) -> str:
    """Everything besides a file's own bytes that its result depends on."""
    parts = [
        options.as_of.isoformat(),
        settings.model_dump_json(),
        ",".join(f"{r.code}:{r.scope}" for r in RULES.values()),
    ]
    if settings.documents:
        folder = root / settings.documents
        try:
            parts.append("\x1f".join(sorted(p.name for p in folder.iterdir() if p.is_file())))
        except OSError:
            parts.append("<no documents folder>")
    parts.append(_reference_fingerprint(settings, root))  # root: a KB-local COG copy counts
    return context_key(parts)


def _reference_fingerprint(settings: Settings, root: Path) -> str:
    try:
        from coop.reference import cog  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return ""
    fingerprint: Any = getattr(cog, "fingerprint", None)
    return str(fingerprint(settings, root)) if fingerprint is not None else ""


def _reference_label(settings: Settings, root: Path) -> str | None:
    try:
        from coop.reference import cog  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    label: Any = getattr(cog, "label", None)
    return str(label(settings, root)) if label is not None else None


def _finish(
    diagnostics: Iterable[Diagnostic],
    settings: Settings,
    options: Options,
    suppressions: dict[str, tuple[Any, ...]],
    root: Path,
) -> list[Diagnostic]:
    selected = matching(options.select) if options.select else set(RULES)
    ignored = matching(options.ignore)
    only = [_relative(p, root) for p in options.only]
    silenced = {rel: dict(rows) for rel, rows in suppressions.items()}
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
