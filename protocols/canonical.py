"""Deterministic serialisation of a version's content, and its SHA-256.

Pure: the content is a plain ``dict`` (built from the database by
``protocols.content.version_content``). The same content always gives the same bytes:
keys sorted, no insignificant whitespace, UTF-8, and lists kept in their document order
(sections and obligations have an order; parties are sorted by board id upstream).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

FORMAT = "protocol-content/1"


def canonical_bytes(content: dict[str, Any]) -> bytes:
    """Serialise ``content`` deterministically (sorted keys, compact, UTF-8)."""
    return json.dumps(
        {"format": FORMAT, "content": content},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    ).encode("utf-8")


def content_hash(content: dict[str, Any]) -> str:
    """Return the hex SHA-256 of the canonical serialisation of ``content``."""
    return hashlib.sha256(canonical_bytes(content)).hexdigest()
