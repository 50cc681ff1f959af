"""A protocol's review falling due moves it to under review through the lifecycle."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from boards.models import Person
from calendar_cycle import services
from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence, Reminder
from protocols import services as protocol_services
from protocols.exceptions import PermissionDeniedError, TransitionNotAllowedError
from protocols.models import ProtocolVersion

D = dt.date
REVIEW_DAY = D(2026, 7, 13)  # a year on from the last Bromley signature


@pytest.fixture
def cycle(seeds):
    generate_occurrences(today=D(2026, 4, 1))
    return seeds


def _bromley_review(cycle) -> Occurrence:
    return Occurrence.objects.get(
        kind=Occurrence.Kind.REVIEW, version=cycle.versions["bromley"], period_key="review-2026"
    )


def _bromley(cycle) -> ProtocolVersion:
    return ProtocolVersion.objects.get(pk=cycle.versions["bromley"].pk)


def test_a_due_review_puts_the_protocol_under_review_with_the_reason_in_its_history(
    cycle, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.update_states(today=REVIEW_DAY)
    version = _bromley(cycle)
    under_review = ProtocolVersion.objects.filter(status="under_review")
    assert counts["reviews_opened"] == 2
    assert sorted(under_review.values_list("title", flat=True)) == [
        "Bromley H&WB and BSCB protocol",
        "West Berkshire protocol",
    ]
    assert (version.status, version.review_opened_on) == ("under_review", REVIEW_DAY)
    latest = version.history.latest("history_date")
    assert latest.history_change_reason == "The annual review fell due on 13 July 2026"
    assert latest.history_user is None
    review = _bromley_review(cycle)
    assert (review.state, review.done_on) == ("done", REVIEW_DAY)
    assert review.note == "The review opened when it fell due, on the calendar."


def test_the_business_managers_are_told_the_review_opened_once(
    cycle, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_states(today=REVIEW_DAY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.update_states(today=REVIEW_DAY + dt.timedelta(days=1))
    assert callbacks == []
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bromley_bscb_manager@x.gov.uk",
        "bromley_hwb_manager@x.gov.uk",
    ]
    message = mail.outbox[0]
    link = f"http://localhost:8000{cycle.versions['bromley'].get_absolute_url()}"
    assert message.subject == "Review opened: Bromley H&WB and BSCB protocol"
    assert message.body == (
        "The annual review of “Bromley H&WB and BSCB protocol” fell due on 13 July 2026, so "
        "the protocol is now under review.\n\n"
        f"Close the review with its outcome, or start a new version: {link}\n"
    )
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "“Bromley H&amp;WB and BSCB protocol”" in html
    reminder = Reminder.objects.get(occurrence=_bromley_review(cycle))
    assert (reminder.offset, reminder.attempts) == ("review-opened", 1)
    assert reminder.sent_at is not None


def test_a_review_someone_opened_is_recorded_as_done_when_it_falls_due(
    cycle, django_capture_on_commit_callbacks
):
    ProtocolVersion.objects.filter(pk=cycle.versions["bromley"].pk).update(
        status=ProtocolVersion.Status.UNDER_REVIEW, review_opened_on=D(2026, 7, 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.update_states(today=REVIEW_DAY)
    review = _bromley_review(cycle)
    assert counts["reviews_opened"] == 1  # West Berkshire's; Bromley's was open already
    assert _bromley(cycle).review_opened_on == D(2026, 7, 1)
    assert (review.state, review.done_on) == ("done", D(2026, 7, 1))
    assert review.note == "The review opened on 1 July 2026."
    assert mail.outbox == []


def test_a_review_not_yet_due_is_left_alone(cycle, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_states(today=REVIEW_DAY - dt.timedelta(days=1))
    assert _bromley_review(cycle).state == "due_soon"
    assert _bromley(cycle).status == "in_force"
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_a_business_manager_with_no_email_is_not_written_to(
    cycle, django_capture_on_commit_callbacks
):
    Person.objects.filter(user=cycle.users["bromley_hwb_manager"]).update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_states(today=REVIEW_DAY)
    assert [m.to for m in mail.outbox] == [["bromley_bscb_manager@x.gov.uk"]]


def test_the_calendar_cannot_open_the_review_of_a_version_not_in_force(cycle):
    version = _bromley(cycle)
    ProtocolVersion.objects.filter(pk=version.pk).update(status=ProtocolVersion.Status.SIGNED)
    with pytest.raises(TransitionNotAllowedError) as caught:
        protocol_services.version_review_open_due(version=version, on_date=REVIEW_DAY)
    assert caught.value.message == ("You cannot open a review of this version while it is signed.")


def test_nobody_without_a_role_opens_a_review_by_hand(cycle):
    with pytest.raises(PermissionDeniedError) as caught:
        protocol_services.version_transition(
            actor=None, version=_bromley(cycle), name="open_review", on_date=REVIEW_DAY
        )
    assert caught.value.message == (
        "Only a chair or business manager of one of the party boards can open a review of "
        "this version."
    )
    assert _bromley(cycle).status == "in_force"
