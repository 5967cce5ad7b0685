"""Suppression comments (``# coop: ignore[P004]``): which codes each line
silences, and a Y014 problem for each code that no rule has and for each
comment that names no code (``ignore[]``, ``ignore(P004)``, ``ignore[P004``).

A code no rule has silences nothing: it cannot match a diagnostic. It was
silently accepted, so a typo (``P04``, a rule's name) left the analyst
believing a line was silenced when it was not; it is now reported where it
is written, with the closest real codes.
"""

from __future__ import annotations

import re

from coop.load.problems import YamlProblem
from coop.load.yaml_reader import LINE_BREAK
from coop.rule_catalog import CATALOG

# "# coop: ignore" alone silences every code on its line, so a comment that
# only looks like it ("ignore[P004" unclosed, "ignore(P004)", "ignored") must
# not match at all: a typo would otherwise widen the suppression to every code.
_SUPPRESS = re.compile(r"#\s*coop:\s*ignore(?:\s*\[([A-Za-z0-9_,\s-]*)\])?(?=\s|#|$)")
_CODE = re.compile(r"[^,\s]+")
# What looks like a suppression comment, well formed or not: one that
# _SUPPRESS does not read silences nothing, which the analyst must be told.
_LOOKS_LIKE = re.compile(r"#\s*coop:\s*ignore", re.IGNORECASE)

# Which codes a line silences: None for every code ("# coop: ignore").
Suppressions = dict[int, frozenset[str] | None]


def read_suppressions(text: str) -> tuple[Suppressions, tuple[YamlProblem, ...]]:
    """The suppressions of a file's text, by line, and a problem per unknown code.

    Lines are counted as YAML counts them (``LINE_BREAK``), so that a
    suppression and the diagnostics it silences agree on the line number.
    """
    found: Suppressions = {}
    problems: list[YamlProblem] = []
    for number, line in enumerate(LINE_BREAK.split(text), start=1):
        match = _SUPPRESS.search(line)
        if match is None:
            looks = _LOOKS_LIKE.search(line)
            if looks is not None:
                problems.append(_malformed(number, looks.start() + 1, "is not one coop reads"))
            continue
        if match.group(1) is None:
            found[number] = None
            continue
        codes: set[str] = set()
        for code in _CODE.finditer(match.group(1)):
            written = code.group()
            codes.add(written.upper())
            if written.upper() not in CATALOG:
                col = match.start(1) + code.start() + 1
                problems.append(_unknown(written, number, col))
        if not codes:  # "ignore[]" names no code: it silences none
            problems.append(_malformed(number, match.start() + 1, "names no code"))
        found[number] = frozenset(codes)
    return found, tuple(problems)


def _unknown(written: str, line: int, col: int) -> YamlProblem:
    return YamlProblem(
        "Y014",
        line,
        col,
        f"no rule has code {written!r}: it silences nothing",
        _hint(written),
    )


def _malformed(line: int, col: int, what: str) -> YamlProblem:
    return YamlProblem(
        "Y014",
        line,
        col,
        f"this suppression comment {what}: it silences nothing",
        "write `# coop: ignore[CODE, ...]` with the codes to silence "
        "(`coop rules` lists them), or `# coop: ignore` for every code of the line",
    )


def _hint(written: str) -> str:
    import difflib  # only for a comment that names an unknown code

    by_name = {info.name: code for code, info in CATALOG.items()}
    if written.lower() in by_name:
        code = by_name[written.lower()]
        return f"a comment names codes, not rule names: write {code}"
    family = [code for code in CATALOG if code[0] == written.upper()]
    if len(written) == 1 and family:
        return f"a comment names whole codes, not a family: write {', '.join(family)}"
    close = difflib.get_close_matches(written.upper(), list(CATALOG), n=3)
    close += [
        by_name[name]
        for name in difflib.get_close_matches(written.lower(), list(by_name), n=2)
        if by_name[name] not in close
    ]
    if close:
        shown = ", ".join(f"{code} ({CATALOG[code].name})" for code in close)
        return f"did you mean {shown}? `coop rules` lists every code"
    return "`coop rules` lists every code"
