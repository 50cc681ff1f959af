"""The only way WeasyPrint may load anything: the project's own static files.

Protocol text is written by users. If the renderer followed its URLs, a section could make
the server read its own files (``file:///etc/passwd``), call internal services
(``http://169.254.169.254/``) or tell a third party who renders what and when. So every
fetch (images, stylesheets, fonts) goes through ``StaticFilesFetcher``, which answers
only URLs under ``STATIC_ORIGIN + STATIC_URL`` with a file found inside ``STATIC_ROOT`` or
``STATICFILES_DIRS``, and refuses everything else: other schemes, other hosts, ``..`` and
symbolic links that lead out of those folders.

Documents are rendered with ``base_url=BASE_URL``, so a template's ``{% static %}`` path
("/static/...") resolves to an address this fetcher serves.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

#: A reserved name (RFC 2606) that can never reach the network: it only marks a static file.
STATIC_ORIGIN = "https://static.invalid"
BASE_URL = STATIC_ORIGIN + "/"


class FetchRefusedError(ValueError):
    """The renderer asked for something outside the project's static files."""


def _static_roots() -> list[tuple[str, Path]]:
    """Return (URL prefix, folder) pairs to look in, collected files first."""
    roots: list[tuple[str, Path]] = []
    if settings.STATIC_ROOT:
        roots.append(("", Path(settings.STATIC_ROOT)))
    for entry in settings.STATICFILES_DIRS:
        # An entry may be (prefix, path), as django.contrib.staticfiles allows.
        prefix, folder = entry if isinstance(entry, tuple | list) else ("", entry)
        roots.append((prefix.strip("/"), Path(folder)))
    return roots


def resolve_static(relative: str) -> Path:
    """Return the file a static path names, or refuse.

    Raises:
        FetchRefusedError: the path escapes the static folders or names no file there.
    """
    if "\\" in relative or "\x00" in relative:
        raise FetchRefusedError("Refused a static path with a backslash or a null byte.")
    parts = relative.split("/")
    if any(part in ("..", ".") for part in parts) or relative.startswith("/"):
        raise FetchRefusedError("Refused a static path that climbs out of the static folders.")
    normalised = posixpath.normpath(relative)
    for prefix, folder in _static_roots():
        if prefix:
            if not normalised.startswith(prefix + "/"):
                continue
            inner = normalised[len(prefix) + 1 :]
        else:
            inner = normalised
        try:
            base = folder.resolve(strict=True)
            # resolve() follows symbolic links, so a link pointing outside is caught here.
            candidate = (base / inner).resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if candidate.is_relative_to(base) and candidate.is_file():
            return candidate
    raise FetchRefusedError(f"No static file at {relative!r}.")


class StaticFilesFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves static files and refuses everything else.

    ``requested``, ``served`` and ``refused`` record each URL, so callers and tests can see
    what the document asked for.
    """

    def __init__(self) -> None:
        # Failing quietly lets a document that asks for something forbidden still render,
        # without it.
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.requested: list[str] = []
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        self.requested.append(url)
        try:
            path = self._path_for(url)
        except FetchRefusedError as error:
            self.refused.append(url)
            logger.warning("PDF renderer refused to fetch %.200s: %s", url, error)
            raise
        self.served.append(url)
        content_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url,
            body=path.read_bytes(),
            headers={"Content-Type": content_type or "application/octet-stream"},
        )

    @staticmethod
    def _path_for(url: str) -> Path:
        # Only the path of STATIC_URL matters: with a CDN in front, files are still local.
        static_path = urlsplit(settings.STATIC_URL).path or "/static/"
        if not url.startswith(STATIC_ORIGIN + static_path):
            raise FetchRefusedError("Only the project's static files may be fetched.")
        parts = urlsplit(url)
        relative = unquote(parts.path[len(static_path) :])
        return resolve_static(relative)
