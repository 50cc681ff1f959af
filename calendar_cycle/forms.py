"""Forms for the calendar pages, rendered with the GOV.UK template pack.

The forms collect and check what was typed; every write goes through
``calendar_cycle.services`` (recording and waiving) or ``calendar_cycle.feeds``, whose
refusals the views put back on these forms. The meetings offered as evidence are the
ones of the boards the occurrence is owed to (or, for a review, its parties' boards), so
a forged POST naming another meeting is refused at its field.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Submit
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from boards.models import Board, Meeting
from protocols.forms import DateField, GovUKForm

from .models import Occurrence
from .services import NOTE_MAX_LENGTH

FEED_MINE = "mine"
MAX_ID_DIGITS = 18
MIN_YEAR = 2000
MAX_YEAR = 2099
FEED_BOARD = "board"


class _SafeIdMixin:
    """Refuse an id too long for the database at the field, not as an overflow."""

    def to_python(self, value):
        if value not in self.empty_values and (
            not str(value).isdigit() or len(str(value)) > MAX_ID_DIGITS
        ):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class EvidenceMeetingField(_SafeIdMixin, forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        place = f", {obj.place}" if obj.place else ""
        return f"{obj.board.short_name}: {obj.date:%-d %B %Y}{place}"


def evidence_meetings(occurrence: Occurrence) -> QuerySet[Meeting]:
    """Return the meetings that can be the evidence: of the receiving board, held by today."""
    if occurrence.kind == Occurrence.Kind.REVIEW:
        boards = [party.board_id for party in occurrence.version.parties.all()]
    else:
        boards = [occurrence.obligation.receiving_board_id]
    return (
        Meeting.objects.filter(
            board_id__in=[b for b in boards if b], date__lte=timezone.localdate()
        )
        .exclude(status__in=(Meeting.Status.CANCELLED, Meeting.Status.POSTPONED))
        .select_related("board")
        .order_by("-date", "-pk")
    )


def long_text(*, label: str, what: str, required: bool = True, help_text: str = ""):
    """Return a text area as long as the services accept, saying so when it is longer."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"max_length": f"Keep the {what} to {NOTE_MAX_LENGTH} characters or fewer."},
    )


class RecordDoneForm(GovUKForm):
    """When it was done and the evidence: a meeting, a document, a link, a note."""

    submit_label = "Record as done"

    done_on = DateField(label="Date it was done")
    meeting = EvidenceMeetingField(
        queryset=Meeting.objects.none(),
        label="Meeting (optional)",
        required=False,
        empty_label="Not at a meeting",
        help_text="The meeting of the receiving board at which it was presented or discussed.",
    )
    document = forms.FileField(
        label="Document (optional)",
        required=False,
        help_text="A PDF, Word, OpenDocument, spreadsheet, slides or text file, up to 10 MB.",
    )
    link = forms.CharField(
        label="Link (optional)",
        required=False,
        max_length=500,
        help_text="For example, the published report or the minutes.",
    )
    note = long_text(label="Note (optional)", what="note", required=False)
    choice_messages = {"meeting": "Choose a meeting from the list."}

    def __init__(self, *args, occurrence: Occurrence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = evidence_meetings(occurrence)
        self.fields["done_on"].initial = timezone.localdate()
        self.fields["link"].error_messages["max_length"] = (
            "The link must be 500 characters or fewer."
        )
        self.helper.form_id = "record-done"


class WaiveForm(GovUKForm):
    """Why the occurrence will not happen."""

    submit_label = "Waive it"
    required_messages = {"reason": "Enter the reason for waiving it."}

    reason = long_text(
        label="Reason for waiving it",
        what="reason",
        help_text="For example, the board agreed to present the report with next year's.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.inputs = []
        self.helper.add_input(
            Submit("submit", self.submit_label, css_class="govuk-button--warning")
        )
        self.helper.form_id = "waive"


class BoardField(_SafeIdMixin, forms.ModelChoiceField):
    def label_from_instance(self, obj: Board) -> str:
        return f"{obj.name} ({obj.area.name})"


class FeedForm(GovUKForm):
    """Whose duties the new feed shows: the user's own, or a board's."""

    submit_label = "Make the feed"
    required_messages = {"whose": "Choose whose duties the feed shows."}

    whose = forms.ChoiceField(
        label="Whose duties should the feed show?",
        choices=[
            (FEED_MINE, "Mine: what my boards and posts owe, and what is owed to them"),
            (FEED_BOARD, "One board's: what it owes and what is owed to it"),
        ],
        widget=forms.RadioSelect,
    )
    board = BoardField(
        queryset=Board.objects.none(),
        label="Board",
        required=False,
        empty_label="Choose a board",
        help_text="Only if you chose one board's duties.",
    )
    choice_messages = {"board": "Choose a board from the list."}

    def __init__(self, *args, boards: QuerySet[Board], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards

    def clean(self):
        cleaned = super().clean()
        missing = not cleaned.get("board") and "board" not in self.errors
        if cleaned.get("whose") == FEED_BOARD and missing:
            self.add_error("board", "Choose the board whose duties the feed shows.")
        if cleaned.get("whose") == FEED_MINE:
            cleaned["board"] = None
        return cleaned


class FilterBoardField(_SafeIdMixin, forms.ModelChoiceField):
    def label_from_instance(self, obj: Board) -> str:
        return obj.name


class FilterProtocolField(_SafeIdMixin, forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        version = obj.current_version
        return version.title if version is not None else obj.reference


class CalendarFilterForm(forms.Form):
    """The calendar's filters, sent by GET so that every view has an address."""

    VIEWS = [("year", "Financial year"), ("month", "Month")]

    view = forms.ChoiceField(label="Show", choices=VIEWS, required=False)
    year = forms.IntegerField(
        label="Financial year", min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    month = forms.IntegerField(label="Month", min_value=1, max_value=12, required=False)
    board = FilterBoardField(
        queryset=Board.objects.none(), label="Board", required=False, empty_label="All boards"
    )
    protocol = FilterProtocolField(
        queryset=None, label="Protocol", required=False, empty_label="All protocols"
    )
    state = forms.ChoiceField(
        label="State", choices=[("", "Any state"), *Occurrence.State.choices], required=False
    )

    def __init__(self, *args, boards, protocols, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards
        self.fields["protocol"].queryset = protocols
        messages = {
            "view": "Choose a year or a month.",
            "year": f"Enter a financial year between {MIN_YEAR} and {MAX_YEAR}, such as 2026.",
            "month": "Enter a month from 1 (January) to 12 (December).",
            "board": "Choose a board from the list.",
            "protocol": "Choose a protocol from the list.",
            "state": "Choose a state from the list.",
        }
        for name, message in messages.items():
            for code in ("invalid", "invalid_choice", "min_value", "max_value"):
                self.fields[name].error_messages[code] = message
