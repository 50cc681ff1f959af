"""The admin shows occurrences and their history, and changes nothing."""

from __future__ import annotations

import datetime as dt

from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence
from tests import factories as f


def test_superusers_see_occurrences_in_the_admin_but_cannot_change_them(seeds, client):
    generate_occurrences(today=dt.date(2026, 4, 1))
    admin = f.UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    listing = client.get("/admin/calendar_cycle/occurrence/")
    assert listing.status_code == 200
    assert (
        "The BSCB provides the BHWB with a copy of its Business Plan." in listing.content.decode()
    )
    occurrence = Occurrence.objects.first()
    change = client.post(
        f"/admin/calendar_cycle/occurrence/{occurrence.pk}/change/", {"state": "done"}
    )
    assert change.status_code == 403
    occurrence.refresh_from_db()
    assert occurrence.state != "done"
    assert client.get("/admin/calendar_cycle/occurrence/add/").status_code == 403
