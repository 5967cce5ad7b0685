"""Reporters turn a validation result into text for people or machines.

Each is chosen by name; none loads files or decides what is a problem.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TextIO

from coop.validate.outcome import Result

Reporter = Callable[[Result, TextIO], None]


_MODULES = {
    "text": "coop.reporters.text",
    "json": "coop.reporters.json",
    "github": "coop.reporters.github",
    "junit": "coop.reporters.junit",
    "sarif": "coop.reporters.sarif",
    "gitlab": "coop.reporters.gitlab",
}


def get(name: str) -> Reporter:
    """The reporter called ``name``; raises KeyError for an unknown name.

    Imported lazily: each reporter pulls its own dependencies (rich, xml).
    """
    module = importlib.import_module(_MODULES[name])
    report: Reporter = module.report

    def printable_report(result: Result, out: TextIO) -> None:
        from coop.reporters.printable import printable_result

        report(printable_result(result), out)

    return printable_report
