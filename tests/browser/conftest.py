"""Real-browser tests: Debian's Chromium driven by Playwright against a live server.

Each test module loads the demo once (the loaders of ``manage.py load_demo``) and every
test starts from it, against pytest-django's live server (see ``demo_snapshot``). Each test
gets a fresh browser context, so no log-in leaks from one test to the next.

Every page a test reaches goes through ``Audit.check``: axe-core with the WCAG 2.0, 2.1
and 2.2 A and AA rules must find nothing, and the page must have exactly one h1.
"""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections

from .support import AXE_SOURCE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOT_ENV, Audit

# Playwright's sync API runs an event loop in the test thread; Django refuses database
# access from a thread with a running loop unless told this is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(trylast=True)  # after `-m` has deselected what the run excludes
def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    missing = [p for p in (CHROMIUM, AXE_SOURCE) if not Path(p).exists()]
    if not missing:
        return
    what = " and ".join(str(p) for p in missing)
    if os.environ.get("CI"):
        raise pytest.UsageError(
            f"The browser tests need {what}; .ci/run installs them. Refusing to skip in CI."
        )
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=f"needs {what}"))


@pytest.fixture(scope="module")
def browser(demo_snapshot):
    """One Chromium per module, started after the demo is loaded: Playwright's sync API
    keeps an event loop running in this thread, and the demo's PDF signing starts its own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def demo_snapshot(django_db_setup, django_db_blocker):
    """Load the demo once per module and make it what every test starts from.

    The tests are transactional (the live server commits), so the database is emptied after
    each one; Django then restores the snapshot it keeps for ``serialized_rollback``. Here
    that snapshot is the demo, put on the connection class: once Playwright runs, the test
    thread reaches the database through a new connection object. The original snapshot is
    restored when the module is done.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    wrapper = type(connection)
    with django_db_blocker.unblock():
        password = os.environ.pop("DEMO_PASSWORD", None)
        try:
            call_command("load_demo", stdout=StringIO())
        finally:
            if password is not None:
                os.environ["DEMO_PASSWORD"] = password
        original = connection.__dict__.pop("_test_serialized_contents", None)
        wrapper._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        del wrapper._test_serialized_contents
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=bool(original))
        if original is not None:
            connection._test_serialized_contents = original
            connection.creation.deserialize_db_from_string(original)


@pytest.fixture
def new_page(browser, live_server):
    """Return a function that opens a page in a fresh context (a new, signed-out user)."""
    contexts = []

    def _new_page(*, javascript: bool = True, **options):
        context = browser.new_context(
            base_url=live_server.url, java_script_enabled=javascript, **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def screenshot_dir():
    folder = os.environ.get(SCREENSHOT_ENV)
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def audit(screenshot_dir):
    return Audit(screenshot_dir)
