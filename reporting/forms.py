"""Forms for the committee report pages, rendered with the GOV.UK template pack.

The forms collect and check what was typed; every write goes through
``reporting.services``, whose refusals the views put back on these forms. Every choice (a
board, a meeting, a post, a protocol version, an officer) is narrowed to the areas where
the user serves as democratic services, so a forged POST naming anything else is refused
at its field.
"""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Fieldset, Layout, Size, Submit
from django import forms
from django.db.models import Q

from boards.forms import GovUKModelForm, RecordMultipleChoiceField
from boards.models import Board, Meeting, Person, Post
from protocols.forms import GovUKForm, MeetingChoiceField
from protocols.models import ProtocolVersion

from . import permissions, selectors
from .models import Clearance, CommitteeReport

RECOMMENDATIONS_HINT = (
    "Write each recommendation on its own line, for example: That the board note and agree "
    "the attached protocol. They are numbered in the order you write them."
)
APPENDICES_HINT = (
    "Each protocol you tick is printed in full as an appendix (A, B, ...), from the "
    "protocol itself."
)
MEETING_OF_YOUR_BOARDS = "Choose a meeting of a board in your area."


class VersionChoiceField(RecordMultipleChoiceField):
    def label_from_instance(self, obj: ProtocolVersion) -> str:
        return f"{obj.title} (version {obj.number}, {obj.get_status_display().lower()})"


class ReportMeetingField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        place = f", {obj.place}" if obj.place else ""
        return f"{obj.board.short_name}: {obj.date:%-d %B %Y}{place}"


class PostField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Post) -> str:
        holder = f" ({obj.holder})" if obj.holder_id else " (vacant)"
        return f"{obj.display_title}{holder}"


class ReportForm(GovUKModelForm):
    """The whole report but its body sections and added implications (their own pages)."""

    submit_label = "Save the report"
    owner_fields = ("area",)
    widths = {
        "agenda_item": 4,
        "contact_phone": 20,
        "meeting_date": 10,
        "title": "full",
        "committee_name": "two-thirds",
    }
    required_messages = {"title": "Enter the report's title."}

    class Meta:
        model = CommitteeReport
        fields = [
            "area",
            "board",
            "meeting",
            "committee_name",
            "meeting_date",
            "agenda_item",
            "wards",
            "part",
            "exempt_paragraph",
            "is_late",
            "late_reason",
            "is_urgent",
            "urgency_reason",
            "report_of_post",
            "report_of_name",
            "contact_name",
            "contact_phone",
            "contact_email",
            "title",
            "synopsis",
            "background",
            "conclusion",
            "background_papers",
            "financial_implications",
            "legal_implications",
            "equalities_implications",
            "environmental_implications",
        ]
        field_classes = {"meeting": ReportMeetingField, "report_of_post": PostField}
        labels = {
            "area": "Area",
            "board": "Report to",
            "is_late": "The report is late",
            "is_urgent": "The report is urgent",
        }
        help_texts = {
            "is_late": "It misses the report deadline. Say why below.",
            "is_urgent": "The board must consider it although it misses the agenda deadline.",
            "meeting": "For a board in these records.",
        }

    GROUPS = (
        (
            "Where the report goes",
            (
                "area",
                "board",
                "meeting",
                "committee_name",
                "meeting_date",
                "agenda_item",
                "wards",
            ),
        ),
        ("Public or exempt", ("part", "exempt_paragraph")),
        ("Late or urgent", ("is_late", "late_reason", "is_urgent", "urgency_reason")),
        (
            "Who the report is from",
            ("report_of_post", "report_of_name", "contact_name", "contact_phone", "contact_email"),
        ),
        (
            "The report",
            (
                "title",
                "synopsis",
                "recommendations",
                "background",
                "conclusion",
                "background_papers",
                "appendix_versions",
            ),
        ),
        (
            "Implications",
            (
                "financial_implications",
                "legal_implications",
                "equalities_implications",
                "environmental_implications",
            ),
        ),
    )

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs):
        self.context_meeting = meeting
        super().__init__(*args, **kwargs)
        self.fields["recommendations"] = forms.CharField(
            label="Recommendations",
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=RECOMMENDATIONS_HINT,
        )
        self.fields["appendix_versions"] = VersionChoiceField(
            label="Protocols attached as appendices",
            queryset=selectors.protocol_versions_for_appendix(
                user=self.user, area_ids=permissions.democratic_services_area_ids(self.user)
            ),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=APPENDICES_HINT,
        )
        self.fields["appendix_versions"].error_messages["invalid_choice"] = (
            "Choose a protocol of your area."
        )
        self.fields["appendix_versions"].error_messages["invalid_pk_value"] = (
            "Choose a protocol of your area."
        )
        if self.instance.pk:
            self.initial["recommendations"] = "\n".join(
                r.text for r in self.instance.recommendations.order_by("order")
            )
            self.initial["appendix_versions"] = [
                a.protocol_version_id for a in self.instance.appendices.order_by("order")
            ]
        elif meeting is not None:
            self.initial.setdefault("board", meeting.board_id)
            self.initial.setdefault("meeting", meeting.pk)
            self.initial.setdefault("area", meeting.board.area_id)
        self.helper.layout = self._layout()

    def narrow_choices(self) -> None:
        area_ids = permissions.democratic_services_area_ids(self.user)
        boards = Board.objects.all()
        posts = Post.objects.all()
        if area_ids is not None:
            boards = boards.filter(Q(area__in=area_ids) | Q(additional_areas__in=area_ids))
            posts = posts.filter(area__in=area_ids)
        self._narrow("board", boards, "Choose a board in your area.")
        self._narrow(
            "meeting",
            Meeting.objects.filter(board__in=boards.values("pk")),
            MEETING_OF_YOUR_BOARDS,
        )
        self.fields["meeting"].queryset = (
            self.fields["meeting"]
            .queryset.select_related("board")
            .order_by("-date", "board__short_name")
        )
        self._narrow("report_of_post", posts, "Choose a post in your area.")
        self.fields["report_of_post"].queryset = self.fields[
            "report_of_post"
        ].queryset.select_related("holder")

    def _layout(self) -> Layout:
        groups = []
        for legend, names in self.GROUPS:
            present = [n for n in names if n in self.fields]
            if present:
                groups.append(
                    Fieldset(
                        *(self._layout_field(n, self.fields[n]) for n in present),
                        legend=legend,
                        legend_size=Size.MEDIUM,
                    )
                )
        return Layout(*groups)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("part") == CommitteeReport.Part.PUBLIC:
            # A paragraph left ticked from before the report was made public means nothing.
            cleaned["exempt_paragraph"] = None
        return cleaned

    def clean_recommendations(self) -> list[str]:
        text = self.cleaned_data.get("recommendations") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean_appendix_versions(self) -> list[ProtocolVersion]:
        return list(self.cleaned_data.get("appendix_versions") or [])


class ReportFromProtocolForm(GovUKForm):
    """Which meeting of a party board considers the protocol, and at which item."""

    submit_label = "Start the report"
    required_messages = {"meeting": "Choose the meeting that will consider the protocol."}
    choice_messages = {"meeting": "Choose a meeting of a board that is party to the protocol."}

    meeting = MeetingChoiceField(
        queryset=Meeting.objects.none(),
        label="Meeting",
        widget=forms.RadioSelect,
        help_text="Meetings of the boards that are party to the protocol.",
    )
    agenda_item = forms.IntegerField(
        label="Agenda item",
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        agenda = self.fields["agenda_item"]
        agenda.error_messages["invalid"] = "Enter the agenda item as a number, like 5."
        agenda.error_messages["min_value"] = "Enter an agenda item from 1 to 999."
        agenda.error_messages["max_value"] = "Enter an agenda item from 1 to 999."


class SectionRowForm(GovUKForm):
    """One body section: a heading and its text."""

    submit_label = ""

    heading = forms.CharField(label="Heading", max_length=300)
    body = forms.CharField(
        label="Text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown: lists, emphasis and links are kept.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.fields["heading"].error_messages["max_length"] = (
            "Keep the heading to 300 characters or fewer."
        )


class ImplicationRowForm(GovUKForm):
    """One implication the council adds: its heading and what it says."""

    submit_label = ""
    required_messages = {"text": "Say what the implication is, or remove it."}

    heading = forms.CharField(
        label="Heading", max_length=200, help_text="For example, Safeguarding implications."
    )
    text = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.fields["heading"].error_messages["max_length"] = (
            "Keep the heading to 200 characters or fewer."
        )


class _RowFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            order = form.fields["ORDER"]
            order.label = "Position"
            order.required = False
            order.widget = forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-2"}
            )
            order.help_text = "Change the numbers to change the order."
            order.error_messages["invalid"] = "Enter the position as a whole number, like 2."
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this one"

    def rows(self, *, text_field: str) -> list[tuple[str, str]]:
        """Return (heading, text) for the rows kept, in the order chosen."""
        return [(f.cleaned_data["heading"], f.cleaned_data[text_field]) for f in self.ordered_forms]


SectionFormSet = forms.formset_factory(
    SectionRowForm, formset=_RowFormSet, extra=2, can_order=True, can_delete=True, max_num=50
)
ImplicationFormSet = forms.formset_factory(
    ImplicationRowForm, formset=_RowFormSet, extra=1, can_order=True, can_delete=True, max_num=20
)


class ClearanceAddForm(GovUKForm):
    """Name an officer to clear the report."""

    submit_label = "Name this officer"
    required_messages = {
        "officer": "Choose the officer who must clear the report.",
        "role": "Choose what the officer clears for.",
    }
    choice_messages = {"officer": "Choose an officer of this area with a log-in."}

    officer = forms.ModelChoiceField(queryset=Person.objects.none(), label="Officer")
    role = forms.ChoiceField(
        label="Clears for", choices=Clearance.Role.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].empty_label = "Choose…"
        self.fields["officer"].help_text = "Only people of this area who can sign in are listed."


class ClearanceRecordForm(GovUKForm):
    """The named officer's own decision."""

    submit_label = "Record my decision"
    required_messages = {
        "decision": "Choose whether you clear the report.",
        "clearance": "Choose which clearance you are recording.",
    }

    clearance = forms.ModelChoiceField(
        queryset=Clearance.objects.none(), label="Clearance", widget=forms.RadioSelect
    )
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            (Clearance.Decision.CLEARED, "I clear the report"),
            (Clearance.Decision.NOT_CLEARED, "I do not clear it: changes are needed"),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required if you do not clear it: say what must change.",
    )

    def __init__(self, *args, clearances, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["clearance"]
        field.queryset = clearances
        field.label_from_instance = lambda c: f"{c.get_role_display()} clearance"
        pending = list(clearances[:2])
        # One clearance to record: no question to ask about which.
        self.only = pending[0] if len(pending) == 1 else None
        if self.only is not None:
            field.initial = self.only.pk
            field.required = False
            field.widget = forms.HiddenInput()

    def clean_clearance(self):
        return self.cleaned_data.get("clearance") or self.only


class TransitionForm(GovUKForm):
    """A confirmation; publishing late also asks for the reasons for urgency."""

    urgency_reason = forms.CharField(
        label="Reasons for urgency",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed only when the agenda deadline has passed. They are printed with "
        "the report.",
    )

    def __init__(self, *args, label: str, ask_urgency: bool, warning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.inputs = []
        self.helper.add_input(
            Submit("submit", label, css_class="govuk-button--warning" if warning else "")
        )
        if not ask_urgency:
            del self.fields["urgency_reason"]


class ActionForm(forms.Form):
    """A bare POST with a hidden value (removing a named officer)."""

    remove = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReportFromOccurrenceForm(ReportFromProtocolForm):
    """Which meeting of the receiving board hears the duty, and at which item."""

    required_messages = {"meeting": "Choose the meeting the report goes to."}
    choice_messages = {"meeting": "Choose a meeting of the board the duty is owed to."}

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, meetings=meetings, **kwargs)
        self.fields[
            "meeting"
        ].help_text = "Meetings of the board the duty is owed to; the next one is chosen for you."
