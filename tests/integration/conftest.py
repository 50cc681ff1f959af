"""Integration tests need the real Redis (REDIS_URL). CI always sets it; they never skip there."""

import os

import pytest


@pytest.hookimpl(trylast=True)  # after `-m` has deselected what the run excludes
def pytest_collection_modifyitems(config, items):
    if os.environ.get("REDIS_URL"):
        return
    integration = [item for item in items if item.get_closest_marker("integration")]
    if not integration:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            "Integration tests need REDIS_URL in CI (a real Redis); refusing to skip them."
        )
    reason = "needs REDIS_URL (a real Redis); .ci/run sets it"
    for item in integration:
        item.add_marker(pytest.mark.skip(reason=reason))
