"""Benchmark coop on a generated national-scale knowledge base (issue 7).

Times whole processes, several runs each (median, min, max): ``coop validate``
cold (cache deleted), with nothing changed, with one file changed; ``coop
query`` with filters; ``coop report all --format html``; ``coop --help``; and
their peak memory. Then times yamllint and check-jsonschema on the same files
and compares the time per file. Last, times alone each step cold validation
cannot skip (read, decode, parse, validate the model: ``kbbench.floor``) and
sets their sum against the cold target's budget. Prints a Markdown table with
the issue's targets and writes it, with the machine and the date, to
bench/RESULTS.md.

Examples:

    .venv/bin/python bench/run.py                     # bench/corpus, 5 runs
    .venv/bin/python bench/run.py --runs 3 --no-peers --out -
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from kbbench import floor, peers  # noqa: E402
from kbbench.measure import Series, run_once, series  # noqa: E402
from kbbench.report import Row, render  # noqa: E402

MANIFEST = "bench-manifest.json"
# coop keeps its cache per user ($COOP_CACHE_DIR); the benchmark gives it a
# folder of its own, deleted before each cold run.
CACHE = HERE / ".cache"
MB = 1_000_000


class BenchError(Exception):
    """Bad options or an unusable corpus: printed as one line, exit status 2."""


@dataclass
class Setup:
    kb: Path
    coop: Path
    runs: int
    slow_runs: int
    manifest: dict[str, object]
    env: dict[str, str]
    timeout: float


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return bench(args)
    except (BenchError, peers.PeerError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example: .venv/bin/python bench/run.py --runs 3 --out -",
    )
    parser.add_argument("--kb", type=Path, default=HERE / "corpus", help="generated corpus")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument(
        "--slow-runs",
        type=int,
        default=3,
        help="runs for the slow commands: report all, validate without cache (default 3)",
    )
    parser.add_argument("--peer-runs", type=int, default=1, help="runs of each peer (default 1)")
    parser.add_argument(
        "--no-peers", action="store_true", help="skip yamllint and check-jsonschema"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds after which one run is killed and reported as timed out (default 1800)",
    )
    parser.add_argument(
        "--out", default=str(HERE / "RESULTS.md"), help="where to write the table ('-': nowhere)"
    )
    parser.add_argument(
        "--coop",
        type=Path,
        default=Path(sys.executable).parent / "coop",
        help="the coop executable (default: the one beside this Python)",
    )
    return parser


def bench(args: argparse.Namespace) -> int:
    kb = args.kb.resolve()
    if not (kb / MANIFEST).is_file():
        raise BenchError(
            f"{kb} is not a generated corpus (no {MANIFEST}); run bench/generate.py first"
        )
    if not args.coop.exists():
        raise BenchError(f"{args.coop}: no coop executable")
    if args.runs < 1 or args.slow_runs < 1 or args.peer_runs < 1:
        raise BenchError("--runs, --slow-runs and --peer-runs must be at least 1")
    manifest = json.loads((kb / MANIFEST).read_text("utf-8"))
    env = {**os.environ, "NO_COLOR": "1", "COOP_CACHE_DIR": str(CACHE)}
    env.pop("COOP_NO_CACHE", None)
    # As on an analyst's machine, Python caches compiled modules: a sandbox
    # that disables it would recompile coop on every run and time that.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    setup = Setup(kb, args.coop, args.runs, args.slow_runs, manifest, env, args.timeout)
    load_before = os.getloadavg()
    started = time.perf_counter()
    rows = _coop_rows(setup)
    if not args.no_peers:
        rows += _peer_rows(setup, args.peer_runs, rows)
    rows.append(_memory_row(rows))
    _progress("where cold validation's time goes")
    cold = rows[0]  # its target is the budget the floor is set against
    assert cold.target is not None
    floor_lines = floor.render(
        floor.measure(kb),
        cold.target,
        os.cpu_count() or 1,
        cold.series.median("cpu") if cold.series else None,
    )
    elapsed = time.perf_counter() - started
    text = render(rows, _machine(load_before, os.getloadavg()), _corpus(kb, manifest), elapsed)
    text += "\n" + "\n".join(floor_lines)
    print(text)
    if args.out != "-":
        from coop.writing import atomic_write_text

        atomic_write_text(Path(args.out), text)
        print(f"written to {args.out}", file=sys.stderr)
    return 0


# -- coop's own commands -------------------------------------------------------


def _coop_rows(setup: Setup) -> list[Row]:
    coop, kb = str(setup.coop), str(setup.kb)
    validate = [coop, "validate", "--kb", kb]
    rows: list[Row] = []

    def clear_cache(_: int) -> None:
        shutil.rmtree(CACHE, ignore_errors=True)

    _progress("validate, cold")
    rows.append(
        Row(
            "`coop validate`, cold (cache deleted)",
            _timed(setup, validate, setup.runs, clear_cache),
            3.0,
        )
    )
    _progress("validate, cache disabled")
    no_cache = {**setup.env, "COOP_NO_CACHE": "1"}
    rows.append(
        Row(
            "`coop validate`, `COOP_NO_CACHE=1`",
            series(validate, setup.slow_runs, clear_cache, no_cache, timeout=setup.timeout),
            None,
        )
    )
    _progress("validate, nothing changed")
    run_once(validate, setup.env, timeout=setup.timeout)  # fills the cache
    rows.append(Row("`coop validate`, nothing changed", _timed(setup, validate, setup.runs), 0.5))
    _progress("validate, one file changed")
    rows.append(
        Row(
            "`coop validate`, one agreement changed",
            _one_file_changed(setup, validate),
            0.7,
        )
    )
    rows.append(_query_row(setup))
    rows += _report_rows(setup)
    _progress("--help")
    rows.append(Row("`coop --help`", _timed(setup, [coop, "--help"], setup.runs), 0.15))
    rows += _whole_kb_rows(setup)
    return rows


def _whole_kb_rows(setup: Setup) -> list[Row]:
    """One run of each other command that reads the whole knowledge base:
    they have no time target, but count for the memory one ("any command")."""
    coop, kb = str(setup.coop), str(setup.kb)
    rows: list[Row] = []
    no_cache = {**setup.env, "COOP_NO_CACHE": "1"}
    if _available(setup, "query"):
        _progress("query --sql")
        sql = [coop, "query", "--sql", "SELECT count(*) FROM agreement_parties", "--kb", kb]
        rows.append(
            Row(
                "`coop query --sql`, first (`COOP_NO_CACHE=1`)",
                series(sql, 1, None, no_cache, timeout=setup.timeout),
                None,
                note="the image is written as the files are read",
            )
        )
    if _available(setup, "export"):
        with tempfile.TemporaryDirectory(prefix="coop-bench-export-") as tmp:
            for fmt in ("sqlite", "csv", "json", "popolo"):
                _progress(f"export {fmt}")
                out = str(Path(tmp) / f"out-{fmt}")
                command = [coop, "export", "--format", fmt, "--out", out, "--kb", kb]
                rows.append(Row(f"`coop export --format {fmt}`", _timed(setup, command, 1), None))
    agreement = setup.manifest.get("sample_agreement")
    if _available(setup, "report") and isinstance(agreement, str):
        _progress("report one agreement")
        command = [coop, "report", Path(agreement).stem, "--format", "html", "--kb", kb]
        rows.append(Row("`coop report` of one agreement, html", _timed(setup, command, 1), None))
    return rows


def _timed(
    setup: Setup, command: list[str], runs: int, before: Callable[[int], None] | None = None
) -> Series:
    return series(command, runs, before, setup.env, timeout=setup.timeout)


def _one_file_changed(setup: Setup, command: list[str], runs: int | None = None) -> Series:
    """Each run follows an edit of the same agreement's title (a new value each
    time, so a content-keyed cache must re-read it); the file is restored."""
    from coop.writing import atomic_write_bytes

    rel = setup.manifest.get("sample_agreement")
    if not isinstance(rel, str):
        raise BenchError("the corpus manifest names no sample agreement")
    path = setup.kb / rel
    original = path.read_bytes()

    def edit(index: int) -> None:
        atomic_write_bytes(path, _retitled(original, index))

    try:
        return _timed(setup, command, setup.runs if runs is None else runs, edit)
    finally:
        atomic_write_bytes(path, original)


def _retitled(original: bytes, index: int) -> bytes:
    lines = original.decode("utf-8").split("\n")
    for number, line in enumerate(lines):
        if line.startswith("title: "):
            value = line[len("title: ") :]
            suffix = f" (révision {index + 1})"
            if value.startswith('"') and value.endswith('"'):
                lines[number] = f'title: {value[:-1]}{suffix}"'
            else:
                lines[number] = f"title: {value}{suffix}"
            return "\n".join(lines).encode("utf-8")
    raise BenchError("the sample agreement has no top-level title line")


def _available(setup: Setup, *command: str) -> bool:
    done = subprocess.run(
        [str(setup.coop), *command, "--help"], env=setup.env, capture_output=True, text=True
    )
    return done.returncode == 0


def _query_row(setup: Setup) -> Row:
    label = "`coop query agreements` with filters, warm"
    if not _available(setup, "query"):
        return Row(label, None, 0.3, note="skipped: no `coop query` in this version")
    query = setup.manifest.get("query")
    if not isinstance(query, dict) or not query.get("party"):
        return Row(label, None, 0.3, note="skipped: the manifest names no party to query")
    _progress("query")
    command = [
        str(setup.coop),
        "query",
        "agreements",
        "--party",
        str(query["party"]),
        "--in-force-on",
        str(query["in_force_on"]),
        "--theme",
        str(query["theme"]),
        "--kb",
        str(setup.kb),
    ]
    # The one-file edit just before was restored moments ago: an image built
    # now would be distrusted (racy margin) and rebuilt by the first timed run.
    # "Warm" means loaded before and not edited in the last seconds.
    from coop.validate.cache import RACY_MARGIN_NS

    time.sleep(RACY_MARGIN_NS / 1e9 + 0.5)
    run_once(command, setup.env, timeout=setup.timeout)  # warm: the cache is filled
    shown = (
        f"--party {query['party']} --in-force-on {query['in_force_on']} --theme {query['theme']}"
    )
    return Row(label, _timed(setup, command, setup.runs), 0.3, note=f"`{shown}`")


def _report_rows(setup: Setup) -> list[Row]:
    label = "`coop report all --format html`"
    if not _available(setup, "report"):
        return [Row(label, None, 30.0, note="skipped: no `coop report` in this version")]
    _progress("report all")
    with tempfile.TemporaryDirectory(prefix="coop-bench-site-") as tmp:
        site = Path(tmp) / "site"

        def clear(_: int) -> None:
            shutil.rmtree(site, ignore_errors=True)

        command = [
            str(setup.coop),
            "report",
            "all",
            "--format",
            "html",
            "--out",
            str(site),
            "--kb",
            str(setup.kb),
        ]
        result = _timed(setup, command, setup.slow_runs, clear)
        pages = sum(1 for _ in site.rglob("*.html")) if site.exists() else 0
        # An analyst's usual re-run: one record edited, the site written over
        # the last one (whose unchanged pages coop links: coop.report.reuse).
        _progress("report all over the previous site, one agreement changed")
        rerun = _one_file_changed(setup, command, setup.slow_runs)
    # coop keeps a store of the records it built for reports in its cache
    # (coop.report.stored): the first run fills it, the later ones read it,
    # as an analyst's second site would.
    note = f"{pages:,} pages, each run into a new folder"
    if setup.slow_runs > 1:
        note += "; run 1 fills coop's store of built records, the others read it"
    return [
        Row(label, result, 30.0, note=note),
        Row(
            f"{label} over the previous site, one agreement changed",
            rerun,
            None,
            note="the previous site's unchanged pages are linked, not written again",
        ),
    ]


# -- peers ---------------------------------------------------------------------


def _peer_rows(setup: Setup, runs: int, rows: list[Row]) -> list[Row]:
    _progress("peers: installing into bench/.venv-peers (first time only)")
    bin_dir = peers.ensure_venv(HERE / ".venv-peers")
    versions = peers.versions(bin_dir)
    cold = rows[0].series
    assert cold is not None
    files = sorted(p.relative_to(setup.kb).as_posix() for p in (setup.kb / "data").rglob("*.yaml"))
    agreements = [f for f in files if f.startswith("data/agreements/")]
    coop_per_file = cold.median() / len(files)
    out: list[Row] = []
    _progress("yamllint")
    yamllint = series(
        [str(bin_dir / "yamllint"), "-d", "default", "-f", "parsable", "data"],
        runs,
        env=setup.env,
        cwd=setup.kb,
        timeout=setup.timeout,
    )
    out.append(
        Row(
            f"yamllint {versions['yamllint']} (default config), {len(files):,} files",
            yamllint,
            None,
            note=_peer_note(yamllint, len(files), cold, len(files)),
            ratio=(yamllint.median() / len(files)) / coop_per_file,
            ratio_target=20.0,
        )
    )
    _progress("check-jsonschema")
    with tempfile.TemporaryDirectory(prefix="coop-bench-schema-") as tmp:
        schema = peers.agreement_schema(setup.coop, setup.kb, Path(tmp))
        checker = series(
            [str(bin_dir / "check-jsonschema"), "--schemafile", str(schema), *agreements],
            runs,
            env=setup.env,
            cwd=setup.kb,
            timeout=setup.timeout,
        )
    out.append(
        Row(
            f"check-jsonschema {versions['check-jsonschema']}, {len(agreements):,} agreements",
            checker,
            None,
            note=_peer_note(checker, len(agreements), cold, len(files)),
            ratio=(checker.median() / len(agreements)) / coop_per_file,
            ratio_target=5.0,
        )
    )
    return out


def _peer_note(peer: Series, peer_files: int, cold: Series, coop_files: int) -> str:
    cpu_ratio = (peer.median("cpu") / peer_files) / (cold.median("cpu") / coop_files)
    return f"exit status {sorted(peer.exit_codes)}; by CPU time coop is {cpu_ratio:.1f}× faster per file"


def _memory_row(rows: list[Row]) -> Row:
    coop_rows = [r for r in rows if r.series is not None and r.label.startswith("`coop")]
    peak = max(
        (max(r.series.max("max_rss"), r.series.max("tree_rss")) for r in coop_rows if r.series),
        default=0.0,
    )
    worst = max(
        coop_rows,
        key=lambda r: max(r.series.max("max_rss"), r.series.max("tree_rss")) if r.series else 0,
    )
    return Row(
        "peak memory of any coop command",
        None,
        None,
        note=f"{peak / MB:,.0f} MB ({worst.label})",
        memory=(peak, 400 * MB),
    )


# -- context -------------------------------------------------------------------


def _machine(
    load_before: tuple[float, float, float], load_after: tuple[float, float, float]
) -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        ram = "?"
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no", "coop"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": f"{os.cpu_count()} ({cpu})",
        "ram": ram,
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "os": platform.platform(),
        "coop": f"{_coop_version()} at commit {commit or '?'}"
        + (" with uncommitted changes in coop/" if dirty else ""),
        "load": f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (1 min)",
    }


def _coop_version() -> str:
    try:
        from coop import __version__
    except ImportError:
        return "?"
    return str(__version__)


def _corpus(kb: Path, manifest: dict[str, object]) -> dict[str, str]:
    files = [p for p in kb.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    records = manifest.get("records") or {}
    assert isinstance(records, dict)
    yaml_files = sum(1 for p in files if p.suffix == ".yaml" and "data" in p.relative_to(kb).parts)
    return {
        "path": str(kb.relative_to(REPO) if kb.is_relative_to(REPO) else kb),
        "files": f"{len(files):,} files, {size / MB:.1f} MB ({yaml_files:,} YAML files under data/)",
        "records": ", ".join(f"{name} {count:,}" for name, count in records.items()),
        "seed": str(manifest.get("seed")),
        "scale": str(manifest.get("scale")),
    }


def _progress(what: str) -> None:
    print(f"… {what}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
