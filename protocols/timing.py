"""Timing rules: when an obligation falls due, as validated data and in plain English.

A timing rule is stored as JSON on an obligation, so the shapes below are a contract.
``parse_rule`` turns a dict into a frozen dataclass (or raises ``TimingRuleError`` with a
sentence the author can act on and the offending key); ``rule_to_dict`` turns it back
into the normalised dict (every key of the kind present, in the order shown, ``null``
where unset), so ``parse_rule(rule_to_dict(r)) == r``; ``describe`` renders it in plain
English for people. The module is pure: no database, no Django. Callers pass resolvers
for board names and obligation labels.

Shapes (``kind`` first; keys marked optional may be left out and default as stated)::

    {"kind": "window", "start_month": 10, "end_month": 1}
        each year between 1 October and 31 January. An end month before the start month
        crosses the year end. Equal months are refused: that is a fixed month.
    {"kind": "deadline", "month": 6, "day": null}
        by 30 June each year. ``day`` optional, default the month's last day ("by the end
        of February each year"); 29 February is refused, as it is not in every year.
    {"kind": "fixed_month", "month": 9}
        in September each year.
    {"kind": "frequency", "every": "quarterly", "anchor": "2026-04-01"}
        every quarter from 1 April 2026. ``every`` is one of monthly, quarterly,
        six_monthly, annually, two_yearly ("bi-annual" is refused as ambiguous).
        ``anchor`` optional (a YYYY-MM-DD date): without it the cycle follows the UK
        financial year from 1 April ("each financial-year quarter"); two_yearly needs it.
        A yearly cycle cannot be anchored on 29 February.
    {"kind": "after_meeting", "board": 7, "within_days": 10, "working_days": true}
        within 10 working days after every meeting of the HWBB. ``working_days``
        optional, default false (calendar days).
    {"kind": "relative", "after": {"obligation": "<key>"} | {"event": "<text>"},
     "at": "next_meeting" | "within_days", "board": 7, "within_days": 20,
     "working_days": true}
        at the next available meeting of the H&WB after the BSCB endorses ... /
        within 20 working days after “BSCB presents its annual report”.
        ``board`` only (and always) with next_meeting; ``within_days`` and
        ``working_days`` only with within_days.
    {"kind": "anniversary", "of": "signing" | "in_force", "every_years": 1}
        each year from the date of signing. ``every_years`` optional, default 1, at most 10.
    {"kind": "external", "trigger": "any change in legislation"}
        on any change in legislation (recorded by hand).
    {"kind": "first_of", "rules": [<rule>, <rule>, ...]}
        annually from 1 April 2026 or on any change in legislation, whichever is sooner.
        Two or more different rules; no first_of or ad_hoc inside.
    {"kind": "ad_hoc"}
        as and when needed.

Values are never coerced: a month or a number of days must be a JSON number (the string
"10" is refused), a flag must be true or false. Free text (an event, a trigger) is
trimmed, its inner whitespace collapsed and a trailing full stop dropped; a leading "on"
on a trigger and "after" on an event are dropped because the description adds them.
Errors inside a first_of name their key as a path, for example ``rules.1.trigger``.

``describe`` returns a phrase starting in lower case, to sit inside a sentence
("Due each year between ..."); capitalise its first letter to stand it alone.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from boards.exceptions import DomainError

MONTH_NAMES = (
    "",
    *[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
)

FREQUENCIES = ("monthly", "quarterly", "six_monthly", "annually", "two_yearly")
YEARLY_FREQUENCIES = ("annually", "two_yearly")
ANNIVERSARY_OF = ("signing", "in_force")
RELATIVE_AT = ("next_meeting", "within_days")

MAX_DAYS = 365
MAX_EVERY_YEARS = 10
MAX_TEXT = 200

BIANNUAL_MESSAGE = (
    "“Bi-annual” can mean twice a year or every two years: choose six_monthly (twice a "
    "year) or two_yearly (every two years)."
)

_BIANNUAL_SPELLINGS = frozenset({"biannual", "biannually", "biyearly"})

# A non-leap year: the days every year is sure to have in each month.
_SURE_YEAR = 2001


class TimingRuleError(DomainError, ValueError):
    """A timing rule that cannot be accepted, with a sentence saying how to put it right.

    ``field`` is the offending key (a dotted path inside a first_of, such as
    ``rules.1.trigger``), or None when the rule as a whole is wrong.
    """


@dataclass(frozen=True)
class Window:
    start_month: int
    end_month: int
    kind: ClassVar[str] = "window"

    @property
    def crosses_year_end(self) -> bool:
        return self.end_month < self.start_month

    @property
    def months(self) -> tuple[int, ...]:
        """Return the months of the window in order, wrapping over the year end."""
        length = (self.end_month - self.start_month) % 12 + 1
        return tuple((self.start_month - 1 + i) % 12 + 1 for i in range(length))


@dataclass(frozen=True)
class Deadline:
    month: int
    day: int | None = None
    kind: ClassVar[str] = "deadline"


@dataclass(frozen=True)
class FixedMonth:
    month: int
    kind: ClassVar[str] = "fixed_month"


@dataclass(frozen=True)
class Frequency:
    every: str
    anchor: dt.date | None = None
    kind: ClassVar[str] = "frequency"


@dataclass(frozen=True)
class AfterMeeting:
    board: int
    within_days: int
    working_days: bool = False
    kind: ClassVar[str] = "after_meeting"


@dataclass(frozen=True)
class Relative:
    """Due relative to another obligation (``after_obligation``) or an event (``after_event``)."""

    after_obligation: str | None
    after_event: str | None
    at: str
    board: int | None = None
    within_days: int | None = None
    working_days: bool = False
    kind: ClassVar[str] = "relative"


@dataclass(frozen=True)
class Anniversary:
    of: str
    every_years: int = 1
    kind: ClassVar[str] = "anniversary"


@dataclass(frozen=True)
class External:
    trigger: str
    kind: ClassVar[str] = "external"


@dataclass(frozen=True)
class FirstOf:
    rules: tuple[TimingRule, ...]
    kind: ClassVar[str] = "first_of"


@dataclass(frozen=True)
class AdHoc:
    kind: ClassVar[str] = "ad_hoc"


TimingRule = (
    Window
    | Deadline
    | FixedMonth
    | Frequency
    | AfterMeeting
    | Relative
    | Anniversary
    | External
    | FirstOf
    | AdHoc
)

_KIND_LABELS = {
    "window": "a window",
    "deadline": "a deadline",
    "fixed_month": "a fixed-month",
    "frequency": "a frequency",
    "after_meeting": "an after-every-meeting",
    "relative": "a relative",
    "anniversary": "an anniversary",
    "external": "an external-trigger",
    "first_of": "a “whichever is sooner”",
    "ad_hoc": "an “as and when needed”",
}
KINDS = tuple(_KIND_LABELS)

# The keys each kind accepts, in the order rule_to_dict writes them.
_KEYS = {
    "window": ("kind", "start_month", "end_month"),
    "deadline": ("kind", "month", "day"),
    "fixed_month": ("kind", "month"),
    "frequency": ("kind", "every", "anchor"),
    "after_meeting": ("kind", "board", "within_days", "working_days"),
    "relative": ("kind", "after", "at", "board", "within_days", "working_days"),
    "anniversary": ("kind", "of", "every_years"),
    "external": ("kind", "trigger"),
    "first_of": ("kind", "rules"),
    "ad_hoc": ("kind",),
}


# Parsing ------------------------------------------------------------------------------


def parse_rule(data: Any) -> TimingRule:
    """Build a timing rule from its dict, checking every key.

    Raises:
        TimingRuleError: the data is not a timing rule; the message says what to change
            and ``field`` names the key.
    """
    return _parse(data, path="", inside_first_of=False)


def validate(data: Any) -> dict:
    """Return the normalised dict of a timing rule.

    Raises:
        TimingRuleError: as ``parse_rule``.
    """
    return rule_to_dict(parse_rule(data))


def _parse(data: Any, *, path: str, inside_first_of: bool) -> TimingRule:
    if not isinstance(data, Mapping):
        raise TimingRuleError(
            'A timing rule must be an object with a “kind”, such as {"kind": "ad_hoc"}.',
            field=path.rstrip(".") or None,
        )
    kind = data.get("kind")
    if kind is None:
        raise TimingRuleError("Choose a kind of timing.", field=path + "kind")
    if not isinstance(kind, str) or kind not in _KEYS:
        raise TimingRuleError(
            f"“{_shown(kind)}” is not a kind of timing: use one of {_or_list(KINDS)}.",
            field=path + "kind",
        )
    if inside_first_of and kind == "first_of":
        raise TimingRuleError(
            "A “whichever is sooner” timing cannot contain another one: list all the "
            "timings in one.",
            field=path + "kind",
        )
    if inside_first_of and kind == "ad_hoc":
        raise TimingRuleError(
            "“As and when needed” cannot be combined with other timings: it has no date "
            "to be sooner than.",
            field=path + "kind",
        )
    for key in data:
        if key not in _KEYS[kind]:
            raise TimingRuleError(
                f"{_upper_first(_KIND_LABELS[kind])} timing has no “{_shown(key)}”: remove it "
                f"(it takes {_and_list(_KEYS[kind])}).",
                field=f"{path}{key}",
            )
    return _PARSERS[kind](data, path)


def _parse_window(data: Mapping, path: str) -> Window:
    start = _month(data, "start_month", path, "the month the window opens")
    end = _month(data, "end_month", path, "the month the window closes")
    if start == end:
        raise TimingRuleError(
            "A window must open and close in different months: for a single month, use a "
            f"fixed month (“in {MONTH_NAMES[start]} each year”).",
            field=path + "end_month",
        )
    return Window(start_month=start, end_month=end)


def _parse_deadline(data: Mapping, path: str) -> Deadline:
    month = _month(data, "month", path, "the deadline month")
    day = data.get("day")
    if day is None:
        return Deadline(month=month, day=None)
    name = MONTH_NAMES[month]
    last = calendar.monthrange(_SURE_YEAR, month)[1]
    if month == 2 and day == 29 and _is_int(day):
        raise TimingRuleError(
            "29 February is only in leap years, so it cannot be a deadline each year: "
            "choose 28 February, or leave the day blank for the end of February.",
            field=path + "day",
        )
    if _is_int(day) and last < day <= 31:
        raise TimingRuleError(
            f"{name} has no day {day}: choose a day from 1 to {last}, or leave the day "
            "blank for the last day of the month.",
            field=path + "day",
        )
    if not _is_int(day) or not 1 <= day <= last:
        raise TimingRuleError(
            f"The deadline day must be a whole number from 1 to {last}, or blank for the "
            "last day of the month.",
            field=path + "day",
        )
    return Deadline(month=month, day=day)


def _parse_fixed_month(data: Mapping, path: str) -> FixedMonth:
    return FixedMonth(month=_month(data, "month", path, "the month"))


def _parse_frequency(data: Mapping, path: str) -> Frequency:
    every = data.get("every")
    if every is None:
        raise TimingRuleError("Choose how often it falls due.", field=path + "every")
    if isinstance(every, str) and _letters(every) in _BIANNUAL_SPELLINGS:
        raise TimingRuleError(BIANNUAL_MESSAGE, field=path + "every")
    if not isinstance(every, str) or every not in FREQUENCIES:
        raise TimingRuleError(
            f"“{_shown(every)}” is not a frequency this timing supports: use "
            f"{_or_list(FREQUENCIES)}.",
            field=path + "every",
        )
    anchor = _date(data, "anchor", path)
    if anchor is None and every == "two_yearly":
        raise TimingRuleError(
            "Enter the date the two-yearly cycle starts from, so it is clear which years it "
            "falls in.",
            field=path + "anchor",
        )
    if (
        anchor is not None
        and every in YEARLY_FREQUENCIES
        and (anchor.month, anchor.day)
        == (
            2,
            29,
        )
    ):
        raise TimingRuleError(
            "29 February is only in leap years, so it cannot start a yearly cycle: choose "
            "28 February or 1 March.",
            field=path + "anchor",
        )
    return Frequency(every=every, anchor=anchor)


def _parse_after_meeting(data: Mapping, path: str) -> AfterMeeting:
    board = _board(data, path, "Choose the board whose meetings this follows.")
    within = _days(data, path, required=True)
    working = _flag(data, "working_days", path)
    return AfterMeeting(board=board, within_days=within, working_days=working)


def _parse_relative(data: Mapping, path: str) -> Relative:
    obligation, event = _after(data, path)
    at = data.get("at")
    if at is None:
        raise TimingRuleError(
            "Choose when it falls due: at the next meeting of a board, or within a number of days.",
            field=path + "at",
        )
    if not isinstance(at, str) or at not in RELATIVE_AT:
        raise TimingRuleError(
            f"“{_shown(at)}” is not a choice of when it falls due: use {_or_list(RELATIVE_AT)}.",
            field=path + "at",
        )
    if at == "next_meeting":
        board = _board(data, path, "Choose the board whose next meeting this falls at.")
        if data.get("within_days") is not None:
            raise TimingRuleError(
                "A number of days is only used with “within a number of days”: remove it "
                "or choose that option.",
                field=path + "within_days",
            )
        if _flag(data, "working_days", path):
            raise TimingRuleError(
                "Working days are only used with “within a number of days”: remove them or "
                "choose that option.",
                field=path + "working_days",
            )
        return Relative(
            after_obligation=obligation, after_event=event, at=at, board=board, within_days=None
        )
    if data.get("board") is not None:
        raise TimingRuleError(
            "A board is only used with “at the next meeting”: remove it or choose that option.",
            field=path + "board",
        )
    within = _days(data, path, required=True)
    working = _flag(data, "working_days", path)
    return Relative(
        after_obligation=obligation,
        after_event=event,
        at=at,
        board=None,
        within_days=within,
        working_days=working,
    )


def _after(data: Mapping, path: str) -> tuple[str | None, str | None]:
    after = data.get("after")
    field = path + "after"
    if after is None:
        raise TimingRuleError("Say what this follows: another obligation or an event.", field=field)
    if not isinstance(after, Mapping):
        raise TimingRuleError(
            "“after” must be an object with an “obligation” or an “event”.", field=field
        )
    for key in after:
        if key not in ("obligation", "event"):
            raise TimingRuleError(
                f"“after” has no “{_shown(key)}”: give an “obligation” or an “event”.",
                field=f"{field}.{key}",
            )
    obligation, event = after.get("obligation"), after.get("event")
    if obligation is not None and event is not None:
        raise TimingRuleError(
            "Give either an obligation or an event for this to follow, not both.", field=field
        )
    if obligation is None and event is None:
        raise TimingRuleError("Say what this follows: another obligation or an event.", field=field)
    if obligation is not None:
        if not isinstance(obligation, str) or not obligation.strip():
            raise TimingRuleError(
                "Choose the obligation this follows.", field=field + ".obligation"
            )
        obligation = obligation.strip()
        if len(obligation) > MAX_TEXT:
            raise TimingRuleError(
                f"An obligation key must be {MAX_TEXT} characters or fewer.",
                field=field + ".obligation",
            )
        return obligation, None
    return None, _text(
        event,
        field + ".event",
        prefix="after",
        missing="Describe the event this follows, for example “the BSCB endorses a serious "
        "case review overview report”.",
        what="The event",
    )


def _parse_anniversary(data: Mapping, path: str) -> Anniversary:
    of = data.get("of")
    if of is None:
        raise TimingRuleError(
            "Choose whether the cycle runs from the date of signing or the date it came into "
            "force.",
            field=path + "of",
        )
    if not isinstance(of, str) or of not in ANNIVERSARY_OF:
        raise TimingRuleError(
            f"“{_shown(of)}” is not a date the cycle can run from: use {_or_list(ANNIVERSARY_OF)}.",
            field=path + "of",
        )
    every_years = data.get("every_years", 1)
    if every_years is None:
        every_years = 1
    if not _is_int(every_years) or not 1 <= every_years <= MAX_EVERY_YEARS:
        raise TimingRuleError(
            f"The number of years must be a whole number from 1 to {MAX_EVERY_YEARS}.",
            field=path + "every_years",
        )
    return Anniversary(of=of, every_years=every_years)


def _parse_external(data: Mapping, path: str) -> External:
    trigger = _text(
        data.get("trigger"),
        path + "trigger",
        prefix="on",
        missing="Describe what triggers this, for example “any change in legislation”.",
        what="The trigger",
    )
    return External(trigger=trigger)


def _parse_first_of(data: Mapping, path: str) -> FirstOf:
    items = data.get("rules")
    if not isinstance(items, list | tuple) or len(items) < 2:
        raise TimingRuleError(
            "A “whichever is sooner” timing needs a list of at least two timings.",
            field=path + "rules",
        )
    rules = tuple(
        _parse(item, path=f"{path}rules.{index}.", inside_first_of=True)
        for index, item in enumerate(items)
    )
    for index, rule in enumerate(rules):
        if rule in rules[:index]:
            raise TimingRuleError(
                "The same timing appears twice in a “whichever is sooner” timing: remove one.",
                field=f"{path}rules.{index}",
            )
    return FirstOf(rules=rules)


def _parse_ad_hoc(data: Mapping, path: str) -> AdHoc:
    return AdHoc()


_PARSERS: dict[str, Callable[[Mapping, str], TimingRule]] = {
    "window": _parse_window,
    "deadline": _parse_deadline,
    "fixed_month": _parse_fixed_month,
    "frequency": _parse_frequency,
    "after_meeting": _parse_after_meeting,
    "relative": _parse_relative,
    "anniversary": _parse_anniversary,
    "external": _parse_external,
    "first_of": _parse_first_of,
    "ad_hoc": _parse_ad_hoc,
}


def _is_int(value: Any) -> bool:
    # bool is an int subclass, but true is not a month.
    return isinstance(value, int) and not isinstance(value, bool)


def _month(data: Mapping, key: str, path: str, what: str) -> int:
    value = data.get(key)
    if value is None:
        raise TimingRuleError(f"Choose {what}.", field=path + key)
    if not _is_int(value) or not 1 <= value <= 12:
        raise TimingRuleError(
            f"{_upper_first(what)} must be a whole number from 1 (January) to 12 (December).",
            field=path + key,
        )
    return value


def _board(data: Mapping, path: str, missing: str) -> int:
    value = data.get("board")
    if value is None:
        raise TimingRuleError(missing, field=path + "board")
    if not _is_int(value) or value < 1:
        raise TimingRuleError(
            "The board must be given by its id, a whole number from 1.", field=path + "board"
        )
    return value


def _days(data: Mapping, path: str, *, required: bool) -> int | None:
    value = data.get("within_days")
    if value is None:
        if required:
            raise TimingRuleError("Enter the number of days.", field=path + "within_days")
        return None
    if not _is_int(value):
        raise TimingRuleError(
            "The number of days must be a whole number, for example 10.",
            field=path + "within_days",
        )
    if value < 1:
        raise TimingRuleError("The number of days must be 1 or more.", field=path + "within_days")
    if value > MAX_DAYS:
        raise TimingRuleError(
            f"The number of days must be {MAX_DAYS} or fewer: for a longer gap, use a "
            "frequency or a deadline.",
            field=path + "within_days",
        )
    return value


def _flag(data: Mapping, key: str, path: str) -> bool:
    value = data.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise TimingRuleError("Working days must be true or false.", field=path + key)
    return value


def _date(data: Mapping, key: str, path: str) -> dt.date | None:
    value = data.get(key)
    if value is None:
        return None
    message = "The start date must be a real date written as YYYY-MM-DD, for example 2026-04-01."
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise TimingRuleError(message, field=path + key)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise TimingRuleError(message, field=path + key) from None


def _text(value: Any, field: str, *, prefix: str, missing: str, what: str) -> str:
    if value is not None and not isinstance(value, str):
        raise TimingRuleError(f"{what} must be text.", field=field)
    text = " ".join((value or "").split()).rstrip(". ")
    # The description supplies the linking word, so a typed one would be doubled.
    lead = prefix + " "
    while text[: len(lead)].lower() == lead:
        text = text[len(lead) :]
    if text.lower() == prefix:
        text = ""
    if not text:
        raise TimingRuleError(missing, field=field)
    if len(text) > MAX_TEXT:
        raise TimingRuleError(f"{what} must be {MAX_TEXT} characters or fewer.", field=field)
    return text


def _shown(value: Any) -> str:
    # Echo what was sent, but not a whole pasted document.
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _or_list(items) -> str:
    return _join(list(items), "or")


def _and_list(items) -> str:
    return _join(list(items), "and")


def _join(items: list[str], word: str) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


# Serialising --------------------------------------------------------------------------


def rule_to_dict(rule: TimingRule) -> dict:
    """Return the normalised dict of a rule: every key of its kind, in a stable order."""
    if isinstance(rule, FirstOf):
        return {"kind": rule.kind, "rules": [rule_to_dict(r) for r in rule.rules]}
    if isinstance(rule, Relative):
        after = (
            {"obligation": rule.after_obligation}
            if rule.after_obligation is not None
            else {"event": rule.after_event}
        )
        return {
            "kind": rule.kind,
            "after": after,
            "at": rule.at,
            "board": rule.board,
            "within_days": rule.within_days,
            "working_days": rule.working_days,
        }
    result: dict[str, Any] = {"kind": rule.kind}
    for f in fields(rule):
        value = getattr(rule, f.name)
        result[f.name] = value.isoformat() if isinstance(value, dt.date) else value
    return result


# Describing ---------------------------------------------------------------------------


def _default_board_name(board_id: int) -> str:
    return f"board {board_id}"


def _default_obligation_label(key: str) -> str:
    return key


def describe(
    rule: TimingRule,
    *,
    board_name: Callable[[int], str] = _default_board_name,
    obligation_label: Callable[[str], str] = _default_obligation_label,
) -> str:
    """Describe a rule in plain English, with dates in the British style.

    For example "each year between 1 October and 31 January". ``board_name`` turns a
    board id into its short name ("HWBB"); ``obligation_label`` turns an obligation key
    into a label, which is shown in quotation marks.
    """
    return _describe(rule, board_name, obligation_label, inside_first_of=False)


def _describe(rule, board_name, obligation_label, *, inside_first_of: bool) -> str:
    match rule:
        case Window(start_month=start, end_month=end):
            return f"each year between 1 {MONTH_NAMES[start]} and {_month_end(end)}"
        case Deadline(month=month, day=None):
            return f"by {_month_end(month)} each year"
        case Deadline(month=month, day=day):
            return f"by {day} {MONTH_NAMES[month]} each year"
        case FixedMonth(month=month):
            return f"in {MONTH_NAMES[month]} each year"
        case Frequency(every=every, anchor=None):
            return _FINANCIAL_YEAR_PHRASES[every]
        case Frequency(every=every, anchor=anchor):
            return f"{_FREQUENCY_PHRASES[every]} from {format_date(anchor)}"
        case AfterMeeting():
            return (
                f"within {_days_phrase(rule.within_days, rule.working_days)} after every "
                f"meeting of {_the(board_name(rule.board))}"
            )
        case Relative():
            if rule.after_obligation is not None:
                what = f"“{obligation_label(rule.after_obligation)}”"
            else:
                what = rule.after_event
            if rule.at == "next_meeting":
                return (
                    f"at the next available meeting of {_the(board_name(rule.board))} after {what}"
                )
            return f"within {_days_phrase(rule.within_days, rule.working_days)} after {what}"
        case Anniversary(of=of, every_years=every_years):
            when = "each year" if every_years == 1 else f"every {every_years} years"
            since = "the date of signing" if of == "signing" else "the date it came into force"
            return f"{when} from {since}"
        case External(trigger=trigger):
            return f"on {trigger}" if inside_first_of else f"on {trigger} (recorded by hand)"
        case FirstOf(rules=rules):
            parts = [
                _describe(r, board_name, obligation_label, inside_first_of=True) for r in rules
            ]
            return f"{_or_list(parts)}, whichever is sooner"
        case AdHoc():
            return "as and when needed"
    raise TypeError(f"Not a timing rule: {rule!r}")


_FREQUENCY_PHRASES = {
    "monthly": "every month",
    "quarterly": "every quarter",
    "six_monthly": "every six months",
    "annually": "annually",
    "two_yearly": "every two years",
}

# Without an anchor, a frequency keeps step with the UK financial year (from 1 April).
_FINANCIAL_YEAR_PHRASES = {
    "monthly": "every calendar month",
    "quarterly": "each financial-year quarter",
    "six_monthly": "each half of the financial year",
    "annually": "each financial year",
}


def format_date(value: dt.date) -> str:
    """Return a date in the British style, "1 April 2026"."""
    return f"{value.day} {MONTH_NAMES[value.month]} {value.year}"


def _month_end(month: int) -> str:
    if month == 2:
        return "the end of February"
    return f"{calendar.monthrange(_SURE_YEAR, month)[1]} {MONTH_NAMES[month]}"


def _days_phrase(days: int, working: bool) -> str:
    unit = "working day" if working else "day"
    return f"{days} {unit}" if days == 1 else f"{days} {unit}s"


def _the(name: str) -> str:
    return name if name.lower().startswith("the ") else f"the {name}"


# References ---------------------------------------------------------------------------


def referenced_boards(rule: TimingRule) -> set[int]:
    """Return the ids of the boards a rule names."""
    if isinstance(rule, FirstOf):
        return set().union(*(referenced_boards(r) for r in rule.rules))
    if isinstance(rule, AfterMeeting | Relative) and rule.board is not None:
        return {rule.board}
    return set()


def referenced_obligations(rule: TimingRule) -> set[str]:
    """Return the keys of the obligations a rule follows."""
    if isinstance(rule, FirstOf):
        return set().union(*(referenced_obligations(r) for r in rule.rules))
    if isinstance(rule, Relative) and rule.after_obligation is not None:
        return {rule.after_obligation}
    return set()
