"""Who may see and do what with protocols: the one layer views, the API and services ask.

Visibility follows the protocol: a protocol and everything in it is visible in the
protocol's area and in the area of every board that is party to any of its versions
(a board shared with a second area brings that area too). Another area's protocol is
not found at all.

Actions follow the version's party boards and the user's current roles on them:

- business managers of a party board author drafts, move the lifecycle on and withdraw;
- chairs and business managers of a party board record that board's approval, bring a
  signed version into force, open and close reviews, and raise and answer concerns;
- any member of a party board comments during consultation;
- each party's signatory (its chair or co-chairs, its independent chair, or a named post
  holder) signs in that capacity;
- staff superusers may do everything a person may do; nobody may make the transitions
  that only the services make (the last approval, the last signature).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from boards.models import Area, Board
from boards.permissions import Principal, Rule, principal, register

from . import lifecycle
from .models import (
    Approval,
    Comment,
    Concern,
    ConcernStep,
    LadderStep,
    Obligation,
    Party,
    PostResponsibility,
    Protocol,
    ProtocolVersion,
    Section,
    Signature,
)

# --- shared lookups --------------------------------------------------------------------


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _pk(obj_or_pk: Any) -> int | None:
    return obj_or_pk.pk if isinstance(obj_or_pk, Model) else obj_or_pk


def party_board_ids(version: ProtocolVersion) -> set[int]:
    """Return the ids of the version's party boards, from prefetched parties when present."""
    cache = getattr(version, "_prefetched_objects_cache", {})
    if "parties" in cache:
        return {p.board_id for p in version.parties.all()}
    return set(Party.objects.filter(version_id=version.pk).values_list("board_id", flat=True))


def _prefetched_versions(protocol: Protocol) -> list[ProtocolVersion] | None:
    """Return the protocol's versions, newest first, when this request already read them."""
    cache = getattr(protocol, "_prefetched_objects_cache", {})
    if "versions" not in cache:
        return None
    return sorted(protocol.versions.all(), key=lambda v: v.number, reverse=True)


def operative_version(protocol: Protocol) -> ProtocolVersion | None:
    """Return the version in force (or under review), if there is one."""
    versions = _prefetched_versions(protocol)
    if versions is not None:
        return next((v for v in versions if v.status in ProtocolVersion.OPERATIVE_STATUSES), None)
    return (
        ProtocolVersion.objects.filter(
            protocol_id=protocol.pk, status__in=ProtocolVersion.OPERATIVE_STATUSES
        )
        .order_by("-number")
        .first()
    )


def newest_version(protocol: Protocol) -> ProtocolVersion | None:
    versions = _prefetched_versions(protocol)
    if versions is not None:
        return versions[0] if versions else None
    return ProtocolVersion.objects.filter(protocol_id=protocol.pk).order_by("-number").first()


def _officer_board_ids(who: Principal) -> frozenset[int]:
    return who.chaired_board_ids | who.managed_board_ids


def _has(who: Principal, kind: str, board_ids: set[int]) -> bool:
    if kind == lifecycle.PARTY_MANAGER:
        return bool(who.managed_board_ids & board_ids)
    if kind == lifecycle.PARTY_OFFICER:
        return bool(_officer_board_ids(who) & board_ids)
    return False


# --- the verbs -------------------------------------------------------------------------


def can_create_protocol(user, area: Area | None = None) -> bool:
    """May the user start a protocol (in ``area``)? Business managers of a board there may."""
    who = principal(user)
    if who.is_superuser:
        return True
    if not _signed_in(user) or not who.managed_board_ids:
        return False
    if area is None:
        return True
    return Board.objects.filter(pk__in=who.managed_board_ids, area_id=_pk(area)).exists()


def can_author(user, version: ProtocolVersion) -> bool:
    """May the user change the version's content? Its party boards' business managers may,
    while it is in draft or consultation."""
    if not version.is_editable:
        return False
    who = principal(user)
    if who.is_superuser:
        return True
    return _signed_in(user) and _has(who, lifecycle.PARTY_MANAGER, party_board_ids(version))


def can_start_version(user, protocol: Protocol) -> bool:
    """May the user start a new version? Business managers of the newest version's parties."""
    who = principal(user)
    if who.is_superuser:
        return True
    newest = newest_version(protocol)
    if not _signed_in(user) or newest is None:
        return False
    return _has(who, lifecycle.PARTY_MANAGER, party_board_ids(newest))


def can_comment(user, version: ProtocolVersion) -> bool:
    """May the user comment? Anyone on a party board, while the version is in consultation."""
    if version.status != ProtocolVersion.Status.CONSULTATION:
        return False
    who = principal(user)
    if who.is_superuser:
        return True
    mine = who.board_ids | _officer_board_ids(who)
    return _signed_in(user) and bool(mine & party_board_ids(version))


def can_resolve_comment(user, comment: Comment) -> bool:
    """May the user resolve the comment? Its author, or a party board's business manager."""
    version = comment.version
    if not version.is_editable or comment.is_resolved or comment.parent_id:
        return False
    who = principal(user)
    if who.is_superuser:
        return True
    if not _signed_in(user):
        return False
    return comment.author_id == user.pk or _has(
        who, lifecycle.PARTY_MANAGER, party_board_ids(version)
    )


def can_transition(user, version: ProtocolVersion, transition: lifecycle.Transition | str) -> bool:
    """May the user make ``transition`` now? Never for the services' own transitions."""
    if isinstance(transition, str):
        transition = lifecycle.get(transition)
    if transition.is_system or version.status not in transition.sources:
        return False
    who = principal(user)
    if who.is_superuser:
        return True
    return _signed_in(user) and _has(who, transition.permission, party_board_ids(version))


def transitions_for(user, version: ProtocolVersion) -> list[lifecycle.Transition]:
    """Return the transitions the user may make on the version now, in table order."""
    return [t for t in lifecycle.available_from(version.status) if can_transition(user, version, t)]


def can_record_approval(user, version: ProtocolVersion, board: Board | int) -> bool:
    """May the user record ``board``'s approval? Its chair or business manager may, while
    the version awaits approval and the board has not yet approved it."""
    board_id = _pk(board)
    if version.status != ProtocolVersion.Status.AWAITING_APPROVAL:
        return False
    if board_id not in party_board_ids(version):
        return False
    if Approval.objects.filter(version_id=version.pk, board_id=board_id).exists():
        return False
    who = principal(user)
    if who.is_superuser:
        return True
    return _signed_in(user) and board_id in _officer_board_ids(who)


def signing_capacities(user, version: ProtocolVersion) -> list:
    """Return the signatories (see ``selectors.signatories_required``) the user is."""
    from .selectors import signatories_required  # selectors import this module

    who = principal(user)
    if not _signed_in(user) or who.person_id is None:
        return []
    return [
        s
        for s in signatories_required(version)
        if s.person is not None and s.person.pk == who.person_id
    ]


def can_sign(user, version: ProtocolVersion, board: Board | int) -> bool:
    """May the user sign for ``board`` now? Only its signatory, once, on an approved version."""
    board_id = _pk(board)
    if version.status != ProtocolVersion.Status.APPROVED:
        return False
    if not any(s.board.pk == board_id for s in signing_capacities(user, version)):
        return False
    who = principal(user)
    return not Signature.objects.filter(
        version_id=version.pk, board_id=board_id, signer_id=who.person_id
    ).exists()


def can_raise_concern(user, protocol: Protocol) -> bool:
    """May the user raise a concern? Chairs and business managers of the operative
    version's party boards (business managers on a chair's behalf)."""
    version = operative_version(protocol)
    if version is None:
        return False
    who = principal(user)
    if who.is_superuser:
        return True
    return _signed_in(user) and _has(who, lifecycle.PARTY_OFFICER, party_board_ids(version))


def _concern_side(user, concern: Concern, board_ids: set[int]) -> bool:
    if concern.status != Concern.Status.OPEN:
        return False
    who = principal(user)
    if who.is_superuser:
        return True
    return _signed_in(user) and bool(_officer_board_ids(who) & board_ids)


def can_respond_to_concern(user, concern: Concern) -> bool:
    """May the user answer a concern? The chair or business manager of the board it is
    raised with."""
    return _concern_side(user, concern, {concern.raised_with_board_id})


def can_escalate_concern(user, concern: Concern) -> bool:
    """May the user take the concern up the ladder or withdraw it? The raising side."""
    return _concern_side(user, concern, {concern.raised_by_board_id})


def can_resolve_concern(user, concern: Concern) -> bool:
    """May the user record the concern as resolved? Either side's chair or manager."""
    return _concern_side(user, concern, {concern.raised_by_board_id, concern.raised_with_board_id})


# --- registration with the boards policy ------------------------------------------------


def _protocol_areas(protocol_id: int, area_id: int) -> set[int]:
    boards = Board.objects.filter(protocol_parties__version__protocol_id=protocol_id)
    areas = {area_id, *boards.values_list("area_id", flat=True)}
    areas.update(
        a for a in boards.values_list("additional_areas", flat=True).distinct() if a is not None
    )
    return areas


def _paths(prefix: str) -> tuple[str, ...]:
    lead = f"{prefix}__" if prefix else ""
    return (
        f"{lead}area",
        f"{lead}versions__parties__board__area",
        f"{lead}versions__parties__board__additional_areas",
    )


def _via_version(version_of):
    def area_of(obj) -> set[int]:
        version = version_of(obj)
        return _protocol_areas(version.protocol_id, version.protocol.area_id)

    return area_of


def _author_of(version_of):
    def can_edit(who: Principal, obj) -> bool:
        version = version_of(obj)
        return version.is_editable and (
            who.is_superuser or _has(who, lifecycle.PARTY_MANAGER, party_board_ids(version))
        )

    return can_edit


def _create_under_version(who: Principal, parent) -> bool:
    if not isinstance(parent, ProtocolVersion) or not parent.is_editable:
        return False
    return who.is_superuser or _has(who, lifecycle.PARTY_MANAGER, party_board_ids(parent))


def _create_protocol(who: Principal, parent) -> bool:
    if parent is None:
        return bool(who.managed_board_ids)
    return Board.objects.filter(pk__in=who.managed_board_ids, area_id=_pk(parent)).exists()


def _never(*args) -> bool:
    return False


def _latest_editable(who: Principal, protocol: Protocol) -> bool:
    newest = newest_version(protocol)
    return newest is not None and _author_of(lambda v: v)(who, newest)


register(
    Protocol,
    Rule(
        area_paths=_paths(""),
        area_of=lambda p: _protocol_areas(p.pk, p.area_id),
        can_edit=_latest_editable,
        can_create=_create_protocol,
    ),
)
register(
    ProtocolVersion,
    Rule(
        area_paths=_paths("protocol"),
        area_of=_via_version(lambda v: v),
        can_edit=_author_of(lambda v: v),
        can_create=_never,
    ),
)
for _model in (Party, Section, Obligation, LadderStep):
    register(
        _model,
        Rule(
            area_paths=_paths("version__protocol"),
            area_of=_via_version(lambda o: o.version),
            can_edit=_author_of(lambda o: o.version),
            can_create=_create_under_version,
        ),
    )
register(
    PostResponsibility,
    Rule(
        area_paths=_paths("section__version__protocol"),
        area_of=_via_version(lambda r: r.section.version),
        can_edit=_author_of(lambda r: r.section.version),
        can_create=_create_under_version,
    ),
)
for _model in (Comment, Approval, Signature):
    register(
        _model,
        Rule(
            area_paths=_paths("version__protocol"),
            area_of=_via_version(lambda o: o.version),
            can_edit=_never,
            can_create=_never,
        ),
    )
register(
    Concern,
    Rule(
        area_paths=_paths("protocol"),
        area_of=lambda c: _protocol_areas(c.protocol_id, c.protocol.area_id),
        can_edit=_never,
        can_create=_never,
    ),
)
register(
    ConcernStep,
    Rule(
        area_paths=_paths("concern__protocol"),
        area_of=lambda s: _protocol_areas(s.concern.protocol_id, s.concern.protocol.area_id),
        can_edit=_never,
        can_create=_never,
    ),
)
