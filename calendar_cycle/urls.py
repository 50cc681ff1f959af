"""Browser pages of the calendar, named ``calendar_cycle:<model>_<action>``.

The feeds under ``feeds/`` need no sign-in (their secret address is the credential), so
that prefix is public; the pages that make and revoke feeds live elsewhere.
"""

from django.urls import path

from . import views

app_name = "calendar_cycle"

urlpatterns = [
    path("", views.DueListView.as_view(), name="due_list"),
    path("boards/<int:pk>/", views.BoardDueView.as_view(), name="board_due"),
    path("areas/", views.CalendarHomeView.as_view(), name="calendar_home"),
    path("areas/<slug:slug>/", views.AreaCalendarView.as_view(), name="area_calendar"),
    path("occurrences/<int:pk>/", views.OccurrenceDetailView.as_view(), name="occurrence_detail"),
    path("occurrences/<int:pk>/done/", views.OccurrenceDoneView.as_view(), name="occurrence_done"),
    path(
        "occurrences/<int:pk>/waive/", views.OccurrenceWaiveView.as_view(), name="occurrence_waive"
    ),
    path(
        "occurrences/<int:pk>/evidence/",
        views.OccurrenceEvidenceView.as_view(),
        name="occurrence_evidence",
    ),
    path("meetings/<int:pk>/forward-plan/", views.MeetingPlanView.as_view(), name="meeting_plan"),
    path("subscriptions/", views.FeedListView.as_view(), name="feed_list"),
    path("subscriptions/new/", views.FeedCreateView.as_view(), name="feed_create"),
    path("subscriptions/<int:pk>/revoke/", views.FeedRevokeView.as_view(), name="feed_revoke"),
    path("feeds/<slug:token>.ics", views.FeedIcsView.as_view(), name="feed_ics"),
]
