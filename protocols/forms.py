"""Forms for the protocol pages, rendered with the GOV.UK template pack.

The forms only collect and check what was typed; every write goes through
``protocols.services``, whose refusals the views put back on these forms. Each choice of
a board, post, person, section or meeting is narrowed to the protocol version in hand, so
a forged POST naming anything else is refused at its field, before any service runs.
"""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms
from django.utils import timezone
from django.utils.html import escape

from boards.forms import RecordMultipleChoiceField
from boards.models import Board, Meeting, Post

from . import lifecycle
from .models import Obligation, Party, Section

DATE_EXAMPLE = "27/03/2026"


class GovUKDateInput(forms.DateInput):
    """A browser date input: one field that keyboards, screen readers and pickers handle."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date with messages that name the date, accepting 2026-03-27 or 27/03/2026."""

    widget = GovUKDateInput
    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %m %Y"]

    def __init__(self, *, label: str, **kwargs):
        kwargs.setdefault("help_text", f"For example, {DATE_EXAMPLE}")
        super().__init__(label=label, **kwargs)
        self.error_messages["required"] = f"Enter the {label.lower()}."
        self.error_messages["invalid"] = (
            f"{label[:1].upper()}{label[1:]} must be a real date, for example {DATE_EXAMPLE}."
        )


class GovUKForm(forms.Form):
    """A form with the GOV.UK helper and messages that say what to do.

    ``required_messages`` and ``choice_messages`` replace Django's generic sentences for a
    field left empty and for a choice that was not offered.
    """

    submit_label = "Save"
    required_messages: dict[str, str] = {}
    choice_messages: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(field.label or name.replace("_", " "))
            if field.required and "required" in field.error_messages:
                verb = "Select" if isinstance(field, forms.ChoiceField) else "Enter"
                field.error_messages["required"] = self.required_messages.get(
                    name, f"{verb} the {label.lower()}."
                )
            if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                message = self.choice_messages.get(
                    name, f"Select the {label.lower()} from the list."
                )
                field.error_messages["invalid_choice"] = message
                if isinstance(field, forms.ModelMultipleChoiceField):
                    field.error_messages["invalid_pk_value"] = message
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.attrs = {"novalidate": ""}
        if self.submit_label:
            self.helper.add_input(Submit("submit", self.submit_label))

    def add_domain_error(self, exc) -> None:
        """Show a service's refusal at its field, or at the top of the form."""
        field = getattr(exc, "field", None)
        self.add_error(field if field in self.fields else None, exc.message)


class BoardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Board) -> str:
        return f"{obj.name} ({obj.short_name})"


class BoardMultipleChoiceField(RecordMultipleChoiceField):
    def label_from_instance(self, obj: Board) -> str:
        return f"{obj.name} ({obj.short_name})"


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Post) -> str:
        holder = f" ({obj.holder})" if obj.holder_id else " (vacant)"
        return f"{obj.display_title}{holder}"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        place = f", {obj.place}" if obj.place else ""
        return f"{obj.date:%-d %B %Y}{place} ({obj.get_status_display().lower()})"


class ConfirmForm(GovUKForm):
    """A button that confirms a deletion; the page says what will go."""

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.inputs = []
        self.helper.add_input(Submit("submit", label, css_class="govuk-button--warning"))


# --- the protocol and its version ------------------------------------------------------


class AreaChoiceForm(GovUKForm):
    """The first question when a user manages boards in more than one area."""

    submit_label = "Continue"
    required_messages = {"area": "Select the area whose boards will agree the protocol."}

    area = forms.ModelChoiceField(
        queryset=None, to_field_name="slug", widget=forms.RadioSelect, label="Area"
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.helper.form_method = "get"


class ProtocolCreateForm(GovUKForm):
    submit_label = ""
    required_messages = {
        "boards": "Select the boards that are party to the protocol.",
        "reference": "Enter a short reference for the protocol.",
    }
    choice_messages = {"boards": "Select boards of this area from the list."}

    title = forms.CharField(label="Title", max_length=300)
    reference = forms.SlugField(
        label="Short reference",
        max_length=80,
        help_text="Used in links. Letters, numbers and hyphens, for example hwb-scp-protocol.",
        error_messages={
            "invalid": "The short reference must use only letters, numbers and hyphens.",
        },
    )
    boards = BoardMultipleChoiceField(
        queryset=None,
        label="Boards that are party to the protocol",
        help_text="Select two or more.",
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(
        label="Purpose", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["boards"].queryset = boards
        # The page puts the review rule's form inside the same <form>.
        self.helper.form_tag = False
        self.helper.inputs = []

    def clean_boards(self):
        boards = self.cleaned_data["boards"]
        if len(boards) < 2:
            raise forms.ValidationError("Select at least two boards.")
        return boards


class VersionForm(GovUKForm):
    required_messages = {"title": "Enter the title of the protocol."}

    title = forms.CharField(label="Title", max_length=300)
    purpose = forms.CharField(
        label="Purpose", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class PartyForm(GovUKForm):
    choice_messages = {
        "lead_officer": "Select a person from this board's area.",
        "signatory_post": "Select a post holder of this area.",
    }

    lead_officer = forms.ModelChoiceField(
        queryset=None,
        label="Lead officer",
        required=False,
        empty_label="None named",
    )
    signatory_kind = forms.ChoiceField(
        label="Who signs for the board",
        choices=Party.SignatoryKind.choices,
        widget=forms.RadioSelect,
    )
    signatory_post = PostChoiceField(
        queryset=None,
        label="Signing post holder",
        required=False,
        empty_label="None",
        help_text="Only when a named post holder signs, for example the Director of Public Health.",
    )

    def __init__(self, *args, people, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_officer"].queryset = people
        self.fields["signatory_post"].queryset = posts

    def clean(self):
        cleaned = super().clean()
        by_post = cleaned.get("signatory_kind") == Party.SignatoryKind.POST
        if by_post and not cleaned.get("signatory_post") and not self.has_error("signatory_post"):
            self.add_error("signatory_post", "Select the post holder who signs for the board.")
        return cleaned


# --- sections, obligations, post holders, ladder ----------------------------------------


class SectionForm(GovUKForm):
    required_messages = {"heading": "Enter the heading of the section."}

    heading = forms.CharField(label="Heading", max_length=300)
    kind = forms.ChoiceField(
        label="Kind of section", choices=Section.Kind.choices, widget=forms.RadioSelect
    )
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text=(
            "Write in Markdown: a blank line between paragraphs, “- ” for a list item, "
            "**bold**, *emphasis* and [links](https://example.org). Anything else is shown as "
            "plain text."
        ),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].error_messages["invalid"] = (
            "The page was out of date. Open the section again and make your change."
        )


def party_choices(boards, posts) -> list:
    """Return grouped choices of party boards and post holders: ``board:7``, ``post:3``."""
    groups = []
    if boards:
        groups.append(("Boards", [(f"board:{b.pk}", f"{b.name} ({b.short_name})") for b in boards]))
    if posts:
        groups.append(
            ("Post holders", [(f"post:{p.pk}", p.display_title) for p in posts]),
        )
    return [("", "Select one"), *groups]


class ObligationForm(GovUKForm):
    """An obligation's who, what and to whom; its timing is a ``TimingRuleForm`` beside it."""

    submit_label = ""
    required_messages = {
        "section": "Select the section the obligation comes from.",
        "what": "Select what is owed.",
        "description": "Describe the obligation.",
        "owed_by": "Select who owes the obligation.",
        "owed_to": "Select who the obligation is owed to.",
    }
    choice_messages = {
        "section": "Select a section of this version.",
        "owed_by": "Select a party board or a post holder of this area.",
        "owed_to": "Select a party board or a post holder of this area.",
    }

    section = forms.ModelChoiceField(queryset=None, label="Section", empty_label="Select one")
    owed_by = forms.ChoiceField(label="Owed by")
    owing_label = forms.CharField(
        label="Owed by, as the protocol words it (optional)",
        max_length=200,
        required=False,
        help_text="For example, the Independent Chair of the BSCB.",
    )
    what = forms.ChoiceField(label="What", choices=[("", "Select one"), *Obligation.What.choices])
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the annual report for the previous financial year.",
    )
    owed_to = forms.ChoiceField(label="Owed to")

    def __init__(self, *args, sections, boards, posts, **kwargs):
        super().__init__(*args, **kwargs)
        # The page puts the timing rule's form inside the same <form>.
        self.helper.form_tag = False
        self.fields["section"].queryset = sections
        self.fields["section"].label_from_instance = lambda s: f"{s.number}. {s.heading}"
        choices = party_choices(boards, posts)
        self.fields["owed_by"].choices = choices
        self.fields["owed_to"].choices = choices
        self._boards = {b.pk: b for b in boards}
        self._posts = {p.pk: p for p in posts}

    def _party(self, value: str):
        kind, _, pk = value.partition(":")
        lookup = self._boards if kind == "board" else self._posts
        return kind, lookup.get(int(pk)) if pk.isdigit() else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owed_by") and cleaned.get("owed_by") == cleaned.get("owed_to"):
            self.add_error("owed_to", "An obligation must be owed to someone else.")
        return cleaned

    def service_arguments(self) -> dict:
        """Return the owing and receiving parties as the services name them."""
        data = self.cleaned_data
        owing_kind, owing = self._party(data["owed_by"])
        receiving_kind, receiving = self._party(data["owed_to"])
        return {
            "section": data["section"],
            "what": data["what"],
            "description": data["description"],
            "owing_board": owing if owing_kind == "board" else None,
            "owing_post": owing if owing_kind == "post" else None,
            "owing_label": data["owing_label"],
            "receiving_board": receiving if receiving_kind == "board" else None,
            "receiving_post": receiving if receiving_kind == "post" else None,
        }

    @staticmethod
    def initial_for(obligation: Obligation) -> dict:
        owed_by = (
            f"board:{obligation.owing_board_id}"
            if obligation.owing_board_id
            else f"post:{obligation.owing_post_id}"
        )
        owed_to = (
            f"board:{obligation.receiving_board_id}"
            if obligation.receiving_board_id
            else f"post:{obligation.receiving_post_id}"
        )
        return {
            "section": obligation.section_id,
            "owed_by": owed_by,
            "owing_label": obligation.owing_label,
            "what": obligation.what,
            "description": obligation.description,
            "owed_to": owed_to,
        }


class PostResponsibilityForm(GovUKForm):
    required_messages = {
        "post_title": "Enter the post as the protocol words it.",
        "responsibilities": "Enter the post holder's responsibilities.",
    }
    choice_messages = {"post": "Select a post holder of this area."}

    post_title = forms.CharField(
        label="Post, as the protocol words it",
        max_length=200,
        help_text="For example, Director of Children's Services.",
    )
    post = PostChoiceField(
        queryset=None,
        label="The area's post it refers to (optional)",
        required=False,
        empty_label="None",
    )
    responsibilities = forms.CharField(
        label="Responsibilities",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One responsibility a line.",
    )

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts


class LadderStepForm(GovUKForm):
    required_messages = {"title": "Enter what the step is."}

    title = forms.CharField(
        label="Step",
        max_length=200,
        help_text="For example, either chair asks for an item on the other board's agenda.",
    )
    description = forms.CharField(
        label="What happens (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


# --- consultation, lifecycle, approval, signature ---------------------------------------


class CommentForm(GovUKForm):
    """A comment on one section (or on the whole version), or a reply to a comment."""

    submit_label = "Add comment"
    required_messages = {"body": "Enter your comment."}
    choice_messages = {
        "section": "That section is not part of this version.",
        "parent": "That comment is not part of this version.",
    }

    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 3}))
    section = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    parent = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, sections, comments, label: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections
        self.fields["parent"].queryset = comments
        if label:
            self.fields["body"].label = escape(label)


class TransitionForm(GovUKForm):
    """The reason or the date a lifecycle step asks for, if any."""

    reason = forms.CharField(
        label="Reason",
        max_length=lifecycle.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {lifecycle.REASON_MAX_LENGTH} characters. It is kept in the history.",
    )
    on_date = DateField(label="Date")

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.inputs = []
        css = "govuk-button--warning" if transition.name == "withdraw" else ""
        self.helper.add_input(Submit("submit", transition.label, css_class=css))
        if transition.needs_reason:
            reason = self.fields["reason"]
            reason.error_messages["required"] = transition.reason_prompt or "Enter the reason."
            reason.error_messages["max_length"] = (
                f"Keep the reason to {lifecycle.REASON_MAX_LENGTH} characters or fewer."
            )
            if transition.name == "close_review":
                reason.label = "Outcome of the review"
        else:
            del self.fields["reason"]
        if not transition.needs_date:
            del self.fields["on_date"]
        else:
            label = DATE_LABELS.get(transition.name, "Date")
            self.fields["on_date"] = DateField(label=label)
            self.fields["on_date"].initial = timezone.localdate()


#: what the date of a lifecycle step is called on its form
DATE_LABELS = {
    "bring_into_force": "Date it comes into force",
    "open_review": "Date the review opens",
}


class ApprovalForm(GovUKForm):
    submit_label = "Record the approval"
    required_messages = {
        "decided_by": "Enter who made the decision, for example the Board.",
    }
    choice_messages = {"meeting": "Select a meeting of this board from the list."}

    decided_on = DateField(label="Date of decision")
    meeting = MeetingChoiceField(
        queryset=None,
        label="Meeting (optional)",
        required=False,
        empty_label="Not at a meeting",
    )
    minute_reference = forms.CharField(
        label="Minute reference (optional)",
        max_length=100,
        required=False,
        help_text="For example, Minute 23/2016.",
    )
    decided_by = forms.CharField(
        label="Decided by",
        max_length=200,
        initial="The Board",
        help_text="For example, the Board, or the Chair's action.",
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings

    def clean(self):
        cleaned = super().clean()
        meeting, decided_on = cleaned.get("meeting"), cleaned.get("decided_on")
        if meeting is not None and decided_on is not None and meeting.date != decided_on:
            self.add_error(
                "decided_on",
                f"The date of decision must be the date of the meeting, {meeting.date:%-d %B %Y}.",
            )
        return cleaned


class SignatureForm(GovUKForm):
    submit_label = "Sign the protocol"
    required_messages = {"password": "Enter your password."}

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Re-enter the password you sign in with, to confirm it is you signing.",
    )


# --- concerns ---------------------------------------------------------------------------


class ConcernRaiseForm(GovUKForm):
    submit_label = "Raise the concern"
    required_messages = {
        "raised_by_board": "Select the board raising the concern.",
        "raised_with_board": "Select the board the concern is raised with.",
        "subject": "Enter the subject of the concern.",
        "description": "Describe the concern.",
        "request": "Enter the formal request to the other chair.",
    }
    choice_messages = {
        "raised_by_board": "Select a party board you chair or manage.",
        "raised_with_board": "Select another party board.",
        "on_behalf_of": "Select the chair of the raising board.",
    }

    raised_by_board = BoardChoiceField(queryset=None, label="Raised by", widget=forms.RadioSelect)
    on_behalf_of = forms.ModelChoiceField(
        queryset=None,
        label="On behalf of (optional)",
        required=False,
        empty_label="Nobody: I am raising it as chair",
        help_text="The chair, when a business manager raises the concern for them.",
    )
    raised_with_board = BoardChoiceField(
        queryset=None, label="Raised with", widget=forms.RadioSelect
    )
    subject = forms.CharField(label="Subject", max_length=300)
    description = forms.CharField(label="The concern", widget=forms.Textarea(attrs={"rows": 5}))
    request = forms.CharField(
        label="The request at the first step",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you ask of the other chair, for example information or a meeting.",
    )

    def __init__(self, *args, raising_boards, other_boards, chairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raised_by_board"].queryset = raising_boards
        self.fields["raised_with_board"].queryset = other_boards
        self.fields["on_behalf_of"].queryset = chairs

    def clean(self):
        cleaned = super().clean()
        by, with_ = cleaned.get("raised_by_board"), cleaned.get("raised_with_board")
        if by is not None and by == with_:
            self.add_error("raised_with_board", "A concern is raised with another party board.")
        return cleaned


class ConcernRespondForm(GovUKForm):
    submit_label = "Record the response"
    required_messages = {"response": "Enter the response."}

    response = forms.CharField(label="Response", widget=forms.Textarea(attrs={"rows": 5}))


class ConcernEscalateForm(GovUKForm):
    submit_label = "Take the next step"
    required_messages = {"request": "Enter the request at the next step."}

    request = forms.CharField(
        label="The request at the next step", widget=forms.Textarea(attrs={"rows": 5})
    )


class ConcernResolveForm(GovUKForm):
    submit_label = "Close the concern"
    required_messages = {"outcome": "Enter the outcome."}

    outcome = forms.CharField(label="Outcome", widget=forms.Textarea(attrs={"rows": 5}))


__all__ = [
    "ApprovalForm",
    "AreaChoiceForm",
    "CommentForm",
    "ConcernEscalateForm",
    "ConcernRaiseForm",
    "ConcernRespondForm",
    "ConcernResolveForm",
    "LadderStepForm",
    "ObligationForm",
    "PartyForm",
    "PostResponsibilityForm",
    "ProtocolCreateForm",
    "SectionForm",
    "SignatureForm",
    "TransitionForm",
    "VersionForm",
]


class CompareForm(GovUKForm):
    """Which two versions to compare; sent by GET, so the page can be bookmarked."""

    submit_label = "Compare"

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(n), f"Version {n}") for n in numbers]
        self.fields["from"] = forms.TypedChoiceField(
            label="Earlier version", choices=choices, coerce=int
        )
        self.fields["to"] = forms.TypedChoiceField(
            label="Later version", choices=choices, coerce=int
        )
        for name, label in (("from", "the earlier version"), ("to", "the later version")):
            self.fields[name].error_messages.update(
                required=f"Select {label}.",
                invalid_choice=f"Select {label} from the list.",
            )
        # The page writes its own GET form around the fields, with an unnamed button, so
        # the address holds only ?from=&to=.
        self.helper.form_tag = False
        self.helper.inputs = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") is not None and cleaned.get("from") == cleaned.get("to"):
            self.add_error("to", "Select two different versions.")
        return cleaned
