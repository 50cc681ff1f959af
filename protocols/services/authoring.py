"""Writing a protocol: the protocol itself, its parties, sections, obligations, post
holders' responsibilities and resolution ladder. Content changes only while a version is
in draft or consultation."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from boards import permissions as policy
from boards.models import Area, Board, Person, Post

from ..exceptions import DomainError, InvalidTimingError, PermissionDeniedError, StaleEditError
from ..models import (
    LadderStep,
    Obligation,
    Party,
    PostResponsibility,
    Protocol,
    ProtocolVersion,
    Section,
)
from . import _common as c

DEFAULT_REVIEW_RULE = {"kind": "anniversary", "of": "signing", "every_years": 1}

#: The resolution ladder of the Bolton and Islington protocols.
DEFAULT_LADDER = (
    (
        "Formal written request",
        "Either chair makes a formal written request of the other for information or for "
        "consideration of a concern.",
    ),
    (
        "Agenda item request",
        "Either chair asks for an item on the other board's agenda.",
    ),
    (
        "Chairs' meeting",
        "Either chair asks for a meeting of the board chairs and other relevant people.",
    ),
    (
        "Resolution meeting",
        "A resolution meeting of the chairs, the Director of Children's Services and the "
        "council's Chief Executive.",
    ),
)

STALE_SECTION = (
    "This section was changed by someone else since you opened it. Copy your changes, "
    "open the section again and reapply them."
)


def _validate_timing(data, *, field: str = "timing"):
    """Return the parsed rule and its normalised dict."""
    from .. import timing  # the timing rules module is pure and loaded on first use

    try:
        rule = timing.parse_rule(data)
    except timing.TimingRuleError as exc:
        raise InvalidTimingError(exc.message, field=field, path=exc.field) from exc
    return rule, timing.rule_to_dict(rule)


# --- protocol and version --------------------------------------------------------------


@transaction.atomic
def protocol_create(
    *,
    actor,
    area: Area,
    reference: str,
    title: str,
    purpose: str = "",
    boards,
    review_rule: dict | None = None,
) -> Protocol:
    """Start a protocol between two or more boards: version 1 in draft, with the default
    resolution ladder.

    Raises:
        PermissionDeniedError: the actor cannot see the area, or manages none of the boards.
        DomainError: fewer than two boards, a board the actor cannot see or that is
            dissolved, a reference already used in the area, or a bad review rule.
        ValidationError: a field is invalid (for example, the reference is not a slug).
    """
    if not policy.can_view(actor, area):
        raise PermissionDeniedError("You cannot add protocols in this area.")
    title = c.require(title, field="title", message="Enter the title of the protocol.")
    reference = c.require(
        reference, field="reference", message="Enter a short reference for the protocol."
    )
    board_list = list(dict.fromkeys(boards))
    if len(board_list) < 2:
        raise DomainError("Choose at least two boards to be party to the protocol.", field="boards")
    visible = set(
        policy.visible_to(actor, Board)
        .filter(pk__in=[b.pk for b in board_list])
        .values_list("pk", flat=True)
    )
    if len(visible) != len(board_list):
        raise DomainError("Choose only boards you can see.", field="boards")
    for board in board_list:
        if not board.is_current:
            raise DomainError(
                f"The {board.short_name} has been dissolved, so it cannot be party to a new "
                "protocol.",
                field="boards",
            )
    who = policy.principal(actor)
    if not who.is_superuser and not who.managed_board_ids & visible:
        raise PermissionDeniedError(
            "Only a business manager of one of the boards can start a protocol between them."
        )
    if Protocol.objects.filter(area=area, reference=reference).exists():
        raise DomainError(
            f"Another protocol in {area.name} already uses the reference “{reference}”.",
            field="reference",
        )
    _, rule = _validate_timing(
        DEFAULT_REVIEW_RULE if review_rule is None else review_rule, field="review_rule"
    )
    protocol = Protocol(
        area=area,
        reference=reference,
        review_rule=rule,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    c.save(
        protocol,
        actor=actor,
        reason="Protocol started",
        clash=f"Another protocol in {area.name} already uses the reference “{reference}”.",
    )
    version = ProtocolVersion(
        protocol=protocol,
        number=1,
        title=title,
        purpose=c.clean_text(purpose),
        status=ProtocolVersion.Status.DRAFT,
        status_changed_at=timezone.now(),
    )
    c.save(version, actor=actor, reason="Version 1 started")
    for order, board in enumerate(board_list, start=1):
        c.save(Party(version=version, board=board, order=order), actor=actor, reason="Party added")
    for order, (step_title, description) in enumerate(DEFAULT_LADDER, start=1):
        c.save(
            LadderStep(version=version, order=order, title=step_title, description=description),
            actor=actor,
            reason="Default resolution ladder",
        )
    protocol.current_version = version
    c.history(protocol, actor=actor, reason="Version 1 started")
    protocol.save(update_fields=["current_version", "modified"])
    return protocol


@transaction.atomic
def version_update(
    *, actor, version: ProtocolVersion, title: str, purpose: str, change_summary: str | None = None
) -> ProtocolVersion:
    """Change a version's title and purpose (and what changed since the last version).

    Raises:
        FrozenVersionError: the version can no longer change.
        PermissionDeniedError: the actor may not change it.
        DomainError: the title is blank.
    """
    locked = c.editable_version(version, actor=actor)
    locked.title = c.require(title, field="title", message="Enter the title of the protocol.")
    locked.purpose = c.clean_text(purpose)
    if change_summary is not None:
        locked.change_summary = c.clean_text(change_summary)
    c.save(locked, actor=actor, reason="Title and purpose changed")
    return locked


# --- parties ---------------------------------------------------------------------------


def _check_party_details(
    *, party: Party, protocol: Protocol, lead_officer, signatory_kind, signatory_post
) -> None:
    areas = {protocol.area_id, party.board.area_id}
    if lead_officer is not None and lead_officer.area_id not in areas:
        raise DomainError(
            f"Choose a lead officer from {party.board.short_name}'s area.", field="lead_officer"
        )
    if signatory_kind not in Party.SignatoryKind.values:
        raise DomainError("Choose who signs for the board.", field="signatory_kind")
    if signatory_kind == Party.SignatoryKind.POST:
        if signatory_post is None:
            raise DomainError(
                f"Choose the post holder who signs for the {party.board.short_name}.",
                field="signatory_post",
            )
        if signatory_post.area_id not in areas:
            raise DomainError(
                f"Choose a post holder in the {party.board.short_name}'s area.",
                field="signatory_post",
            )


@transaction.atomic
def party_add(
    *,
    actor,
    version: ProtocolVersion,
    board: Board,
    lead_officer: Person | None = None,
    signatory_kind: str = Party.SignatoryKind.CHAIRS,
    signatory_post: Post | None = None,
) -> Party:
    """Make another board a party to the version.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
        DomainError: the board is already a party, dissolved, or not visible to the actor.
    """
    locked = c.editable_version(version, actor=actor)
    if not policy.visible_to(actor, Board).filter(pk=board.pk).exists():
        raise DomainError("Choose a board you can see.", field="board")
    if not board.is_current:
        raise DomainError(
            f"The {board.short_name} has been dissolved, so it cannot become a party.",
            field="board",
        )
    if Party.objects.filter(version=locked, board=board).exists():
        raise DomainError(f"The {board.short_name} is already a party.", field="board")
    party = Party(
        version=locked,
        board=board,
        order=c.next_order(Party.objects.filter(version=locked)),
        lead_officer=lead_officer,
        signatory_kind=signatory_kind,
        signatory_post=signatory_post if signatory_kind == Party.SignatoryKind.POST else None,
    )
    _check_party_details(
        party=party,
        protocol=locked.protocol,
        lead_officer=lead_officer,
        signatory_kind=signatory_kind,
        signatory_post=signatory_post,
    )
    return c.save(
        party,
        actor=actor,
        reason=f"{board.short_name} added as a party",
        clash=f"The {board.short_name} is already a party.",
    )


@transaction.atomic
def party_update(
    *,
    actor,
    party: Party,
    lead_officer: Person | None = None,
    signatory_kind: str,
    signatory_post: Post | None = None,
) -> Party:
    """Change a party's lead officer and who signs for it.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
        DomainError: a person or post from elsewhere, or a post signatory with no post.
    """
    locked = c.editable_version(party.version_id, actor=actor)
    party = Party.objects.select_related("board").get(pk=party.pk)
    _check_party_details(
        party=party,
        protocol=locked.protocol,
        lead_officer=lead_officer,
        signatory_kind=signatory_kind,
        signatory_post=signatory_post,
    )
    party.lead_officer = lead_officer
    party.signatory_kind = signatory_kind
    party.signatory_post = signatory_post if signatory_kind == Party.SignatoryKind.POST else None
    return c.save(party, actor=actor, reason=f"{party.board.short_name}'s details changed")


def _obligations_naming(version: ProtocolVersion, board_id: int) -> list[Obligation]:
    from .. import timing

    named = []
    for obligation in Obligation.objects.filter(version=version):
        if board_id in (obligation.owing_board_id, obligation.receiving_board_id):
            named.append(obligation)
            continue
        try:
            rule = timing.parse_rule(obligation.timing)
        except timing.TimingRuleError:
            continue
        if board_id in timing.referenced_boards(rule):
            named.append(obligation)
    return named


@transaction.atomic
def party_remove(*, actor, party: Party) -> None:
    """Remove a board from the version's parties.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
        DomainError: only two parties are left, or obligations still name the board.
    """
    locked = c.editable_version(party.version_id, actor=actor)
    party = Party.objects.select_related("board").get(pk=party.pk)
    short = party.board.short_name
    if Party.objects.filter(version=locked).count() <= 2:
        raise DomainError("A protocol needs at least two parties, so this one cannot be removed.")
    named = _obligations_naming(locked, party.board_id)
    if named:
        count, them = (
            ("an obligation", "it") if len(named) == 1 else (f"{len(named)} obligations", "them")
        )
        raise DomainError(
            f"The {short} is named in {count}. Change or delete {them} before removing the board."
        )
    c.delete(party, actor=actor, reason=f"{short} removed as a party")


# --- sections --------------------------------------------------------------------------


def _section_of(version: ProtocolVersion, section) -> Section:
    if section is None:
        return None
    if section.version_id != version.pk:
        raise DomainError("Choose a section of this version.", field="section")
    return section


def _renumber(queryset, *, actor, reason: str) -> None:
    """Close the gaps in ``order`` one row at a time, lowest first.

    Each row moves down into a place that is already free, so the unique (version, order)
    constraint holds after every single UPDATE, which PostgreSQL checks row by row.
    """
    for position, row in enumerate(queryset.order_by("order", "pk"), start=1):
        if row.order != position:
            row.order = position
            c.history(row, actor=actor, reason=reason)
            row.save(update_fields=["order", "modified"])


@transaction.atomic
def section_add(
    *, actor, version: ProtocolVersion, heading: str, body: str = "", kind: str = "text"
) -> Section:
    """Append a section to the version.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
        DomainError: a blank heading, or a second resolution process section.
        ValidationError: an unknown kind.
    """
    locked = c.editable_version(version, actor=actor)
    heading = c.require(heading, field="heading", message="Enter the section's heading.")
    if (
        kind == Section.Kind.LADDER
        and Section.objects.filter(version=locked, kind=Section.Kind.LADDER).exists()
    ):
        raise DomainError("This version already has a resolution process section.", field="kind")
    section = Section(
        version=locked,
        order=c.next_order(Section.objects.filter(version=locked)),
        heading=heading,
        body=body or "",
        kind=kind,
    )
    return c.save(section, actor=actor, reason="Section added")


@transaction.atomic
def section_update(*, actor, section: Section, heading: str, body: str, revision: int) -> Section:
    """Save a section's heading and text, unless someone else saved it first.

    ``revision`` is the section's revision when the editor opened it. The row is updated
    only where it still has that revision, so of two concurrent saves exactly one wins.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
        StaleEditError: the section changed since ``revision``; nothing is overwritten.
        DomainError: a blank heading, or the section no longer exists.
    """
    c.editable_version(section.version_id, actor=actor)
    heading = c.require(heading, field="heading", message="Enter the section's heading.")
    claimed = Section.objects.filter(pk=section.pk, revision=revision).update(
        revision=F("revision") + 1
    )
    if not claimed:
        if not Section.objects.filter(pk=section.pk).exists():
            raise DomainError("This section has been deleted by someone else.")
        raise StaleEditError(STALE_SECTION)
    current = Section.objects.get(pk=section.pk)
    current.heading = heading
    current.body = body or ""
    c.save(current, actor=actor, reason="Section changed")
    return current


@transaction.atomic
def section_delete(*, actor, section: Section) -> None:
    """Delete a section and renumber the ones after it.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
        DomainError: obligations still come from the section.
    """
    locked = c.editable_version(section.version_id, actor=actor)
    section = Section.objects.get(pk=section.pk)
    count = Obligation.objects.filter(section=section).count()
    if count:
        what = "its obligation" if count == 1 else f"its {count} obligations"
        raise DomainError(f"Move or delete {what} before deleting this section.")
    c.delete(section, actor=actor, reason=f"Section {section.order} deleted")
    _renumber(Section.objects.filter(version=locked), actor=actor, reason="Sections renumbered")


@transaction.atomic
def section_move(*, actor, section: Section, direction: str) -> Section:
    """Move a section one place up or down, swapping it with its neighbour.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
        DomainError: an unknown direction, or the section is already first or last.
    """
    locked = c.editable_version(section.version_id, actor=actor)
    if direction not in ("up", "down"):
        raise DomainError("Choose whether to move the section up or down.", field="direction")
    section = Section.objects.get(pk=section.pk)
    siblings = Section.objects.filter(version=locked)
    if direction == "up":
        neighbour = siblings.filter(order__lt=section.order).order_by("-order").first()
    else:
        neighbour = siblings.filter(order__gt=section.order).order_by("order").first()
    if neighbour is None:
        where = "first" if direction == "up" else "last"
        raise DomainError(f"This section is already the {where}.", field="direction")
    mine, theirs = section.order, neighbour.order
    # Park this section at 0 (never a real place) so the swap never holds one order twice.
    for row, order in ((section, 0), (neighbour, mine), (section, theirs)):
        row.order = order
        c.history(row, actor=actor, reason="Sections reordered")
        row.save(update_fields=["order", "modified"])
    return section


# --- obligations -----------------------------------------------------------------------


def _check_side(protocol, party_ids, *, board, post, side: str) -> None:
    field_board, field_post = f"{side}_board", f"{side}_post"
    if board is None and post is None:
        who = "owes this" if side == "owing" else "this is owed to"
        raise DomainError(f"Choose the board or post holder that {who}.", field=field_board)
    if board is not None and board.pk not in party_ids:
        raise DomainError(
            f"The {board.short_name} is not a party to this protocol.", field=field_board
        )
    if post is not None and post.area_id != protocol.area_id:
        raise DomainError(f"Choose a post holder in {protocol.area.name}.", field=field_post)


def _cycle_through(graph: dict[str, set[str]], start: str) -> bool:
    """Return True if following ``graph`` from ``start`` comes back to it."""
    seen: set[str] = set()
    stack = list(graph.get(start, ()))
    while stack:
        key = stack.pop()
        if key == start:
            return True
        if key in seen:
            continue
        seen.add(key)
        stack.extend(graph.get(key, ()))
    return False


def _check_obligation(
    *,
    version: ProtocolVersion,
    key: str,
    section,
    timing_data,
    owing_board,
    owing_post,
    receiving_board,
    receiving_post,
) -> dict:
    """Check an obligation against its version; return its normalised timing rule."""
    from .. import timing

    protocol = version.protocol
    party_ids = set(Party.objects.filter(version=version).values_list("board_id", flat=True))
    _section_of(version, section)
    _check_side(protocol, party_ids, board=owing_board, post=owing_post, side="owing")
    _check_side(protocol, party_ids, board=receiving_board, post=receiving_post, side="receiving")
    same_board = owing_board is not None and owing_board == receiving_board
    same_post = owing_post is not None and owing_post == receiving_post
    if same_board or same_post:
        raise DomainError(
            "An obligation must be owed to a different board or post holder from the one "
            "that owes it.",
            field="receiving_board" if same_board else "receiving_post",
        )
    rule, normalised = _validate_timing(timing_data)
    for board_id in sorted(timing.referenced_boards(rule) - party_ids):
        board = Board.objects.filter(pk=board_id).first()
        name = f"the {board.short_name}" if board else "a board"
        raise InvalidTimingError(f"The timing names {name}, which is not a party to this protocol.")
    followed = timing.referenced_obligations(rule)
    if key in followed:
        raise InvalidTimingError("An obligation cannot follow itself.")
    graph: dict[str, set[str]] = {}
    for other in Obligation.objects.filter(version=version).exclude(key=key):
        try:
            graph[str(other.key)] = timing.referenced_obligations(timing.parse_rule(other.timing))
        except timing.TimingRuleError:
            graph[str(other.key)] = set()
    missing = followed - graph.keys()
    if missing:
        raise InvalidTimingError("The timing follows an obligation that is not in this version.")
    graph[key] = followed
    if _cycle_through(graph, key):
        raise InvalidTimingError(
            "The timing would make obligations wait for each other in a circle. Choose "
            "another obligation or an event to follow."
        )
    return normalised


@transaction.atomic
def obligation_add(
    *,
    actor,
    version: ProtocolVersion,
    section: Section | None,
    what: str,
    description: str,
    timing: dict,
    owing_board: Board | None = None,
    owing_post: Post | None = None,
    owing_label: str = "",
    receiving_board: Board | None = None,
    receiving_post: Post | None = None,
) -> Obligation:
    """Add who owes what to whom and when, from one of the version's sections.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
        InvalidTimingError: the timing is not a valid rule, names a board that is not a
            party, or follows a missing obligation or one that (in turn) follows this.
        DomainError: a section of another version, a side that is not a party board or a
            post holder of the area, or the same board or post on both sides.
        ValidationError: an unknown kind of obligation, or a blank description.
    """
    locked = c.editable_version(version, actor=actor)
    obligation = Obligation(version=locked)
    normalised = _check_obligation(
        version=locked,
        key=str(obligation.key),
        section=section,
        timing_data=timing,
        owing_board=owing_board,
        owing_post=owing_post,
        receiving_board=receiving_board,
        receiving_post=receiving_post,
    )
    obligation.section = section
    obligation.order = c.next_order(Obligation.objects.filter(version=locked))
    obligation.what = what
    obligation.description = c.clean_text(description)
    obligation.timing = normalised
    obligation.owing_board, obligation.owing_post = owing_board, owing_post
    obligation.owing_label = c.clean_text(owing_label)
    obligation.receiving_board, obligation.receiving_post = receiving_board, receiving_post
    return c.save(obligation, actor=actor, reason="Obligation added")


@transaction.atomic
def obligation_update(
    *,
    actor,
    obligation: Obligation,
    section: Section | None,
    what: str,
    description: str,
    timing: dict,
    owing_board: Board | None = None,
    owing_post: Post | None = None,
    owing_label: str = "",
    receiving_board: Board | None = None,
    receiving_post: Post | None = None,
) -> Obligation:
    """Change an obligation; its stable key stays, so later versions still match it.

    Raises:
        FrozenVersionError, PermissionDeniedError, InvalidTimingError, DomainError,
        ValidationError: as ``obligation_add``.
    """
    locked = c.editable_version(obligation.version_id, actor=actor)
    obligation = Obligation.objects.get(pk=obligation.pk)
    normalised = _check_obligation(
        version=locked,
        key=str(obligation.key),
        section=section,
        timing_data=timing,
        owing_board=owing_board,
        owing_post=owing_post,
        receiving_board=receiving_board,
        receiving_post=receiving_post,
    )
    obligation.section = section
    obligation.what = what
    obligation.description = c.clean_text(description)
    obligation.timing = normalised
    obligation.owing_board, obligation.owing_post = owing_board, owing_post
    obligation.owing_label = c.clean_text(owing_label)
    obligation.receiving_board, obligation.receiving_post = receiving_board, receiving_post
    return c.save(obligation, actor=actor, reason="Obligation changed")


@transaction.atomic
def obligation_delete(*, actor, obligation: Obligation) -> None:
    """Delete an obligation, unless another obligation's timing follows it.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
        DomainError: another obligation follows this one.
    """
    from .. import timing

    locked = c.editable_version(obligation.version_id, actor=actor)
    key = str(obligation.key)
    for other in Obligation.objects.filter(version=locked).exclude(pk=obligation.pk):
        try:
            followed = timing.referenced_obligations(timing.parse_rule(other.timing))
        except timing.TimingRuleError:
            continue
        if key in followed:
            raise DomainError(
                "Another obligation's timing follows this one. Change that obligation first."
            )
    c.delete(obligation, actor=actor, reason="Obligation deleted")


# --- post holders' responsibilities ----------------------------------------------------


def _responsibility_fields(section: Section, *, post, post_title, responsibilities):
    if section.kind != Section.Kind.POST_HOLDERS:
        raise DomainError(
            "Post holders' responsibilities belong in a “Roles of post and position holders” "
            "section.",
            field="section",
        )
    protocol = section.version.protocol
    if post is not None and post.area_id != protocol.area_id:
        raise DomainError(f"Choose a post holder in {protocol.area.name}.", field="post")
    post_title = c.clean_text(post_title) or (post.display_title if post else "")
    if not post_title:
        raise DomainError("Enter the post as the protocol words it.", field="post_title")
    responsibilities = c.require(
        responsibilities, field="responsibilities", message="Enter at least one responsibility."
    )
    return post_title, responsibilities


@transaction.atomic
def post_responsibility_add(
    *,
    actor,
    section: Section,
    post_title: str = "",
    responsibilities: str,
    post: Post | None = None,
) -> PostResponsibility:
    """Add a post holder's responsibilities to a post-holders section.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
        DomainError: not a post-holders section, a post of another area, or blank fields.
    """
    c.editable_version(section.version_id, actor=actor)
    section = Section.objects.select_related("version__protocol__area").get(pk=section.pk)
    post_title, responsibilities = _responsibility_fields(
        section, post=post, post_title=post_title, responsibilities=responsibilities
    )
    row = PostResponsibility(
        section=section,
        order=c.next_order(PostResponsibility.objects.filter(section=section)),
        post=post,
        post_title=post_title,
        responsibilities=responsibilities,
    )
    return c.save(row, actor=actor, reason="Post holder's responsibilities added")


@transaction.atomic
def post_responsibility_update(
    *,
    actor,
    responsibility: PostResponsibility,
    post_title: str = "",
    responsibilities: str,
    post: Post | None = None,
) -> PostResponsibility:
    """Change a post holder's responsibilities.

    Raises:
        FrozenVersionError, PermissionDeniedError, DomainError: as the add.
    """
    row = PostResponsibility.objects.select_related("section__version__protocol__area").get(
        pk=responsibility.pk
    )
    c.editable_version(row.section.version_id, actor=actor)
    row.post_title, row.responsibilities = _responsibility_fields(
        row.section, post=post, post_title=post_title, responsibilities=responsibilities
    )
    row.post = post
    return c.save(row, actor=actor, reason="Post holder's responsibilities changed")


@transaction.atomic
def post_responsibility_delete(*, actor, responsibility: PostResponsibility) -> None:
    """Delete a post holder's responsibilities.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
    """
    row = PostResponsibility.objects.select_related("section").get(pk=responsibility.pk)
    c.editable_version(row.section.version_id, actor=actor)
    c.delete(row, actor=actor, reason="Post holder's responsibilities deleted")


# --- the resolution ladder -------------------------------------------------------------


@transaction.atomic
def ladder_step_add(
    *, actor, version: ProtocolVersion, title: str, description: str = ""
) -> LadderStep:
    """Add a step to the top of the version's resolution ladder.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
        DomainError: a blank title.
    """
    locked = c.editable_version(version, actor=actor)
    step = LadderStep(
        version=locked,
        order=c.next_order(LadderStep.objects.filter(version=locked)),
        title=c.require(title, field="title", message="Enter what the step is."),
        description=c.clean_text(description),
    )
    return c.save(step, actor=actor, reason="Ladder step added")


@transaction.atomic
def ladder_step_update(*, actor, step: LadderStep, title: str, description: str = "") -> LadderStep:
    """Change a step of the resolution ladder.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
        DomainError: a blank title.
    """
    c.editable_version(step.version_id, actor=actor)
    step = LadderStep.objects.get(pk=step.pk)
    step.title = c.require(title, field="title", message="Enter what the step is.")
    step.description = c.clean_text(description)
    return c.save(step, actor=actor, reason="Ladder step changed")


@transaction.atomic
def ladder_step_delete(*, actor, step: LadderStep) -> None:
    """Delete a step of the resolution ladder and renumber the steps above it.

    Raises:
        FrozenVersionError, PermissionDeniedError: as for every content change.
    """
    locked = c.editable_version(step.version_id, actor=actor)
    step = LadderStep.objects.get(pk=step.pk)
    c.delete(step, actor=actor, reason=f"Ladder step {step.order} deleted")
    _renumber(LadderStep.objects.filter(version=locked), actor=actor, reason="Ladder renumbered")


__all__ = [
    "DEFAULT_LADDER",
    "DEFAULT_REVIEW_RULE",
    "ladder_step_add",
    "ladder_step_delete",
    "ladder_step_update",
    "obligation_add",
    "obligation_delete",
    "obligation_update",
    "party_add",
    "party_remove",
    "party_update",
    "post_responsibility_add",
    "post_responsibility_delete",
    "post_responsibility_update",
    "protocol_create",
    "section_add",
    "section_delete",
    "section_move",
    "section_update",
    "version_update",
]
