"""Generate a national-scale knowledge base in coop's own format.

Every région, département, EPCI and commune of the Code officiel géographique
becomes a territory (official names, codes, kinds and populations), then
synthetic people, cooperation networks (bodies) and agreements between
neighbouring territories are added, all deterministic from ``--seed``. The
result validates clean with ``coop validate``.

Examples:

    .venv/bin/python bench/generate.py                      # bench/corpus, full scale
    .venv/bin/python bench/generate.py --scale 0.01 --out /tmp/kb
    .venv/bin/python bench/generate.py --epci 10 --agreements 50 --out /tmp/kb
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from kbgen import agreements, bodies, cog, documents, people, territories, words  # noqa: E402
from kbgen.corpus import Corpus  # noqa: E402
from kbgen.ids import Ids  # noqa: E402
from kbgen.order import for_file  # noqa: E402
from kbgen.yamlout import dump  # noqa: E402

GENERATOR_VERSION = "1"
MANIFEST = "bench-manifest.json"
DEFAULT_COG = REPO.parent / "shared" / "reference" / "cog-2026"
FULL = {"agreements": 10_000, "bodies": 2_000, "people": 5_000}
QUERY_DATE = dt.date(2024, 3, 1)


class GenerateError(Exception):
    """Bad options or inputs: printed as one line, exit status 2."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return generate(args)
    except (GenerateError, cog.CogError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/generate.py",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example: .venv/bin/python bench/generate.py --scale 0.01 --out /tmp/kb",
    )
    parser.add_argument("--out", type=Path, default=HERE / "corpus", help="output folder")
    parser.add_argument(
        "--cog", type=Path, default=DEFAULT_COG, help=f"COG folder (default: {DEFAULT_COG})"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="fraction of the national corpus (EPCIs, agreements, bodies, people)",
    )
    for name in ("epci", "agreements", "bodies", "people"):
        parser.add_argument(f"--{name}", type=int, help=f"number of {name} (overrides --scale)")
    parser.add_argument(
        "--reference-date",
        type=dt.date.fromisoformat,
        default=dt.date(2026, 6, 30),
        help="statuses agree with dates from this day on (default 2026-06-30)",
    )
    parser.add_argument(
        "--population-year",
        type=int,
        default=2023,
        help="year written on the COG's populations; the COG files do not state it, so "
        "this is an assumption (default 2023, presumably the populations légales in force in 2026)",
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    return parser


def generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if not 0 < args.scale <= 1:
        raise GenerateError(f"--scale {args.scale}: expected a number in (0, 1]")
    source = cog.load(args.cog)
    loaded = time.perf_counter()
    epci_count = args.epci if args.epci is not None else round(len(source.epcis) * args.scale)
    sizes = {
        name: getattr(args, name) if getattr(args, name) is not None else round(full * args.scale)
        for name, full in FULL.items()
    }
    if epci_count < 2:
        raise GenerateError("at least 2 EPCIs are needed (--epci or --scale)")
    corpus = Corpus(random.Random(args.seed), args.reference_date, args.population_year)
    ids = Ids()
    agreement_ids = Ids()
    chosen_epcis, chosen_communes = territories.select(source, epci_count, corpus)
    territories.build(source, chosen_epcis, chosen_communes, corpus, ids)
    people.build(corpus, ids, sizes["people"])
    networks = bodies.build(corpus, ids, sizes["bodies"], agreement_ids)
    theme_ids = list(words.THEMES)
    agreements.build(corpus, agreement_ids, sizes["agreements"], networks, theme_ids)
    corpus.add("data/vocabulary/themes.yaml", _themes())
    built = time.perf_counter()
    docs = documents.build(corpus, args.seed, agreements.documents(corpus))
    manifest = _manifest(args, corpus, sizes)
    total_bytes, total_files = _write(args.out, corpus, docs, manifest, args.seed)
    done = time.perf_counter()
    if not args.quiet:
        _print_summary(
            corpus,
            total_files,
            total_bytes,
            args.out,
            loaded - started,
            built - loaded,
            done - built,
        )
    return 0


def _themes() -> dict[str, Any]:
    return {"themes": [{"id": key, "label": label} for key, (label, _) in words.THEMES.items()]}


def _manifest(args: argparse.Namespace, corpus: Corpus, sizes: dict[str, int]) -> dict[str, Any]:
    """What the benchmark needs to know: counts, a query with answers, a file to edit."""
    party, theme = _busiest(corpus)
    agreement_files = sorted(rel for rel in corpus.files if rel.startswith("data/agreements/"))
    counts = {
        name: corpus.count(name) for name in ("territories", "agreements", "bodies", "people")
    }
    return {
        "generator_version": GENERATOR_VERSION,
        "seed": args.seed,
        "scale": args.scale,
        "requested": sizes,
        "records": counts,
        "reference_date": corpus.reference.isoformat(),
        "query": {"party": party, "theme": theme, "in_force_on": QUERY_DATE.isoformat()},
        "sample_agreement": agreement_files[0] if agreement_files else None,
        "left_out": corpus.notes,
    }


def _busiest(corpus: Corpus) -> tuple[str | None, str | None]:
    """The (party, theme) pair with the most agreements in force on QUERY_DATE,
    so that the benchmark's filtered query has answers to return."""
    pairs: Counter[tuple[str, str]] = Counter()
    for rel, record in corpus.files.items():
        if not rel.startswith("data/agreements/") or record["status"] != "in_force":
            continue
        entry, end = record.get("entry_into_force"), record.get("end")
        if entry is None or entry > QUERY_DATE or (end is not None and end < QUERY_DATE):
            continue
        for party in record["parties"]:
            if "territory" in party and party["territory"] != "etat":
                pairs.update((party["territory"], theme) for theme in record["themes"])
    if not pairs:
        return None, None
    (party, theme), _ = min(pairs.items(), key=lambda item: (-item[1], item[0]))
    return party, theme


def _write(
    out: Path, corpus: Corpus, docs: dict[str, str], manifest: dict[str, Any], seed: int
) -> tuple[int, int]:
    """Write the corpus into a fresh sibling folder, then swap it in.

    Not through coop.writing's per-file atomic writes: fsyncing 56,000 files
    takes minutes. The whole folder is the unit instead: it is built aside and
    renamed into place, so a half-written corpus is never seen at ``out``.
    """
    out = out.resolve()
    if out.exists() and not (out / MANIFEST).is_file():
        raise GenerateError(
            f"{out} exists and is not a generated corpus (no {MANIFEST}); refusing to replace it"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(stage, ignore_errors=True)
    total = 0
    files = 0
    texts: dict[str, str] = {
        rel: dump(record, for_file(rel)) for rel, record in sorted(corpus.files.items())
    }
    texts.update({f"documents/{name}": text for name, text in sorted(docs.items())})
    texts["coop.yaml"] = (
        f"# Corpus synthétique du banc d'essai de coop (bench/generate.py, graine {seed}).\n"
        "# Territoires du COG 2026 ; accords, instances et personnes fictifs.\n"
        "documents: documents\n"
        'cog_vintage: "2026"\n'
    )
    texts["README.md"] = (
        "# Synthetic benchmark corpus\n\n"
        f"Generated by `bench/generate.py --seed {seed}`; regenerate rather than edit. "
        "Territories are the COG 2026's; agreements, bodies and people are invented.\n"
    )
    texts[MANIFEST] = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    folders: set[Path] = set()
    try:
        for rel, text in texts.items():
            path = stage / rel
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            data = text.encode("utf-8")
            path.write_bytes(data)
            total += len(data)
            files += 1
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        if out.exists():
            out.rename(old)
        stage.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return total, files


def _print_summary(
    corpus: Corpus,
    files: int,
    size: int,
    out: Path,
    load_s: float,
    build_s: float,
    write_s: float,
) -> None:
    print(f"corpus written to {out}")
    for name in ("territories", "agreements", "bodies", "people"):
        print(f"  {name:<12} {corpus.count(name):>7,} files")
    print(
        f"  {'total':<12} {files:>7,} files (with themes, documents, settings), {size / 1e6:.1f} MB"
    )
    if corpus.notes:
        print(
            f"  {len(corpus.notes)} identifiers left out (refused by coop's rules; see bench-manifest.json)"
        )
    print(
        f"generated in {load_s + build_s + write_s:.1f} s "
        f"(read COG {load_s:.1f} s, build {build_s:.1f} s, write {write_s:.1f} s)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
