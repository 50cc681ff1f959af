"""Reads for the protocols app, with their related rows fetched up front.

Pages start from these so that they make the same number of queries however many
protocols, parties, sections or signatures they show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from boards import permissions as policy
from boards.models import Board, Membership, Person, Post

from . import canonical, content, permissions
from .models import (
    Approval,
    Comment,
    Party,
    Protocol,
    ProtocolVersion,
    Signature,
)


def protocol_list(*, user, area=None):
    """Return the protocols the user may see, with their newest version and its parties."""
    qs = policy.visible_to(
        user,
        Protocol,
        Protocol.objects.select_related("area", "current_version").prefetch_related(
            Prefetch(
                "current_version__parties",
                queryset=Party.objects.select_related("board").order_by("order", "pk"),
            )
        ),
    )
    if area is not None:
        qs = qs.filter(area=area)
    return qs


def protocol_get(*, user, pk: int) -> Protocol:
    """Return one protocol the user may see, with all its versions (newest first).

    Raises:
        Http404: there is no such protocol, or the user may not see it.
    """
    found = (
        Protocol.objects.select_related("area", "current_version")
        .filter(pk=pk)
        .order_by()  # one row: the list's ordering would only cost a sort
        .first()
    )
    if found is None or not _sees(user, found):
        raise Http404("No protocol matches the given query.")
    prefetch_related_objects(
        [found],
        Prefetch(
            "versions",
            # With their parties (who may start a version or raise a concern, and the
            # parties of the version a page then shows: see version_get) and the import
            # each was drafted from, without its large proposal (a page offers it).
            queryset=ProtocolVersion.objects.select_related("protocol_import")
            .defer("protocol_import__proposal")
            .order_by("-number")
            .prefetch_related(Prefetch("parties", queryset=content.party_queryset())),
        ),
    )
    return found


def _sees(user, protocol: Protocol) -> bool:
    """Whether the user may see the protocol: at once when it is hosted in an area they
    see, else by asking the policy (a party board's area may be theirs)."""
    if policy.sees_area(user, protocol.area_id):
        return True
    return policy.visible_to(user, Protocol).filter(pk=protocol.pk).exists()


def _version_prefetches() -> list[Prefetch]:
    """Approvals, signatures and comments, and the import the version was drafted from
    (without its large proposal)."""
    return [
        Prefetch(
            "approvals",
            queryset=Approval.objects.select_related("board", "meeting", "recorded_by").order_by(
                "decided_on", "pk"
            ),
        ),
        Prefetch(
            "signatures",
            queryset=Signature.objects.select_related("board", "signer", "post", "user").order_by(
                "signed_at", "pk"
            ),
        ),
        Prefetch(
            "comments",
            queryset=Comment.objects.select_related("author", "resolved_by", "section").order_by(
                "created", "pk"
            ),
        ),
    ]


def version_queryset():
    """Versions with their content, approvals, signatures and comments fetched up front.

    The import a version was drafted from comes joined, without its (large) proposal.
    """
    qs = content.content_queryset().select_related("protocol_import")
    return qs.defer("protocol_import__proposal").prefetch_related(*_version_prefetches())


def version_get(*, user, protocol: Protocol, number: int, comments: bool = True) -> ProtocolVersion:
    """Return a version of a protocol the user may see, ready to show in full.

    Without ``comments``, the comment threads are left unread (a page that shows only how
    many are open counts them instead).

    Given a protocol from ``protocol_get`` (which the user may see, with its versions and
    their parties read), the version is taken from those and the rest of its rows fetched
    for it: a version is seen exactly where its protocol is, so it needs no check of its
    own. Otherwise it is read, and checked, afresh.

    Raises:
        Http404: there is no such version, or the user may not see it.
    """
    if "versions" not in getattr(protocol, "_prefetched_objects_cache", {}):
        qs = policy.visible_to(user, ProtocolVersion, version_queryset())
        return get_object_or_404(qs, protocol_id=protocol.pk, number=number)
    version = next((v for v in protocol.versions.all() if v.number == number), None)
    if version is None:
        raise Http404("No such version of this protocol.")
    version.protocol = protocol
    content.fetch_body(version)
    prefetch_related_objects(
        [version],
        *[p for p in _version_prefetches() if comments or p.prefetch_to != "comments"],
    )
    return version


def open_comment_count(version: ProtocolVersion) -> int:
    """Return how many comment threads on the version are unresolved."""
    cache = getattr(version, "_prefetched_objects_cache", {})
    if "comments" in cache:
        return sum(1 for c in version.comments.all() if c.parent_id is None and not c.is_resolved)
    return Comment.objects.filter(
        version_id=version.pk, parent__isnull=True, resolved_at__isnull=True
    ).count()


# --- who signs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Signatory:
    """One signature a version needs: a person (None while the seat is empty) for a board."""

    party: Party
    board: Board
    person: Person | None
    capacity: str
    post: Post | None = None


def _chair_signatories(party: Party, memberships: list[Membership]) -> list[Signatory]:
    short = party.board.short_name
    independent = [m for m in memberships if m.role == Membership.Role.INDEPENDENT_CHAIR]
    # An independent chair signs for the board; otherwise every chair and co-chair signs.
    chosen = independent or memberships
    if not chosen:
        return [Signatory(party, party.board, None, f"Chair, {short}")]
    seen: set[int] = set()
    result = []
    for m in sorted(chosen, key=lambda m: (m.person.full_name, m.person_id)):
        if m.person_id in seen:
            continue
        seen.add(m.person_id)
        result.append(Signatory(party, party.board, m.person, f"{m.get_role_display()}, {short}"))
    return result


def signatories_required(version: ProtocolVersion, *, on=None) -> list[Signatory]:
    """Return who must sign the version, party by party, as things stand today.

    Each party signs by its chairs (an independent chair alone where the board has one,
    otherwise every chair and co-chair) or by the holder of its named post. Someone who
    chairs two party boards appears once for each: they sign once in each capacity.
    """
    on = on or timezone.localdate()
    if "parties" in getattr(version, "_prefetched_objects_cache", {}):
        # From version_get (content_queryset): boards and posts with their holders joined.
        parties = sorted(version.parties.all(), key=lambda p: (p.order, p.pk))
    else:
        parties = list(
            Party.objects.filter(version_id=version.pk)
            .select_related("board", "signatory_post__holder")
            .order_by("order", "pk")
        )
    chair_boards = [p.board_id for p in parties if p.signatory_kind == Party.SignatoryKind.CHAIRS]
    by_board: dict[int, list[Membership]] = {}
    for m in (
        Membership.objects.current(on)
        .filter(board_id__in=chair_boards, role__in=Membership.CHAIR_ROLES)
        .select_related("person")
    ):
        by_board.setdefault(m.board_id, []).append(m)
    result: list[Signatory] = []
    for party in parties:
        if party.signatory_kind == Party.SignatoryKind.POST and party.signatory_post_id:
            post = party.signatory_post
            result.append(
                Signatory(
                    party,
                    party.board,
                    post.holder,
                    f"{post.display_title}, for the {party.board.short_name}",
                    post,
                )
            )
        else:
            result.extend(_chair_signatories(party, by_board.get(party.board_id, [])))
    return result


# --- signature integrity ---------------------------------------------------------------


def current_content_hash(version: ProtocolVersion) -> str:
    """Return the SHA-256 of the version's content as the database holds it now."""
    fresh = content.content_queryset().get(pk=version.pk)
    return canonical.content_hash(content.version_content(fresh))


_CONTENT_PREFETCHES = ("parties", "sections", "obligations", "ladder_steps")


def signature_status(
    version: ProtocolVersion, *, use_prefetched: bool = False
) -> list[tuple[Signature, bool]]:
    """Return each signature with whether the content is still what was signed.

    The content is fetched afresh, unless ``use_prefetched`` and the version came from
    ``version_get`` in this request: a page then checks the very rows it shows.
    """
    cache = getattr(version, "_prefetched_objects_cache", {})
    if "signatures" in cache:
        signatures = sorted(version.signatures.all(), key=lambda s: (s.signed_at, s.pk))
    else:
        signatures = list(
            Signature.objects.filter(version_id=version.pk)
            .select_related("board", "signer", "post", "user")
            .order_by("signed_at", "pk")
        )
    if not signatures:
        return []
    if use_prefetched and all(name in cache for name in _CONTENT_PREFETCHES):
        now = canonical.content_hash(content.version_content(version))
    else:
        now = current_content_hash(version)
    return [(s, s.content_hash == now) for s in signatures]


def version_signatures_intact(version: ProtocolVersion) -> bool:
    """Return True if every signature matches the content (True when there are none)."""
    return all(intact for _, intact in signature_status(version))


# --- one page's worth ------------------------------------------------------------------


def version_detail_context(version: ProtocolVersion, *, user) -> dict[str, Any]:
    """Return what a version page shows: its content, who signs, what the user may do.

    ``version`` should come from ``version_get`` so its rows are prefetched.
    """
    statuses = signature_status(version, use_prefetched=True)
    signatories = signatories_required(version)
    approved_boards = {a.board_id for a in version.approvals.all()}
    signed = {(s.board_id, s.signer_id) for s in version.signatures.all()}
    return {
        "version": version,
        "content": content.version_content(version),
        "signatories": [
            {
                "signatory": s,
                "signed": s.person is not None and (s.board.pk, s.person.pk) in signed,
            }
            for s in signatories
        ],
        "signature_status": statuses,
        "signatures_intact": all(intact for _, intact in statuses),
        "awaiting_approval_from": [
            p.board for p in version.parties.all() if p.board_id not in approved_boards
        ],
        "open_comment_count": open_comment_count(version),
        "transitions": permissions.transitions_for(user, version),
        "can_author": permissions.can_author(user, version),
        "can_comment": permissions.can_comment(user, version),
        "signing_capacities": [
            s
            for s in permissions.signing_capacities(user, version)
            if (s.board.pk, s.person.pk) not in signed
        ]
        if version.status == ProtocolVersion.Status.APPROVED
        else [],
    }


def protocol_versions_summary(protocol: Protocol):
    """Return the protocol's versions with their approval and signature counts."""
    return (
        ProtocolVersion.objects.filter(protocol=protocol)
        .annotate(
            approval_count=Count("approvals", distinct=True),
            signature_count=Count("signatures", distinct=True),
            open_comment_count=Count(
                "comments",
                filter=Q(comments__parent__isnull=True, comments__resolved_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-number")
    )
