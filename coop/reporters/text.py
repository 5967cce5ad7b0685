"""Human output: grouped by file, the source line with a caret, the hint.

Written with rich, except a clean result for a reader that is not a
terminal (CI, a pipe): its two lines are the same without rich, and
importing rich took a fifth of an unchanged national validation (~50 ms).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from typing import TextIO

from coop.diagnostics import Diagnostic, Severity
from coop.rule_catalog import rule_name
from coop.validate.outcome import Result

_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}

# C0/C1 control characters (ESC above all) from a file's name or text would be
# obeyed by the terminal: shown as visible escapes instead, never passed through.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# What makes rich style its output even where it is not a terminal.
_FORCING = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


def _shown(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _visible(text: str) -> str:
    from rich.markup import escape

    return escape(_shown(text))


def report(result: Result, out: TextIO) -> None:
    if not result.diagnostics and _unstyled(out):
        out.write(f"✓ {result.files_checked} files, {result.records} records: no problems\n")
        if result.reference:
            out.write(f"reference data: {_shown(result.reference)}\n")
        return
    _styled(result, out)


def _unstyled(out: TextIO) -> bool:
    """Whether rich would write to ``out`` without styles (not a terminal)."""
    if any(os.environ.get(name) for name in _FORCING):
        return False
    try:
        return not out.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed file
        return False


def _styled(result: Result, out: TextIO) -> None:
    from rich.console import Console

    console = Console(file=out, highlight=False, soft_wrap=True)
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in result.diagnostics:
        by_file[d.path].append(d)
    for path, diagnostics in by_file.items():
        console.print(f"[bold underline]{_visible(path)}[/]")
        lines = result.lines.get(path, [])
        for d in diagnostics:
            name = rule_name(d.code) or ""
            console.print(
                f"  [dim]{d.line}:{d.col}[/] [{_STYLE[d.severity]}]{d.severity.value}[/] "
                f"[bold]{d.code}[/] [dim]{name}[/]  {_visible(d.message)}"
            )
            if 0 < d.line <= len(lines):
                source = lines[d.line - 1].replace("\t", " ")
                if len(source) > 200:
                    start = max(0, d.col - 80)
                    source = source[start : start + 160]
                    caret_col = d.col - start
                else:
                    caret_col = d.col
                console.print(f"    [dim]{d.line:>4} |[/] {_visible(source)}")
                console.print(
                    f"    [dim]     |[/] {' ' * (caret_col - 1)}[{_STYLE[d.severity]}]^[/]"
                )
            if d.hint:
                console.print(f"    [green]hint:[/] {_visible(d.hint)}")
        console.print()
    errors, warnings = result.count(Severity.error), result.count(Severity.warning)
    files_with = len(by_file)
    if result.diagnostics:
        console.print(
            f"[bold]{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}[/] "
            f"in {files_with} file{'s' * (files_with != 1)} "
            f"({result.files_checked} files, {result.records} records checked)"
        )
    else:
        console.print(
            f"[green]✓[/] {result.files_checked} files, {result.records} records: no problems"
        )
    if result.reference:  # which official data the identifiers were checked against
        console.print(f"[dim]reference data: {_visible(result.reference)}[/]")
