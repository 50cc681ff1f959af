"""The app's URLs plus views whose database has just gone away (test_service_unavailable)."""

from django.db import InterfaceError, OperationalError
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def lost_connection(request):
    raise OperationalError("server closed the connection unexpectedly")


def closed_connection(request):
    raise InterfaceError("connection already closed")


def programming_mistake(request):
    raise ValueError("not a database outage")


urlpatterns = [
    path("faults/lost-connection", lost_connection),
    path("api/faults/closed-connection", closed_connection),
    path("faults/programming-mistake", programming_mistake),
    *app_urlpatterns,
]
