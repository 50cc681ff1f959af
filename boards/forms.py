"""Forms for the boards app, rendered with the GOV.UK template pack."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms

from . import permissions
from .models import (
    Area,
    Board,
    Meeting,
    Membership,
    Organisation,
    Person,
    Post,
    Priority,
    Subgroup,
)


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
    """A model form with the GOV.UK helper, dates as date inputs and the actor's scope.

    ``user`` narrows every choice of a related record to the ones the user may see, so
    nobody can pick (or learn of) another area's board or person.
    """

    submit_label = "Save"

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            model_field = self._meta.model._meta.get_field(name)
            if isinstance(field, forms.DateField):
                field.widget = GovUKDateInput()
                field.help_text = field.help_text or "For example, 2026-03-27"
            elif isinstance(field, forms.TimeField):
                field.widget = GovUKTimeInput()
            if isinstance(field, forms.ModelChoiceField) and user is not None:
                related = model_field.related_model
                field.queryset = permissions.visible_to(user, related, field.queryset)
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.label_size = Size.SMALL
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", self.submit_label))


class AreaForm(GovUKModelForm):
    class Meta:
        model = Area
        fields = ["name", "slug", "council_name", "kind"]


class OrganisationForm(GovUKModelForm):
    class Meta:
        model = Organisation
        fields = ["area", "name", "kind"]


class BoardForm(GovUKModelForm):
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


class SubgroupForm(GovUKModelForm):
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
        widgets = {"kind": forms.RadioSelect}


class PersonForm(GovUKModelForm):
    class Meta:
        model = Person
        fields = ["area", "title", "full_name", "job_title", "email", "phone"]


class MembershipForm(GovUKModelForm):
    class Meta:
        model = Membership
        fields = ["person", "board", "subgroup", "role", "organisation", "start_date", "end_date"]


class PostForm(GovUKModelForm):
    class Meta:
        model = Post
        fields = ["area", "kind", "title", "holder", "holder_since"]


class PriorityForm(GovUKModelForm):
    class Meta:
        model = Priority
        fields = ["board", "title", "period_start", "period_end", "outcomes", "order"]


class MeetingForm(GovUKModelForm):
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
