"""Measure the importer's obligation finding on the labelled set (a script, not a test).

    uv run python tests/benchmarks/bench_import.py [--verbose]

It proposes obligations for each labelled seed paper (tests/data/labels/*.json) and each
held-out example (tests/data/heldout/*.json, written in other words for this check, not
from the seeds) and prints precision and recall of obligation detection, timing-rule
accuracy and kind accuracy, per document and overall. How a proposal matches a label is
defined in tests/benchmarks/scoring.py. Seed areas' boards and posts are the demo data's
(boards/demo); a held-out example lists its own.

No database is needed: the proposer reads a directory of boards, built here from the
same specifications the demo loader uses.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from protocols.importer.directory import Directory  # noqa: E402
from protocols.importer.extract import extract_text  # noqa: E402
from protocols.importer.propose import propose  # noqa: E402
from tests.benchmarks.scoring import Score, example_directory, score, seed_directory  # noqa: E402


def seeds() -> list[tuple[str, str, list[dict], Directory]]:
    out = []
    for path in sorted((DATA / "labels").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        text = (DATA / data["document"]).read_text(encoding="utf-8")
        out.append((path.stem, text, data["obligations"], seed_directory(data["area"])))
    return out


def examples() -> list[tuple[str, str, list[dict], Directory]]:
    out = []
    for path in sorted((DATA / "heldout").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append((path.stem, data["text"], data["obligations"], example_directory(data)))
    return out


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def report(title: str, documents, verbose: bool) -> None:
    print(title)
    print(
        f"  {'document':44} {'labels':>6} {'proposed':>8} {'precision':>9} {'recall':>6} "
        f"{'timing':>6} {'kind':>5}"
    )
    total = Score(0, 0, 0, 0, 0)
    for name, text, labels, directory in documents:
        result = score(
            propose(extract_text(text), directory).to_dict(include_blocks=False), labels, directory
        )
        for key in ("labels", "proposed", "matched", "timing_ok", "kind_ok"):
            setattr(total, key, getattr(total, key) + getattr(result, key))
        _line(name, result)
        if verbose:
            for missed in result.missed:
                print(f"      missed: {missed}")
            for owing, receiving, source in result.extra:
                print(f"      extra:  {owing} → {receiving}: {source[:90]}")
            for label_id, got, expected in result.wrong_timing:
                print(f"      timing: {label_id}: got {got}, expected {expected}")
    _line("overall", total)


def _line(name: str, r: Score) -> None:
    print(
        f"  {name[:44]:44} {r.labels:>6} {r.proposed:>8} {_ratio(r.matched, r.proposed):>9} "
        f"{_ratio(r.matched, r.labels):>6} {_ratio(r.timing_ok, r.matched):>6} "
        f"{_ratio(r.kind_ok, r.matched):>5}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure the importer on the labelled set.")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and extras")
    args = parser.parse_args()
    report("Seeds (labelled set)", seeds(), args.verbose)
    print()
    report("Held-out examples (written in other words)", examples(), args.verbose)


if __name__ == "__main__":
    main()
