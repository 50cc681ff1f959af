"""States through the year, recording done or waived, events, and the protocol's review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from boards.exceptions import ConflictError, DomainError, PermissionDeniedError
from calendar_cycle import services
from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence
from protocols.models import ProtocolVersion
from tests.factories import protocols as pf

from .conftest import meeting

D = dt.date
START_OF_2026 = D(2026, 4, 1)


@pytest.fixture
def cycle(seeds):
    generate_occurrences(today=START_OF_2026)
    return seeds


def occurrence(seeds, label, period="2026") -> Occurrence:
    return Occurrence.objects.get(obligation=seeds.obligation(label), period_key=period)


# --- states --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (D(2026, 8, 31), "upcoming"),
        (D(2026, 9, 1), "open"),
        (D(2026, 9, 15), "open"),
        (D(2026, 9, 16), "due_soon"),
        (D(2026, 9, 30), "due_soon"),
        (D(2026, 10, 1), "overdue"),
    ],
)
def test_the_bolton_september_report_moves_through_the_states(cycle, today, state):
    services.update_states(today=today)
    assert occurrence(cycle, "bolton_annual_report").state == state


def test_a_deadline_with_no_window_is_upcoming_until_due_soon(cycle):
    services.update_states(today=D(2026, 6, 15))
    assert occurrence(cycle, "bolton_business_plan").state == "upcoming"
    services.update_states(today=D(2026, 6, 16))
    assert occurrence(cycle, "bolton_business_plan").state == "due_soon"


def test_each_state_change_gets_one_history_row_with_its_reason(cycle):
    report = occurrence(cycle, "bolton_annual_report")
    before = report.history.count()
    services.update_states(today=D(2026, 9, 1))
    services.update_states(today=D(2026, 9, 2))  # no change: no history
    services.update_states(today=D(2026, 10, 1))
    reasons = list(
        report.history.order_by("history_date", "history_id").values_list(
            "state", "history_change_reason"
        )
    )[before:]
    assert reasons == [("open", "Window opened"), ("overdue", "Now overdue")]


def test_a_second_update_on_the_same_day_changes_nothing(cycle):
    first = services.update_states(today=D(2026, 9, 1))
    history = Occurrence.history.count()
    second = services.update_states(today=D(2026, 9, 1))
    assert first["open"] > 0
    assert second == {
        "overdue": 0,
        "due_soon": 0,
        "open": 0,
        "upcoming": 0,
        "reviews_opened": 0,
    }
    assert Occurrence.history.count() == history


def test_done_and_waived_occurrences_keep_their_state(cycle):
    done = occurrence(cycle, "bolton_annual_report")
    waived = occurrence(cycle, "bolton_business_plan")
    with freeze_time("2026-09-10 10:00"):
        services.occurrence_record_done(
            actor=cycle.users["bolton_bscb_manager"],
            occurrence=done,
            done_on=D(2026, 9, 10),
            note="Presented.",
        )
        services.occurrence_waive(
            actor=cycle.users["bolton_bscb_manager"],
            occurrence=waived,
            reason="The plan was shared with the annual report.",
        )
    services.update_states(today=D(2027, 3, 1))
    done.refresh_from_db()
    waived.refresh_from_db()
    assert (done.state, waived.state) == ("done", "waived")


def test_due_soon_days_come_from_the_setting(cycle, settings):
    settings.CALENDAR_DUE_SOON_DAYS = 30
    services.update_states(today=D(2026, 6, 1))
    assert occurrence(cycle, "bolton_business_plan").state == "due_soon"


def test_updating_states_makes_the_same_number_of_queries_for_more_occurrences(db):
    from .conftest import build_seeds

    def queries_from_upcoming(today) -> int:
        Occurrence.objects.update(state="upcoming")
        with CaptureQueriesContext(connection) as captured:
            services.update_states(today=today)
        return len(captured)

    build_seeds()
    generate_occurrences(today=START_OF_2026)
    small_rows = Occurrence.objects.count()
    small = queries_from_upcoming(D(2026, 4, 20))
    for _ in range(3):
        version = pf.ProtocolVersionFactory(
            status=ProtocolVersion.Status.IN_FORCE, in_force_from=D(2020, 1, 1)
        )
        for every in ("annually", "quarterly"):
            pf.ObligationFactory(version=version, timing={"kind": "frequency", "every": every})
    generate_occurrences(today=START_OF_2026)
    large = queries_from_upcoming(D(2026, 4, 20))
    assert Occurrence.objects.count() > small_rows + 30
    assert large == small


# --- recording done ------------------------------------------------------------------


@freeze_time("2026-10-09 10:00")
def test_the_owing_business_manager_records_done_with_the_receiving_boards_meeting(cycle):
    held = meeting(cycle.boards["bolton_bhwb"], D(2026, 9, 24), status="held")
    report = occurrence(cycle, "bolton_annual_report")
    manager = cycle.users["bolton_bscb_manager"]
    result = services.occurrence_record_done(
        actor=manager,
        occurrence=report,
        done_on=D(2026, 9, 24),
        meeting=held,
        note="  Presented by the independent chair.  ",
    )
    report.refresh_from_db()
    assert (report.state, report.done_on, report.evidence_meeting) == ("done", D(2026, 9, 24), held)
    assert report.note == "Presented by the independent chair."
    assert report.recorded_by == manager
    last = report.history.latest("history_date")
    assert (last.history_user, last.history_change_reason) == (manager, "Recorded as done")
    assert result.pk == report.pk


@freeze_time("2026-10-09 10:00")
def test_the_receiving_chair_records_done_with_their_own_boards_meeting(cycle):
    held = meeting(cycle.boards["bolton_bhwb"], D(2026, 9, 24), status="held")
    report = occurrence(cycle, "bolton_annual_report")
    services.occurrence_record_done(
        actor=cycle.users["bolton_bhwb_chair"],
        occurrence=report,
        done_on=D(2026, 9, 24),
        meeting=held,
    )
    report.refresh_from_db()
    assert report.state == "done"


@freeze_time("2026-10-09 10:00")
def test_the_receiving_chair_cannot_record_done_without_their_boards_meeting(cycle):
    report = occurrence(cycle, "bolton_annual_report")
    with pytest.raises(PermissionDeniedError) as refusal:
        services.occurrence_record_done(
            actor=cycle.users["bolton_bhwb_chair"],
            occurrence=report,
            done_on=D(2026, 9, 24),
            note="We heard it.",
        )
    assert refusal.value.message == (
        "Only a chair or business manager of the board that owes this can record it done."
    )
    report.refresh_from_db()
    assert report.state != "done"


@freeze_time("2026-10-09 10:00")
def test_either_board_records_a_meeting_between_the_boards(cycle):
    meet = occurrence(cycle, "bolton_officers_meet", "2026-Q2")
    services.occurrence_record_done(
        actor=cycle.users["bolton_bhwb_manager"],
        occurrence=meet,
        done_on=D(2026, 9, 3),
        note="Officers met.",
    )
    meet.refresh_from_db()
    assert meet.state == "done"


@pytest.mark.parametrize("who", ["bolton_member", "bromley_bscb_manager", None])
@freeze_time("2026-10-09 10:00")
def test_others_cannot_record_done(cycle, who):
    actor = cycle.users[who] if who else None
    report = occurrence(cycle, "bolton_annual_report")
    with pytest.raises(PermissionDeniedError):
        services.occurrence_record_done(
            actor=actor, occurrence=report, done_on=D(2026, 9, 24), note="Done."
        )


def _record(cycle, **kwargs):
    report = occurrence(cycle, "bolton_annual_report")
    arguments = {
        "actor": cycle.users["bolton_bscb_manager"],
        "occurrence": report,
        "done_on": D(2026, 9, 24),
    } | kwargs
    return report, arguments


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"done_on": None, "note": "x"}, "done_on", "Enter the date it was done."),
        (
            {"done_on": D(2026, 10, 10), "note": "x"},
            "done_on",
            "The date it was done must be today or in the past.",
        ),
        (
            {},
            "evidence",
            "Give the evidence that it was done: a meeting, a document, a link or a note.",
        ),
        ({"note": "   "}, "evidence", None),
        (
            {"link": "javascript:alert(1)"},
            "link",
            "Enter the link as a full web address, starting with https://",
        ),
        ({"link": "bolton.gov.uk/report"}, "link", None),
        ({"note": "x" * 2001}, "note", "Keep the note to 2000 characters or fewer."),
    ],
)
@freeze_time("2026-10-09 10:00")
def test_bad_input_is_refused_with_a_field_and_nothing_is_saved(cycle, kwargs, field, message):
    report, arguments = _record(cycle, **kwargs)
    with pytest.raises(DomainError) as refusal:
        services.occurrence_record_done(**arguments)
    assert refusal.value.field == field
    if message is not None:
        assert refusal.value.message == message
    report.refresh_from_db()
    assert (report.state, report.done_on, report.note) == ("upcoming", None, "")


@freeze_time("2026-10-09 10:00")
def test_a_meeting_of_another_board_is_not_evidence(cycle):
    other = meeting(cycle.boards["bromley_hwb"], D(2026, 9, 24), status="held")
    report, arguments = _record(cycle, meeting=other)
    with pytest.raises(DomainError) as refusal:
        services.occurrence_record_done(**arguments)
    assert (refusal.value.field, refusal.value.message) == (
        "meeting",
        "Choose a meeting of a board this is owed by or owed to.",
    )


@freeze_time("2026-10-09 10:00")
def test_a_cancelled_meeting_is_not_evidence(cycle):
    called_off = meeting(cycle.boards["bolton_bhwb"], D(2026, 9, 24), status="cancelled")
    report, arguments = _record(cycle, meeting=called_off)
    with pytest.raises(DomainError) as refusal:
        services.occurrence_record_done(**arguments)
    assert refusal.value.message == "That meeting was cancelled: choose a meeting that took place."


@freeze_time("2026-10-09 10:00")
def test_a_meeting_after_the_date_done_is_not_evidence(cycle):
    later = meeting(cycle.boards["bolton_bhwb"], D(2026, 10, 8), status="held")
    report, arguments = _record(cycle, meeting=later)
    with pytest.raises(DomainError) as refusal:
        services.occurrence_record_done(**arguments)
    assert refusal.value.message == "The meeting must be on or before the date it was done."


@freeze_time("2026-10-09 10:00")
def test_a_document_is_stored_as_evidence(cycle, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("annual-report.pdf", b"%PDF-1.7 report", "application/pdf")
    report, arguments = _record(cycle, document=upload)
    services.occurrence_record_done(**arguments)
    report.refresh_from_db()
    assert report.evidence_document.name.startswith("evidence/2026/10/annual-report")
    assert report.evidence_document.read() == b"%PDF-1.7 report"


@freeze_time("2026-10-09 10:00")
def test_a_document_of_the_wrong_kind_is_refused(cycle, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("report.exe", b"MZ", "application/octet-stream")
    report, arguments = _record(cycle, document=upload)
    with pytest.raises(DomainError) as refusal:
        services.occurrence_record_done(**arguments)
    assert (refusal.value.field, refusal.value.message) == (
        "document",
        "The document must be a PDF, Word, OpenDocument, spreadsheet, slides or text file.",
    )
    assert list(tmp_path.rglob("*")) == []


@freeze_time("2026-10-09 10:00")
def test_done_twice_is_refused(cycle):
    report, arguments = _record(cycle, note="Presented.")
    services.occurrence_record_done(**arguments)
    with pytest.raises(ConflictError) as refusal:
        services.occurrence_record_done(**arguments)
    assert refusal.value.message == "This was already recorded as done on 24 September 2026."


# --- waiving -------------------------------------------------------------------------


@freeze_time("2026-10-09 10:00")
def test_the_owing_board_waives_with_a_reason(cycle):
    plan = occurrence(cycle, "bolton_business_plan")
    manager = cycle.users["bolton_bscb_manager"]
    services.occurrence_waive(actor=manager, occurrence=plan, reason=" Plan delayed by Ofsted. ")
    plan.refresh_from_db()
    assert (plan.state, plan.waived_reason) == ("waived", "Plan delayed by Ofsted.")
    last = plan.history.latest("history_date")
    assert (last.history_user, last.history_change_reason) == (manager, "Waived")
    with pytest.raises(ConflictError) as refusal:
        services.occurrence_record_done(
            actor=manager, occurrence=plan, done_on=D(2026, 10, 1), note="Shared after all."
        )
    assert refusal.value.message == "This has been waived, so it cannot be changed."


@freeze_time("2026-10-09 10:00")
def test_waiving_needs_a_reason(cycle):
    plan = occurrence(cycle, "bolton_business_plan")
    with pytest.raises(DomainError) as refusal:
        services.occurrence_waive(
            actor=cycle.users["bolton_bscb_manager"], occurrence=plan, reason="  "
        )
    assert (refusal.value.field, refusal.value.message) == (
        "reason",
        "Enter the reason for waiving it.",
    )


@freeze_time("2026-10-09 10:00")
def test_the_receiving_board_cannot_waive(cycle):
    plan = occurrence(cycle, "bolton_business_plan")
    with pytest.raises(PermissionDeniedError) as refusal:
        services.occurrence_waive(
            actor=cycle.users["bolton_bhwb_chair"], occurrence=plan, reason="Not needed."
        )
    assert refusal.value.message == (
        "Only a chair or business manager of the board that owes this can waive it."
    )


# --- events --------------------------------------------------------------------------


@freeze_time("2026-10-09 10:00")
def test_an_event_can_only_be_recorded_for_an_obligation_that_follows_one(cycle):
    with pytest.raises(DomainError) as refusal:
        services.event_record(
            actor=cycle.users["bolton_bscb_manager"],
            obligation=cycle.obligation("bolton_annual_report"),
            happened_on=D(2026, 10, 1),
        )
    assert refusal.value.message == "This obligation does not follow an event."


@freeze_time("2026-10-09 10:00")
def test_a_member_cannot_record_an_event(cycle):
    with pytest.raises(PermissionDeniedError):
        services.event_record(
            actor=cycle.users["bolton_member"],
            obligation=cycle.obligation("bolton_scr_learning"),
            happened_on=D(2026, 10, 1),
        )


@freeze_time("2026-10-09 10:00")
def test_an_event_in_the_future_is_refused(cycle):
    with pytest.raises(DomainError) as refusal:
        services.event_record(
            actor=cycle.users["bolton_bscb_manager"],
            obligation=cycle.obligation("bolton_scr_learning"),
            happened_on=D(2026, 10, 10),
        )
    assert (refusal.value.field, refusal.value.message) == (
        "happened_on",
        "The date the event happened must be today or in the past.",
    )
