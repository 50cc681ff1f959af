"""The protocol version lifecycle as data: one table of transitions.

Pure: no database. ``protocols.services.version_transition`` is the one function that
writes a version's status; it looks transitions up here, checks the permission named by
``Transition.permission`` and runs the guard named by ``Transition.guard``.

    draft → consultation → awaiting approval → approved → signed → in force
          ↘_____________↗                                          ↓     ↑
                                                              under review
    in force / under review → superseded (by the next version) ; any unfinished → withdrawn

A version that is approved or signed but not yet in force is also superseded when a new
version is started from it: its approvals and signatures stay with it.
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFT = "draft"
CONSULTATION = "consultation"
AWAITING_APPROVAL = "awaiting_approval"
APPROVED = "approved"
SIGNED = "signed"
IN_FORCE = "in_force"
UNDER_REVIEW = "under_review"
SUPERSEDED = "superseded"
WITHDRAWN = "withdrawn"

STATES = (
    DRAFT,
    CONSULTATION,
    AWAITING_APPROVAL,
    APPROVED,
    SIGNED,
    IN_FORCE,
    UNDER_REVIEW,
    SUPERSEDED,
    WITHDRAWN,
)
FINAL = frozenset({SUPERSEDED, WITHDRAWN})

#: how a state reads after "while it is ..." and "This version is ..."
STATE_PHRASES = {
    DRAFT: "in draft",
    CONSULTATION: "in consultation",
    AWAITING_APPROVAL: "awaiting approval",
    APPROVED: "approved",
    SIGNED: "signed",
    IN_FORCE: "in force",
    UNDER_REVIEW: "under review",
    SUPERSEDED: "superseded",
    WITHDRAWN: "withdrawn",
}

# Who may make a transition (resolved against a version's parties by the policy):
PARTY_MANAGER = "party_manager"  # a business manager of a party board
PARTY_OFFICER = "party_officer"  # a business manager or chair of a party board
SYSTEM = "system"  # only the services themselves (the last approval, the last signature)

PERMISSION_PHRASES = {
    PARTY_MANAGER: "a business manager of one of the party boards",
    PARTY_OFFICER: "a chair or business manager of one of the party boards",
}

#: the longest reason the history can hold
REASON_MAX_LENGTH = 100


@dataclass(frozen=True)
class Transition:
    """One move of the lifecycle: from which states, to which, by whom, on what condition.

    ``verb`` completes "You cannot ..." ("bring this version into force"); ``reason_prompt``
    asks for the reason where one is needed; ``system_message`` explains how a transition
    that only the services make happens.
    """

    name: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str
    verb: str
    guard: str | None = None
    needs_reason: bool = False
    needs_date: bool = False
    reason_prompt: str = ""
    system_message: str = ""

    @property
    def is_system(self) -> bool:
        return self.permission == SYSTEM


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "start_consultation",
        "Send to the parties for consultation",
        frozenset({DRAFT}),
        CONSULTATION,
        PARTY_MANAGER,
        verb="send this version for consultation",
        guard="has_content",
    ),
    Transition(
        "request_approval",
        "Send for approval by each board",
        frozenset({DRAFT, CONSULTATION}),
        AWAITING_APPROVAL,
        PARTY_MANAGER,
        verb="send this version for approval",
        guard="ready_for_approval",
    ),
    Transition(
        "return_to_draft",
        "Return to draft",
        frozenset({CONSULTATION, AWAITING_APPROVAL}),
        DRAFT,
        PARTY_MANAGER,
        verb="return this version to draft",
        guard="no_approvals",
        needs_reason=True,
        reason_prompt="Enter the reason for returning this version to draft.",
    ),
    Transition(
        "approve",
        "Approved by every party board",
        frozenset({AWAITING_APPROVAL}),
        APPROVED,
        SYSTEM,
        verb="mark this version approved",
        guard="all_approved",
        system_message=(
            "A version becomes approved when the last party board's approval is recorded."
        ),
    ),
    Transition(
        "sign",
        "Signed by every signatory",
        frozenset({APPROVED}),
        SIGNED,
        SYSTEM,
        verb="mark this version signed",
        guard="all_signed",
        system_message="A version becomes signed when the last signatory signs it.",
    ),
    Transition(
        "bring_into_force",
        "Bring into force",
        frozenset({SIGNED}),
        IN_FORCE,
        PARTY_OFFICER,
        verb="bring this version into force",
        guard="signatures_intact",
        needs_date=True,
    ),
    Transition(
        "open_review",
        "Open the annual review",
        frozenset({IN_FORCE}),
        UNDER_REVIEW,
        PARTY_OFFICER,
        verb="open a review of this version",
        needs_date=True,
    ),
    Transition(
        "close_review",
        "Close the review with no change",
        frozenset({UNDER_REVIEW}),
        IN_FORCE,
        PARTY_OFFICER,
        verb="close the review of this version",
        needs_reason=True,
        reason_prompt="Enter the outcome of the review.",
    ),
    Transition(
        "supersede",
        "Superseded by the next version",
        frozenset({APPROVED, SIGNED, IN_FORCE, UNDER_REVIEW}),
        SUPERSEDED,
        SYSTEM,
        verb="mark this version superseded",
        system_message=(
            "A version is superseded when the next version comes into force, or when a new "
            "version is started before it comes into force."
        ),
    ),
    Transition(
        "withdraw",
        "Withdraw",
        frozenset(
            {DRAFT, CONSULTATION, AWAITING_APPROVAL, APPROVED, SIGNED, IN_FORCE, UNDER_REVIEW}
        ),
        WITHDRAWN,
        PARTY_MANAGER,
        verb="withdraw this version",
        needs_reason=True,
        reason_prompt="Enter the reason for withdrawing this version.",
    ),
)

_BY_NAME = {t.name: t for t in TRANSITIONS}


class UnknownTransitionError(KeyError):
    pass


def get(name: str) -> Transition:
    try:
        return _BY_NAME[name]
    except KeyError as exc:
        raise UnknownTransitionError(f"There is no action called “{name}”.") from exc


def available_from(status: str, *, include_system: bool = False) -> list[Transition]:
    """Return the transitions whose source states include ``status``, in table order.

    The services' own transitions are left out unless ``include_system``: people never
    choose them.
    """
    return [t for t in TRANSITIONS if status in t.sources and (include_system or not t.is_system)]


def refusal(transition: Transition, status: str) -> str | None:
    """Return why ``transition`` cannot start from ``status``, or None if it can."""
    if status in transition.sources:
        return None
    return f"You cannot {transition.verb} while it is {STATE_PHRASES[status]}."
