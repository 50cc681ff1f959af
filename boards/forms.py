"""Forms for the boards app, rendered with the GOV.UK template pack.

Every choice of a related record is narrowed twice: first by the permission policy (what
the user may see), then by the page's context (the board or area the record belongs to).
Validation uses the same narrowed choices as the page shows, so a forged POST naming a
record that was not offered is refused at its field.
"""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Fluid, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.forms.widgets import Input

from . import permissions, selectors
from .models import (
    Board,
    Meeting,
    Membership,
    Organisation,
    Person,
    Post,
    Priority,
    Subgroup,
)
from .templatetags.boards_tags import an

DATE_HINT = "For example, 27 March 2026"
CHAIR_NOT_MEMBER = "The chair must be a current member of the board or the subgroup."
PERSON_OF_OTHER_AREA = "This person belongs to another area's records."
HOLDER_OF_OTHER_AREA = "The holder must be a person in this area."
BOARD_OR_SUBGROUP_BOTH = "Choose either a board or a subgroup, not both."
BOARD_OR_SUBGROUP_NEITHER = "Choose a board or a subgroup."
YEAR_MIN, YEAR_MAX = 1990, 2100
#: the largest id a 64-bit primary key holds (PostgreSQL bigint, SQLite integer)
ID_MAX = 2**63 - 1


class RecordMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several records chosen by id; an id no key column can hold is not a valid choice."""

    def _check_values(self, value):
        # A forged id past the largest key would reach the database as an overflow (a
        # server error) instead of as a choice that is not on the list.
        for pk in value:
            try:
                number = int(str(pk).strip())
            except ValueError:
                continue  # not a number at all: Django refuses it itself
            if not -ID_MAX <= number <= ID_MAX:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class GovUKDateInput(forms.DateInput):
    """An HTML date input: one field that browsers and keyboards both handle well."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class GovUKTimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class GovUKModelForm(forms.ModelForm):
    """A model form with the GOV.UK layout, plain-English messages and the actor's scope.

    ``user`` narrows every choice of a related record to the ones the user may see, so
    nobody can pick (or learn of) another area's board or person. ``owner_fields`` name
    the fields that say where the record lives (its board, subgroup or area); their
    choices are further narrowed to the places the user may add such a record, plus the
    record's current place when it is being changed.

    ``board``, ``subgroup`` and ``area`` are the page's context (from ``?board=`` and the
    like, already checked by the view); subclasses use them to offer sensible choices.
    """

    submit_label = "Save"
    owner_fields: tuple[str, ...] = ()
    #: fixed character widths (int) or fluid widths ("one-half") of text inputs
    widths: dict[str, int | str] = {}
    #: messages for a required field left empty, when "Enter the <label>" reads badly
    required_messages: dict[str, str] = {}
    #: the constraint names Django reports as "already exists", and the field message
    unique_messages: dict[tuple[str, ...], tuple[str, str]] = {}

    def __init__(self, *args, user, board=None, subgroup=None, area=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.context_board = board
        self.context_subgroup = subgroup
        self.context_area = area
        for name, field in self.fields.items():
            if type(field) is forms.ModelMultipleChoiceField:
                field.__class__ = RecordMultipleChoiceField  # same field, ids checked first
            self._prepare(name, field)
        for name in self.owner_fields:
            self._narrow_to_creatable(name)
        if self.instance.pk is None:
            self._prefill_owner()
        self.narrow_choices()
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = self._layout()
        self.helper.add_input(Submit("submit", self.submit_label))

    # --- set-up -----------------------------------------------------------------------

    def _prepare(self, name: str, field: forms.Field) -> None:
        label = str(field.label or name).lower()
        if isinstance(field, forms.DateField):
            field.widget = GovUKDateInput()
            field.help_text = field.help_text or DATE_HINT
            field.error_messages["invalid"] = f"{label.capitalize()} must be a real date."
        elif isinstance(field, forms.TimeField):
            field.widget = GovUKTimeInput()
            field.help_text = field.help_text or "For example, 14:30"
            field.error_messages["invalid"] = f"Enter the {label} as a time, for example 14:30."
        if isinstance(field, forms.ModelChoiceField):
            related = self._meta.model._meta.get_field(name).related_model
            field.queryset = permissions.visible_to(self.user, related, field.queryset)
            field.error_messages["invalid_choice"] = (
                f"Select {an(related._meta.verbose_name)} from the list."
            )
            field.error_messages["required"] = self.required_messages.get(
                name, f"Select the {label}."
            )
            if field.empty_label is not None and not isinstance(
                field, forms.ModelMultipleChoiceField
            ):
                field.empty_label = "Choose…" if field.required else "None"
        elif isinstance(field, forms.TypedChoiceField):
            # Radios for the fixed choice sets: no select box hides the options.
            field.choices = [c for c in field.choices if c[0] != ""]
            field.widget = forms.RadioSelect(choices=field.choices)
            field.error_messages["required"] = self.required_messages.get(
                name, f"Select the {label}."
            )
        else:
            field.error_messages["required"] = self.required_messages.get(
                name, f"Enter the {label}."
            )

    def full_clean(self):
        super().full_clean()
        # Redraw so the inputs the template pack does not know by name are marked too.
        self.helper.layout = self._layout()

    def _layout(self) -> Layout:
        return Layout(*(self._layout_field(n, f) for n, f in self.fields.items()))

    def _layout_field(self, name: str, field: forms.Field):
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            return Field.radios(name, legend_size=Size.SMALL)
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return Field.checkboxes(name, legend_size=Size.SMALL, small=True)
        if isinstance(widget, forms.CheckboxInput):
            return Field.checkbox(name, small=True)
        if isinstance(widget, forms.Textarea):
            return Field.textarea(name, label_size=Size.SMALL, rows=5)
        width = self.widths.get(name)
        if isinstance(widget, (GovUKDateInput, GovUKTimeInput)) and width is None:
            width = Fixed.TEN
        # The template pack styles only TextInput, Select and Textarea by their class name;
        # date, time, number and web-address inputs need the GOV.UK classes given here.
        classes = ["govuk-input"] if isinstance(widget, Input) else []
        if isinstance(width, int):
            classes.append(Fixed.for_input(width))
        elif width:
            classes.append(Fluid.for_input(width))
        if self._errors and name in self._errors and isinstance(widget, Input):
            classes.append("govuk-input--error")
        return Field(
            name,
            css_class=" ".join(classes) or None,
            context={"label_size": Size.for_label(Size.SMALL)},
        )

    def _narrow_to_creatable(self, name: str) -> None:
        field = self.fields[name]
        model = self._meta.model
        allowed = [
            obj.pk for obj in field.queryset if permissions.can_create(self.user, model, obj)
        ]
        current = getattr(self.instance, f"{name}_id", None)
        if current is not None:
            allowed.append(current)
        field.queryset = field.queryset.filter(pk__in=allowed)

    def _prefill_owner(self) -> None:
        context = {
            "board": self.context_board,
            "subgroup": self.context_subgroup,
            "area": self.context_area,
        }
        named = [n for n in self.owner_fields if context.get(n) is not None]
        if named:
            for name in named:
                self.initial.setdefault(name, context[name].pk)
            return
        # One place to choose from: choose it, so the common case is one step shorter.
        first = self.owner_fields[0] if self.owner_fields else None
        if first and first not in self.initial:
            only = list(self.fields[first].queryset[:2])
            if len(only) == 1:
                self.initial[first] = only[0].pk
                self.context_board = only[0] if first == "board" else self.context_board
                self.context_area = only[0] if first == "area" else self.context_area

    def narrow_choices(self) -> None:
        """Narrow choices to the page's context; subclasses override."""

    def _narrow(self, name: str, queryset, message: str | None = None) -> None:
        field = self.fields[name]
        field.queryset = field.queryset.filter(pk__in=queryset.values("pk"))
        if message:
            field.error_messages["invalid_choice"] = message

    # --- validation ---------------------------------------------------------------------

    def _update_errors(self, errors):
        """Keep one message a field, and put "already exists" messages at their field.

        GOV.UK forms show one error per field: when a form-level rule has already said
        what is wrong, the model's own check repeating it adds nothing.
        """
        if hasattr(errors, "error_dict"):
            items = list(errors.error_dict.items())
        else:
            items = [(None, errors.error_list)]
        kept: dict[str | None, str] = {}
        for field, messages in items:
            for error in messages:
                target, text = self._place(field, error)
                if target in kept or (target or "__all__") in self._errors:
                    continue
                kept[target] = text
        for target, text in kept.items():
            self.add_error(target if target in self.fields else None, text)

    def add_validation_error(self, error) -> None:
        """Add a ``ValidationError`` raised after the form was valid (by a service)."""
        self._update_errors(error)

    def _place(self, field, error) -> tuple[str | None, str]:
        params = error.params or {}
        unique_check = tuple(params.get("unique_check") or ())
        if unique_check in self.unique_messages:
            return self.unique_messages[unique_check]
        if field in (None, "__all__") or field not in self.fields:
            field = None
        elif error.code in self.fields[field].error_messages:
            return field, str(self.fields[field].error_messages[error.code])
        message = str(error.message)
        return field, message % params if params else message

    def policy_parent(self):
        """Return the board, subgroup or area the new record will belong to."""
        for name in self.owner_fields:
            value = self.cleaned_data.get(name)
            if value is not None:
                return value
        return None


class ConfirmForm(forms.Form):
    """A confirmation with nothing to fill in: one warning button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Delete", css_class="govuk-button--warning"))


class BoardAndSubgroupMixin:
    """For records of a board or of one of its subgroups (memberships, meetings)."""

    def _body_board(self):
        if self.context_board is not None:
            return self.context_board
        if self.context_subgroup is not None:
            return self.context_subgroup.board
        instance = self.instance
        if instance.board_id:
            return instance.board
        if instance.subgroup_id:
            return instance.subgroup.board
        return None

    def _narrow_body_choices(self):
        board = self._body_board()
        if board is not None:
            self._narrow("subgroup", Subgroup.objects.filter(board=board))

    def clean(self):
        cleaned = super().clean()
        board, subgroup = cleaned.get("board"), cleaned.get("subgroup")
        if "board" in self.errors or "subgroup" in self.errors:
            return cleaned
        if board and subgroup:
            self.add_error("board", BOARD_OR_SUBGROUP_BOTH)
        elif not board and not subgroup:
            self.add_error("board", BOARD_OR_SUBGROUP_NEITHER)
        return cleaned


def _board_area_ids(board: Board) -> set[int]:
    return {board.area_id, *board.additional_areas.values_list("pk", flat=True)}


class OrganisationForm(GovUKModelForm):
    owner_fields = ("area",)
    unique_messages = {
        ("area", "name"): ("name", "Another organisation in this area already has this name.")
    }

    class Meta:
        model = Organisation
        fields = ["area", "name", "kind"]
        labels = {"kind": "Kind of organisation"}


class BoardForm(GovUKModelForm):
    owner_fields = ("area",)
    widths = {"short_name": Fixed.TEN}
    unique_messages = {
        ("area", "name"): ("name", "Another board in this area already has this name."),
    }

    class Meta:
        model = Board
        fields = [
            "area",
            "name",
            "short_name",
            "kind",
            "is_statutory",
            "statutory_basis",
            "terms_of_reference",
            "additional_areas",
            "established",
            "dissolved",
            "superseded_by",
        ]
        widgets = {"additional_areas": forms.CheckboxSelectMultiple}
        labels = {"is_statutory": "This is a statutory board", "dissolved": "Date dissolved"}
        help_texts = {
            "dissolved": "Leave blank while the board is running.",
            "established": "Leave blank if you do not know.",
        }

    def narrow_choices(self):
        if self.instance.pk:
            self.fields["superseded_by"].queryset = self.fields["superseded_by"].queryset.exclude(
                pk=self.instance.pk
            )

    def clean_short_name(self):
        return self.cleaned_data["short_name"].strip()

    def clean(self):
        cleaned = super().clean()
        host = cleaned.get("area")
        if host is not None and host in (cleaned.get("additional_areas") or ()):
            self.add_error(
                "additional_areas", f"{host} is the host area; choose only the other areas."
            )
        return cleaned


class SubgroupForm(GovUKModelForm):
    owner_fields = ("board",)
    required_messages = {"meeting_frequency": "Select how often it meets."}
    unique_messages = {
        ("board", "name"): ("name", "This board already has a subgroup with this name."),
    }

    class Meta:
        model = Subgroup
        fields = [
            "board",
            "name",
            "kind",
            "remit",
            "chair",
            "meeting_frequency",
            "start_date",
            "end_date",
        ]
        labels = {
            "kind": "Kind of subgroup",
            "meeting_frequency": "How often it meets",
            "start_date": "Start date",
            "end_date": "End date",
        }
        help_texts = {
            "chair": "Only people who sit on the board today are listed.",
            "end_date": "Required for a short-life (task and finish) group.",
        }

    def narrow_choices(self):
        board = self.context_board or (self.instance.board if self.instance.board_id else None)
        if board is not None:
            members = selectors.current_board_members(board=board)
            if self.instance.pk:
                subgroup_members = selectors.current_subgroup_members(subgroup=self.instance)
                members = Person.objects.filter(
                    Q(pk__in=members.values("pk")) | Q(pk__in=subgroup_members.values("pk"))
                )
        else:
            boards = self.fields["board"].queryset
            members = Person.objects.filter(
                pk__in=Membership.objects.current()
                .filter(board__in=boards.values("pk"))
                .values("person_id")
            )
        self._narrow("chair", members, CHAIR_NOT_MEMBER)


class PersonForm(GovUKModelForm):
    owner_fields = ("area",)
    widths = {"title": Fixed.TEN, "phone": Fixed.TWENTY}

    class Meta:
        model = Person
        fields = ["area", "title", "full_name", "job_title", "email", "phone"]
        labels = {"area": "Area"}


class MembershipForm(BoardAndSubgroupMixin, GovUKModelForm):
    owner_fields = ("board", "subgroup")

    class Meta:
        model = Membership
        fields = ["person", "board", "subgroup", "role", "organisation", "start_date", "end_date"]
        labels = {
            "start_date": "Start date",
            "end_date": "End date",
            "organisation": "Organisation represented",
        }
        help_texts = {
            "board": "For a seat on a subgroup, leave this blank and choose the subgroup.",
            "subgroup": "Only for a seat on a subgroup.",
            "end_date": "Leave blank while the person still holds the seat.",
        }

    def narrow_choices(self):
        self._narrow_body_choices()
        board = self._body_board()
        if board is not None:
            areas = _board_area_ids(board)
            self._narrow("person", Person.objects.filter(area__in=areas), PERSON_OF_OTHER_AREA)
            self._narrow("organisation", Organisation.objects.filter(area__in=areas))


class PostForm(GovUKModelForm):
    owner_fields = ("area",)
    unique_messages = {
        ("area", "kind", "title"): ("kind", "This area already has this post."),
    }

    class Meta:
        model = Post
        fields = ["area", "kind", "title", "holder", "holder_since"]
        labels = {"holder_since": "Held since"}

    def narrow_choices(self):
        area = self.context_area or (self.instance.area if self.instance.area_id else None)
        if area is not None:
            self._narrow("holder", Person.objects.filter(area=area), HOLDER_OF_OTHER_AREA)


class PriorityForm(GovUKModelForm):
    owner_fields = ("board",)
    widths = {"period_start": Fixed.FOUR, "period_end": Fixed.FOUR, "order": Fixed.FOUR}
    required_messages = {
        "title": "Enter the priority.",
        "period_start": "Enter the year the priority starts.",
        "period_end": "Enter the year the priority ends.",
    }

    class Meta:
        model = Priority
        fields = ["board", "title", "period_start", "period_end", "outcomes", "order"]
        labels = {"period_start": "From year", "period_end": "To year", "order": "Order"}
        help_texts = {"order": "Lower numbers are listed first."}

    def narrow_choices(self):
        for name in ("period_start", "period_end"):
            field = self.fields[name]
            field.widget = forms.TextInput(attrs={"inputmode": "numeric"})
            field.error_messages["invalid"] = "Enter a year as a number, for example 2015."
            message = f"Enter a year between {YEAR_MIN} and {YEAR_MAX}."
            field.validators = [
                MinValueValidator(YEAR_MIN, message=message),
                MaxValueValidator(YEAR_MAX, message=message),
            ]


class MeetingForm(BoardAndSubgroupMixin, GovUKModelForm):
    owner_fields = ("board", "subgroup")
    minutes_url = forms.URLField(
        label="Link to the minutes",
        required=False,
        assume_scheme="https",
        help_text="A web address, for example https://www.example.gov.uk/minutes",
    )

    class Meta:
        model = Meeting
        fields = [
            "board",
            "subgroup",
            "date",
            "start_time",
            "place",
            "status",
            "minutes_url",
            "notes",
        ]
        help_texts = {
            "board": "For a subgroup's meeting, leave this blank and choose the subgroup.",
        }

    def narrow_choices(self):
        self._narrow_body_choices()
