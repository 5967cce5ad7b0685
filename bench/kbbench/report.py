"""The results as Markdown: one row per measure, the issue's target beside it."""

from __future__ import annotations

from dataclasses import dataclass

from kbbench.measure import Series

MB = 1_000_000


@dataclass
class Row:
    label: str
    series: Series | None  # None: skipped, or not a timing
    target: float | None  # seconds, for the median wall time
    note: str = ""
    ratio: float | None = None  # peer time per file / coop time per file
    ratio_target: float | None = None
    memory: tuple[float, float] | None = None  # (peak bytes, limit bytes)

    def verdict(self) -> str:
        if self.memory is not None:
            return "pass" if self.memory[0] <= self.memory[1] else "**FAIL**"
        if self.ratio is not None and self.ratio_target is not None:
            ok = self.ratio >= self.ratio_target
            return f"coop {self.ratio:.1f}× faster per file: " + ("pass" if ok else "**FAIL**")
        if self.series is None or self.target is None:
            return "—" if self.series is None and self.target is not None else ""
        return "pass" if self.series.median() <= self.target else "**FAIL**"

    def target_text(self) -> str:
        if self.memory is not None:
            return f"≤ {self.memory[1] / MB:,.0f} MB"
        if self.ratio_target is not None:
            return f"coop ≥ {self.ratio_target:g}× faster per file"
        return f"≤ {self.target:g} s" if self.target is not None else ""


def seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 1 else f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def render(rows: list[Row], machine: dict[str, str], corpus: dict[str, str], elapsed: float) -> str:
    lines = [
        "# Benchmark results (issue 7)",
        "",
        "Written by `bench/run.py` (`make bench` regenerates the corpus and this file).",
        "",
        f"- date: {machine['date']}",
        f"- machine: {machine['cpus']} CPUs, {machine['ram']} RAM; {machine['os']}",
        f"- Python {machine['python']}; coop {machine['coop']}",
        f"- {machine['load']}: the machine is shared, so wall times vary with what else runs;"
        " the CPU column (user + system time of the process and its children) varies less",
        f"- corpus `{corpus['path']}` (seed {corpus['seed']}, scale {corpus['scale']}): "
        f"{corpus['files']}; records: {corpus['records']}",
        f"- whole benchmark took {elapsed / 60:.1f} min",
        "",
        "| measure | runs | median | min | max | CPU (median) | peak RSS | target | result | note |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for row in rows:
        if row.series is None:
            cells = [row.label, "", "", "", "", "", "", row.target_text(), row.verdict(), row.note]
        else:
            s = row.series
            peak = max(s.max("max_rss"), s.max("tree_rss"))
            cells = [
                row.label,
                str(len(s.runs)),
                seconds(s.median()),
                seconds(s.min()),
                seconds(s.max()),
                seconds(s.median("cpu")),
                f"{peak / MB:,.0f} MB",
                row.target_text(),
                row.verdict(),
                row.note + _exit_note(row),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "How to read it:",
        "",
        "- every figure is a whole process, started as a user would start it; median, min and"
        " max over the runs; Python caches compiled modules as usual (`PYTHONDONTWRITEBYTECODE`"
        " is removed from the environment);",
        "- *cold* deletes coop's cache (`bench/.cache/`, given to coop as `COOP_CACHE_DIR`) before each run;"
        " the operating system's file cache stays warm, as it is for an analyst re-running a"
        " command;",
        "- *one agreement changed* rewrites one agreement's title before each run (a new value"
        " each time), then restores the file;",
        "- peak RSS is the larger of the biggest single process's resident set (`wait4`) and the"
        " largest sum of proportional set sizes (PSS: a page shared by forked workers counts"
        " once) over the process and its workers, sampled every 10 ms during the first run of"
        " each series (the other runs are timed without the sampler, which slows a short"
        " command);",
        "- the rows after `coop --help` (`--sql`, exports, one note) run once each: they have no"
        " time target and are there for the memory one, which covers any coop command;",
        "- the peers' ratio compares time per file: the peer's median over the files it checked,"
        " against coop's cold median over every YAML file of the corpus (all rules, all files).",
        "",
    ]
    return "\n".join(lines)


def _exit_note(row: Row) -> str:
    if row.series is None or row.label.startswith(("yamllint", "check-jsonschema")):
        return ""
    if row.series.timed_out:
        return f"{'; ' if row.note else ''}killed after the timeout: the figures are lower bounds"
    codes = row.series.exit_codes
    if codes == {0}:
        return ""
    return f"{'; ' if row.note else ''}exit status {sorted(codes)}: not a clean run"
