"""Calendar feeds: the user's feeds, making one (its address shown once), revoking one,
and the feed itself, which a calendar client fetches with no sign-in."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from boards import permissions as policy
from boards.exceptions import DomainError
from boards.models import Board
from protocols.forms import ConfirmForm
from protocols.views._base import add_errors, error_list

from .. import feeds, ical
from ..forms import FeedForm
from ..models import CalendarFeed
from ..permissions import can_manage_feed
from ._base import BadRequestOnInvalid, calendar_crumbs

#: where the address of a new feed waits, for the one page that shows it
NEW_FEED_SESSION_KEY = "calendar_new_feed"
GONE = "This calendar feed was revoked. Make a new one to subscribe again.\n"


def feed_address(request, token: str) -> str:
    return request.build_absolute_uri(reverse("calendar_cycle:feed_ics", kwargs={"token": token}))


def _crumbs():
    return calendar_crumbs(("Calendar feeds", reverse("calendar_cycle:feed_list")))


class FeedListView(TemplateView):
    """The user's feeds; straight after making one, its address, this once."""

    template_name = "calendar_cycle/feed_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        new = self.request.session.pop(NEW_FEED_SESSION_KEY, None)
        ctx.update(
            page_title="Calendar feeds",
            feeds=feeds.feeds_of(self.request.user),
            new_feed_id=new["pk"] if new else None,
            new_feed_address=feed_address(self.request, new["token"]) if new else "",
            breadcrumbs=calendar_crumbs(),
        )
        return ctx


class FeedCreateView(BadRequestOnInvalid, FormView):
    template_name = "calendar_cycle/feed_form.html"
    form_class = FeedForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        boards = policy.visible_to(self.request.user, Board).select_related("area")
        kwargs["boards"] = boards.order_by("area__name", "name", "pk")
        return kwargs

    def form_valid(self, form):
        try:
            issued = feeds.feed_create(actor=self.request.user, board=form.cleaned_data["board"])
        except (DomainError, ValidationError) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        self.request.session[NEW_FEED_SESSION_KEY] = {"pk": issued.feed.pk, "token": issued.token}
        return HttpResponseRedirect(reverse("calendar_cycle:feed_list"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            page_title="Make a calendar feed",
            errors=error_list(ctx["form"]),
            breadcrumbs=_crumbs(),
        )
        return ctx


class FeedRevokeView(BadRequestOnInvalid, FormView):
    """Confirm, then revoke: the feed's address stops working for every subscriber."""

    template_name = "calendar_cycle/feed_revoke.html"

    def dispatch(self, request, *args, **kwargs):
        feed = CalendarFeed.objects.select_related("board").filter(pk=kwargs["pk"]).first()
        if feed is None or not can_manage_feed(request.user, feed):
            raise Http404("No such feed.")
        self.feed = feed
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return ConfirmForm(**self.get_form_kwargs(), label="Revoke the feed")

    def form_valid(self, form):
        try:
            feeds.feed_revoke(actor=self.request.user, feed=self.feed)
        except DomainError as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, "The feed is revoked. Calendars subscribed to it stop updating."
        )
        return HttpResponseRedirect(reverse("calendar_cycle:feed_list"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            page_title="Revoke a calendar feed",
            feed=self.feed,
            feed_name=feeds.feed_name(self.feed),
            errors=error_list(ctx["form"]),
            breadcrumbs=_crumbs(),
        )
        return ctx


class FeedIcsView(View):
    """The feed: an iCalendar file for calendar clients, found by its secret address."""

    def get(self, request, *args, **kwargs):
        feed = feeds.feed_by_token(kwargs["token"])
        if feed is None:
            raise Http404("No such feed.")
        if not feed.is_active:
            return HttpResponse(GONE, status=410, content_type="text/plain; charset=utf-8")
        occurrences = feeds.feed_occurrences(feed)
        if occurrences is None:
            raise Http404("No such feed.")
        site = settings.SITE_URL.rstrip("/")
        content = ical.to_ical(
            occurrences,
            name=feeds.feed_name(feed),
            link_for=lambda o: site + reverse("calendar_cycle:occurrence_detail", args=[o.pk]),
        )
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="protocol-duties.ics"'
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex"
        return response
