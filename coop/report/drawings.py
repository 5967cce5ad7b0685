"""Inline SVG drawings made by the product: a timeline and a cooperation network.

No JavaScript, no external resource: plain SVG with presentation attributes
(no ``style`` attributes, which a strict Content-Security-Policy would block).
Every text from the knowledge base goes through ``escape``. Layouts are
deterministic, so golden files stay stable.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from coop.model import PartialDate

Href = Callable[[str], str | None]

INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#d9dee3"
IN_FORCE = "#1b6e3a"
NOT_IN_FORCE = "#7b8794"
UNKNOWN = "#b36200"
ACCENT = "#0b4f8a"
AGREEMENT_NODE = "#8a3b0b"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _year_fraction(date: PartialDate) -> float:
    return date.year + ((date.month or 1) - 1) / 12 + ((date.day or 1) - 1) / 365


def _svg_open(width: int, height: int, title: str, desc: str, ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{ident}-t {ident}-d" class="drawing">'
        f'<title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(desc)}</desc>'
    )


def _anchor(href: str | None, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


@dataclass
class Span:
    """One row of a timeline: a bar from ``start`` to ``end`` or a point."""

    label: str
    start: PartialDate | None
    end: PartialDate | None = None
    caption: str = ""  # the date as written, beside the mark
    state: bool | None = True  # in force / not / unknown: the colour
    href: str | None = None
    open_ended: bool = False  # still running: the bar goes to the as-of date


def timeline(
    spans: Sequence[Span], as_of: PartialDate, title: str, desc: str, ident: str
) -> Markup:
    """Rows of bars (periods) and dots (events) on a shared axis of years."""
    dated = [s for s in spans if s.start is not None]
    if not dated:
        return Markup("")
    label_w, plot_w, caption_w, row_h, top = 230, 380, 150, 24, 30
    width = label_w + plot_w + caption_w
    first = min(math.floor(_year_fraction(s.start)) for s in dated if s.start)
    ends = [_year_fraction(s.end) for s in dated if s.end]
    last = math.floor(max([_year_fraction(as_of), *ends, first + 1])) + 1
    span_years = max(last - first, 1)

    def x(value: float) -> float:
        return label_w + (value - first) / span_years * plot_w

    height = top + row_h * len(dated) + 10
    parts = [_svg_open(width, height, title, desc, ident)]
    step = 1 if span_years <= 12 else 2 if span_years <= 24 else 5
    for year in range(first, last + 1, step):
        gx = x(year)
        parts.append(
            f'<line x1="{gx:.1f}" y1="{top - 8}" x2="{gx:.1f}" y2="{height - 6}" stroke="{GRID}"/>'
            f'<text x="{gx:.1f}" y="{top - 12}" font-size="11" fill="{MUTED}" '
            f'text-anchor="middle">{year}</text>'
        )
    ax = x(_year_fraction(as_of))
    parts.append(
        f'<line x1="{ax:.1f}" y1="{top - 8}" x2="{ax:.1f}" y2="{height - 6}" '
        f'stroke="{ACCENT}" stroke-dasharray="4 3"/>'
    )
    for row, span in enumerate(dated):
        assert span.start is not None
        y = top + row * row_h + row_h / 2
        colour = IN_FORCE if span.state else UNKNOWN if span.state is None else NOT_IN_FORCE
        label = (
            f'<text x="{label_w - 8}" y="{y + 4:.1f}" font-size="12" fill="{INK}" '
            f'text-anchor="end">{escape(_shorten(span.label, 30))}'
            f"<title>{escape(span.label)}</title></text>"
        )
        parts.append(_anchor(span.href, label))
        x0 = x(_year_fraction(span.start))
        end = span.end
        if end is None and span.open_ended:
            end = as_of
        if end is not None and _year_fraction(end) > _year_fraction(span.start):
            x1 = x(_year_fraction(end))
            parts.append(
                f'<rect x="{x0:.1f}" y="{y - 6:.1f}" width="{x1 - x0:.1f}" height="12" '
                f'rx="3" fill="{colour}"/>'
            )
        parts.append(f'<circle cx="{x0:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>')
        parts.append(
            f'<text x="{label_w + plot_w + 8}" y="{y + 4:.1f}" font-size="11" '
            f'fill="{MUTED}">{escape(_shorten(span.caption, 24))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass
class Node:
    id: str
    label: str
    href: str | None = None
    focus: bool = False


@dataclass
class Tie:
    """An agreement and the nodes it binds."""

    id: str
    label: str
    members: list[str] = field(default_factory=list)
    href: str | None = None
    state: bool | None = True


def network(
    nodes: Sequence[Node], ties: Sequence[Tie], title: str, desc: str, ident: str
) -> Markup:
    """Parties on a circle, each agreement a small square joined to its
    parties: a bilateral agreement sits on the chord between its two
    parties, a multilateral one near the centre."""
    if not nodes:
        return Markup("")
    # Wide enough for labels of about 30 characters on either side.
    width, height, radius = 960, 600, 250
    centre, middle = width / 2, height / 2
    place: dict[str, tuple[float, float]] = {}
    count = len(nodes)
    for index, node in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        place[node.id] = (centre + radius * math.cos(angle), middle + radius * math.sin(angle))
    parts = [_svg_open(width, height, title, desc, ident)]
    seen: dict[tuple[int, int], int] = {}
    squares: list[str] = []
    for tie in ties:
        points = [place[m] for m in tie.members if m in place]
        if not points:
            continue
        tx = sum(p[0] for p in points) / len(points)
        ty = sum(p[1] for p in points) / len(points)
        # Agreements binding the same parties would sit on the same spot.
        key = (round(tx), round(ty))
        shift = seen.get(key, 0)
        seen[key] = shift + 1
        tx, ty = tx + 14 * shift, ty + 14 * shift
        colour = IN_FORCE if tie.state else UNKNOWN if tie.state is None else NOT_IN_FORCE
        for px, py in points:
            parts.append(
                f'<line x1="{px:.1f}" y1="{py:.1f}" x2="{tx:.1f}" y2="{ty:.1f}" '
                f'stroke="{colour}" stroke-width="1.5" stroke-opacity="0.7"/>'
            )
        square = (
            f'<rect x="{tx - 5:.1f}" y="{ty - 5:.1f}" width="10" height="10" '
            f'fill="{AGREEMENT_NODE}"><title>{escape(tie.label)}</title></rect>'
        )
        squares.append(_anchor(tie.href, square))
    parts.extend(squares)
    for node in nodes:
        px, py = place[node.id]
        right = px >= centre + 1
        left = px <= centre - 1
        anchor = "start" if right else "end" if left else "middle"
        dx = 10 if right else -10 if left else 0
        dy = -10 if py < middle and not (left or right) else 14 if not (left or right) else 4
        fill = ACCENT if node.focus else INK
        mark = (
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{8 if node.focus else 6}" fill="{fill}"/>'
            f'<text x="{px + dx:.1f}" y="{py + dy:.1f}" font-size="12" fill="{INK}" '
            f'text-anchor="{anchor}">{escape(_shorten(node.label, 30))}'
            f"<title>{escape(node.label)}</title></text>"
        )
        parts.append(_anchor(node.href, mark))
    parts.append("</svg>")
    return Markup("".join(parts))
