"""Render notes: one target to text, or every page of a site, each as a
:class:`Page` whose context is built when asked for (written one at a time
by ``coop.report.workers`` into ``coop.report.site``'s staging folder)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _json_string
from pathlib import Path
from typing import Any

from markupsafe import Markup

from coop.kb.index import KnowledgeBase
from coop.report.context import TARGETS, Builder, Options
from coop.report.errors import ReportError
from coop.report.layout import Layout
from coop.reserved import OVERVIEW

FORMATS = ("md", "html")
# Collections whose pages gather a large part of the knowledge base: a theme
# lists every commitment on it (on a national site a theme's context pickles
# to ~1.2 MB, and a worker laying out the 16 of them held ~35 MB more until
# it ended). Laid out where they are built, as the index.
WHOLE = frozenset({"themes"})


class UnknownTarget(ReportError):
    def __init__(self, target: str, closest: list[str]) -> None:
        hint = (
            f"closest ids: {', '.join(closest)}"
            if closest
            else "`coop report all` renders everything; ids are file names without .yaml"
        )
        super().__init__(f"no record has id {target!r}", hint)
        self.closest = closest


@dataclass(frozen=True)
class Page:
    """One page of a site: where it goes, its template, and how to build its
    context (which holds ``search``; the layout adds the assets)."""

    rel: str
    template: str
    build: Callable[[], dict[str, Any]]
    # Built from the whole knowledge base and big (the overview, a theme):
    # laid out where it is built rather than sent to a worker.
    whole: bool = False


@dataclass
class Renderer:
    kb: KnowledgeBase
    options: Options
    template_dirs: Sequence[Path] = ()
    layout: Layout = field(init=False)

    def __post_init__(self) -> None:
        self.layout = Layout(self.template_dirs)
        self.builder = Builder(self.kb, self.options)

    # -- one target -------------------------------------------------------

    def resolve(self, target: str) -> tuple[str, Any]:
        """``(template base name, record or None)`` for an id or ``overview``."""
        if target == OVERVIEW:
            return OVERVIEW, None
        for collection, name in TARGETS.items():
            record = self.kb.records[collection].get(target)
            if record is not None:
                return name, record
        declared = self.kb.declarations.get(target)
        if declared:  # its file declares it, but does not make a valid record
            raise ReportError(
                f"{target!r} is declared in {declared[0].source.rel}, "
                "which is not a valid record: it has no note",
                "run `coop validate` to see what to fix",
            )
        known = sorted({*self.kb.all_ids(), *self.kb.themes, OVERVIEW})
        raise UnknownTarget(target, difflib.get_close_matches(target, known, n=5, cutoff=0.5))

    def render(self, target: str, fmt: str, root: str = "") -> str:
        name, record = self.resolve(target)
        if record is None:
            context = self.builder.overview(root)
        else:
            context = getattr(self.builder, name)(record, root)
        context["search"] = None
        return self.layout.render(f"{name}.{fmt}.j2", context, fmt)

    # -- a whole site -----------------------------------------------------

    def pages(self, fmt: str) -> dict[str, str]:
        """Every page of the site: ``index.<ext>`` and ``<collection>/<id>.<ext>``."""
        return dict(self.iter_pages(fmt))

    def page_count(self) -> int:
        return 1 + sum(len(self.kb.records[collection]) for collection in TARGETS)

    def iter_pages(self, fmt: str) -> Iterator[tuple[str, str]]:
        """The pages of :meth:`pages` one at a time, each rendered when asked for."""
        for page in self.site(fmt):
            yield page.rel, self.layout.render(page.template, page.build(), fmt)

    def site(self, fmt: str) -> Iterator[Page]:
        """Every page of the site: the pages built from the whole knowledge
        base first (the index, then the themes), then each other collection
        by id."""
        yield Page(f"index.{fmt}", f"{OVERVIEW}.{fmt}.j2", lambda: self._index(fmt), whole=True)
        ordered = sorted(TARGETS, key=lambda collection: collection not in WHOLE)
        for collection in ordered:
            name = TARGETS[collection]
            build = getattr(self.builder, name)
            records = self.kb.records[collection]
            template = f"{name}.{fmt}.j2"
            for record_id in sorted(records):
                yield Page(
                    f"{collection}/{record_id}.{fmt}",
                    template,
                    _record_context(build, records[record_id]),
                    whole=collection in WHOLE,
                )

    def _index(self, fmt: str) -> dict[str, Any]:
        search = self._search_index() if fmt == "html" else None
        context = self.builder.overview("")
        context["search"] = search
        return context

    def _search_index(self) -> Markup:
        """The records as the search box reads them: what ``json.dumps`` of a
        list of objects ``{"id", "label", "also", "type", "href"}`` gives
        with ``separators=(",", ":")`` and ``ensure_ascii=False``, written
        one object at a time (on a national site the 56,000 dicts cost three
        times the text's own 9 MB, and Python's encoder 8 µs each)."""
        parts = []
        for collection in TARGETS:
            kind = _json_string(self.builder._t(collection))
            records = self.kb.records[collection]
            for record_id in sorted(records):
                record: Any = records[record_id]
                fields = type(record).__pydantic_fields__
                # Read only where the model has them: a missing attribute
                # costs pydantic an exception.
                aliases = list(record.aliases or ()) if "aliases" in fields else []
                short = (record.short_title if "short_title" in fields else None) or (
                    record.short_name if "short_name" in fields else None
                )
                if short:
                    aliases.append(short)
                parts.append(
                    _script_safe(
                        f'{{"id":{_json_string(record_id)},'
                        f'"label":{_json_string(record.display_name)},'
                        f'"also":{_json_string(" ".join(aliases))},'
                        f'"type":{kind},'
                        f'"href":{_json_string(f"{collection}/{record_id}.html")}}}'
                    )
                )
        if not parts:
            return Markup("[]")
        # The brackets in the first and last objects' strings: the text is
        # then made once, not again for each bracket (on a national site it
        # is ~17 MB, and the index page's peak of memory).
        parts[0] = "[" + parts[0]
        parts[-1] += "]"
        text = ",".join(parts)
        del parts
        return Markup(text)


def _script_safe(text: str) -> str:
    """Inside <script>: "</script>" or "<!--" in a record must not end it
    (the escapes are of single characters, so a piece of the index can be
    made safe on its own)."""
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text


def _record_context(build: Callable[..., dict[str, Any]], record: Any) -> Callable[[], Any]:
    def context() -> dict[str, Any]:
        built = build(record, "../")
        built["search"] = None
        return built

    return context
