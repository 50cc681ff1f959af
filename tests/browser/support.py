"""Helpers for the browser tests: signing in, and auditing each page with axe-core."""

from __future__ import annotations

import os
import re
from pathlib import Path

from boards.demo import DEFAULT_DEMO_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PASSWORD = DEFAULT_DEMO_PASSWORD
#: Set to a folder to keep a screenshot of each journey's key pages there.
SCREENSHOT_ENV = "BROWSER_SCREENSHOTS"


def sign_in(page, username: str, *, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"


class Audit:
    """Run axe once per distinct page (its path with numbers generalised)."""

    def __init__(self, shots: Path | None):
        self.seen: dict[str, list] = {}
        self.shots = shots
        #: axe runs as JavaScript in the page, so a page without JavaScript gets only the
        #: h1 check; the same pages are audited in the run with JavaScript.
        self.axe = True

    @staticmethod
    def key(url: str) -> str:
        path = re.sub(r"^https?://[^/]+", "", url).split("#")[0]
        return re.sub(r"/\d+(?=/|$)", "/<n>", path.split("?")[0])

    def check(self, page, *, shot: str | None = None) -> None:
        """Assert the page has one h1 and no WCAG A/AA violations; screenshot it if asked."""
        page.wait_for_load_state()
        key = self.key(page.url)
        if key not in self.seen:
            h1s = page.locator("h1").all_inner_texts()
            assert len(h1s) == 1, f"{key} has {len(h1s)} h1 elements: {h1s}"
            self.seen[key] = violations = axe_violations(page) if self.axe else []
            assert not violations, f"axe found on {key}:\n" + "\n".join(violations)
        if shot and self.shots is not None:
            page.screenshot(path=self.shots / f"{shot}.png", full_page=True)


def axe_violations(page) -> list[str]:
    """Return one line per axe violation on the page (WCAG 2.0-2.2, A and AA)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"]
    ]
