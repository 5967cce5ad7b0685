"""Run the formatter over files of a knowledge base: pick them, format, write or diff."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from coop.authoring.fmt import FormatRefused, format_bytes, model_for
from coop.kb.config import CONFIG_FILE
from coop.kb.index import ALL_COLLECTIONS
from coop.load.files import discover
from coop.load.reading import DEFAULT_MAX_FILE_SIZE, too_large_problem
from coop.load.yaml_reader import YamlProblem
from coop.writing import UnsafePath, atomic_write_text


@dataclass(frozen=True)
class Refusal:
    rel: str
    problem: YamlProblem


@dataclass
class FmtReport:
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    diffs: dict[str, str] = field(default_factory=dict)
    # What a diff does not show (its lines look alike): rel -> "byte-order mark removed"…
    unseen: dict[str, str] = field(default_factory=dict)


def kb_files(root: Path, only: list[Path]) -> list[tuple[Path, str, YamlProblem | None]]:
    """The YAML files to format: every record, the themes and coop.yaml, or those under ``only``."""
    found = [(e.path, e.rel, e.problem) for e in discover(root, ALL_COLLECTIONS)]
    config = root / CONFIG_FILE
    if config.is_file():
        found.insert(0, (config, CONFIG_FILE, None))
    if not only:
        return found
    wanted = [p.resolve() for p in only]
    return [
        item
        for item in found
        if any(
            item[0].absolute() == w or w in item[0].absolute().parents or _same(item[0], w)
            for w in wanted
        )
    ]


def _same(path: Path, wanted: Path) -> bool:
    try:
        return path.resolve() == wanted
    except OSError:
        return False


def format_files(
    files: list[tuple[Path, str, YamlProblem | None]],
    *,
    check: bool,
    max_size: int = DEFAULT_MAX_FILE_SIZE,
) -> FmtReport:
    report = FmtReport()
    for path, rel, problem in files:
        if problem is not None:
            report.refused.append(Refusal(rel, problem))
            continue
        try:
            size = path.stat().st_size
            if size > max_size:
                report.refused.append(Refusal(rel, too_large_problem(size, max_size)))
                continue
            raw = path.read_bytes()
        except OSError as exc:
            report.refused.append(
                Refusal(rel, YamlProblem("Y013", 1, 1, f"cannot read the file: {exc.strerror}"))
            )
            continue
        try:
            result = format_bytes(raw, model_for(rel))
        except FormatRefused as exc:
            report.refused.append(Refusal(rel, exc.problem))
            continue
        if not result.changed:
            report.unchanged.append(rel)
            continue
        report.changed.append(rel)
        unseen = [
            *(["byte-order mark removed"] if result.bom else []),
            *(["CRLF line endings made LF"] if "\r" in result.before else []),
        ]
        if unseen:
            report.unseen[rel] = ", ".join(unseen)
        if check:
            report.diffs[rel] = "".join(
                difflib.unified_diff(
                    result.before.splitlines(keepends=True),
                    result.after.splitlines(keepends=True),
                    f"a/{rel}",
                    f"b/{rel}",
                )
            )
            continue
        try:
            # Saved by an editor since it was read: writing would lose that edit.
            if path.read_bytes() != raw:
                report.changed.remove(rel)
                report.refused.append(
                    Refusal(
                        rel,
                        YamlProblem(
                            "Y013",
                            1,
                            1,
                            "changed while being formatted; not written (run coop fmt again)",
                        ),
                    )
                )
                continue
            atomic_write_text(path, result.after)
        except (UnsafePath, OSError) as exc:
            report.changed.remove(rel)
            report.refused.append(Refusal(rel, YamlProblem("Y013", 1, 1, f"not written: {exc}")))
    return report
