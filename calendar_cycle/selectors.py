"""Reads of occurrences, with what their pages, feeds and exports show already joined."""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet

from boards import permissions as policy
from boards.models import Area, Board, Meeting, Post
from protocols.models import Obligation, Party, Protocol

from .models import Occurrence


def occurrence_list(queryset: QuerySet[Occurrence] | None = None) -> QuerySet[Occurrence]:
    """Return occurrences with their protocol, obligation, boards, posts and parties loaded."""
    queryset = Occurrence.objects.all() if queryset is None else queryset
    return queryset.select_related(
        "version__protocol",
        "obligation__owing_board",
        "obligation__owing_post",
        "obligation__receiving_board",
        "obligation__receiving_post",
    ).prefetch_related(
        Prefetch(
            "version__parties",
            queryset=Party.objects.select_related("board").order_by("order", "pk"),
        )
    )


def occurrence_list_for_area(area: Area, financial_year: int) -> QuerySet[Occurrence]:
    """Return an area's occurrences in a financial year, soonest due first."""
    return occurrence_list(
        Occurrence.objects.for_area(area).in_financial_year(financial_year)
    ).order_by("due_on", "version__protocol__reference", "obligation__order", "kind", "pk")


# --- pages ------------------------------------------------------------------------------


def occurrences_visible_to(user) -> QuerySet[Occurrence]:
    """Return the occurrences the user may see: those of protocols in their areas.

    An occurrence is seen where its protocol is (the same area paths are registered for
    both), and asking through the few thousand protocols lets the database use the
    version index instead of walking every occurrence in the country.
    """
    return Occurrence.objects.filter(
        version__protocol_id__in=policy.visible_to(user, Protocol).values("pk")
    )


def occurrence_get(*, user, pk: int) -> Occurrence | None:
    """Return one occurrence the user may see, with what its page shows, or None."""
    found = occurrence_list(occurrences_visible_to(user).filter(pk=pk)).select_related(
        "evidence_meeting__board", "recorded_by"
    )
    return found.first()


def _mine(user) -> tuple[frozenset[int], int | None]:
    who = policy.principal(user)
    return who.board_ids, who.person_id


# The conditions below first ask the small tables (obligations, parties, posts) which
# ids qualify, one query each, and then match occurrences by those ids. Each row appears
# once, and the database plans the occurrence query on its indexes from ids it can
# count, instead of joining every occurrence in the country before filtering. Given the
# user, the ids are only those of protocols the user may see, so the occurrences they
# match need no check of their own (an occurrence is seen where its protocol is).


def _visible(rows: QuerySet, user, path: str) -> QuerySet:
    if user is None or policy.principal(user).is_superuser:
        return rows
    # The ids of the protocols the user may see, read once a request: each condition
    # then filters by a short list instead of planning the permission subqueries again.
    who = policy.principal(user)
    if "visible_protocol_ids" not in who.extra:
        who.extra["visible_protocol_ids"] = list(
            policy.visible_to(user, Protocol).order_by().values_list("pk", flat=True)
        )
    return rows.filter(**{f"{path}__in": who.extra["visible_protocol_ids"]})


def _obligations(condition: Q, user=None) -> Q:
    rows = _visible(Obligation.objects.filter(condition), user, "version__protocol_id")
    return Q(obligation_id__in=list(rows.order_by().values_list("pk", flat=True)))


def _reviews_of(boards, user=None) -> Q:
    rows = _visible(Party.objects.filter(board_id__in=boards), user, "version__protocol_id")
    versions = rows.order_by().values_list("version_id", flat=True).distinct()
    return Q(kind=Occurrence.Kind.REVIEW, version_id__in=list(versions))


def _posts_held(user, person: int) -> list[int]:
    who = policy.principal(user)
    if "posts_held" not in who.extra:  # read once a request
        who.extra["posts_held"] = list(
            Post.objects.filter(holder_id=person).order_by().values_list("pk", flat=True)
        )
    return who.extra["posts_held"]


def _user_duties(user) -> tuple[list[int], list[int]]:
    """Return the ids of the obligations the user owes and of those owed to them (through
    their boards and the posts they hold), of protocols they may see: one query, read once
    a request."""
    who = policy.principal(user)
    if "duties" not in who.extra:
        boards, person = _mine(user)
        posts = set(_posts_held(user, person)) if person is not None else set()
        condition = Q(owing_board_id__in=boards) | Q(receiving_board_id__in=boards)
        if posts:
            condition |= Q(owing_post_id__in=posts) | Q(receiving_post_id__in=posts)
        rows = _visible(Obligation.objects.filter(condition), user, "version__protocol_id")
        owing, receiving = [], []
        for (
            pk,
            owing_board,
            owing_post,
            receiving_board,
            receiving_post,
        ) in rows.order_by().values_list(
            "pk", "owing_board_id", "owing_post_id", "receiving_board_id", "receiving_post_id"
        ):
            if owing_board in boards or owing_post in posts:
                owing.append(pk)
            if receiving_board in boards or receiving_post in posts:
                receiving.append(pk)
        who.extra["duties"] = (owing, receiving)
    return who.extra["duties"]


def owed_by_user(user) -> Q:
    """Match the occurrences the user owes: through their boards, their posts, as a party."""
    boards, _ = _mine(user)
    return Q(obligation_id__in=_user_duties(user)[0]) | _reviews_of(boards, user)


def owed_to_user(user) -> Q:
    """Match the occurrences owed to the user's boards or to a post they hold."""
    return Q(obligation_id__in=_user_duties(user)[1])


def _by_due(queryset: QuerySet[Occurrence], *, parties: bool = False) -> QuerySet[Occurrence]:
    """Order soonest due first, with what a row shows joined.

    Only feeds name a review's parties; the pages do not, so they skip loading them.
    """
    rows = occurrence_list(queryset).select_related("obligation__section")
    if not parties:
        rows = rows.prefetch_related(None)
    return rows.order_by(
        "due_on", "version__protocol__reference", "obligation__order", "kind", "pk"
    )


def _matching(condition: Q) -> QuerySet[Occurrence]:
    """Return the occurrences a condition built for a user matches (it names only ids of
    protocols the user may see)."""
    return Occurrence.objects.filter(condition)


def _owed_by_and_to(owed_by: Q, owed_to: Q) -> dict[str, list[Occurrence]]:
    """Return the outstanding occurrences matching each condition, soonest first, read in
    one query (a row matching both appears in both lists)."""
    rows = _by_due(_matching(owed_by | owed_to).outstanding()).annotate(
        is_owed_by=ExpressionWrapper(owed_by, output_field=BooleanField()),
        is_owed_to=ExpressionWrapper(owed_to, output_field=BooleanField()),
    )
    rows = list(rows)
    return {
        "owed_by": [o for o in rows if o.is_owed_by],
        "owed_to": [o for o in rows if o.is_owed_to],
    }


def due_for_user(user) -> dict[str, list[Occurrence]]:
    """Return what the user owes and what is owed to them, outstanding, soonest first."""
    return _owed_by_and_to(owed_by_user(user), owed_to_user(user))


def board_condition(board_id: int, *, owing: bool = True, receiving: bool = True, user=None) -> Q:
    """Match what a board owes (its duties and its protocols' reviews) and is owed, of the
    protocols ``user`` may see (given one)."""
    duties = Q()
    if owing:
        duties |= Q(owing_board_id=board_id)
    if receiving:
        duties |= Q(receiving_board_id=board_id)
    condition = _obligations(duties, user)
    if owing:
        condition |= _reviews_of([board_id], user)
    return condition


def due_for_board(user, board: Board) -> dict[str, list[Occurrence]]:
    """Return what a board owes and what is owed to it, outstanding, soonest first."""
    return _owed_by_and_to(
        board_condition(board.pk, receiving=False, user=user),
        board_condition(board.pk, owing=False, user=user),
    )


def occurrences_for_user(user) -> QuerySet[Occurrence]:
    """Return every occurrence the user owes or is owed, done ones too (a personal feed)."""
    return _by_due(_matching(owed_by_user(user) | owed_to_user(user)), parties=True)


def occurrences_for_board(user, board: Board) -> QuerySet[Occurrence]:
    """Return every occurrence a board owes or is owed, done ones too (a board's feed)."""
    return _by_due(_matching(board_condition(board.pk, user=user)), parties=True)


def _in_area(user, area: Area) -> QuerySet[Occurrence]:
    if policy.sees_area(user, area.pk):
        return Occurrence.objects.for_area(area)
    return occurrences_visible_to(user).for_area(area)


def calendar_occurrences(
    user,
    *,
    area: Area,
    start: dt.date,
    end: dt.date,
    board: Board | None = None,
    protocol: Protocol | None = None,
    state: str = "",
    due_within: bool = False,
) -> QuerySet[Occurrence]:
    """Return an area's occurrences whose window (or due day) touches ``start``–``end``.

    With ``due_within``, only those that fall due between the two days. Narrowed by the
    board that owes or is owed them, the protocol and the state.
    """
    queryset = _in_area(user, area).filter(due_on__gte=start)
    if due_within:
        queryset = queryset.filter(due_on__lte=end)
    else:
        # An occurrence with no window occupies its due day only.
        queryset = queryset.filter(Q(opens_on__lte=end) | Q(opens_on__isnull=True, due_on__lte=end))
    if board is not None:
        queryset = queryset.filter(board_condition(board.pk))
    if protocol is not None:
        queryset = queryset.filter(version__protocol=protocol)
    if state:
        queryset = queryset.filter(state=state)
    return _by_due(queryset)


def area_boards(user, area: Area) -> QuerySet[Board]:
    """Return the boards of an area the user may see, for the calendar's filter."""
    boards = policy.visible_in_area(user, Board, Board.objects.for_area(area), area.pk)
    return boards.only("pk", "name", "short_name").order_by("name", "pk")


def area_protocols(user, area: Area) -> QuerySet[Protocol]:
    """Return the protocols of an area the user may see, for the calendar's filter."""
    protocols = policy.visible_in_area(user, Protocol, Protocol.objects.filter(area=area), area.pk)
    return protocols.select_related("current_version").order_by("reference", "pk")


def default_area(user) -> Area | None:
    """Return the area whose calendar a user sees first: their own, else the first they see."""
    who = policy.principal(user)
    areas = policy.visible_to(user, Area).order_by("name")
    if who.person_id is not None:
        own = areas.filter(people__pk=who.person_id).first()
        if own is not None:
            return own
    return areas.first()


def forward_plan(meeting: Meeting) -> tuple[Meeting | None, QuerySet[Occurrence]]:
    """Return a board meeting's previous meeting and the occurrences to put on its agenda.

    They are owed to the meeting's board and fall due after the previous meeting (that
    was not cancelled or postponed) and on or before this one: what the board should
    receive at this meeting. Reviews of protocols the board is a party to count too.
    """
    previous = (
        Meeting.objects.filter(board_id=meeting.board_id, date__lt=meeting.date)
        .exclude(status__in=(Meeting.Status.CANCELLED, Meeting.Status.POSTPONED))
        .order_by("-date", "-pk")
        .first()
    )
    condition = _obligations(Q(receiving_board_id=meeting.board_id))
    condition |= _reviews_of([meeting.board_id])
    queryset = Occurrence.objects.filter(condition, due_on__lte=meeting.date)
    if previous is not None:
        queryset = queryset.filter(due_on__gt=previous.date)
    return previous, _by_due(queryset)
