"""Reads: constant queries however much there is, and 404 for what a user may not see."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from protocols import selectors, services
from protocols.models import ProtocolVersion, Signature
from tests.factories import protocols as pf


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _add_protocols(world, n):
    for _ in range(n):
        version = pf.ProtocolVersionFactory(protocol__area=world.area_a)
        pf.PartyFactory(version=version, board=world.hwb, order=1)
        pf.PartyFactory(version=version, board=world.scp, order=2)


def _show_list(user):
    for protocol in selectors.protocol_list(user=user):
        _ = protocol.area.name, protocol.current_version.status
        _ = [p.board.short_name for p in protocol.current_version.parties.all()]


def _fresh(user):
    """Return the user as a new request would load it, with no roles worked out yet."""
    return type(user).objects.get(pk=user.pk)


def test_protocol_list_makes_the_same_queries_for_two_and_twelve(cast):
    member = cast.user("member")
    _add_protocols(cast, 2)
    user = _fresh(member)
    small = _queries(lambda: _show_list(user))
    _add_protocols(cast, 10)
    assert selectors.protocol_list(user=member).count() == 12
    user = _fresh(member)
    assert _queries(lambda: _show_list(user)) == small


def _show_version(user, version):
    shown = selectors.version_get(user=user, protocol=version.protocol, number=version.number)
    context = selectors.version_detail_context(shown, user=user)
    _ = [(a.board.short_name, a.recorded_by) for a in shown.approvals.all()]
    _ = [(s.signer.full_name, s.board.short_name) for s in shown.signatures.all()]
    _ = [(c.author.username, c.section) for c in shown.comments.all()]
    return context


def _grow(world, version, n):
    for _ in range(n):
        section = pf.SectionFactory(version=version, order=version.sections.count() + 1)
        pf.ObligationFactory(
            version=version, section=section, owing_board=world.hwb, receiving_board=world.scp
        )
        pf.CommentFactory(version=version, section=section, author=world.user("member"))
        pf.LadderStepFactory(version=version, order=version.ladder_steps.count() + 1)


def test_version_page_makes_the_same_queries_for_small_and_large_versions(cast, version_in):
    version = version_in("signed")
    assert version.protocol  # loaded before measuring, as a view has it from the URL
    user = _fresh(cast.user("chair"))
    small = _queries(lambda: _show_version(user, version))
    _grow(cast, version, 8)
    for n in range(3):
        Signature.objects.create(
            version=version,
            board=cast.hwb,
            signer=pf.PersonFactory(area=cast.area_a),
            capacity="Co-chair, HWB",
            signed_at=timezone.now(),
            method=Signature.Method.DEMO,
            content_hash=f"{n}" * 64,
        )
    user = _fresh(cast.user("chair"))
    assert _queries(lambda: _show_version(user, version)) == small


def test_version_detail_context_says_who_has_signed_and_what_the_user_may_do(cast, version_in):
    version = version_in("approved")
    services.signature_add(
        actor=cast.user("chair"),
        version=version,
        board=cast.hwb,
        password="correct horse battery staple",
    )
    shown = selectors.version_get(user=cast.user("ascp_chair"), protocol=version.protocol, number=1)
    context = selectors.version_detail_context(shown, user=cast.user("ascp_chair"))
    assert [(row["signatory"].capacity, row["signed"]) for row in context["signatories"]] == [
        ("Chair, HWB", True),
        ("Independent chair, ASCP", False),
    ]
    assert [s.capacity for s in context["signing_capacities"]] == ["Independent chair, ASCP"]
    assert context["signatures_intact"] is True
    assert [t.name for t in context["transitions"]] == []
    assert context["awaiting_approval_from"] == []
    assert context["can_author"] is False


def test_another_areas_protocol_is_not_found(cast, draft):
    with pytest.raises(Http404):
        selectors.protocol_get(user=cast.user("business_manager_b"), pk=draft.protocol_id)
    with pytest.raises(Http404):
        selectors.version_get(
            user=cast.user("business_manager_b"), protocol=draft.protocol, number=1
        )
    assert selectors.protocol_get(user=cast.user("member"), pk=draft.protocol_id) == draft.protocol


def test_protocol_get_lists_versions_newest_first(cast, version_in):
    v1 = version_in("in_force")
    services.version_new(actor=cast.user("business_manager"), protocol=v1.protocol)
    protocol = selectors.protocol_get(user=cast.user("member"), pk=v1.protocol_id)
    assert [v.number for v in protocol.versions.all()] == [2, 1]
    assert protocol.current_version.status == ProtocolVersion.Status.DRAFT
    summary = list(selectors.protocol_versions_summary(protocol))
    assert [(v.number, v.approval_count, v.signature_count) for v in summary] == [
        (2, 0, 0),
        (1, 2, 2),
    ]
