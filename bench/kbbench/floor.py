"""Where cold validation's time goes: the CPU per file of the steps no
validation of these files can skip, each timed alone in this process.

Cold ``coop validate`` must, for every file: read its bytes, decode them,
parse the YAML keeping each value's position (diagnostics point at
``file:line:col``), and validate the data against the record's model. This
measures each of those steps on a sample of the corpus, one process, CPU time
(``time.process_time``), with the collector off as coop runs them.

For the parse, the floor counts libyaml's event stream as PyYAML delivers it
(``yaml.parse`` over the C parser) with nothing built from it: what any
PyYAML-based parser that keeps positions pays at least. coop's own parser
(which builds the data and the positions from those events) and PyYAML's C
loader (data only, no positions) are shown beside it for comparison.

The table sets the floor against the budget a wall-clock target leaves per
file on this machine's cores: a floor above the budget means that no
speed-up of the rest of coop, nor a better parser over PyYAML, can meet it.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from coop.authoring.fmt import model_for
from coop.load.reading import DEFAULT_MAX_FILE_SIZE, decode, read_at_most
from coop.load.yaml_reader import YamlError, parse_yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True)
class Step:
    label: str
    per_file: float  # seconds of CPU per file
    in_floor: bool  # counted in the floor (a step every cold validation does)


@dataclass(frozen=True)
class Floor:
    files: int  # files measured (a sample of the corpus)
    corpus_files: int
    steps: list[Step]

    @property
    def per_file(self) -> float:
        return sum(s.per_file for s in self.steps if s.in_floor)


def sample(kb: Path, every: int) -> list[tuple[str, bytes]]:
    """Every ``every``-th YAML file under ``data/`` (sorted), with its bytes."""
    return _sampled(kb, _yaml_files(kb), every)


def _yaml_files(kb: Path) -> list[Path]:
    return sorted((kb / "data").rglob("*.yaml"))


def _sampled(kb: Path, paths: list[Path], every: int) -> list[tuple[str, bytes]]:
    return [(p.relative_to(kb).as_posix(), p.read_bytes()) for p in paths[::every]]


def measure(kb: Path, every: int = 8) -> Floor:
    every_file = _yaml_files(kb)  # walked once: the sample and the count
    # Only files that read as YAML: the floor is that of a valid knowledge base.
    files, texts, parsed = [], [], []
    for rel, raw in _sampled(kb, every_file, every):
        try:
            text = decode(raw).text
            data = parse_yaml(text).data
        except YamlError:
            continue
        files.append((rel, raw))
        texts.append(text)
        parsed.append(data)
    corpus_files = len(every_file)
    # What coop's read is given: the path and the size its scan saw.
    reads = [(str(kb / rel), len(raw)) for rel, raw in files]
    models = [model_for(rel) for rel, _ in files]
    steps = [
        Step("read the bytes (open, read, close)", _per_file(reads, _read), True),
        Step("decode them (UTF-8, BOM and encoding checks)", _per_file(files, _decode), True),
        Step(
            "parse, at least: libyaml's events through PyYAML, nothing built from them",
            _per_file(texts, _events),
            True,
        ),
        Step(
            "coop's parser: data and every position (instead of the line above)",
            _per_file(texts, parse_yaml),
            False,
        ),
        Step(
            "PyYAML's C loader, no positions (for comparison)",
            _per_file(texts, _load),
            False,
        ),
        Step(
            "pydantic: validate the data as its record's model",
            _per_file(list(zip(models, parsed, strict=True)), _validate),
            True,
        ),
    ]
    return Floor(len(files), corpus_files, steps)


def _per_file(items: Sequence[Any], step: Callable[[Any], object]) -> float:
    """CPU seconds per item, the best of three passes (the least disturbed
    by whatever else the machine runs), with the collector off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            for item in items:
                step(item)
            best = min(best, time.process_time() - start)
    finally:
        if was_enabled:
            gc.enable()
    return best / max(len(items), 1)


def _read(item: tuple[str, int]) -> bytes:
    path, size = item
    return read_at_most(path, size, DEFAULT_MAX_FILE_SIZE)  # coop's own read


def _decode(item: tuple[str, bytes]) -> object:
    return decode(item[1])


def _events(text: str) -> object:
    return list(yaml.parse(text, Loader=_Loader))


def _load(text: str) -> object:
    return yaml.load(text, Loader=_Loader)  # the safe C loader


def _validate(item: tuple[Any, Any]) -> object:
    model, data = item
    if model is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError:  # a failed validation costs its time all the same
        return None


def render(floor: Floor, target: float, cores: int, cold_cpu: float | None) -> list[str]:
    """The Markdown section: each step per file and for the whole corpus,
    the floor, and the budget ``target`` seconds on ``cores`` leave."""
    n = floor.corpus_files
    budget = target * cores / n
    lines = [
        "## Where cold validation's time goes",
        "",
        f"Each step alone, in one process: CPU time per file, the best of 3 passes over"
        f" {floor.files:,} of the {n:,} files (evenly spread); `bench/kbbench/floor.py`.",
        "",
        "| step | per file | whole corpus (one core) | in the floor |",
        "| --- | ---: | ---: | --- |",
    ]
    for step in floor.steps:
        lines.append(
            f"| {step.label} | {step.per_file * 1e6:,.0f} µs | {step.per_file * n:.1f} s"
            f" | {'yes' if step.in_floor else 'no'} |"
        )
    lines.append(
        f"| **floor: the steps marked yes** | **{floor.per_file * 1e6:,.0f} µs**"
        f" | **{floor.per_file * n:.1f} s** | |"
    )
    if cold_cpu is not None:
        lines.append(
            f"| whole cold `coop validate` (CPU of the median run, all rules, cache written)"
            f" | {cold_cpu / n * 1e6:,.0f} µs | {cold_cpu:.1f} s | |"
        )
    lines.append(
        f"| budget of the ≤ {target:g} s target on {cores} cores | {budget * 1e6:,.0f} µs"
        f" | {target * cores:.1f} s | |"
    )
    verdict = (
        "above it: the target is out of reach of any validation that parses with"
        " PyYAML, keeps positions and validates with pydantic"
        if floor.per_file > budget
        else "within it"
    )
    lines += [
        "",
        f"The floor is {floor.per_file / budget:.2g}× the budget, {verdict}.",
        "",
    ]
    return lines
