"""Render notes: one target to text, or every page of a site as pairs of
relative path and text, one at a time (written by ``coop.report.site``)."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from coop.kb.index import KnowledgeBase
from coop.report.context import TARGETS, Builder, Options
from coop.report.environment import asset, make_environment
from coop.report.errors import ReportError
from coop.report.messages import UnknownMessage

FORMATS = ("md", "html")
_BLANK_RUNS = re.compile(r"\n(?:[ \t]*\n){2,}")
OVERVIEW = "overview"
ALL = "all"


class UnknownTarget(ReportError):
    def __init__(self, target: str, closest: list[str]) -> None:
        hint = (
            f"closest ids: {', '.join(closest)}"
            if closest
            else "`coop report all` renders everything; ids are file names without .yaml"
        )
        super().__init__(f"no record has id {target!r}", hint)
        self.closest = closest


@dataclass
class Renderer:
    kb: KnowledgeBase
    options: Options
    template_dirs: Sequence[Path] = ()

    def __post_init__(self) -> None:
        self.env: ImmutableSandboxedEnvironment = make_environment(self.template_dirs)
        self.builder = Builder(self.kb, self.options)
        self._cached_assets: dict[str, Any] | None = None

    # -- one target -------------------------------------------------------

    def resolve(self, target: str) -> tuple[str, Any]:
        """``(template base name, record or None)`` for an id or ``overview``."""
        if target == OVERVIEW:
            return OVERVIEW, None
        for collection, name in TARGETS.items():
            record = self.kb.records[collection].get(target)
            if record is not None:
                return name, record
        known = [*self.kb.all_ids(), *self.kb.themes, OVERVIEW]
        raise UnknownTarget(target, difflib.get_close_matches(target, known, n=5, cutoff=0.5))

    def render(self, target: str, fmt: str, root: str = "") -> str:
        name, record = self.resolve(target)
        if record is None:
            context = self.builder.overview(root)
        else:
            context = getattr(self.builder, name)(record, root)
        return self._render(f"{name}.{fmt}.j2", context, fmt, search=None)

    # -- a whole site -----------------------------------------------------

    def pages(self, fmt: str) -> dict[str, str]:
        """Every page of the site: ``index.<ext>`` and ``<collection>/<id>.<ext>``."""
        return dict(self.iter_pages(fmt))

    def page_count(self) -> int:
        return 1 + sum(len(self.kb.records[collection]) for collection in TARGETS)

    def iter_pages(self, fmt: str, part: int = 0, parts: int = 1) -> Iterator[tuple[str, str]]:
        """The pages of :meth:`pages` one at a time, each rendered when asked
        for; with ``parts`` > 1, only every ``parts``-th page from the
        ``part``-th (the share of one of ``parts`` worker processes: pages
        alike in cost are next to each other, so the shares come out even)."""
        if part == 0:
            search = self._search_index() if fmt == "html" else None
            yield (
                f"index.{fmt}",
                self._render(f"{OVERVIEW}.{fmt}.j2", self.builder.overview(""), fmt, search=search),
            )
        index = 0
        for collection, name in TARGETS.items():
            build = getattr(self.builder, name)
            for record_id in sorted(self.kb.records[collection]):
                index += 1
                if index % parts != part:
                    continue
                context = build(self.kb.records[collection][record_id], "../")
                yield (
                    f"{collection}/{record_id}.{fmt}",
                    self._render(f"{name}.{fmt}.j2", context, fmt, search=None),
                )

    def _search_index(self) -> Markup:
        entries = []
        for collection in TARGETS:
            for record_id, record in sorted(self.kb.records[collection].items()):
                aliases = list(getattr(record, "aliases", []) or [])
                short = getattr(record, "short_title", None) or getattr(record, "short_name", None)
                entries.append(
                    {
                        "id": record_id,
                        "label": record.display_name,
                        "also": " ".join([*aliases, *([short] if short else [])]),
                        "type": self.builder._t(collection),
                        "href": f"{collection}/{record_id}.html",
                    }
                )
        text = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
        # Inside <script>: "</script>" or "<!--" in a record must not end it.
        for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
            text = text.replace(char, code)
        return Markup(text)

    # -- the one call to Jinja --------------------------------------------

    def _assets(self) -> dict[str, Any]:
        """The inline CSS and JS and their CSP hashes, read once per run."""
        if self._cached_assets is None:
            css, css_hash = asset(self.env, "style.css")
            js, js_hash = asset(self.env, "search.js")
            self._cached_assets = {
                "css": Markup(css),
                "css_hash": css_hash,
                "js": Markup(js),
                "js_hash": js_hash,
            }
        return self._cached_assets

    def _render(self, template: str, context: dict[str, Any], fmt: str, search: Any) -> str:
        try:
            if fmt == "html":
                context["assets"] = self._assets()
            context["search"] = search
            text = self.env.get_template(template).render(context)
        except UnknownMessage as exc:
            raise ReportError(f"template {template}: {exc.args[0]}") from None
        except TemplateError as exc:
            where = getattr(exc, "filename", None) or template
            line = getattr(exc, "lineno", None)
            at = f"{where}:{line}" if line else where
            raise ReportError(
                f"template {at}: {exc.message or type(exc).__name__}",
                "fix the template, or remove it from the knowledge base's templates/ "
                "to use the default",
            ) from None
        return tidy_markdown(text) if fmt == "md" else text


def tidy_markdown(text: str) -> str:
    """At most one blank line in a row, one final newline: templates can then
    be written for legibility without counting blank lines."""
    return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"
