"""The labelled seed papers and the directories of their areas, for the importer's tests.

``seed_directory`` and ``example_directory`` are the measurement script's, so the tests
and the printed figures read the same boards.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.benchmarks.scoring import example_directory, seed_directory

DATA = Path(__file__).resolve().parents[1] / "data"

SEED_NAMES = (
    "bolton_2015_bscb_bhwb_protocol",
    "bromley_2012_bscb_annual_report_briefing",
    "bromley_2016_hwb_bscb_protocol",
    "islington_2013_hwbb_iscb_protocol",
    "west_berkshire_2013_lscb_hwb_mib_protocol",
)


@dataclass
class Seed:
    name: str
    area: str
    text: str
    labels: list[dict]
    parties: list[str]

    @property
    def directory(self):
        return seed_directory(self.area)


def load_seed(name: str) -> Seed:
    data = json.loads((DATA / "labels" / f"{name}.json").read_text(encoding="utf-8"))
    text = (DATA / data["document"]).read_text(encoding="utf-8")
    return Seed(name, data["area"], text, data["obligations"], data["parties"])


def load_examples() -> list[tuple[str, dict]]:
    return [
        (path.stem, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted((DATA / "heldout").glob("*.json"))
    ]


@pytest.fixture(params=SEED_NAMES)
def seed(request) -> Seed:
    return load_seed(request.param)


__all__ = ["DATA", "SEED_NAMES", "Seed", "example_directory", "load_examples", "load_seed"]
