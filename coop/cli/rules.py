"""``coop rules``: list every rule, or print one rule's documentation."""

from __future__ import annotations

import typer

from coop.cli.errors import UsageError


def rules(
    code: str = typer.Argument(
        None, help="A rule code (D002) or name (date-order).", show_default=False
    ),
) -> None:
    """List every validation rule, or show one rule's documentation.

    Examples:

      coop rules

      coop rules D002
    """
    import difflib

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from coop.rules import RULES

    console = Console(highlight=False, soft_wrap=True)
    if code is None:
        table = Table("code", "name", "family", "severity", "what it checks", box=None)
        for rule in RULES.values():
            table.add_row(
                rule.code, rule.name, rule.family, rule.severity.value, escape(rule.summary)
            )
        console.print(table)
        return
    rule = RULES.get(code.upper()) or next(
        (r for r in RULES.values() if r.name == code.lower()), None
    )
    if rule is None:
        close = difflib.get_close_matches(
            code.upper(), list(RULES), n=3
        ) + difflib.get_close_matches(code.lower(), [r.name for r in RULES.values()], n=2)
        raise UsageError(
            f"no rule {code!r}",
            f"did you mean {', '.join(close)}?" if close else "`coop rules` lists every code",
        )
    console.print(
        f"[bold]{rule.code} {rule.name}[/]  ({rule.family}, default severity {rule.severity.value})\n"
    )
    console.print(escape(rule.doc))
