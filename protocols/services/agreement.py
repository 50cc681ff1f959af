"""Agreeing a version: each party board's approval, then each signatory's signature."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from boards.models import Board, Meeting, Person
from boards.services import enqueue

from .. import lifecycle, permissions, selectors, tasks
from ..exceptions import ConflictError, DomainError, PermissionDeniedError
from ..models import Approval, Party, ProtocolVersion, Signature
from . import _common as c
from .workflow import transition

Status = ProtocolVersion.Status


def _party(version: ProtocolVersion, board: Board) -> Party:
    party = Party.objects.filter(version=version, board=board).select_related("board").first()
    if party is None:
        raise DomainError(f"The {board.short_name} is not a party to this version.", field="board")
    return party


@transaction.atomic
def approval_record(
    *,
    actor,
    version: ProtocolVersion,
    board: Board,
    decided_on: dt.date,
    decided_by: str,
    meeting: Meeting | None = None,
    minute_reference: str = "",
) -> Approval:
    """Record a party board's decision to approve the version, in any order of boards.

    The approval that completes every party moves the version to approved.

    Raises:
        ConflictError: the version is not awaiting approval, or this board's approval is
            already recorded.
        PermissionDeniedError: the actor is not the board's chair or business manager.
        DomainError: the board is not a party, the meeting is another body's, the date is
            in the future, or who decided is blank.
    """
    locked = c.lock_version(version)
    if locked.status != Status.AWAITING_APPROVAL:
        raise ConflictError(
            "Approvals can be recorded only while the version is awaiting approval. This "
            f"version is {lifecycle.STATE_PHRASES[locked.status]}."
        )
    short = _party(locked, board).board.short_name
    already = ConflictError(f"The {short}'s approval of this version is already recorded.")
    if Approval.objects.filter(version=locked, board=board).exists():
        raise already
    if not permissions.can_record_approval(actor, locked, board):
        raise PermissionDeniedError(
            f"Only the chair or business manager of the {short} can record its approval."
        )
    if decided_on is None:
        raise DomainError("Enter the date of the decision.", field="decided_on")
    if decided_on > timezone.localdate():
        raise DomainError(
            "The date of the decision must be today or in the past.", field="decided_on"
        )
    if meeting is not None and meeting.board_id != board.pk:
        raise DomainError(f"Choose a meeting of the {short}.", field="meeting")
    decided_by = c.require(
        decided_by, field="decided_by", message="Enter who decided, for example the Board."
    )
    approval = Approval(
        version=locked,
        board=board,
        decided_on=decided_on,
        decided_by=decided_by,
        meeting=meeting,
        minute_reference=c.clean_text(minute_reference),
        recorded_by=actor,
    )
    c.save(approval, actor=actor, reason=f"Approved by the {short}", clash=already)
    approved = set(Approval.objects.filter(version=locked).values_list("board_id", flat=True))
    if permissions.party_board_ids(locked) <= approved:
        transition(
            actor=actor,
            version=locked,
            name="approve",
            reason=f"Approved by every party board (last: {short})",
            system=True,
        )
    return approval


def _signing_refusal(status: str) -> str:
    if status in (Status.DRAFT, Status.CONSULTATION, Status.AWAITING_APPROVAL):
        return "This version cannot be signed until every party board has approved it."
    return f"This version is {lifecycle.STATE_PHRASES[status]} and can no longer be signed."


def _sign(
    *,
    actor,
    version: ProtocolVersion,
    board: Board,
    person: Person | None,
    method: str,
    ip_address: str | None,
    user_agent: str,
    signed_at: dt.datetime | None,
    check_password=None,
) -> Signature:
    locked = c.lock_version(version)
    if locked.status != Status.APPROVED:
        raise ConflictError(_signing_refusal(locked.status))
    short = _party(locked, board).board.short_name
    capacities = [
        s
        for s in selectors.signatories_required(locked)
        if s.board.pk == board.pk
        and s.person is not None
        and person is not None
        and s.person.pk == person.pk
    ]
    if not capacities:
        raise PermissionDeniedError(
            f"You are not a signatory for the {short}, so you cannot sign for it."
        )
    already = ConflictError(f"You have already signed this version for the {short}.")
    if Signature.objects.filter(version=locked, board=board, signer=person).exists():
        raise already
    if check_password is not None:
        check_password()
    content_hash = selectors.current_content_hash(locked)
    if Signature.objects.filter(version=locked).exclude(content_hash=content_hash).exists():
        raise ConflictError(
            "The text of this version has changed since others signed it, so it cannot be "
            "signed. Start a new version and have it approved and signed again."
        )
    signatory = capacities[0]
    signature = Signature(
        version=locked,
        board=board,
        signer=person,
        user=actor if getattr(actor, "is_authenticated", False) else None,
        capacity=signatory.capacity,
        post=signatory.post,
        signed_at=signed_at or timezone.now(),
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:300],
        method=method,
        content_hash=content_hash,
    )
    c.save(signature, actor=actor, reason=f"Signed for the {short}", clash=already)
    signed = set(Signature.objects.filter(version=locked).values_list("board_id", "signer_id"))
    if all(
        s.person is not None and (s.board.pk, s.person.pk) in signed
        for s in selectors.signatories_required(locked)
    ):
        transition(
            actor=actor,
            version=locked,
            name="sign",
            reason=f"Signed by every signatory (last: {signatory.capacity})"[:100],
            system=True,
        )
        # Issued at once, so nobody has to remember to, and after the commit, so the
        # worker reads the signatures this transaction wrote.
        enqueue(tasks.version_signed_pdf_issue, locked.pk)
    return signature


@transaction.atomic
def signature_add(
    *,
    actor,
    version: ProtocolVersion,
    board: Board,
    password: str,
    ip_address: str | None = None,
    user_agent: str = "",
    method: str = Signature.Method.PASSWORD,
    signed_at: dt.datetime | None = None,
) -> Signature:
    """Sign an approved version for a board, after the signer re-enters their password.

    The signature records who signed, in what capacity, when, from where, and the
    SHA-256 of the content as the database holds it at that moment. The last signature
    needed moves the version to signed and, once that commits, issues its signed PDF
    (``tasks.version_signed_pdf_issue``).

    Raises:
        ConflictError: the version is not approved, the actor has already signed for this
            board, or the text changed since others signed it.
        PermissionDeniedError: the actor is not a signatory for the board.
        DomainError: the board is not a party, or the password is wrong (field
            ``password``).
    """
    person = Person.objects.filter(user_id=actor.pk).first() if actor.pk else None

    def check_password() -> None:
        if not actor.is_active or not actor.check_password(password or ""):
            raise DomainError("The password is not correct.", field="password")

    if method == Signature.Method.DEMO:
        raise DomainError("Choose how the signature is verified.", field="method")
    return _sign(
        actor=actor,
        version=version,
        board=board,
        person=person,
        method=method,
        ip_address=ip_address,
        user_agent=user_agent,
        signed_at=signed_at,
        check_password=check_password,
    )


@transaction.atomic
def signature_add_demo(
    *,
    actor,
    version: ProtocolVersion,
    board: Board,
    person: Person | None = None,
    signed_at: dt.datetime | None = None,
) -> Signature:
    """Sign for demonstration data, with no password: for the demo loader only.

    ``person`` signs (by default the actor's own person); the signature is marked as
    demonstration data.

    Raises:
        PermissionDeniedError: the actor is not a superuser, or ``person`` is not a
            signatory for the board.
        ConflictError, DomainError: as ``signature_add``.
    """
    if not getattr(actor, "is_superuser", False):
        raise PermissionDeniedError("Only an administrator can add demonstration signatures.")
    person = person or Person.objects.filter(user_id=actor.pk).first()
    return _sign(
        actor=actor,
        version=version,
        board=board,
        person=person,
        method=Signature.Method.DEMO,
        ip_address=None,
        user_agent="",
        signed_at=signed_at,
    )


signature_status = selectors.signature_status
version_signatures_intact = selectors.version_signatures_intact
signatories_required = selectors.signatories_required
__all__ = [
    "approval_record",
    "signatories_required",
    "signature_add",
    "signature_add_demo",
    "signature_status",
    "version_signatures_intact",
]
