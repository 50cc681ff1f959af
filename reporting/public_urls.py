"""Public pages, at /public/ (no sign-in): the signed protocols in force."""

from django.urls import path

from .views.public import PublicProtocolDetailView, PublicProtocolListView, PublicProtocolPdfView

app_name = "public"

urlpatterns = [
    path("protocols/", PublicProtocolListView.as_view(), name="protocol_list"),
    path("protocols/<int:pk>/", PublicProtocolDetailView.as_view(), name="protocol_detail"),
    path("protocols/<int:pk>/signed.pdf", PublicProtocolPdfView.as_view(), name="protocol_pdf"),
]
