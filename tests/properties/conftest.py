"""The protocol fixtures, for the properties of forms and pages."""

from tests.protocols.conftest import cast, draft  # noqa: F401
