"""The clearance workflow: every transition, every refusal, frozen reports and revisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from boards.exceptions import ConflictError, DomainError, PermissionDeniedError
from reporting import services
from reporting.models import Clearance, CommitteeReport, Recommendation
from tests import factories as f
from tests.reporting.support import clear, make_report, publish

Status = CommitteeReport.Status

FROZEN = "This report has been cleared, so it cannot change. Start a new revision to change it."
IN_CLEARANCE = "This report is in clearance. Withdraw it from clearance to change it."
NOT_DS = "Only democratic services officers of this area can change its reports."


def ds(office):
    return office.user("democratic_services")


def in_clearance(office, report, officers=("finance",)):
    people = {"finance": office.finance, "legal": office.legal}
    for role in officers:
        services.clearance_add(actor=ds(office), report=report, officer=people[role], role=role)
    return services.report_submit(actor=ds(office), report=report)


def record(office, report, role, decision=Clearance.Decision.CLEARED, comment=""):
    clearance = report.clearances.select_related("officer__user").get(role=role)
    return services.clearance_record(
        actor=clearance.officer.user, clearance=clearance, decision=decision, comment=comment
    )


def in_state(office, status: str) -> CommitteeReport:
    report = make_report(office)
    if status == Status.DRAFT:
        return report
    if status == Status.IN_CLEARANCE:
        return in_clearance(office, report)
    report = clear(office, report)
    if status == Status.PUBLISHED:
        report = publish(office, report)
    return report


# --- starting and changing a report ------------------------------------------------------


def test_democratic_services_start_a_draft_with_numbered_recommendations(office):
    report = make_report(office, recommendations=["  First  ", "", "Second\tone"])
    assert report.status == Status.DRAFT
    assert report.revision == 1
    assert report.created_by == ds(office)
    assert list(report.recommendations.values_list("order", "text")) == [
        (1, "First"),
        (2, "Second one"),
    ]
    assert report.history.first().history_user == ds(office)


@pytest.mark.parametrize("role", ["member", "business_manager", "chair", "business_manager_b"])
def test_only_democratic_services_start_a_report(office, role):
    with pytest.raises(PermissionDeniedError, match=NOT_DS):
        services.report_create(
            actor=office.user(role),
            report=CommitteeReport(
                area=office.area_a, board=office.hwb, meeting=office.meeting, title="A report"
            ),
        )
    assert not CommitteeReport.objects.exists()


def test_democratic_services_of_another_area_cannot_start_a_report_here(office):
    with pytest.raises(PermissionDeniedError, match=NOT_DS):
        make_report_as(office, office.user("ds_b"))


def make_report_as(office, actor):
    return services.report_create(
        actor=actor,
        report=CommitteeReport(
            area=office.area_a, board=office.hwb, meeting=office.meeting, title="A report"
        ),
    )


def test_a_part_2_report_must_name_its_schedule_12a_paragraph(office):
    with pytest.raises(ValidationError) as caught:
        make_report(office, part=CommitteeReport.Part.EXEMPT)
    assert caught.value.message_dict == {
        "exempt_paragraph": [
            "Choose the paragraph of Schedule 12A to the Local Government Act 1972 that "
            "makes the report exempt."
        ]
    }
    report = make_report(office, part=CommitteeReport.Part.EXEMPT, exempt_paragraph=3)
    assert report.exemption == (
        "Exempt: paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
    )


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"exempt_paragraph": 2},
            {
                "exempt_paragraph": [
                    "A public (Part 1) report has no exemption paragraph: choose Part 2, or "
                    "no paragraph."
                ]
            },
        ),
        (
            {"part": CommitteeReport.Part.EXEMPT, "exempt_paragraph": 8},
            {"exempt_paragraph": ["Value 8 is not a valid choice."]},
        ),
        ({"is_urgent": True}, {"urgency_reason": ["Give the reasons why the report is urgent."]}),
        ({"is_late": True}, {"late_reason": ["Give the reasons why the report is late."]}),
        (
            {"board": None, "meeting": None},
            {"board": ["Choose the board the report goes to, or name the committee."]},
        ),
        ({"meeting": None}, {"meeting": ["Choose the meeting the report is for."]}),
        (
            {"committee_name": "Care Services PDS Committee"},
            {"committee_name": ["Choose a board or name a committee, not both."]},
        ),
        (
            {"board": None, "meeting": None, "committee_name": "Care Services PDS Committee"},
            {"meeting_date": ["Enter the date of the committee meeting."]},
        ),
        (
            {"meeting_date": dt.date(2031, 1, 1)},
            {"meeting_date": ["Leave the date blank: it comes from the board's meeting."]},
        ),
        (
            {"report_of_name": "Someone else"},
            {"report_of_name": ["Choose a post or type who the report is of, not both."]},
        ),
    ],
)
def test_a_report_that_breaks_the_house_rules_is_refused_at_its_field(office, fields, errors):
    with pytest.raises(ValidationError) as caught:
        make_report(office, **fields)
    assert caught.value.message_dict == errors
    assert not CommitteeReport.objects.exists()


def test_a_meeting_of_another_board_is_refused(office):
    other = f.MeetingFactory(board=office.scp, date=dt.date(2031, 11, 6))
    with pytest.raises(ValidationError) as caught:
        make_report(office, meeting=other)
    assert caught.value.message_dict == {
        "meeting": ["Choose a meeting of the board the report goes to."]
    }


def test_a_report_to_a_committee_outside_the_records_takes_its_date(office):
    report = make_report(
        office,
        board=None,
        meeting=None,
        committee_name="Care Services Policy Development and Scrutiny Committee",
        meeting_date=dt.date(2031, 12, 4),
    )
    assert report.report_to == "Care Services Policy Development and Scrutiny Committee"
    assert report.meeting_on == dt.date(2031, 12, 4)


def test_an_edit_cannot_rewrite_the_workflow_fields(office, draft):
    draft.status = Status.PUBLISHED
    draft.revision = 9
    draft.title = "New title"
    services.report_update(actor=ds(office), report=draft)
    draft.refresh_from_db()
    assert (draft.status, draft.revision, draft.title) == (Status.DRAFT, 1, "New title")


def test_sections_and_implications_are_replaced_in_the_order_given(office, draft):
    services.report_sections_replace(
        actor=ds(office), report=draft, sections=[("Two", "b"), ("One", "a")]
    )
    services.report_implications_replace(
        actor=ds(office), report=draft, implications=[("Safeguarding implications", "None")]
    )
    assert list(draft.sections.values_list("order", "heading", "body")) == [
        (1, "Two", "b"),
        (2, "One", "a"),
    ]
    assert list(draft.other_implications.values_list("heading", "text")) == [
        ("Safeguarding implications", "None")
    ]


# --- naming officers -----------------------------------------------------------------------


def test_an_officer_without_a_log_in_cannot_be_named(office, draft):
    with pytest.raises(DomainError) as caught:
        services.clearance_add(
            actor=ds(office), report=draft, officer=office.no_login, role="finance"
        )
    assert caught.value.message == (
        "Pat Nologin has no log-in, so could not record a clearance. Give them a log-in first."
    )
    assert caught.value.field == "officer"


def test_an_officer_of_another_area_cannot_be_named(office, draft):
    stranger = f.PersonFactory(area=office.area_b, user=f.UserFactory(username="stranger"))
    with pytest.raises(DomainError, match="Choose an officer of this area."):
        services.clearance_add(actor=ds(office), report=draft, officer=stranger, role="legal")


def test_an_officer_is_named_once_for_each_role(office, draft):
    services.clearance_add(actor=ds(office), report=draft, officer=office.finance, role="finance")
    with pytest.raises(DomainError) as caught:
        services.clearance_add(
            actor=ds(office), report=draft, officer=office.finance, role="finance"
        )
    assert caught.value.message == "Finance Officer is already named for finance clearance."
    assert draft.clearances.count() == 1


# --- the transitions ------------------------------------------------------------------------

ALLOWED = {
    ("submit", Status.DRAFT): Status.IN_CLEARANCE,
    ("withdraw", Status.IN_CLEARANCE): Status.DRAFT,
    ("publish", Status.CLEARED): Status.PUBLISHED,
}
REFUSED = {
    ("submit", Status.IN_CLEARANCE): "This report is in clearance, so it cannot be sent for "
    "clearance.",
    ("submit", Status.CLEARED): "This report is cleared, so it cannot be sent for clearance.",
    ("submit", Status.PUBLISHED): "This report is published, so it cannot be sent for clearance.",
    ("withdraw", Status.DRAFT): "This report is a draft, so it cannot be withdrawn from clearance.",
    ("withdraw", Status.CLEARED): "This report is cleared, so it cannot be withdrawn from "
    "clearance.",
    ("withdraw", Status.PUBLISHED): "This report is published, so it cannot be withdrawn from "
    "clearance.",
    ("clear", Status.DRAFT): "This report is a draft, so it cannot be cleared.",
    ("clear", Status.CLEARED): "This report is cleared, so it cannot be cleared.",
    ("clear", Status.PUBLISHED): "This report is published, so it cannot be cleared.",
    ("publish", Status.DRAFT): "This report is a draft, so it cannot be published.",
    ("publish", Status.IN_CLEARANCE): "This report is in clearance, so it cannot be published.",
    ("publish", Status.PUBLISHED): "This report is published, so it cannot be published.",
}
SERVICES = {
    "submit": services.report_submit,
    "withdraw": services.report_withdraw,
    "clear": services.report_clear,
    "publish": services.report_publish,
}


@pytest.mark.parametrize(("name", "status"), sorted(ALLOWED))
def test_each_transition_moves_the_report_from_its_state(office, name, status):
    report = in_state(office, status)
    if name == "clear":
        record(office, report, "finance")
    moved = SERVICES[name](actor=ds(office), report=report)
    assert moved.status == ALLOWED[(name, status)]
    assert moved.history.first().history_change_reason == services.TRANSITIONS[name].label


def test_clearing_moves_a_report_whose_named_clearances_are_all_recorded(office, draft):
    report = in_clearance(office, draft, officers=("finance", "legal"))
    record(office, report, "finance")
    record(office, report, "legal")
    cleared = services.report_clear(actor=ds(office), report=report)
    assert cleared.status == Status.CLEARED
    assert cleared.cleared_by == ds(office)
    assert cleared.cleared_by_name == "Democratic Services"
    assert cleared.cleared_as == "Head of Democratic Services"


def test_an_officer_who_does_not_hold_the_post_clears_for_the_head(office, draft):
    other = f.UserFactory(username="deputy")
    f.PersonFactory(area=office.area_a, full_name="Dana Deputy", user=other)
    other.groups.add(*ds(office).groups.all())
    report = in_clearance(office, draft)
    record(office, report, "finance")
    cleared = services.report_clear(actor=other, report=report)
    assert (cleared.cleared_by_name, cleared.cleared_as) == (
        "Dana Deputy",
        "for the Head of Democratic Services",
    )


@pytest.mark.parametrize(("name", "status"), sorted(REFUSED))
def test_each_transition_refuses_the_wrong_state_with_a_sentence(office, name, status):
    report = in_state(office, status)
    with pytest.raises(ConflictError) as caught:
        SERVICES[name](actor=ds(office), report=report)
    assert caught.value.message == REFUSED[(name, status)]
    report.refresh_from_db()
    assert report.status == status


@pytest.mark.parametrize("name", sorted(SERVICES))
@pytest.mark.parametrize("role", ["member", "chair", "business_manager", "ds_b", "finance"])
def test_only_democratic_services_of_the_area_move_a_report(office, name, role):
    report = in_state(office, Status.IN_CLEARANCE)
    with pytest.raises(PermissionDeniedError, match=NOT_DS):
        SERVICES[name](actor=office.user(role), report=report)


def test_an_incomplete_report_cannot_go_for_clearance(office):
    report = make_report(office, complete=False)
    with pytest.raises(ConflictError) as caught:
        services.report_submit(actor=ds(office), report=report)
    assert caught.value.message == (
        "Before it goes for clearance, the report needs a synopsis, at least one "
        "recommendation, who it is the report of, a contact officer, the contact officer's "
        "telephone or email, the financial implications, the legal implications, the "
        "equalities impact assessment and the environmental implications."
    )


def test_a_report_after_its_deadline_goes_for_clearance_only_marked_late(office):
    meeting = f.MeetingFactory(board=office.hwb, date=dt.date(2013, 10, 10))
    report = make_report(office, meeting=meeting)
    with pytest.raises(ConflictError) as caught:
        services.report_submit(actor=ds(office), report=report)
    assert caught.value.message == (
        "The report deadline was 10:00 on Tuesday 1 October 2013. Mark the report as late and "
        "give the reasons before sending it for clearance."
    )
    report.is_late = True
    report.late_reason = "The protocol was agreed by the officers' group on 1 October."
    services.report_update(actor=ds(office), report=report)
    assert services.report_submit(actor=ds(office), report=report).status == Status.IN_CLEARANCE


def test_a_report_sent_a_minute_before_its_deadline_is_in_time(office):
    meeting = f.MeetingFactory(board=office.hwb, date=dt.date(2013, 10, 10))
    report = make_report(office, meeting=meeting)
    with freeze_time("2013-10-01 08:59:00"):  # 09:59 in London, summer time
        submitted = services.report_submit(actor=ds(office), report=report)
    assert submitted.status == Status.IN_CLEARANCE
    assert submitted.submitted_by_name == "Democratic Services"


# --- clearance is never assumed ---------------------------------------------------------------


def test_a_report_is_not_cleared_while_a_named_clearance_is_unrecorded(office, draft):
    report = in_clearance(office, draft, officers=("finance", "legal"))
    with pytest.raises(ConflictError) as caught:
        services.report_clear(actor=ds(office), report=report)
    assert caught.value.message == (
        "Finance clearance by Finance Officer and legal clearance by Legal Officer have not "
        "been recorded. Every named officer must record their clearance before the report is "
        "cleared."
    )
    record(office, report, "finance")
    with pytest.raises(ConflictError) as caught:
        services.report_clear(actor=ds(office), report=report)
    assert caught.value.message == (
        "Legal clearance by Legal Officer has not been recorded. Every named officer must "
        "record their clearance before the report is cleared."
    )


def test_only_the_named_officer_records_their_clearance(office, draft):
    report = in_clearance(office, draft)
    clearance = report.clearances.get()
    for role in ("democratic_services", "superuser", "legal", "member"):
        with pytest.raises(PermissionDeniedError) as caught:
            services.clearance_record(
                actor=office.user(role), clearance=clearance, decision="cleared"
            )
        assert caught.value.message == (
            "Only Finance Officer, the officer named, can record this clearance."
        )
    clearance.refresh_from_db()
    assert clearance.decision == Clearance.Decision.PENDING


def test_an_officer_records_a_decision_once(office, draft):
    report = in_clearance(office, draft)
    record(office, report, "finance")
    with pytest.raises(ConflictError, match="This clearance has already been recorded."):
        record(office, report, "finance")


def test_a_clearance_is_recorded_only_while_the_report_is_in_clearance(office, draft):
    services.clearance_add(actor=ds(office), report=draft, officer=office.finance, role="finance")
    with pytest.raises(ConflictError) as caught:
        record(office, draft, "finance")
    assert caught.value.message == (
        "This report is not in clearance, so no clearance can be recorded."
    )


def test_an_officer_must_choose_a_decision(office, draft):
    report = in_clearance(office, draft)
    with pytest.raises(DomainError) as caught:
        record(office, report, "finance", decision="pending")
    assert (caught.value.message, caught.value.field) == (
        "Choose whether you clear the report.",
        "decision",
    )


def test_not_clearing_needs_a_reason_and_sends_the_report_back_to_draft(office, draft):
    report = in_clearance(office, draft, officers=("finance", "legal"))
    with pytest.raises(DomainError) as caught:
        record(office, report, "finance", decision="not_cleared", comment="  ")
    assert caught.value.message == "Say what must change before you can clear the report."
    record(office, report, "legal")
    record(
        office, report, "finance", decision="not_cleared", comment="Cost the quarterly meetings."
    )
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert report.history.first().history_change_reason == "Returned by finance clearance"


def test_sending_again_asks_every_named_officer_again(office, draft):
    report = in_clearance(office, draft, officers=("finance", "legal"))
    record(office, report, "legal")
    record(office, report, "finance", decision="not_cleared", comment="Cost it.")
    services.report_update(actor=ds(office), report=report)
    services.report_submit(actor=ds(office), report=report)
    assert set(report.clearances.values_list("decision", "decided_at", "comment")) == {
        ("pending", None, "")
    }


def test_a_recorded_clearance_cannot_be_removed_while_in_clearance(office, draft):
    report = in_clearance(office, draft)
    record(office, report, "finance")
    with pytest.raises(ConflictError) as caught:
        services.clearance_remove(actor=ds(office), clearance=report.clearances.get())
    assert caught.value.message == (
        "Finance Officer has already recorded this clearance; it stays on the report."
    )


def test_a_pending_clearance_can_be_removed(office, draft):
    report = in_clearance(office, draft)
    services.clearance_remove(actor=ds(office), clearance=report.clearances.get())
    assert not report.clearances.exists()
    assert services.report_clear(actor=ds(office), report=report).status == Status.CLEARED


# --- frozen once cleared, and revisions --------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [(Status.IN_CLEARANCE, IN_CLEARANCE), (Status.CLEARED, FROZEN), (Status.PUBLISHED, FROZEN)],
)
def test_a_report_past_draft_cannot_change(office, status, message):
    report = in_state(office, status)
    report.title = "Changed"
    with pytest.raises(ConflictError) as caught:
        services.report_update(actor=ds(office), report=report, recommendations=["New"])
    assert caught.value.message == message
    with pytest.raises(ConflictError, match=message):
        services.report_sections_replace(actor=ds(office), report=report, sections=[("A", "b")])
    with pytest.raises(ConflictError, match=message):
        services.report_implications_replace(
            actor=ds(office), report=report, implications=[("A", "b")]
        )
    report.refresh_from_db()
    assert report.title != "Changed"
    assert list(report.recommendations.values_list("text", flat=True)) == [
        "That the HWB note and agree the attached protocol."
    ]


def test_officers_cannot_be_named_once_a_report_is_cleared(office):
    report = in_state(office, Status.CLEARED)
    with pytest.raises(ConflictError) as caught:
        services.clearance_add(actor=ds(office), report=report, officer=office.legal, role="legal")
    assert caught.value.message == (
        "Clearing officers can be named only while the report is a draft or in clearance."
    )


@pytest.mark.parametrize("status", [Status.CLEARED, Status.PUBLISHED])
def test_a_new_revision_copies_the_report_and_keeps_the_old_one(office, status):
    old = make_report(office)
    services.report_sections_replace(actor=ds(office), report=old, sections=[("Costs", "None")])
    old = clear(office, old)
    if status == Status.PUBLISHED:
        old = publish(office, old)
    new = services.report_revise(actor=ds(office), report=old)
    old.refresh_from_db()
    assert (new.revision, new.status, new.series) == (2, Status.DRAFT, old.series)
    assert new.revision_of == old
    assert old.superseded_at is not None
    assert old.status == status
    assert old.cleared_at is not None and new.cleared_at is None
    assert list(new.recommendations.values_list("text", flat=True)) == [
        "That the HWB note and agree the attached protocol."
    ]
    assert list(new.sections.values_list("heading", "body")) == [("Costs", "None")]
    assert list(new.clearances.values_list("role", "decision")) == [("finance", "pending")]
    assert list(old.clearances.values_list("role", "decision")) == [("finance", "cleared")]
    new.title = "Revised title"
    services.report_update(actor=ds(office), report=new)
    old.refresh_from_db()
    assert old.title == "Working together protocol between the HWB and the ASCP"


def test_an_old_revision_cannot_change_or_move(office):
    old = in_state(office, Status.CLEARED)
    services.report_revise(actor=ds(office), report=old)
    old.refresh_from_db()
    with pytest.raises(ConflictError) as caught:
        services.report_update(actor=ds(office), report=old)
    assert caught.value.message == (
        "This is revision 1 of the report; only the newest, revision 2, can change."
    )
    with pytest.raises(ConflictError) as caught:
        services.report_publish(actor=ds(office), report=old)
    assert caught.value.message == (
        "This is an old revision of the report, so it cannot be published."
    )
    with pytest.raises(ConflictError):
        services.report_revise(actor=ds(office), report=old)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Status.DRAFT, "This report is a draft: change it directly, without a new revision."),
        (Status.IN_CLEARANCE, IN_CLEARANCE),
    ],
)
def test_only_a_cleared_report_gets_a_new_revision(office, status, message):
    report = in_state(office, status)
    with pytest.raises(ConflictError) as caught:
        services.report_revise(actor=ds(office), report=report)
    assert caught.value.message == message
    assert CommitteeReport.objects.count() == 1


def test_the_database_holds_one_open_revision_per_report(office):
    old = in_state(office, Status.CLEARED)
    new = services.report_revise(actor=ds(office), report=old)
    twin = CommitteeReport.objects.get(pk=new.pk)
    twin.pk = None
    twin.revision = 3
    twin.superseded_at = twin.status_changed_at
    with pytest.raises(ValidationError):
        twin.full_clean()


# --- publishing after the agenda deadline -----------------------------------------------------


def test_a_report_is_published_after_the_agenda_deadline_only_with_reasons_for_urgency(office):
    meeting = f.MeetingFactory(board=office.hwb, date=dt.date(2031, 10, 9))
    with freeze_time("2031-09-25 12:00:00"):
        report = clear(office, make_report(office, meeting=meeting))
    with freeze_time("2031-10-03 12:00:00"):
        with pytest.raises(DomainError) as caught:
            services.report_publish(actor=ds(office), report=report)
        assert caught.value.message == (
            "The agenda deadline was Wednesday 1 October 2031, 5 clear working days before the "
            "meeting. Give the reasons for urgency to publish the report now."
        )
        assert caught.value.field == "urgency_reason"
        published = services.report_publish(
            actor=ds(office), report=report, urgency_reason="The protocol must be in place."
        )
    assert published.status == Status.PUBLISHED
    assert (published.is_urgent, published.urgency_reason) == (
        True,
        "The protocol must be in place.",
    )


def test_publishing_in_time_needs_no_reasons(office):
    report = in_state(office, Status.PUBLISHED)
    assert report.published_at is not None
    assert report.is_urgent is False


def test_recommendations_are_written_as_rows_in_order(office, draft):
    services.report_update(actor=ds(office), report=draft, recommendations=["B", "A"])
    assert list(Recommendation.objects.filter(report=draft).values_list("order", "text")) == [
        (1, "B"),
        (2, "A"),
    ]
