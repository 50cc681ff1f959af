"""Create the draft protocol a person has accepted, through ``protocols.services``.

Everything happens in one transaction: if any part is refused (a permission, a clash, a
bad timing rule), nothing is saved. Parts of a proposal that a draft cannot hold as they
stand are left out and listed in ``DraftResult.skipped`` rather than refused, so "accept
all" still gives a draft: an obligation to or from a board that is not a party, or a post
the area has not recorded; a timing that names a non-party board or follows an obligation
that was left out becomes "as and when needed".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from boards.models import Area, Board, Post

from .. import services
from .. import timing as timing_rules
from ..exceptions import DomainError
from ..models import Obligation, Protocol, Section
from .proposal import ObligationProposal, Proposal

AD_HOC = {"kind": "ad_hoc"}


@dataclass
class DraftResult:
    """The protocol created, and what was left out of it and why."""

    protocol: Protocol
    skipped: list[str] = field(default_factory=list)
    obligations: int = 0
    sections: int = 0


def _free_reference(area: Area, wanted: str) -> str:
    base = (slugify(wanted) or "imported-protocol")[:72]
    taken = set(
        Protocol.objects.filter(area=area, reference__startswith=base).values_list(
            "reference", flat=True
        )
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _ordered(obligations: list[ObligationProposal]) -> list[ObligationProposal]:
    """Put each obligation after the one its timing follows, so the key exists when used."""
    by_key = {o.key: o for o in obligations}
    done: list[ObligationProposal] = []
    seen: set[str] = set()

    def visit(item: ObligationProposal, path: frozenset) -> None:
        if item.key in seen or item.key in path:
            return
        followed = (item.timing.get("after") or {}).get("obligation")
        if followed in by_key:
            visit(by_key[followed], path | {item.key})
        seen.add(item.key)
        done.append(item)

    for item in obligations:
        visit(item, frozenset())
    return done


@transaction.atomic
def draft_from_proposal(*, actor, area: Area, proposal: Proposal) -> DraftResult:
    """Create a draft protocol (version 1) from an accepted proposal.

    Raises:
        PermissionDeniedError: the actor may not start a protocol between these boards.
        DomainError: fewer than two party boards, a party that is not a board of the area,
            or any refusal of the services it calls (nothing is saved).
        ValidationError: a field the services refuse.
    """
    board_ids = [party.board for party in proposal.parties]
    boards_by_id = {b.pk: b for b in Board.objects.for_area(area).filter(pk__in=board_ids)}
    missing = [party.short_name for party in proposal.parties if party.board not in boards_by_id]
    if missing:
        raise DomainError(
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not a board of "
            f"{area.name}: choose the area's boards as the parties.",
            field="parties",
        )
    protocol = services.protocol_create(
        actor=actor,
        area=area,
        reference=_free_reference(area, proposal.reference or proposal.title),
        title=proposal.title,
        purpose=proposal.purpose,
        boards=[boards_by_id[pk] for pk in board_ids],
        review_rule=proposal.review_rule,
    )
    version = protocol.current_version
    result = DraftResult(protocol=protocol)

    sections: dict[int, Section] = {}
    has_ladder = False
    for item in proposal.sections:
        kind = item.kind
        if kind == Section.Kind.LADDER:
            kind = Section.Kind.TEXT if has_ladder else kind
            has_ladder = True
        sections[item.number] = services.section_add(
            actor=actor, version=version, heading=item.heading, body=item.body, kind=kind
        )
    result.sections = len(sections)

    posts = {p.kind: p for p in Post.objects.filter(area=area).order_by("pk")}
    for holder in proposal.post_holders:
        section = sections.get(holder.section)
        if section is None or section.kind != Section.Kind.POST_HOLDERS:
            result.skipped.append(f"{holder.title}: no post holders section to hold it.")
            continue
        services.post_responsibility_add(
            actor=actor,
            section=section,
            post_title=holder.title,
            responsibilities="\n".join(holder.responsibilities),
            post=posts.get(holder.post_kind) if holder.post_kind else None,
        )

    if proposal.ladder:
        for step in version.ladder_steps.order_by("-order"):
            services.ladder_step_delete(actor=actor, step=step)
        for step in proposal.ladder:
            services.ladder_step_add(
                actor=actor, version=version, title=step.title[:200], description=step.description
            )

    created: dict[str, Obligation] = {}
    party_ids = set(board_ids)
    for item in _ordered(proposal.obligations):
        owing = _side(item.owing, boards_by_id, posts, party_ids)
        receiving = _side(item.receiving, boards_by_id, posts, party_ids)
        problem = owing[2] or receiving[2]
        if problem:
            result.skipped.append(f"{_short(item.source)}: {problem}")
            continue
        timing = _timing(item, created, party_ids, result)
        created[item.key] = services.obligation_add(
            actor=actor,
            version=version,
            section=sections.get(item.section),
            what=item.what if item.what in Obligation.What.values else Obligation.What.OTHER,
            description=item.description,
            timing=timing,
            owing_board=owing[0],
            owing_post=owing[1],
            owing_label=(item.owing.label or "")[:200],
            receiving_board=receiving[0],
            receiving_post=receiving[1],
        )
    result.obligations = len(created)
    return result


def _side(side, boards_by_id, posts, party_ids):
    """Return (board, post, why it cannot be used) for one side of an obligation."""
    if side.board is not None:
        if side.board not in party_ids:
            return None, None, f"the {side.name} is not a party to this protocol"
        return boards_by_id[side.board], None, ""
    post = posts.get(side.post_kind)
    if post is None:
        return None, None, f"there is no {side.name} recorded for this area"
    return None, post, ""


def _timing(item: ObligationProposal, created: dict, party_ids: set, result: DraftResult) -> dict:
    rule = dict(item.timing or AD_HOC)
    after = rule.get("after") or {}
    if "obligation" in after:
        target = created.get(after["obligation"])
        if target is None:
            result.skipped.append(
                f"{_short(item.source)}: the obligation its timing follows was left out, so it "
                "is due as and when needed."
            )
            return dict(AD_HOC)
        rule["after"] = {"obligation": str(target.key)}
    try:
        parsed = timing_rules.parse_rule(rule)
    except timing_rules.TimingRuleError:
        result.skipped.append(f"{_short(item.source)}: its timing could not be used.")
        return dict(AD_HOC)
    if timing_rules.referenced_boards(parsed) - party_ids:
        result.skipped.append(
            f"{_short(item.source)}: its timing names a board that is not a party, so it is "
            "due as and when needed."
        )
        return dict(AD_HOC)
    return rule


def _short(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= 70 else text[:67].rsplit(' ', 1)[0] + '…'}”"
