"""The report use case, as the CLI calls it: load, render, write."""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass, field
from pathlib import Path

from coop.processes import can_fork_pool, default_jobs
from coop.report.compact import Compactor
from coop.report.context import Options
from coop.report.errors import ReportError
from coop.report.loading import load
from coop.report.pool import Pool
from coop.report.render import Renderer
from coop.report.site import build_site
from coop.report.stored import Store, open_store
from coop.report.workers import PARALLEL_THRESHOLD, fill_site
from coop.reserved import ALL
from coop.validate.settings import load_settings
from coop.writing import UnsafePath, atomic_write_text

KB_TEMPLATES = "templates"


@dataclass
class ReportRequest:
    root: Path
    target: str
    fmt: str
    as_of: dt.date
    lang: str | None = None
    templates: Path | None = None
    out: Path | None = None  # None: return the text
    jobs: int | None = None  # processes rendering a site; None: one per available core
    min_parallel: int = PARALLEL_THRESHOLD  # a site with fewer pages: one process


@dataclass
class ReportResult:
    text: str | None = None
    written: Path | None = None
    warnings: list[str] = field(default_factory=list)


def run(request: ReportRequest) -> ReportResult:
    folders = [p for p in (request.templates, request.root / KB_TEMPLATES) if p is not None]
    jobs = request.jobs or default_jobs()
    # A site's worker processes are forked now, before the knowledge base is
    # loaded: each then holds a few megabytes, not a copy of it (see
    # coop.report.workers), and parses files during the load (coop.report.loading).
    pool = (
        Pool(jobs - 1, folders)
        if request.target == ALL and request.out is not None and jobs > 1 and can_fork_pool()
        else None
    )
    # Most files' records taken from what the last report built
    # (coop.report.stored): reading, parsing and building them is most of
    # a national load. Opened after the fork (the workers need none of it)
    # and before the load scans the files (see Store).
    store = open_store(request.root)
    try:
        try:
            result = _run(request, folders, jobs, pool, store)
        finally:
            if pool is not None:
                pool.close()
        if store is not None:
            # Written once the pages are, the workers gone: the pickle's
            # memo (~50 MB for a national knowledge base) then adds to
            # nothing else's memory.
            store.commit()
    finally:
        if store is not None:
            store.close()
    return result


def _run(
    request: ReportRequest, folders: list[Path], jobs: int, pool: Pool | None, store: Store | None
) -> ReportResult:
    settings, _ = load_settings(request.root)
    # Equal values in the records made one object as they are loaded (a
    # third of their memory on a national knowledge base): room for a site's
    # pages, and a single note's load within budget (588 MB without).
    compactor = Compactor()
    kb, problems = load(request.root, settings, pool, compactor, store)
    del compactor  # its tables are as big as the strings it saw
    if request.target == ALL:
        # Before the collector runs again (the load ran without it): it
        # would walk every record once more (~2 s on a national knowledge base).
        gc.freeze()
    result = ReportResult()
    broken = sorted({source.rel for source, _ in problems})
    if broken:
        result.warnings.append(
            f"{len(broken)} file(s) have problems and may be missing from the notes "
            f"(first: {broken[0]}); run `coop validate`"
        )
    renderer = Renderer(
        kb,
        Options(
            as_of=request.as_of,
            lang=request.lang or settings.language,
            linking=request.target == ALL,
        ),
        folders,
    )
    if request.target == ALL:
        # The knowledge base and the relations between its records live
        # until the end: spare the collector a walk over their millions of
        # objects at every full collection (one was ~2 s on a national
        # knowledge base).
        gc.freeze()
        if request.out is None:
            raise ReportError("'all' writes a folder of pages", "pass --out FOLDER")
        out = request.out
        build_site(
            out,
            lambda staging: fill_site(
                staging,
                renderer,
                request.fmt,
                jobs,
                min_parallel=request.min_parallel,
                pool=pool,
            ),
        )
        result.written = out
        return result
    text = renderer.render(request.target, request.fmt)
    if request.out is None:
        result.text = text
        return result
    try:
        atomic_write_text(request.out, text)
    except UnsafePath as exc:
        raise ReportError(f"cannot write {request.out}: {exc}", exc.hint) from None
    except OSError as exc:
        raise ReportError(f"cannot write {request.out}: {exc.strerror or exc}") from None
    result.written = request.out
    return result
