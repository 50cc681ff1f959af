"""The lifecycle of versions: the one function that writes a status, and new versions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .. import lifecycle, permissions, selectors
from ..exceptions import (
    ConflictError,
    DomainError,
    PermissionDeniedError,
    TransitionNotAllowedError,
)
from ..models import (
    Approval,
    LadderStep,
    Obligation,
    Party,
    PostResponsibility,
    Protocol,
    ProtocolVersion,
    Section,
    Signature,
)
from . import _common as c

Status = ProtocolVersion.Status


def _british(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _count(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=n)


# --- guards: each returns the sentence that refuses, or None ---------------------------


def _has_content(version: ProtocolVersion, on_date: dt.date) -> str | None:
    if not Section.objects.filter(version=version).exists():
        return "Add at least one section before sending the version for consultation."
    return None


def _ready_for_approval(version: ProtocolVersion, on_date: dt.date) -> str | None:
    if not Section.objects.filter(version=version).exists():
        return "Add at least one section before sending the version for approval."
    if Party.objects.filter(version=version).count() < 2:
        return "Add at least two party boards before sending the version for approval."
    open_comments = selectors.open_comment_count(version)
    if open_comments:
        what = _count(open_comments, "the open comment", "the {n} open comments")
        return f"Resolve {what} before sending the version for approval."
    return None


def _no_approvals(version: ProtocolVersion, on_date: dt.date) -> str | None:
    n = Approval.objects.filter(version=version).count()
    if n:
        what = _count(n, "an approval", "{n} approvals")
        return (
            f"This version already has {what} recorded, so it cannot return to draft. "
            "Withdraw it and start a new version instead."
        )
    return None


def _all_approved(version: ProtocolVersion, on_date: dt.date) -> str | None:
    approved = set(Approval.objects.filter(version=version).values_list("board_id", flat=True))
    waiting = [
        p.board.short_name
        for p in Party.objects.filter(version=version).select_related("board")
        if p.board_id not in approved
    ]
    if waiting:
        return f"Still waiting for the approval of the {', '.join(waiting)}."
    return None


def _all_signed(version: ProtocolVersion, on_date: dt.date) -> str | None:
    signed = set(Signature.objects.filter(version=version).values_list("board_id", "signer_id"))
    waiting = [
        s.capacity
        for s in selectors.signatories_required(version)
        if s.person is None or (s.board.pk, s.person.pk) not in signed
    ]
    if waiting:
        return f"Still waiting for the signature of: {'; '.join(waiting)}."
    return None


def _signatures_intact(version: ProtocolVersion, on_date: dt.date) -> str | None:
    if not selectors.version_signatures_intact(version):
        return (
            "The text of this version has changed since it was signed, so it cannot come into "
            "force. Start a new version and have it approved and signed again."
        )
    last = Signature.objects.filter(version=version).order_by("-signed_at").first()
    if last is not None and on_date < timezone.localdate(last.signed_at):
        raise DomainError(
            "The date it comes into force must be on or after the date of the last "
            f"signature ({_british(timezone.localdate(last.signed_at))}).",
            field="on_date",
        )
    return None


GUARDS = {
    "has_content": _has_content,
    "ready_for_approval": _ready_for_approval,
    "no_approvals": _no_approvals,
    "all_approved": _all_approved,
    "all_signed": _all_signed,
    "signatures_intact": _signatures_intact,
}


# --- the one writer of status ----------------------------------------------------------


def refresh_current_version(protocol_id: int, *, actor) -> None:
    """Point the protocol at its newest version that is neither superseded nor withdrawn
    (or at its newest version when every one is)."""
    versions = ProtocolVersion.objects.filter(protocol_id=protocol_id).order_by("-number")
    current = versions.exclude(status__in=lifecycle.FINAL).first() or versions.first()
    protocol = Protocol.objects.get(pk=protocol_id)
    if current is not None and protocol.current_version_id != current.pk:
        protocol.current_version = current
        c.history(protocol, actor=actor, reason=f"Version {current.number} is now current")
        protocol.save(update_fields=["current_version", "modified"])


def _notify(version: ProtocolVersion, transition: lifecycle.Transition, actor) -> None:
    def send() -> None:
        c.version_status_changed.send(
            sender=ProtocolVersion, version=version, transition=transition.name, actor=actor
        )

    transaction.on_commit(send)


def transition(
    *,
    actor,
    version: ProtocolVersion,
    name: str,
    reason: str = "",
    on_date: dt.date | None = None,
    system: bool = False,
) -> ProtocolVersion:
    """Make a transition; ``system`` is passed only by the services in this package.

    A system transition is the services' own decision (the last approval, the last
    signature, a review falling due), so no person's permission is checked for it.
    """
    try:
        step = lifecycle.get(name)
    except lifecycle.UnknownTransitionError as exc:
        raise DomainError(f"There is no action called “{name}”.") from exc
    locked = c.lock_version(version)
    refused = lifecycle.refusal(step, locked.status)
    if refused:
        raise TransitionNotAllowedError(refused)
    if step.is_system and not system:
        raise TransitionNotAllowedError(step.system_message)
    if not system and not permissions.can_transition(actor, locked, step):
        who = lifecycle.PERMISSION_PHRASES[step.permission]
        raise PermissionDeniedError(f"Only {who} can {step.verb}.")
    reason = c.clean_text(reason)
    if step.needs_reason and not reason:
        raise DomainError(step.reason_prompt, field="reason")
    if len(reason) > lifecycle.REASON_MAX_LENGTH:
        raise DomainError(
            f"Keep the reason to {lifecycle.REASON_MAX_LENGTH} characters or fewer.",
            field="reason",
        )
    on_date = on_date or timezone.localdate()
    if step.name == "open_review" and locked.in_force_from and on_date < locked.in_force_from:
        raise DomainError(
            "The review cannot open before the version came into force "
            f"({_british(locked.in_force_from)}).",
            field="on_date",
        )
    if step.guard:
        refused = GUARDS[step.guard](locked, on_date)
        if refused:
            raise TransitionNotAllowedError(refused)

    if step.name == "bring_into_force":
        # The one-operative-version constraint needs the old one out before the new is in.
        for previous in ProtocolVersion.objects.filter(
            protocol_id=locked.protocol_id, status__in=ProtocolVersion.OPERATIVE_STATUSES
        ).exclude(pk=locked.pk):
            transition(
                actor=actor,
                version=previous,
                name="supersede",
                reason=f"Superseded by version {locked.number}",
                on_date=on_date,
                system=True,
            )

    locked.status = step.target
    locked.status_changed_at = timezone.now()
    if step.target == Status.IN_FORCE and step.name == "bring_into_force":
        locked.in_force_from = on_date
    if step.name == "open_review":
        locked.review_opened_on = on_date
    if step.target in lifecycle.FINAL:
        locked.ended_on = on_date
    c.save(locked, actor=actor, reason=reason or step.label)
    for field in ("status", "status_changed_at", "in_force_from", "review_opened_on", "ended_on"):
        setattr(version, field, getattr(locked, field))
    refresh_current_version(locked.protocol_id, actor=actor)
    _notify(locked, step, actor)
    return locked


@transaction.atomic
def version_transition(
    *,
    actor,
    version: ProtocolVersion,
    name: str,
    reason: str = "",
    on_date: dt.date | None = None,
) -> ProtocolVersion:
    """Move a version through the lifecycle: the one function that writes its status.

    The row is locked first; the state, the actor's permission and the transition's
    guard are checked in that order; the reason is kept as the history's change reason.
    Transitions that only the services make (approve, sign, supersede) are refused here.

    Raises:
        TransitionNotAllowedError: the version is in the wrong state, a guard refuses
            (open comments, approvals already recorded, a broken signature), or the
            transition is one only the services make.
        PermissionDeniedError: the actor may not make this transition.
        DomainError: a missing or over-long reason, an unknown transition, or a date
            before the version was signed or came into force.
    """
    return transition(
        actor=actor, version=version, name=name, reason=reason, on_date=on_date, system=False
    )


# --- new versions ----------------------------------------------------------------------


def _copy_content(source: ProtocolVersion, target: ProtocolVersion, *, actor) -> None:
    reason = f"Copied from version {source.number}"
    for party in Party.objects.filter(version=source).order_by("order", "pk"):
        c.save(
            Party(
                version=target,
                board_id=party.board_id,
                order=party.order,
                lead_officer_id=party.lead_officer_id,
                signatory_kind=party.signatory_kind,
                signatory_post_id=party.signatory_post_id,
            ),
            actor=actor,
            reason=reason,
        )
    sections: dict[int, Section] = {}
    for section in Section.objects.filter(version=source).order_by("order"):
        sections[section.pk] = c.save(
            Section(
                version=target,
                key=section.key,
                order=section.order,
                heading=section.heading,
                body=section.body,
                kind=section.kind,
            ),
            actor=actor,
            reason=reason,
        )
    for row in PostResponsibility.objects.filter(section__version=source).order_by(
        "section__order", "order", "pk"
    ):
        c.save(
            PostResponsibility(
                section=sections[row.section_id],
                order=row.order,
                post_id=row.post_id,
                post_title=row.post_title,
                responsibilities=row.responsibilities,
            ),
            actor=actor,
            reason=reason,
        )
    for o in Obligation.objects.filter(version=source).order_by("order", "pk"):
        c.save(
            Obligation(
                version=target,
                section=sections.get(o.section_id),
                key=o.key,
                order=o.order,
                owing_board_id=o.owing_board_id,
                owing_post_id=o.owing_post_id,
                owing_label=o.owing_label,
                receiving_board_id=o.receiving_board_id,
                receiving_post_id=o.receiving_post_id,
                what=o.what,
                description=o.description,
                timing=o.timing,
            ),
            actor=actor,
            reason=reason,
        )
    for step in LadderStep.objects.filter(version=source).order_by("order"):
        c.save(
            LadderStep(
                version=target, order=step.order, title=step.title, description=step.description
            ),
            actor=actor,
            reason=reason,
        )


OPEN_ELSEWHERE = "Another version of this protocol is already being worked on. Make changes there."


@transaction.atomic
def version_new(*, actor, protocol: Protocol) -> ProtocolVersion:
    """Start the next version as a draft copy of the newest one.

    Sections and obligations keep their stable keys, so the versions can be compared. A
    newest version that is approved or signed but not yet in force is superseded (its
    approvals and signatures stay with it); one in force or under review stays in force
    until the new version replaces it. Signatures are never copied.

    Raises:
        PermissionDeniedError: the actor is not a business manager of a party board.
        ConflictError: the newest version is still open (in draft, in consultation, or
            awaiting approval).
    """
    # Lock the protocol so two people starting a version at once make one, not two.
    protocol = Protocol.objects.select_for_update().get(pk=protocol.pk)
    if not permissions.can_start_version(actor, protocol):
        raise PermissionDeniedError(
            "Only a business manager of one of the party boards can start a new version."
        )
    newest = c.lock_version(ProtocolVersion.objects.filter(protocol=protocol).latest("number"))
    n = newest.number
    if newest.status in (Status.DRAFT, Status.CONSULTATION):
        raise ConflictError(
            f"Version {n} is still {lifecycle.STATE_PHRASES[newest.status]}. Make your changes "
            "there instead of starting another version."
        )
    if newest.status == Status.AWAITING_APPROVAL:
        if Approval.objects.filter(version=newest).exists():
            raise ConflictError(
                f"Version {n} is awaiting approval and already has approvals recorded. "
                "Withdraw it before starting a new version."
            )
        raise ConflictError(
            f"Version {n} is awaiting approval. Return it to draft to make changes instead "
            "of starting another version."
        )
    if newest.status in (Status.APPROVED, Status.SIGNED):
        transition(
            actor=actor,
            version=newest,
            name="supersede",
            reason=f"Replaced by version {n + 1} before coming into force",
            system=True,
        )
    draft = ProtocolVersion(
        protocol=protocol,
        number=n + 1,
        title=newest.title,
        purpose=newest.purpose,
        status=Status.DRAFT,
        status_changed_at=timezone.now(),
        based_on=newest,
    )
    c.save(
        draft,
        actor=actor,
        reason=f"Version {n + 1} started from version {n}",
        clash=ConflictError(OPEN_ELSEWHERE),
    )
    _copy_content(newest, draft, actor=actor)
    refresh_current_version(protocol.pk, actor=actor)
    return draft
