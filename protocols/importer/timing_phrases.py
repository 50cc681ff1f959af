"""Find when an obligation falls due in the words of a sentence.

Each pattern turns a phrase into a rule of ``protocols.timing``'s vocabulary:

- "between October and January each year" → window (a year-end crossing is fine);
- "by June each year", "no later than 31 March", "by the end of November" → deadline;
- "in September each year", "each October" → fixed month;
- "quarterly", "every three months", "six monthly", "twice a year", "half-yearly",
  "monthly", "annually", "on an annual basis", "once a year" → frequency;
- "after every meeting", "within ten working days of each meeting" → after every meeting;
- "at the next available BHWB meeting following ..." → relative, at the next meeting;
- "within 28 days of ..." → relative, within a number of days;
- "at each review of the strategy" → an external trigger, recorded by hand;
- "as necessary", "as and when required", "at any time" → as and when needed.

A month followed by a year ("approved in April 2013") is a date, not a yearly rule, and is
left alone. When several phrases appear, the most specific wins (a window beats "each
year"). Rules that name a board (after every meeting, the next meeting) come back with
``board`` unset and, where the phrase names one, ``board_text`` for the caller to match.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update(
    {
        abbr.lower(): number
        for number, abbr in enumerate(calendar.month_abbr)
        if abbr and abbr.lower() != "may"
    }
)
MONTHS["sept"] = 9

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
)
# "April 2013" and "April/May 2016" are dates, not yearly rules.
_NOT_A_DATE = r"(?!(?:\s*[/–-]\s*[A-Za-z]+)?,?\s+(?:19|20)\d\d)"
_DAY = r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+)"

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "twenty-one": 21,
    "twenty-eight": 28,
    "thirty": 30,
}
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

#: The days assumed when a text says "after every meeting" without saying how soon.
DEFAULT_AFTER_MEETING_DAYS = 10

# How much a phrase pins the date down: the most specific phrase in a sentence wins.
EXACT, CYCLE, ANNUAL, TRIGGER, VAGUE = 5, 4, 2, 3, 1


@dataclass
class TimingMatch:
    """A rule found in a sentence, the words it came from and how explicit they were."""

    rule: dict
    phrase: str
    start: int
    specificity: int
    explicit: bool = True
    board_text: str = ""
    notes: list[str] = field(default_factory=list)


def month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _number(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _clean_event(text: str) -> str:
    text = re.split(r"[;:(]|\s+-\s+", text)[0]
    return " ".join(text.split()).strip(" ,.")


_PATTERNS: list[tuple[re.Pattern, str, int]] = []


def _pattern(regex: str, name: str, specificity: int) -> None:
    _PATTERNS.append((re.compile(regex, re.I), name, specificity))


_pattern(
    rf"\b(?:between|from)\s+(?:the\s+start\s+of\s+|1(?:st)?\s+)?(?P<m1>{_MONTH}){_NOT_A_DATE}\s+"
    rf"(?:and|to|until|-|–)\s+(?:the\s+end\s+of\s+|\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?P<m2>{_MONTH}){_NOT_A_DATE}",
    "window",
    EXACT,
)
_pattern(
    rf"\b(?:by|no\s+later\s+than|not\s+later\s+than|before)\s+(?:the\s+(?:end|last\s+day)\s+of\s+)?"
    rf"{_DAY}?(?P<m>{_MONTH})(?:\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)?{_NOT_A_DATE}",
    "deadline",
    EXACT,
)
_pattern(
    rf"\b(?:in|during|each|every)\s+(?P<m>{_MONTH}){_NOT_A_DATE}",
    "fixed_month",
    EXACT,
)
_pattern(
    r"\bat\s+the\s+next\s+(?:available\s+|scheduled\s+|possible\s+|appropriate\s+)?"
    r"(?P<b1>[A-Z][\w&]*\s+)?(?:board\s+)?meeting(?:\s+of\s+(?P<b2>(?:the\s+)?[\w&' ]+?))?,?\s+"
    r"(?:following|after)\s+(?P<event>[^.;]+)",
    "next_meeting",
    EXACT,
)
_pattern(
    rf"\bwithin\s+{_NUMBER}\s+(?P<working>working\s+|calendar\s+|clear\s+)?(?P<unit>days?|weeks?|months?)\s+"
    r"(?:of|after|following|from)\s+(?P<event>[^.;,]+)",
    "within",
    EXACT,
)
_pattern(
    r"\b(?:after|following)\s+(?:every|each)\s+(?:(?:of\s+)?(?:their|its|the)\s+)?(?:board\s+)?meetings?\b",
    "after_meeting",
    CYCLE,
)
_pattern(
    r"\b(?:at|on|following|after)\s+(?:each|every)\s+(?:annual\s+)?(?:review|refresh|revision|update)\s+of\s+"
    r"(?P<what>(?:the\s+)?[^,.;]+?)(?=,|\.|;|$|\s+(?:both|each|the|a)\b)",
    "each_review",
    TRIGGER,
)
_pattern(
    r"\b(?:quarterly|every\s+(?:three|3)\s+months|(?:each|every|per|a)\s+quarter|four\s+times\s+(?:a|per|each)\s+year)\b",
    "quarterly",
    CYCLE,
)
_pattern(
    r"\b(?:six[- ]monthly|every\s+(?:six|6)\s+months|twice\s+(?:a|per|each|every)\s+year"
    r"|twice[- ]yearly|half[- ]yearly)\b",
    "six_monthly",
    CYCLE,
)
_pattern(r"\b(?:monthly|every\s+month|each\s+month|once\s+a\s+month)\b", "monthly", CYCLE)
_pattern(
    r"\b(?:annually|(?:on\s+)?an\s+annual\s+basis|each\s+year|every\s+year|once\s+(?:a|per|each)\s+year|(?<!half-)(?<!half\s)yearly(?!\s+(?:report|summary|update|plan|review))|per\s+annum)\b",
    "annually",
    ANNUAL,
)
_pattern(
    r"\b(?:as\s+and\s+when\s+(?:necessary|needed|required|appropriate)|as\s+(?:necessary|needed|required|appropriate)"
    r"|when(?:ever)?\s+(?:necessary|needed|required)|at\s+any\s+time(?:\s+necessary)?|from\s+time\s+to\s+time)\b",
    "ad_hoc",
    VAGUE,
)
_pattern(
    r"(?<!half-)(?<!half\s)\b(?:annual|yearly)\s+(?:assessment\s+and\s+)?(?:report|summary|assessment|review|statement|update)s?\b",
    "annual_document",
    VAGUE,
)

_BIANNUAL = re.compile(r"\bbi-?annual(?:ly)?\b", re.I)
BIANNUAL_NOTE = (
    "“Bi-annual” can mean twice a year or every two years, so no timing was chosen: set it by hand."
)


def find_timings(text: str) -> list[TimingMatch]:
    """Return every timing phrase in ``text``, in the order they appear."""
    found: list[TimingMatch] = []
    for pattern, name, specificity in _PATTERNS:
        for match in pattern.finditer(text):
            result = _build(name, match, specificity)
            if result is not None:
                found.append(result)
    found.sort(key=lambda m: m.start)
    return found


def best_timing(text: str) -> TimingMatch | None:
    """Return the most specific timing phrase in ``text`` (the earliest among equals)."""
    if _BIANNUAL.search(text):
        match = _BIANNUAL.search(text)
        return TimingMatch(
            {"kind": "ad_hoc"}, match.group(0), match.start(), EXACT, False, notes=[BIANNUAL_NOTE]
        )
    matches = find_timings(text)
    if not matches:
        return None
    return sorted(matches, key=lambda m: (-m.specificity, m.start))[0]


def _build(name: str, match: re.Match, specificity: int) -> TimingMatch | None:
    phrase, start = match.group(0), match.start()

    def made(rule: dict, *, explicit: bool = True, board_text: str = "") -> TimingMatch:
        return TimingMatch(rule, phrase, start, specificity, explicit, board_text)

    if name == "window":
        first, last = month_number(match.group("m1")), month_number(match.group("m2"))
        if first == last:
            return made({"kind": "fixed_month", "month": first})
        return made({"kind": "window", "start_month": first, "end_month": last})
    if name == "deadline":
        month = month_number(match.group("m"))
        day = match.group("day") or match.group("day2")
        day = int(day) if day else None
        last = calendar.monthrange(2001, month)[1]
        if day is not None and not 1 <= day <= last:
            day = None
        if day == last:
            day = None
        return made({"kind": "deadline", "month": month, "day": day})
    if name == "fixed_month":
        return made({"kind": "fixed_month", "month": month_number(match.group("m"))})
    if name == "next_meeting":
        board_text = (match.group("b1") or match.group("b2") or "").strip()
        event = _clean_event(match.group("event"))
        if not event:
            return None
        return made(
            {"kind": "relative", "after": {"event": event}, "at": "next_meeting", "board": None},
            board_text=board_text,
        )
    if name == "within":
        count = _number(match.group("n"))
        unit = match.group("unit").lower()
        working = bool(match.group("working")) and match.group("working").lower().startswith(
            "working"
        )
        if unit.startswith("week"):
            count, working = count * 7, False
        elif unit.startswith("month"):
            count, working = count * 30, False
        if not 1 <= count <= 365:
            return None
        event = _clean_event(match.group("event"))
        if re.match(
            r"(?:every|each)\s+(?:(?:of\s+)?(?:their|its|the)\s+)?(?:board\s+)?meeting", event, re.I
        ):
            rest = re.sub(
                r"^(?:every|each)\s+(?:(?:of\s+)?(?:their|its|the)\s+)?(?:board\s+)?meetings?\s*(?:of\s+)?",
                "",
                event,
                flags=re.I,
            )
            return TimingMatch(
                {
                    "kind": "after_meeting",
                    "board": None,
                    "within_days": count,
                    "working_days": working,
                },
                phrase,
                start,
                EXACT,
                board_text=rest,
            )
        if not event:
            return None
        return made(
            {
                "kind": "relative",
                "after": {"event": event},
                "at": "within_days",
                "board": None,
                "within_days": count,
                "working_days": working,
            }
        )
    if name == "after_meeting":
        return made(
            {
                "kind": "after_meeting",
                "board": None,
                "within_days": DEFAULT_AFTER_MEETING_DAYS,
                "working_days": True,
            }
        )
    if name == "each_review":
        what = " ".join(match.group("what").split())
        if not what.lower().startswith("the "):
            what = "the " + what
        return made({"kind": "external", "trigger": f"each review of {what}"})
    if name in ("quarterly", "six_monthly", "monthly", "annually"):
        return made({"kind": "frequency", "every": name})
    if name == "ad_hoc":
        return made({"kind": "ad_hoc"})
    if name == "annual_document":
        return made({"kind": "frequency", "every": "annually"}, explicit=False)
    return None
