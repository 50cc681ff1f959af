"""What the calendar pages share: finding records the user may see, and the filter form."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from boards import permissions as policy

MAX_ID_DIGITS = 18


def visible_or_404(user, model, **lookup):
    """Return the one ``model`` row matching ``lookup`` that the user may see, or raise 404."""
    found = policy.visible_to(user, model).filter(**lookup).first()
    if found is None:
        raise Http404("No such record.")
    return found


def calendar_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("What's due", reverse("calendar_cycle:due_list")), *extra]


class BadRequestOnInvalid:
    """Answer a form with errors as 400, so a refused write is never taken for a success."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
