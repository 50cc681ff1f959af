"""An occurrence overdue too long is flagged to both chairs and suggested on the ladder."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from boards.models import Membership
from calendar_cycle import services
from calendar_cycle.escalation import occurrences_escalate, suggestion_key
from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence, Reminder
from protocols import services as protocol_services
from protocols.models import Concern
from tests import factories as f
from tests.factories import protocols as pf

D = dt.date
LAST_QUIET_DAY = D(2026, 10, 28)  # Bolton's report was due 30 September: 28 days overdue
SUBJECT = (
    "Overdue for more than 28 days: The BSCB presents its annual assessment and report, "
    "with CDOP and…"
)
CHAIRS = ["bolton_bhwb_chair@x.gov.uk", "bscb.chair@bolton.gov.uk"]


@pytest.fixture
def cycle(seeds):
    generate_occurrences(today=D(2026, 4, 1))
    bolton = seeds.versions["bolton"]
    pf.LadderStepFactory(version=bolton, order=1, title="The business managers meet")
    pf.LadderStepFactory(version=bolton, order=2, title="The chairs meet")
    chair = f.PersonFactory(area=seeds.areas["bolton"], email="bscb.chair@bolton.gov.uk")
    f.MembershipFactory(
        person=chair, board=seeds.boards["bolton_bscb"], role=Membership.Role.INDEPENDENT_CHAIR
    )
    return seeds


def report(cycle) -> Occurrence:
    return Occurrence.objects.get(
        obligation=cycle.obligation("bolton_annual_report"), period_key="2026"
    )


def escalate(day: dt.date, capture) -> int:
    with capture(execute=True):
        return occurrences_escalate(today=day)


def test_it_is_flagged_the_day_after_it_has_been_overdue_for_the_setting(
    cycle, django_capture_on_commit_callbacks
):
    escalate(LAST_QUIET_DAY, django_capture_on_commit_callbacks)
    assert report(cycle).escalated_on is None
    escalate(LAST_QUIET_DAY + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    flagged = report(cycle)
    assert flagged.escalated_on == D(2026, 10, 29)
    latest = flagged.history.latest("history_date")
    assert (latest.escalated_on, latest.history_change_reason) == (
        D(2026, 10, 29),
        "Escalated to both boards' chairs",
    )


def test_both_boards_chairs_are_emailed_once(cycle, django_capture_on_commit_callbacks):
    for day in (29, 30, 31):
        escalate(D(2026, 10, day), django_capture_on_commit_callbacks)
    messages = [m for m in mail.outbox if m.subject == SUBJECT]
    assert sorted(m.to[0] for m in messages) == CHAIRS
    assert messages[0].body.startswith(
        "This was due by 30 September 2026 and has been overdue for more than 28 days, so it "
        "is brought to the chairs of both boards.\n\n"
    )
    reminder = Reminder.objects.get(occurrence=report(cycle), offset="escalated")
    assert reminder.recipients == ", ".join(CHAIRS)
    assert reminder.sent_at is not None


def test_a_concern_is_suggested_at_the_first_step_of_the_ladder_once(
    cycle, django_capture_on_commit_callbacks
):
    escalate(D(2026, 10, 29), django_capture_on_commit_callbacks)
    escalate(D(2026, 11, 5), django_capture_on_commit_callbacks)
    [concern] = Concern.objects.filter(suggested_for=suggestion_key(report(cycle)))
    assert concern.status == "suggested"
    assert concern.raised_by is None
    assert (concern.raised_by_board, concern.raised_with_board) == (
        cycle.boards["bolton_bhwb"],
        cycle.boards["bolton_bscb"],
    )
    assert concern.subject == (
        "Overdue since 30 September 2026: The BSCB presents its annual assessment and report, "
        "with CDOP and case review learning."
    )
    [step] = concern.steps.all()
    assert step.ladder_step.title == "The business managers meet"
    assert step.request == (
        "The chairs of the BHWB and the BSCB agree why it is overdue and the date by which it "
        "will be done."
    )


def test_the_suggested_concern_is_on_the_protocols_page_as_a_suggested_first_step(
    cycle, django_capture_on_commit_callbacks, client
):
    escalate(D(2026, 10, 29), django_capture_on_commit_callbacks)
    concern = Concern.objects.get(suggested_for=suggestion_key(report(cycle)))
    client.force_login(
        cycle.users["bolton_bhwb_chair"], backend="django.contrib.auth.backends.ModelBackend"
    )
    page = client.get(cycle.versions["bolton"].get_absolute_url())
    assert page.status_code == 200
    assert (
        f'<a class="govuk-link" href="{concern.get_absolute_url()}">{concern.subject}</a> – '
        "raised by the BHWB with the BSCB on 29 October 2026 (suggested)"
    ) in page.content.decode()
    detail = client.get(concern.get_absolute_url()).content.decode()
    assert "The chairs of the BHWB and the BSCB agree why it is overdue" in detail
    assert (
        "By the reporting cycle on 29 October 2026, because a duty has been overdue too long."
    ) in detail
    assert "Raised by" not in detail


def test_suggesting_again_returns_the_concern_already_suggested(cycle):
    occurrence = report(cycle)
    arguments = {
        "version": cycle.versions["bolton"],
        "key": suggestion_key(occurrence),
        "raised_by_board": cycle.boards["bolton_bhwb"],
        "raised_with_board": cycle.boards["bolton_bscb"],
        "subject": "Overdue",
        "description": "Not done.",
        "request": "Agree a date.",
        "on_date": D(2026, 10, 29),
    }
    first = protocol_services.concern_suggest(**arguments)
    second = protocol_services.concern_suggest(**arguments)
    assert first.pk == second.pk
    assert Concern.objects.filter(suggested_for=arguments["key"]).count() == 1


@freeze_time("2026-11-02 10:00")
def test_recording_it_done_closes_the_suggestion(cycle, django_capture_on_commit_callbacks):
    escalate(D(2026, 10, 29), django_capture_on_commit_callbacks)
    services.occurrence_record_done(
        actor=cycle.users["bolton_bscb_manager"],
        occurrence=report(cycle),
        done_on=D(2026, 11, 2),
        note="Presented late.",
    )
    concern = Concern.objects.get(suggested_for=suggestion_key(report(cycle)))
    assert (concern.status, concern.outcome) == (
        "withdrawn",
        "It was recorded as done on 2 November 2026.",
    )


def test_with_no_ladder_it_is_flagged_and_emailed_but_no_concern_is_suggested(
    cycle, django_capture_on_commit_callbacks
):
    cycle.versions["bolton"].ladder_steps.all().delete()
    escalate(D(2026, 10, 29), django_capture_on_commit_callbacks)
    assert report(cycle).escalated_on == D(2026, 10, 29)
    assert len([m for m in mail.outbox if m.subject == SUBJECT]) == 2
    assert not Concern.objects.exists()


def test_the_period_comes_from_the_setting(cycle, settings, django_capture_on_commit_callbacks):
    settings.CYCLE_ESCALATE_AFTER_DAYS = 7
    escalate(D(2026, 10, 8), django_capture_on_commit_callbacks)
    assert report(cycle).escalated_on == D(2026, 10, 8)
    expected = (
        "Overdue for more than 7 days: The BSCB presents its annual assessment and report, "
        "with CDOP and…"
    )
    assert sorted(m.to[0] for m in mail.outbox if m.subject == expected) == CHAIRS
