"""The form an author uses to set when an obligation falls due.

``TimingRuleForm`` shows a radio of kinds of timing and, under each, the few fields that
kind needs (each kind has its own fields, so a browser without JavaScript can show them
all and a reveal script can hide the ones not chosen). ``clean()`` builds the rule dict
from the chosen kind's fields alone and checks it with ``protocols.timing``, so the form
and the API refuse the same things with the same sentences. ``.rule`` holds the
normalised dict once the form is valid. An optional "or also on" trigger turns the rule
into "whichever is sooner": ``{"kind": "first_of", "rules": [<rule>, <external>]}``.

The form renders with crispy-forms-gds without its own ``<form>`` tag, so a page can
put it inside a larger form (an obligation's), typically with a ``prefix``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from .timing import MONTH_NAMES, TimingRuleError, validate

KIND_CHOICES = [
    ("window", "Between two months each year"),
    ("deadline", "By a date each year"),
    ("fixed_month", "In a month each year"),
    ("frequency", "At a regular interval"),
    ("after_meeting", "After every meeting of a board"),
    ("relative", "After another obligation or an event"),
    ("anniversary", "From the date of signing or of coming into force"),
    ("external", "When something outside the boards happens"),
    ("ad_hoc", "As and when needed"),
]

EVERY_CHOICES = [
    ("monthly", "Every month"),
    ("quarterly", "Every quarter"),
    ("six_monthly", "Every six months (twice a year)"),
    ("annually", "Every year"),
    ("two_yearly", "Every two years"),
]

AT_CHOICES = [
    ("next_meeting", "At the next available meeting of a board"),
    ("within_days", "Within a number of days"),
]

ANNIVERSARY_CHOICES = [
    ("signing", "The date of signing"),
    ("in_force", "The date it came into force"),
]

MONTH_CHOICES = [("", "Choose a month")] + [(i, MONTH_NAMES[i]) for i in range(1, 13)]

DAYS_INVALID = "The number of days must be a whole number, for example 10."
WORKING_DAYS_HINT = "Weekends and bank holidays in England are not counted."

# Which form field holds each key of each kind's rule dict.
FORM_FIELDS = {
    "window": {"start_month": "start_month", "end_month": "end_month"},
    "deadline": {"month": "deadline_month", "day": "deadline_day"},
    "fixed_month": {"month": "fixed_month"},
    "frequency": {"every": "every", "anchor": "anchor"},
    "after_meeting": {
        "board": "meeting_board",
        "within_days": "meeting_within_days",
        "working_days": "meeting_working_days",
    },
    "relative": {
        "after": "after_obligation",
        "after.obligation": "after_obligation",
        "after.event": "after_event",
        "at": "relative_at",
        "board": "relative_board",
        "within_days": "relative_within_days",
        "working_days": "relative_working_days",
    },
    "anniversary": {"of": "anniversary_of", "every_years": "every_years"},
    "external": {"trigger": "external_trigger"},
    "ad_hoc": {},
}


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _month_field(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=MONTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )


def _days_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        error_messages={"invalid": DAYS_INVALID},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class TimingRuleForm(forms.Form):
    """Choose when an obligation falls due; ``.rule`` is the checked rule dict.

    ``boards`` and ``obligations`` are the (id, label) and (key, label) pairs the author
    may refer to, already narrowed to what they may see.
    """

    kind = forms.ChoiceField(
        label="When does it fall due?",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose when it falls due.",
            "invalid_choice": "Choose when it falls due from the list.",
        },
    )

    start_month = _month_field("Window opens", "The window starts on the 1st of this month.")
    end_month = _month_field(
        "Window closes",
        "The window ends on the last day of this month. Choose an earlier month to cross "
        "the year end, for example October to January.",
    )

    deadline_month = _month_field("Deadline month")
    deadline_day = forms.IntegerField(
        label="Day of the month (optional)",
        help_text="Leave blank for the last day of the month.",
        required=False,
        error_messages={"invalid": "The deadline day must be a whole number, for example 30."},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    fixed_month = _month_field("Month")

    every = forms.ChoiceField(
        label="How often",
        help_text="If the protocol says “bi-annual”, check whether it means twice a year or "
        "every two years.",
        choices=EVERY_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    anchor = forms.DateField(
        label="Starting from (optional)",
        help_text="For example, 2026-04-01. Leave blank to follow the financial year from "
        "1 April. Needed for every two years.",
        required=False,
        widget=_DateInput,
        error_messages={"invalid": "Enter a real date, for example 2026-04-01."},
    )

    meeting_board = forms.TypedChoiceField(
        label="Board", coerce=int, empty_value=None, required=False
    )
    meeting_within_days = _days_field("Within how many days of each meeting")
    meeting_working_days = forms.BooleanField(
        label="Count working days only", help_text=WORKING_DAYS_HINT, required=False
    )

    after_obligation = forms.ChoiceField(label="After this obligation", required=False)
    after_event = forms.CharField(
        label="Or after this event",
        help_text="For example, the BSCB endorses a serious case review overview report.",
        required=False,
    )
    relative_at = forms.ChoiceField(
        label="When", choices=AT_CHOICES, widget=forms.RadioSelect, required=False
    )
    relative_board = forms.TypedChoiceField(
        label="Board whose next meeting it goes to",
        coerce=int,
        empty_value=None,
        required=False,
    )
    relative_within_days = _days_field("Within how many days")
    relative_working_days = forms.BooleanField(
        label="Count working days only", help_text=WORKING_DAYS_HINT, required=False
    )

    anniversary_of = forms.ChoiceField(
        label="Counting from",
        choices=ANNIVERSARY_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    every_years = forms.IntegerField(
        label="Every how many years",
        initial=1,
        required=False,
        error_messages={"invalid": "The number of years must be a whole number from 1 to 10."},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    external_trigger = forms.CharField(
        label="What makes it fall due",
        help_text="For example, any change in legislation. Someone records it when it happens.",
        required=False,
    )

    or_on = forms.CharField(
        label="Or also on (optional)",
        help_text="For example, any change in legislation. It then falls due at whichever "
        "comes first.",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        boards: Iterable[tuple[int, str]] = (),
        obligations: Iterable[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        board_choices = [("", "Choose a board"), *boards]
        for name in ("meeting_board", "relative_board"):
            field = self.fields[name]
            field.choices = board_choices
            field.error_messages["invalid_choice"] = "Choose a board from the list."
        after = self.fields["after_obligation"]
        after.choices = [("", "Choose an obligation"), *obligations]
        after.error_messages["invalid_choice"] = "Choose an obligation from the list."
        for name in ("start_month", "end_month", "deadline_month", "fixed_month"):
            self.fields[name].error_messages["invalid_choice"] = "Choose a month from the list."
        for name in ("every", "relative_at", "anniversary_of"):
            self.fields[name].error_messages["invalid_choice"] = "Choose one of the options."
        self.rule: dict | None = None
        self.helper = self._helper()

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind:
            return cleaned
        own_fields = self._own_fields(kind, cleaned.get("relative_at"))
        # Fields of the kinds not chosen are left over from changing one's mind: ignore them.
        for name in list(self.errors):
            if name not in (*own_fields, "kind", NON_FIELD_ERRORS):
                del self.errors[name]
        # A field that already failed (not a number, not on the list) has said why.
        if any(name in self.errors for name in own_fields):
            return cleaned
        data = self._rule_data(kind, cleaned)
        or_on = cleaned.get("or_on") or ""
        if or_on.strip():
            data = {"kind": "first_of", "rules": [data, {"kind": "external", "trigger": or_on}]}
        try:
            self.rule = validate(data)
        except TimingRuleError as error:
            self.add_error(self._field_for(kind, error.field), error.message)
        return cleaned

    @staticmethod
    def _own_fields(kind: str, at: str | None) -> list[str]:
        names = [*FORM_FIELDS[kind].values(), "or_on"]
        if kind == "relative" and at == "next_meeting":
            names = [n for n in names if n not in ("relative_within_days", "relative_working_days")]
        elif kind == "relative" and at == "within_days":
            names.remove("relative_board")
        return names

    @staticmethod
    def _rule_data(kind: str, cleaned: dict) -> dict:
        def value(name: str) -> Any:
            found = cleaned.get(name)
            return None if found in ("", None) else found

        if kind == "relative":
            data: dict[str, Any] = {"kind": kind, "at": value("relative_at")}
            obligation, event = value("after_obligation"), value("after_event")
            after = {}
            if obligation is not None:
                after["obligation"] = obligation
            if event is not None:
                after["event"] = event
            data["after"] = after or None
            if data["at"] == "next_meeting":
                data["board"] = value("relative_board")
            elif data["at"] == "within_days":
                data["within_days"] = value("relative_within_days")
                data["working_days"] = bool(cleaned.get("relative_working_days"))
            return data
        data = {"kind": kind}
        for key, name in FORM_FIELDS[kind].items():
            found = value(name)
            data[key] = found.isoformat() if isinstance(found, dt.date) else found
        if "working_days" in data:
            data["working_days"] = bool(data["working_days"])
        return data

    @staticmethod
    def _field_for(kind: str, key: str | None) -> str | None:
        """Return the form field for an error's key (a path like rules.1.trigger)."""
        if key is None:
            return None
        if key.startswith("rules."):
            index, _, key = key[len("rules.") :].partition(".")
            # The "or also on" trigger is the second rule; the first one being refused as
            # a whole ("as and when needed" cannot be combined) is about that field too.
            if index == "1" or key in ("", "kind"):
                return "or_on"
        return FORM_FIELDS[kind].get(key)

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.label_size = Size.SMALL
        helper.layout = Layout(
            Field.radios("kind", legend_size=Size.MEDIUM),
            _Group(
                "start_month",
                "end_month",
                legend="Between two months each year",
                legend_size=Size.SMALL,
            ),
            _Group(
                "deadline_month",
                "deadline_day",
                legend="By a date each year",
                legend_size=Size.SMALL,
            ),
            _Group("fixed_month", legend="In a month each year", legend_size=Size.SMALL),
            _Group(
                Field.radios("every", small=True),
                "anchor",
                legend="At a regular interval",
                legend_size=Size.SMALL,
            ),
            _Group(
                "meeting_board",
                Field.text("meeting_within_days", field_width=3),
                Field.checkbox("meeting_working_days", small=True),
                legend="After every meeting of a board",
                legend_size=Size.SMALL,
            ),
            _Group(
                "after_obligation",
                "after_event",
                Field.radios("relative_at", small=True),
                "relative_board",
                Field.text("relative_within_days", field_width=3),
                Field.checkbox("relative_working_days", small=True),
                legend="After another obligation or an event",
                legend_size=Size.SMALL,
            ),
            _Group(
                Field.radios("anniversary_of", small=True),
                Field.text("every_years", field_width=2),
                legend="From the date of signing or of coming into force",
                legend_size=Size.SMALL,
            ),
            _Group(
                "external_trigger",
                legend="When something outside the boards happens",
                legend_size=Size.SMALL,
            ),
            Field.text("or_on"),
        )
        return helper


class _Group(Fieldset):
    """A fieldset of one kind's fields, spaced from the next."""

    def __init__(self, *fields: Any, **kwargs: Any) -> None:
        super().__init__(*fields, css_class="govuk-!-margin-bottom-6", **kwargs)


def initial_from_rule(rule: dict) -> dict:
    """Return the form's initial values for an existing rule dict.

    Raises:
        TimingRuleError: the rule is not valid, or combines timings in a way the form
            cannot show (more than two, or two without an external trigger).
    """
    rule = validate(rule)
    initial: dict[str, Any] = {}
    if rule["kind"] == "first_of":
        rules = rule["rules"]
        if len(rules) == 2 and rules[1]["kind"] == "external":
            rule, initial["or_on"] = rules[0], rules[1]["trigger"]
        elif len(rules) == 2 and rules[0]["kind"] == "external":
            rule, initial["or_on"] = rules[1], rules[0]["trigger"]
        else:
            raise TimingRuleError(
                "This timing combines more timings than the form can show: change it through "
                "the API."
            )
    kind = rule["kind"]
    initial["kind"] = kind
    if kind == "relative":
        initial["after_obligation"] = rule["after"].get("obligation")
        initial["after_event"] = rule["after"].get("event")
        initial["relative_at"] = rule["at"]
        initial["relative_board"] = rule["board"]
        initial["relative_within_days"] = rule["within_days"]
        initial["relative_working_days"] = rule["working_days"]
        return initial
    for key, name in FORM_FIELDS[kind].items():
        value = rule[key]
        initial[name] = dt.date.fromisoformat(value) if key == "anchor" and value else value
    return initial
