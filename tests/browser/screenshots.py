"""Refresh the README's screenshots from a run of the browser journeys.

    .venv/bin/python tests/browser/screenshots.py

The journeys save every key page to a temporary folder (``BROWSER_SCREENSHOTS``); this
keeps the top of the chosen ones, reduced to a 256-colour palette, in docs/screenshots/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "docs" / "screenshots"
#: Screenshot name in the run -> file name in docs/screenshots/.
CHOSEN = {
    "area-overview": "area-overview.png",
    "protocol-signed": "protocol.png",
    "report": "committee-report.png",
    "calendar-year": "calendar.png",
}
HEIGHT = 900
#: The test modules whose pages are shown.
JOURNEYS = ["tests/browser/test_journeys.py", "tests/browser/test_calendar.py"]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "BROWSER_SCREENSHOTS": folder}
        run = subprocess.run(
            [sys.executable, "-m", "pytest", *JOURNEYS, "-q", "-p", "no:cacheprovider"],
            cwd=ROOT,
            env=env,
            check=False,
        )
        TARGET.mkdir(parents=True, exist_ok=True)
        for name, target in CHOSEN.items():
            source = Path(folder) / f"{name}.png"
            if not source.exists():
                print(f"no screenshot named {name}; skipped")
                continue
            with Image.open(source) as image:
                top = image.crop((0, 0, image.width, min(image.height, HEIGHT)))
                small = top.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
                small.save(TARGET / target, optimize=True)
            print(f"{target}: {(TARGET / target).stat().st_size // 1024} KB")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
