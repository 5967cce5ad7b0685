"""Read ``coop.yaml``: its problems are C001 diagnostics, never exceptions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pydantic import ValidationError

from coop.kb.config import CONFIG_FILE, Settings
from coop.load.files import Entry, read_source
from coop.load.records import validation_problems
from coop.load.yaml_reader import YamlProblem


def load_settings(root: Path) -> tuple[Settings, list[YamlProblem]]:
    path = root / CONFIG_FILE
    if not path.is_file():
        return Settings(), []
    source = read_source(Entry(path, CONFIG_FILE, None), max_size=1024 * 1024)
    problems = [replace(p, code="C001") if p.code.startswith("S") else p for p in source.problems]
    if not source.readable:
        if source.data is None and not source.problems:
            return Settings(), []
        return Settings(), [p for p in problems if p.code != "Y006"]
    try:
        settings = Settings.model_validate(source.data)
    except ValidationError as exc:
        found = validation_problems(source, Settings, exc, ())
        return Settings(), problems + [replace(p, code="C001") for p in found]
    from coop.rules import RULES  # the registry imports the KB layer: keep it lazy

    for code in settings.severity:
        if code.upper() not in RULES:
            line, col = source.positions.key(("severity", code))
            problems.append(
                YamlProblem(
                    "C001", line, col, f"no rule has code {code!r}", "`coop rules` lists every code"
                )
            )
    settings.severity = {code.upper(): sev for code, sev in settings.severity.items()}
    if settings.documents and not (root / settings.documents).is_dir():
        line, col = source.positions.value(("documents",))
        problems.append(
            YamlProblem(
                "C001",
                line,
                col,
                f"documents folder {settings.documents!r} does not exist",
                "create it with the cited source documents, or correct the path",
            )
        )
    return settings, problems
