"""Writing protocols: creation, content, the optimistic lock, obligations, new versions,
comments and approvals."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from boards.models import Post
from protocols import services
from protocols.exceptions import (
    ConflictError,
    DomainError,
    FrozenVersionError,
    InvalidTimingError,
    PermissionDeniedError,
    StaleEditError,
)
from protocols.models import (
    Approval,
    LadderStep,
    Obligation,
    Party,
    PostResponsibility,
    Protocol,
    ProtocolVersion,
    Section,
)
from tests import factories as f
from tests.factories import protocols as pf

from .conftest import yesterday

Status = ProtocolVersion.Status
ANNUAL_REPORT = {"kind": "window", "start_month": 10, "end_month": 1}


def _create(world, **overrides):
    kwargs = {
        "actor": world.user("business_manager"),
        "area": world.area_a,
        "reference": "alderley-hwb-ascp",
        "title": "Working together",
        "boards": [world.hwb, world.scp],
    }
    kwargs.update(overrides)
    return services.protocol_create(**kwargs)


def _obligation(world, version, **overrides):
    kwargs = {
        "actor": world.user("business_manager"),
        "version": version,
        "section": version.sections.first(),
        "what": Obligation.What.PRESENT_REPORT,
        "description": "The ASCP presents its annual report to the HWB.",
        "timing": ANNUAL_REPORT,
        "owing_board": world.scp,
        "receiving_board": world.hwb,
    }
    kwargs.update(overrides)
    return services.obligation_add(**kwargs)


# --- protocol_create -------------------------------------------------------------------


def test_create_makes_version_one_in_draft_with_parties_and_the_default_ladder(cast):
    protocol = _create(cast, purpose="  Accountability.  ")
    version = protocol.current_version
    assert (version.number, version.status, version.purpose) == (1, Status.DRAFT, "Accountability.")
    assert [p.board for p in version.parties.order_by("order")] == [cast.hwb, cast.scp]
    assert [s.title for s in version.ladder_steps.order_by("order")] == [
        "Formal written request",
        "Agenda item request",
        "Chairs' meeting",
        "Resolution meeting",
    ]
    assert version.ladder_steps.get(order=4).description == (
        "A resolution meeting of the chairs, the Director of Children's Services and the "
        "council's Chief Executive."
    )
    assert protocol.review_rule == {"kind": "anniversary", "of": "signing", "every_years": 1}
    assert protocol.created_by == cast.user("business_manager")
    assert version.history.first().history_user == cast.user("business_manager")


def test_create_normalises_a_given_review_rule(cast):
    protocol = _create(cast, review_rule={"kind": "frequency", "every": "annually"})
    assert protocol.review_rule == {"kind": "frequency", "every": "annually", "anchor": None}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"boards": "one"}, "boards", "Choose at least two boards to be party to the protocol."),
        ({"title": "  "}, "title", "Enter the title of the protocol."),
        ({"reference": ""}, "reference", "Enter a short reference for the protocol."),
        (
            {"review_rule": {"kind": "frequency", "every": "biannual"}},
            "review_rule",
            "“Bi-annual” can mean twice a year or every two years: choose six_monthly (twice a "
            "year) or two_yearly (every two years).",
        ),
    ],
)
def test_create_refuses_bad_input_and_makes_nothing(cast, overrides, field, message):
    if overrides.get("boards") == "one":
        overrides["boards"] = [cast.hwb, cast.hwb]
    with pytest.raises(DomainError) as caught:
        _create(cast, **overrides)
    assert (caught.value.field, caught.value.message) == (field, message)
    assert not Protocol.objects.exists()
    assert not ProtocolVersion.objects.exists()


def test_create_refuses_a_reference_already_used_in_the_area(cast):
    _create(cast)
    with pytest.raises(DomainError) as caught:
        _create(cast, title="Another")
    assert caught.value.message == (
        "Another protocol in Alderley already uses the reference “alderley-hwb-ascp”."
    )


def test_create_refuses_a_board_the_actor_cannot_see(cast):
    with pytest.raises(DomainError) as caught:
        _create(cast, boards=[cast.hwb, cast.board_b])
    assert caught.value.message == "Choose only boards you can see."


def test_create_refuses_a_dissolved_board(cast):
    cast.scp.dissolved = datetime.date(2020, 1, 1)
    cast.scp.save()
    with pytest.raises(DomainError) as caught:
        _create(cast)
    assert caught.value.message == (
        "The ASCP has been dissolved, so it cannot be party to a new protocol."
    )


@pytest.mark.parametrize("role", ["member", "chair", "csp_business_manager"])
def test_only_a_business_manager_of_a_party_board_may_create(cast, role):
    with pytest.raises(PermissionDeniedError) as caught:
        _create(cast, actor=cast.user(role))
    assert caught.value.message == (
        "Only a business manager of one of the boards can start a protocol between them."
    )


def test_business_manager_of_another_area_cannot_create_here(cast):
    with pytest.raises(PermissionDeniedError) as caught:
        _create(cast, actor=cast.user("business_manager_b"))
    assert caught.value.message == "You cannot add protocols in this area."


# --- content edits ---------------------------------------------------------------------


def test_sections_are_appended_in_order(cast, draft):
    section = services.section_add(
        actor=cast.user("ascp_business_manager"), version=draft, heading="Outcomes"
    )
    assert section.order == 3
    assert str(section) == "3. Outcomes"


def test_only_one_resolution_process_section(cast, draft):
    bm = cast.user("business_manager")
    services.section_add(actor=bm, version=draft, heading="Resolution", kind="ladder")
    with pytest.raises(DomainError) as caught:
        services.section_add(actor=bm, version=draft, heading="Again", kind="ladder")
    assert caught.value.message == "This version already has a resolution process section."


def test_unknown_section_kind_is_a_field_error(cast, draft):
    with pytest.raises(ValidationError) as caught:
        services.section_add(
            actor=cast.user("business_manager"), version=draft, heading="X", kind="poem"
        )
    assert "kind" in caught.value.message_dict


def test_section_update_bumps_the_revision(cast, draft):
    section = draft.sections.get(order=1)
    updated = services.section_update(
        actor=cast.user("business_manager"),
        section=section,
        heading="Purpose of the protocol",
        body="New text.",
        revision=1,
    )
    assert (updated.revision, updated.heading, updated.body) == (
        2,
        "Purpose of the protocol",
        "New text.",
    )
    assert updated.history.first().history_change_reason == "Section changed"


def test_stale_section_edit_is_refused_and_overwrites_nothing(cast, draft):
    section = draft.sections.get(order=1)
    services.section_update(
        actor=cast.user("ascp_business_manager"),
        section=section,
        heading="Purpose",
        body="Their words.",
        revision=1,
    )
    with pytest.raises(StaleEditError) as caught:
        services.section_update(
            actor=cast.user("business_manager"),
            section=section,
            heading="Purpose",
            body="My words.",
            revision=1,
        )
    assert caught.value.message == (
        "This section was changed by someone else since you opened it. Copy your changes, "
        "open the section again and reapply them."
    )
    assert caught.value.status == 409
    section.refresh_from_db()
    assert (section.body, section.revision) == ("Their words.", 2)


def test_section_delete_renumbers_the_rest(cast, draft):
    bm = cast.user("business_manager")
    services.section_add(actor=bm, version=draft, heading="Outcomes")
    services.section_delete(actor=bm, section=draft.sections.get(order=1))
    assert list(draft.sections.order_by("order").values_list("order", "heading")) == [
        (1, "Working together"),
        (2, "Outcomes"),
    ]


def test_section_with_obligations_cannot_be_deleted(cast, draft):
    _obligation(cast, draft)
    with pytest.raises(DomainError) as caught:
        services.section_delete(
            actor=cast.user("business_manager"), section=draft.sections.get(order=1)
        )
    assert caught.value.message == "Move or delete its obligation before deleting this section."


def test_section_move_swaps_with_its_neighbour(cast, draft):
    bm = cast.user("business_manager")
    services.section_add(actor=bm, version=draft, heading="Outcomes")
    services.section_move(actor=bm, section=draft.sections.get(heading="Outcomes"), direction="up")
    assert list(draft.sections.order_by("order").values_list("heading", flat=True)) == [
        "Purpose",
        "Outcomes",
        "Working together",
    ]
    with pytest.raises(DomainError) as caught:
        services.section_move(
            actor=bm, section=draft.sections.get(heading="Purpose"), direction="up"
        )
    assert caught.value.message == "This section is already the first."


def test_version_update_changes_title_and_purpose(cast, draft):
    services.version_update(
        actor=cast.user("business_manager"), version=draft, title="New title", purpose="Why."
    )
    draft.refresh_from_db()
    assert (draft.title, draft.purpose) == ("New title", "Why.")


def test_ladder_steps_are_added_and_renumbered(cast, draft):
    bm = cast.user("business_manager")
    step = services.ladder_step_add(actor=bm, version=draft, title="Mediation")
    assert step.order == 5
    services.ladder_step_update(actor=bm, step=step, title="Independent mediation")
    services.ladder_step_delete(actor=bm, step=draft.ladder_steps.get(order=2))
    assert list(draft.ladder_steps.order_by("order").values_list("order", "title")) == [
        (1, "Formal written request"),
        (2, "Chairs' meeting"),
        (3, "Resolution meeting"),
        (4, "Independent mediation"),
    ]


def test_post_responsibilities_only_in_a_post_holders_section(cast, draft):
    bm = cast.user("business_manager")
    post = f.PostFactory(area=cast.area_a, kind=Post.Kind.DCS)
    with pytest.raises(DomainError) as caught:
        services.post_responsibility_add(
            actor=bm, section=draft.sections.first(), post=post, responsibilities="Attend."
        )
    assert caught.value.message == (
        "Post holders' responsibilities belong in a “Roles of post and position holders” section."
    )
    roles = services.section_add(actor=bm, version=draft, heading="Roles", kind="post_holders")
    row = services.post_responsibility_add(
        actor=bm, section=roles, post=post, responsibilities="Attend both boards.\nReport."
    )
    assert (row.post_title, row.responsibility_list) == (
        "Director of Children's Services",
        ["Attend both boards.", "Report."],
    )
    services.post_responsibility_update(
        actor=bm, responsibility=row, post_title="DCS", responsibilities="Attend."
    )
    services.post_responsibility_delete(actor=bm, responsibility=row)
    assert not PostResponsibility.objects.exists()


def test_post_of_another_area_is_refused(cast, draft):
    bm = cast.user("business_manager")
    roles = services.section_add(actor=bm, version=draft, heading="Roles", kind="post_holders")
    post = f.PostFactory(area=cast.area_b, kind=Post.Kind.DCS)
    with pytest.raises(DomainError) as caught:
        services.post_responsibility_add(
            actor=bm, section=roles, post=post, responsibilities="Attend."
        )
    assert (caught.value.field, caught.value.message) == (
        "post",
        "Choose a post holder in Alderley.",
    )


# --- parties ---------------------------------------------------------------------------


def test_party_add_update_and_remove(cast, draft):
    bm = cast.user("business_manager")
    party = services.party_add(actor=bm, version=draft, board=cast.csp)
    assert party.order == 3
    dph = f.PostFactory(area=cast.area_a, kind=Post.Kind.DPH)
    services.party_update(actor=bm, party=party, signatory_kind="post", signatory_post=dph)
    party.refresh_from_db()
    assert party.signatory_post == dph
    with pytest.raises(DomainError) as caught:
        services.party_update(actor=bm, party=party, signatory_kind="post")
    assert (caught.value.field, caught.value.message) == (
        "signatory_post",
        "Choose the post holder who signs for the CSP.",
    )
    services.party_remove(actor=bm, party=party)
    assert not Party.objects.filter(pk=party.pk).exists()


def test_party_cannot_be_added_twice(cast, draft):
    with pytest.raises(DomainError) as caught:
        services.party_add(actor=cast.user("business_manager"), version=draft, board=cast.scp)
    assert caught.value.message == "The ASCP is already a party."


def test_the_last_two_parties_stay(cast, draft):
    with pytest.raises(DomainError) as caught:
        services.party_remove(
            actor=cast.user("business_manager"), party=draft.parties.get(board=cast.scp)
        )
    assert caught.value.message == (
        "A protocol needs at least two parties, so this one cannot be removed."
    )


def test_a_party_named_in_obligations_cannot_be_removed(cast, draft):
    bm = cast.user("business_manager")
    party = services.party_add(actor=bm, version=draft, board=cast.csp)
    _obligation(cast, draft, owing_board=cast.csp)
    with pytest.raises(DomainError) as caught:
        services.party_remove(actor=bm, party=party)
    assert caught.value.message == (
        "The CSP is named in an obligation. Change or delete it before removing the board."
    )


# --- obligations -----------------------------------------------------------------------


def test_obligation_is_stored_with_its_normalised_timing(cast, draft):
    obligation = _obligation(cast, draft)
    assert obligation.timing == {"kind": "window", "start_month": 10, "end_month": 1}
    assert obligation.section == draft.sections.first()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"owing_board": None}, "owing_board", "Choose the board or post holder that owes this."),
        (
            {"receiving_board": None},
            "receiving_board",
            "Choose the board or post holder that this is owed to.",
        ),
        ("csp_owes", "owing_board", "The CSP is not a party to this protocol."),
        (
            {"receiving_board": "scp"},
            "receiving_board",
            "An obligation must be owed to a different board or post holder from the one that "
            "owes it.",
        ),
    ],
)
def test_obligation_refuses_bad_input(cast, draft, overrides, field, message):
    if overrides == "csp_owes":
        overrides = {"owing_board": cast.csp}
    if overrides.get("receiving_board") == "scp":
        overrides["receiving_board"] = cast.scp
    with pytest.raises(DomainError) as caught:
        _obligation(cast, draft, **overrides)
    assert (caught.value.field, caught.value.message) == (field, message)
    assert not Obligation.objects.exists()


def test_obligation_timing_error_is_the_timing_modules_sentence(cast, draft):
    from protocols import timing

    bad = {"kind": "window", "start_month": 10, "end_month": 10}
    with pytest.raises(timing.TimingRuleError) as expected:
        timing.parse_rule(bad)
    with pytest.raises(InvalidTimingError) as caught:
        _obligation(cast, draft, timing=bad)
    assert caught.value.field == "timing"
    assert caught.value.message == expected.value.message
    assert caught.value.path == "end_month"


def test_obligation_section_must_belong_to_the_version(cast, draft):
    other = pf.SectionFactory()
    with pytest.raises(DomainError) as caught:
        _obligation(cast, draft, section=other)
    assert (caught.value.field, caught.value.message) == (
        "section",
        "Choose a section of this version.",
    )


def test_obligation_post_must_be_of_the_area(cast, draft):
    post = f.PostFactory(area=cast.area_b, kind=Post.Kind.DPH)
    with pytest.raises(DomainError) as caught:
        _obligation(cast, draft, owing_board=None, owing_post=post)
    assert (caught.value.field, caught.value.message) == (
        "owing_post",
        "Choose a post holder in Alderley.",
    )


def test_timing_may_only_name_party_boards(cast, draft):
    rule = {"kind": "after_meeting", "board": cast.csp.pk, "within_days": 10}
    with pytest.raises(InvalidTimingError) as caught:
        _obligation(cast, draft, timing=rule)
    assert (
        caught.value.message == "The timing names the CSP, which is not a party to this protocol."
    )


def test_timing_may_follow_another_obligation_of_the_version(cast, draft):
    report = _obligation(cast, draft)
    response = _obligation(
        cast,
        draft,
        owing_board=cast.hwb,
        receiving_board=cast.scp,
        what=Obligation.What.RESPOND,
        description="The HWB responds to the themes of the annual report.",
        timing={
            "kind": "relative",
            "after": {"obligation": str(report.key)},
            "at": "next_meeting",
            "board": cast.hwb.pk,
        },
    )
    assert response.timing["after"] == {"obligation": str(report.key)}


def test_timing_cannot_follow_a_missing_obligation(cast, draft):
    rule = {
        "kind": "relative",
        "after": {"obligation": "nope"},
        "at": "within_days",
        "within_days": 5,
    }
    with pytest.raises(InvalidTimingError) as caught:
        _obligation(cast, draft, timing=rule)
    assert caught.value.message == "The timing follows an obligation that is not in this version."


def test_obligations_cannot_follow_each_other_in_a_circle(cast, draft):
    first = _obligation(cast, draft)

    def after(o):
        return {
            "kind": "relative",
            "after": {"obligation": str(o.key)},
            "at": "within_days",
            "within_days": 5,
        }

    second = _obligation(cast, draft, timing=after(first))
    with pytest.raises(InvalidTimingError) as caught:
        services.obligation_update(
            actor=cast.user("business_manager"),
            obligation=first,
            section=first.section,
            what=first.what,
            description=first.description,
            timing=after(second),
            owing_board=cast.scp,
            receiving_board=cast.hwb,
        )
    assert caught.value.message == (
        "The timing would make obligations wait for each other in a circle. Choose another "
        "obligation or an event to follow."
    )
    with pytest.raises(InvalidTimingError) as caught:
        services.obligation_update(
            actor=cast.user("business_manager"),
            obligation=first,
            section=first.section,
            what=first.what,
            description=first.description,
            timing=after(first),
            owing_board=cast.scp,
            receiving_board=cast.hwb,
        )
    assert caught.value.message == "An obligation cannot follow itself."
    with pytest.raises(DomainError) as caught:
        services.obligation_delete(actor=cast.user("business_manager"), obligation=first)
    assert caught.value.message == (
        "Another obligation's timing follows this one. Change that obligation first."
    )
    services.obligation_delete(actor=cast.user("business_manager"), obligation=second)
    services.obligation_delete(actor=cast.user("business_manager"), obligation=first)
    assert not Obligation.objects.exists()


# --- frozen versions and who may author ------------------------------------------------


FROZEN = {
    "awaiting_approval": "This version is awaiting approval and can no longer be changed. "
    "Return it to draft to make changes.",
    "approved": "This version is approved and can no longer be changed. Start a new version "
    "to make changes.",
    "signed": "This version is signed and can no longer be changed. Start a new version to "
    "make changes.",
    "in_force": "This version is in force and can no longer be changed. Start a new version "
    "to make changes.",
    "withdrawn": "This version is withdrawn and can no longer be changed. Start a new version "
    "to make changes.",
}


@pytest.mark.parametrize("state", FROZEN)
def test_frozen_versions_refuse_every_content_edit(cast, version_in, state):
    version = version_in(state)
    bm = cast.user("business_manager")
    section = version.sections.first()
    edits = [
        lambda: services.section_update(
            actor=bm, section=section, heading="X", body="Y", revision=section.revision
        ),
        lambda: services.section_add(actor=bm, version=version, heading="X"),
        lambda: services.section_delete(actor=bm, section=section),
        lambda: services.version_update(actor=bm, version=version, title="X", purpose=""),
        lambda: services.party_add(actor=bm, version=version, board=cast.csp),
        lambda: _obligation(cast, version),
        lambda: services.ladder_step_delete(actor=bm, step=version.ladder_steps.first()),
    ]
    for edit in edits:
        with pytest.raises(FrozenVersionError) as caught:
            edit()
        assert caught.value.message == FROZEN[state]
    section.refresh_from_db()
    assert (section.heading, section.revision) == ("Purpose", 1)
    assert version.sections.count() == 2


@pytest.mark.parametrize(
    "role", ["member", "chair", "ascp_chair", "csp_business_manager", "business_manager_b"]
)
def test_only_party_business_managers_may_author(cast, draft, role):
    with pytest.raises(PermissionDeniedError) as caught:
        services.section_add(actor=cast.user(role), version=draft, heading="Mine")
    assert caught.value.message == (
        "Only a business manager of one of the party boards can change this version."
    )
    assert draft.sections.count() == 2


# --- version_new -----------------------------------------------------------------------


def test_new_version_copies_content_with_the_same_keys(cast, draft, walk):
    v1 = draft
    bm = cast.user("business_manager")
    roles = services.section_add(actor=bm, version=v1, heading="Roles", kind="post_holders")
    services.post_responsibility_add(
        actor=bm, section=roles, post_title="Independent Chair", responsibilities="Sign."
    )
    obligation = _obligation(cast, v1, section=roles)
    walk.to(v1, "in_force")
    v2 = services.version_new(actor=bm, protocol=v1.protocol)
    assert (v2.number, v2.status, v2.based_on, v2.title) == (2, Status.DRAFT, v1, v1.title)
    assert [(s.key, s.order, s.heading, s.body, s.kind) for s in v2.sections.order_by("order")] == [
        (s.key, s.order, s.heading, s.body, s.kind) for s in v1.sections.order_by("order")
    ]
    copied = v2.obligations.get()
    assert copied.key == obligation.key
    assert copied.section.version == v2
    assert copied.section.key == roles.key
    assert copied.timing == obligation.timing
    assert [p.board for p in v2.parties.order_by("order")] == [cast.hwb, cast.scp]
    assert PostResponsibility.objects.get(section__version=v2).responsibilities == "Sign."
    assert v2.ladder_steps.count() == 4
    assert not v2.approvals.exists() and not v2.signatures.exists()
    assert v1.signatures.count() == 2
    v1.refresh_from_db()
    assert v1.status == Status.IN_FORCE
    v1.protocol.refresh_from_db()
    assert v1.protocol.current_version == v2


def test_new_version_supersedes_an_approved_version_that_is_not_yet_in_force(cast, version_in):
    v1 = version_in("approved")
    v2 = services.version_new(actor=cast.user("business_manager"), protocol=v1.protocol)
    v1.refresh_from_db()
    assert v1.status == Status.SUPERSEDED
    assert v1.approvals.count() == 2
    assert v2.status == Status.DRAFT


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (
            "draft",
            "Version 1 is still in draft. Make your changes there instead of starting another "
            "version.",
        ),
        (
            "consultation",
            "Version 1 is still in consultation. Make your changes there instead of starting "
            "another version.",
        ),
        (
            "awaiting_approval",
            "Version 1 is awaiting approval. Return it to draft to make changes instead of "
            "starting another version.",
        ),
    ],
)
def test_no_second_open_version(cast, version_in, state, message):
    version = version_in(state)
    with pytest.raises(ConflictError) as caught:
        services.version_new(actor=cast.user("business_manager"), protocol=version.protocol)
    assert caught.value.message == message
    assert ProtocolVersion.objects.count() == 1


def test_no_new_version_while_approvals_are_being_recorded(cast, version_in):
    version = version_in("awaiting_approval")
    pf.ApprovalFactory(version=version, board=cast.hwb)
    with pytest.raises(ConflictError) as caught:
        services.version_new(actor=cast.user("business_manager"), protocol=version.protocol)
    assert caught.value.message == (
        "Version 1 is awaiting approval and already has approvals recorded. Withdraw it "
        "before starting a new version."
    )


def test_only_party_business_managers_start_new_versions(cast, version_in):
    version = version_in("in_force")
    with pytest.raises(PermissionDeniedError) as caught:
        services.version_new(actor=cast.user("chair"), protocol=version.protocol)
    assert caught.value.message == (
        "Only a business manager of one of the party boards can start a new version."
    )


def test_a_withdrawn_draft_leaves_the_version_in_force_current(cast, version_in, walk):
    v1 = version_in("in_force")
    v2 = services.version_new(actor=cast.user("business_manager"), protocol=v1.protocol)
    walk.withdraw(v2)
    v1.protocol.refresh_from_db()
    assert v1.protocol.current_version == v1


# --- comments --------------------------------------------------------------------------


def test_comments_only_in_consultation(cast, draft):
    with pytest.raises(ConflictError) as caught:
        services.comment_add(actor=cast.user("member"), version=draft, body="Too early?")
    assert caught.value.message == "Comments can be made only while the version is in consultation."


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("member", True),
        ("chair", True),
        ("ascp_chair", True),
        ("business_manager", True),
        ("csp_business_manager", False),
        ("democratic_services", False),
        ("business_manager_b", False),
    ],
)
def test_who_may_comment(cast, draft, walk, role, allowed):
    walk.consult(draft)
    section = draft.sections.first()
    if allowed:
        comment = services.comment_add(
            actor=cast.user(role), version=draft, section=section, body="Say who chairs."
        )
        assert (comment.section, comment.author) == (section, cast.user(role))
    else:
        with pytest.raises(PermissionDeniedError) as caught:
            services.comment_add(actor=cast.user(role), version=draft, body="Say who chairs.")
        assert caught.value.message == (
            "Only members of the party boards can comment on this version."
        )


def test_replies_join_their_thread_and_the_thread_is_resolved_once(cast, draft, walk):
    walk.consult(draft)
    section = draft.sections.first()
    first = services.comment_add(
        actor=cast.user("member"), version=draft, section=section, body="Who chairs?"
    )
    reply = services.comment_add(
        actor=cast.user("chair"), version=draft, parent=first, body="The HWB chair."
    )
    assert reply.section == section
    with pytest.raises(DomainError) as caught:
        services.comment_resolve(actor=cast.user("business_manager"), comment=reply)
    assert caught.value.message == "Resolve the comment that starts this thread."
    with pytest.raises(PermissionDeniedError) as caught:
        services.comment_resolve(actor=cast.user("chair"), comment=first)
    assert caught.value.message == (
        "Only the comment's author or a business manager of a party board can resolve it."
    )
    resolved = services.comment_resolve(actor=cast.user("member"), comment=first)
    assert resolved.resolved_by == cast.user("member")
    with pytest.raises(ConflictError) as caught:
        services.comment_resolve(actor=cast.user("business_manager"), comment=first)
    assert caught.value.message == "This comment is already resolved."
    walk.request_approval(draft)
    assert draft.status == Status.AWAITING_APPROVAL


# --- approvals -------------------------------------------------------------------------


def test_approvals_in_any_order_and_the_last_one_approves(cast, version_in):
    version = version_in("awaiting_approval")
    meeting = f.MeetingFactory(board=cast.scp, date=yesterday())
    services.approval_record(
        actor=cast.user("ascp_business_manager"),
        version=version,
        board=cast.scp,
        decided_on=yesterday(),
        decided_by="The Partnership",
        meeting=meeting,
        minute_reference="Minute 7",
    )
    version.refresh_from_db()
    assert version.status == Status.AWAITING_APPROVAL
    services.approval_record(
        actor=cast.user("chair"),
        version=version,
        board=cast.hwb,
        decided_on=yesterday(),
        decided_by="Chair's action",
    )
    version.refresh_from_db()
    assert version.status == Status.APPROVED
    assert version.history.first().history_change_reason == (
        "Approved by every party board (last: HWB)"
    )
    assert list(version.approvals.order_by("pk").values_list("board__short_name", flat=True)) == [
        "ASCP",
        "HWB",
    ]


def test_approval_refusals(cast, version_in):
    version = version_in("awaiting_approval")
    chair = cast.user("chair")

    def record(**overrides):
        kwargs = {
            "actor": chair,
            "version": version,
            "board": cast.hwb,
            "decided_on": yesterday(),
            "decided_by": "The Board",
        }
        kwargs.update(overrides)
        return services.approval_record(**kwargs)

    with pytest.raises(PermissionDeniedError) as caught:
        record(board=cast.scp)
    assert (
        caught.value.message
        == "Only the chair or business manager of the ASCP can record its approval."
    )
    with pytest.raises(DomainError) as caught:
        record(board=cast.csp)
    assert (caught.value.field, caught.value.message) == (
        "board",
        "The CSP is not a party to this version.",
    )
    with pytest.raises(DomainError) as caught:
        record(meeting=f.MeetingFactory(board=cast.scp))
    assert (caught.value.field, caught.value.message) == ("meeting", "Choose a meeting of the HWB.")
    with pytest.raises(DomainError) as caught:
        record(decided_on=timezone.localdate() + datetime.timedelta(days=1))
    assert caught.value.message == "The date of the decision must be today or in the past."
    record()
    with pytest.raises(ConflictError) as caught:
        record()
    assert caught.value.message == "The HWB's approval of this version is already recorded."
    assert Approval.objects.count() == 1


def test_approval_only_while_awaiting_approval(cast, version_in):
    version = version_in("consultation")
    with pytest.raises(ConflictError) as caught:
        services.approval_record(
            actor=cast.user("chair"),
            version=version,
            board=cast.hwb,
            decided_on=yesterday(),
            decided_by="The Board",
        )
    assert caught.value.message == (
        "Approvals can be recorded only while the version is awaiting approval. This version "
        "is in consultation."
    )


def test_section_and_ladder_keys_survive_reordering(cast, draft):
    bm = cast.user("business_manager")
    keys = list(
        Section.objects.filter(version=draft).order_by("order").values_list("key", flat=True)
    )
    services.section_move(actor=bm, section=draft.sections.get(order=2), direction="up")
    assert (
        list(Section.objects.filter(version=draft).order_by("order").values_list("key", flat=True))
        == keys[::-1]
    )
    assert LadderStep.objects.filter(version=draft).count() == 4
