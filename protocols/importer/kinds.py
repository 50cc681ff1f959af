"""The kind of an obligation ("what") from its main verb, and the verb of a clause.

The main verb decides ("present", "share", "consult", "attend", "meet", "respond",
"review"); a general verb ("provide", "give", "take", "undertake") is decided by its
object ("provide ... a summary", "give ... sight of the JSNA", "take an overview").
"""

from __future__ import annotations

import re

NOT_VERBS = {"a", "an", "the", "this", "that", "these", "its", "their", "our", "any", "all", "no"}
GENERAL_VERBS = {
    "provide",
    "give",
    "take",
    "undertake",
    "produce",
    "make",
    "offer",
    "carry",
    "do",
    "play",
}
ADVERBS = re.compile(
    r"^(?:\s*,?\s*(?:also|formally|normally|usually|jointly|then|further|in\s+turn|each|together|"
    r"at\s+any\s+time(?:\s+necessary)?|where\s+appropriate|as\s+appropriate|as\s+necessary|"
    r"in\s+writing|routinely|directly|promptly|regularly)\s*,?)+",
    re.I,
)


def main_verb(predicate: str) -> tuple[str, str, int]:
    """Return (main verb, passive participle or "", offset of the verb in ``predicate``)."""
    lead = ADVERBS.match(predicate)
    offset = lead.end() if lead else 0
    rest = predicate[offset:]
    words = re.findall(r"[A-Za-z][\w'-]*", rest)
    if not words:
        return "", "", offset
    first = words[0].lower()
    position = offset + rest.find(words[0])
    if first in NOT_VERBS:
        return "", "", offset
    if first == "be" and len(words) > 1:
        second = words[1].lower()
        if second in ("formally", "also", "normally", "jointly") and len(words) > 2:
            second = words[2].lower()
        return "be", second, position
    return first, "", position


SHARE_VERBS = {"share", "send", "circulate", "disseminate", "copy", "forward", "exchange"}
PRESENT_VERBS = {"present", "submit", "report", "brief", "update"}
REVIEW_VERBS = {"review", "consider", "scrutinise", "scrutinize", "evaluate", "examine"}


def classify(verb: str, participle: str, rest: str, unit_text: str) -> str:
    """Return the kind of obligation from the main verb and, for general verbs, its object.

    ``rest`` is the text after the verb (after the participle, in the passive).
    """
    text = rest.lower()
    head = " ".join(text.split()[:7])
    if re.search(r"\bsummary\b", head):
        return "provide_summary"
    if (
        verb == "meet"
        or (participle == "held" and re.search(r"\bmeetings?\b", unit_text, re.I))
        or (verb == "hold" and re.search(r"\b(?:meetings?|sessions?|workshops?)\b", head))
    ):
        return "meet"
    if (
        verb == "attend"
        or participle == "invited"
        or (verb == "invite" and re.search(r"\battend|\bmeetings?\b", text))
    ):
        return "attend"
    if verb in ("encourage", "ask", "require", "expect"):
        inner = re.search(r"\bto\s+(?:formally\s+)?([a-z]+)\b(.*)", text)
        if inner:
            return classify(inner.group(1), "", inner.group(2), unit_text)
    if (
        verb == "consult"
        or participle in ("consulted", "involved")
        or (verb == "seek" and re.search(r"\b(?:views|contributions|advice)\b", head))
        or (verb in GENERAL_VERBS and "consultation" in head)
    ):
        return "consult"
    if (
        verb in ("respond", "reply")
        or (verb in GENERAL_VERBS and re.search(r"\bresponse\b|\bfeedback\b", head))
        or re.search(r"\breport\s+back\b", text)
    ):
        return "respond"
    if re.search(r"\bfeed\s*back\s+(?:the\s+)?(?:results|findings|learning)\b", text):
        return "present_report"
    if verb in REVIEW_VERBS or (verb in GENERAL_VERBS and "overview" in head):
        return "review"
    reportish = re.search(r"\b(?:reports?|updates?|findings|assessment|learning|briefing)\b", head)
    if verb in SHARE_VERBS or participle in (
        "shared",
        "sent",
        "circulated",
        "copied",
        "forwarded",
    ):
        if reportish and not re.search(r"\b(?:copy|copies|minutes|notes|plan)\b", head):
            return "present_report"
        return "share_document"
    if verb in PRESENT_VERBS or participle in ("presented", "submitted", "reported", "taken"):
        return "present_report"
    if verb in GENERAL_VERBS or verb == "publish":
        if re.search(r"\b(?:copy|copies|minutes)\b|\bsight\s+of\b", head):
            return "share_document"
        if reportish:
            return "present_report"
    return "other"
