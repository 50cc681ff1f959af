"""Browser pages of the calendar: what's due, the area calendar, an occurrence and its
forms, a meeting's forward plan, and calendar feeds.

Reads go through ``calendar_cycle.selectors``, writes through ``calendar_cycle.services``
and ``calendar_cycle.feeds``, and every decision about access through the permission
policy. Another area's occurrence, board, meeting or area is a 404; a refused step comes
back as a GOV.UK error on the page, never a 500.
"""

from .due import AreaCalendarView, BoardDueView, CalendarHomeView, DueListView
from .feeds import FeedCreateView, FeedIcsView, FeedListView, FeedRevokeView
from .occurrences import (
    MeetingPlanView,
    OccurrenceDetailView,
    OccurrenceDoneView,
    OccurrenceEvidenceView,
    OccurrenceWaiveView,
)

__all__ = [
    "AreaCalendarView",
    "BoardDueView",
    "CalendarHomeView",
    "DueListView",
    "FeedCreateView",
    "FeedIcsView",
    "FeedListView",
    "FeedRevokeView",
    "MeetingPlanView",
    "OccurrenceDetailView",
    "OccurrenceDoneView",
    "OccurrenceEvidenceView",
    "OccurrenceWaiveView",
]
