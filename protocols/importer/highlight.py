"""Mark the words in a source sentence that made the importer propose an obligation.

``segments(sentence)`` splits the sentence into (text, marked) pieces: the timing phrase
the rule came from, or else the words of commitment ("will", "must", "is responsible
for"). A template prints marked pieces in ``<mark>``, escaping every piece as usual.
"""

from __future__ import annotations

import re

from .timing_phrases import best_timing

COMMITMENT = re.compile(
    r"\b(?:will|shall|must|should|agrees? to|undertakes? to|(?:is|are) (?:responsible|"
    r"required|expected) (?:for|to))\b",
    re.IGNORECASE,
)


def segments(sentence: str) -> list[tuple[str, bool]]:
    """Return the sentence as (text, marked) pieces, in order; nothing is lost or added."""
    spans: list[tuple[int, int]] = []
    timing = best_timing(sentence)
    if timing is not None and timing.phrase and sentence[timing.start :].startswith(timing.phrase):
        spans.append((timing.start, timing.start + len(timing.phrase)))
    else:
        match = COMMITMENT.search(sentence)
        if match:
            spans.append(match.span())
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in spans:
        if start > at:
            pieces.append((sentence[at:start], False))
        pieces.append((sentence[start:end], True))
        at = end
    if at < len(sentence):
        pieces.append((sentence[at:], False))
    return pieces
