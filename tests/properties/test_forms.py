"""Every form of the project, fed random input: it is valid or it says what is wrong; it
never raises. And random posts to the pages that create and change records never
answer with a server error.

The forms are found in the apps' form modules, so a new form is fuzzed without a line
here; a form that needs something to be built (the boards it offers, a meeting, a
transition) gets it from ``ARGUMENTS`` by the name of its parameter, and a form asking for
an unknown one fails here by name.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boards.models import Area, Board, Meeting, Person, Post
from calendar_cycle.models import Occurrence
from protocols import lifecycle
from protocols.models import Comment, Protocol, ProtocolVersion, Section
from reporting.models import Clearance
from tests import factories as f

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORM_MODULES = (
    "boards.forms",
    "protocols.forms",
    "protocols.timing_forms",
    "protocols.import_forms",
    "reporting.forms",
    "calendar_cycle.forms",
)
#: bases other forms build on; they are not forms a page shows
BASES = {
    "boards.forms.GovUKModelForm",  # has no model of its own
    "protocols.forms.GovUKForm",
}


def form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == name
                and f"{name}.{value.__name__}" not in BASES
            ):
                found.append(value)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__name__}")


FORMS = form_classes()


def occurrence(world) -> Occurrence:
    """An occurrence (not saved) of an obligation in a version, for the record-done form."""
    version = ProtocolVersion.objects.select_related("protocol").first()
    return Occurrence(
        version=version,
        obligation=version.obligations.first(),
        financial_year=2026,
        period_key="2026",
        due_on=dt.date(2027, 1, 31),
        opens_on=dt.date(2026, 10, 1),
    )


#: what each form parameter is given, by name
ARGUMENTS = {
    "user": lambda w: w.user("business_manager"),
    "area": lambda w: w.area_a,
    "board": lambda w: w.hwb,
    "boards": lambda w: Board.objects.all(),
    "areas": lambda w: Area.objects.all(),
    "people": lambda w: Person.objects.all(),
    "chairs": lambda w: Person.objects.all(),
    "officers": lambda w: Person.objects.all(),
    "posts": lambda w: Post.objects.all(),
    "sections": lambda w: Section.objects.all(),
    "comments": lambda w: Comment.objects.all(),
    "numbers": lambda w: [1, 2, 3],
    "meetings": lambda w: Meeting.objects.all(),
    "meeting": lambda w: Meeting.objects.first(),
    "protocols": lambda w: Protocol.objects.all(),
    "raising_boards": lambda w: Board.objects.all(),
    "other_boards": lambda w: Board.objects.all(),
    "clearances": lambda w: Clearance.objects.all(),
    "transition": lambda w: lifecycle.get("bring_into_force"),
    "label": lambda w: "Confirm",
    "ask_urgency": lambda w: True,
    "occurrence": occurrence,
    "sides": lambda w: [(f"board:{w.hwb.pk}", "HWB"), (f"board:{w.scp.pk}", "ASCP")],
}


def arguments_for(form_class, world) -> dict:
    """Return the keyword arguments the form's constructors (its own and its bases') need."""
    missing, found = [], {}
    constructors = [k.__init__ for k in form_class.__mro__ if "__init__" in vars(k)]
    for constructor in constructors:
        for name, parameter in inspect.signature(constructor).parameters.items():
            if parameter.kind != parameter.KEYWORD_ONLY or parameter.default is not parameter.empty:
                continue
            if name not in ARGUMENTS:
                missing.append(name)
            elif name not in found:
                found[name] = ARGUMENTS[name](world)
    assert not missing, f"{form_class.__name__} needs {missing}: add them to ARGUMENTS"
    return found


junk = st.text(max_size=60) | st.sampled_from(["", " ", "0", "-1", "1e400", "\x00", "9" * 30])


def values_for(field: forms.Field) -> st.SearchStrategy:
    """Draw what a browser (or someone forging a post) could send for ``field``."""
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        single = values_for_choice(field)
        return st.lists(single, max_size=4)
    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        return values_for_choice(field)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "0"]) | junk
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return st.integers(-(10**20), 10**20).map(str) | junk
    if isinstance(field, forms.DateField):
        return st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat) | junk
    if isinstance(field, forms.TimeField):
        return st.times().map(lambda t: t.strftime("%H:%M")) | junk
    return st.text(max_size=400) | junk


def values_for_choice(field) -> st.SearchStrategy:
    if isinstance(field, forms.ModelChoiceField):
        pks = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:20]]
        known = st.sampled_from(pks) if pks else junk
        return known | junk
    choices = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):
            choices += [str(v) for v, _ in label]
        else:
            choices.append(str(value))
    return (st.sampled_from(choices) if choices else junk) | junk


@pytest.fixture
def filled(cast, draft):
    """The world with a protocol, its obligation, a meeting and a report to offer."""
    f.MeetingFactory(board=cast.hwb, date=dt.date(2027, 3, 11))
    from protocols import services

    services.obligation_add(
        actor=cast.user("business_manager"),
        version=draft,
        section=draft.sections.first(),
        what="present_report",
        description="Present the annual report.",
        timing={"kind": "fixed_month", "month": 9},
        owing_board=cast.scp,
        receiving_board=cast.hwb,
    )
    return cast


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_any_input_to_a_form_is_valid_or_an_error_never_an_exception(filled, form_class):
    kwargs = arguments_for(form_class, filled)
    fields = form_class(**kwargs).fields

    @PROPERTY
    @given(st.data())
    def check(data):
        posted, files = {}, {}
        for name, field in fields.items():
            key = form_class(**kwargs).add_prefix(name)
            if isinstance(field, forms.FileField):
                if data.draw(st.booleans()):
                    content = data.draw(st.binary(max_size=200))
                    filename = data.draw(st.sampled_from(["a.pdf", "a.docx", "a.txt", "a"]))
                    files[key] = SimpleUploadedFile(filename, content)
                continue
            if data.draw(st.integers(0, 9)):  # now and then a field is left out
                posted[key] = data.draw(values_for(field))
        form = form_class(data=posted, files=files, **kwargs)
        if form.is_valid():
            assert form.errors == {}
        else:
            assert form.errors
            for messages in form.errors.values():
                assert all(isinstance(m, str) and m for m in messages)

    check()


def test_every_form_module_is_searched():
    assert len(FORMS) >= 30
    names = {c.__name__ for c in FORMS}
    assert {"MeetingForm", "ObligationForm", "ReportForm", "RecordDoneForm"} <= names


# --- pages ----------------------------------------------------------------------------------


def page_posts(world, version) -> list[tuple[str, str, list[str]]]:
    """(who, where, which fields) for the pages that create and change the main records."""
    keys = {"pk": version.protocol_id, "number": version.number}
    section = version.sections.first()
    return [
        (
            "business_manager",
            reverse("boards:meeting_create") + f"?board={world.hwb.pk}",
            ["board", "subgroup", "date", "start_time", "place", "status", "notes"],
        ),
        (
            "business_manager",
            reverse("boards:board_update", kwargs={"pk": world.hwb.pk}),
            ["name", "short_name", "kind", "chair_arrangement", "area", "meeting_frequency"],
        ),
        (
            "business_manager",
            reverse("protocols:protocol_create") + "?area=alderley",
            ["title", "reference", "boards", "purpose", "review-kind", "review-every_years"],
        ),
        (
            "business_manager",
            reverse("protocols:section_update", kwargs={**keys, "section_pk": section.pk}),
            ["heading", "kind", "body", "revision"],
        ),
        (
            "business_manager",
            reverse("protocols:obligation_create", kwargs=keys),
            [
                "section",
                "owed_by",
                "owed_to",
                "what",
                "description",
                "timing-kind",
                "timing-start_month",
                "timing-end_month",
                "timing-deadline_month",
                "timing-deadline_day",
                "timing-every",
                "timing-anchor",
                "timing-within_days",
            ],
        ),
        (
            "democratic_services",
            reverse("reporting:report_create"),
            ["board", "meeting", "title", "agenda_item", "synopsis", "recommendations"],
        ),
    ]


@pytest.mark.parametrize("page", range(6))
def test_random_posts_to_a_page_never_answer_with_a_server_error(filled, draft, client, page):
    who, url, names = page_posts(filled, draft)[page]
    client.force_login(filled.user(who), backend="django.contrib.auth.backends.ModelBackend")
    values = st.text(max_size=80) | junk | st.lists(junk, max_size=3)

    @PROPERTY
    @given(st.dictionaries(st.sampled_from(names), values))
    def check(posted):
        response = client.post(url, posted)
        assert response.status_code in (200, 302, 400, 403, 404), response.status_code

    check()


def test_a_forged_id_past_the_largest_key_is_an_invalid_choice_not_an_overflow(filled):
    from boards.forms import BoardForm
    from protocols.forms import ProtocolCreateForm

    huge = str(2**63)
    form = BoardForm(
        data={"additional_areas": [huge]}, instance=filled.hwb, user=filled.user("superuser")
    )
    assert not form.is_valid()
    assert form.errors["additional_areas"] == [f"“{huge}” is not a valid value."]
    form = ProtocolCreateForm(data={"boards": ["-" + huge]}, boards=Board.objects.all())
    assert not form.is_valid()
    assert form.errors["boards"] == ["Select boards of this area from the list."]
