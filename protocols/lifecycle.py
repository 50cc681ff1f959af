"""The protocol version lifecycle as data: one table of transitions.

Pure: no database. ``protocols.services.version_transition`` is the one function that
writes a version's status; it looks transitions up here, checks the permission named by
``Transition.permission`` and runs the guard named by ``Transition.guard``.

    draft → consultation → awaiting approval → approved → signed → in force
          ↘_____________↗                                          ↓     ↑
                                                              under review
    in force / under review → superseded (by the next version) ; any unfinished → withdrawn
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

FINAL = frozenset({SUPERSEDED, WITHDRAWN})

# Who may make a transition (resolved against a version's parties by the services):
PARTY_MANAGER = "party_manager"  # a business manager of a party board
PARTY_OFFICER = "party_officer"  # a business manager or chair of a party board
SYSTEM = "system"  # only the services themselves (the last approval, the last signature)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str
    guard: str | None = None
    needs_reason: bool = False
    needs_date: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition("start_consultation", "Send to the parties for consultation",
               frozenset({DRAFT}), CONSULTATION, PARTY_MANAGER, guard="has_content"),
    Transition("request_approval", "Send for approval by each board",
               frozenset({DRAFT, CONSULTATION}), AWAITING_APPROVAL, PARTY_MANAGER,
               guard="ready_for_approval"),
    Transition("return_to_draft", "Return to draft",
               frozenset({CONSULTATION, AWAITING_APPROVAL}), DRAFT, PARTY_MANAGER,
               guard="no_approvals", needs_reason=True),
    Transition("approve", "Approved by every party board",
               frozenset({AWAITING_APPROVAL}), APPROVED, SYSTEM, guard="all_approved"),
    Transition("sign", "Signed by every signatory",
               frozenset({APPROVED}), SIGNED, SYSTEM, guard="all_signed"),
    Transition("bring_into_force", "Bring into force",
               frozenset({SIGNED}), IN_FORCE, PARTY_OFFICER, guard="signatures_intact",
               needs_date=True),
    Transition("open_review", "Open the annual review",
               frozenset({IN_FORCE}), UNDER_REVIEW, PARTY_OFFICER, needs_date=True),
    Transition("close_review", "Close the review with no change",
               frozenset({UNDER_REVIEW}), IN_FORCE, PARTY_OFFICER, needs_reason=True),
    Transition("supersede", "Superseded by the next version",
               frozenset({APPROVED, SIGNED, IN_FORCE, UNDER_REVIEW}), SUPERSEDED, SYSTEM),
    Transition("withdraw", "Withdraw",
               frozenset({DRAFT, CONSULTATION, AWAITING_APPROVAL, APPROVED, SIGNED, IN_FORCE,
                          UNDER_REVIEW}),
               WITHDRAWN, PARTY_MANAGER, needs_reason=True),
)

_BY_NAME = {t.name: t for t in TRANSITIONS}


class UnknownTransitionError(KeyError):
    pass


def get(name: str) -> Transition:
    try:
        return _BY_NAME[name]
    except KeyError as exc:
        raise UnknownTransitionError(f"There is no action called “{name}”.") from exc


def available_from(status: str) -> list[Transition]:
    """Return the transitions whose source states include ``status``, in table order."""
    return [t for t in TRANSITIONS if status in t.sources]


def refusal(transition: Transition, status: str, status_label: str) -> str | None:
    """Return why ``transition`` cannot start from ``status``, or None if it can."""
    if status in transition.sources:
        return None
    return f"You cannot “{transition.label.lower()}” while the version is {status_label.lower()}."
