"""The public check of a protocol PDF, at /verify/ (no sign-in)."""

from django.urls import path

from .verify_views import VerifyView

app_name = "verify"

urlpatterns = [path("", VerifyView.as_view(), name="pdf_verify")]
