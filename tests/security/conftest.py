"""The protocol and reporting fixtures, for the tests that cross both."""

from tests.protocols.conftest import cast  # noqa: F401
from tests.reporting.conftest import office  # noqa: F401
