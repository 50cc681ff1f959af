"""Browser pages for protocols, named ``protocols:<model>_<action>``."""

from django.urls import include, path

from . import views
from .views import importing

app_name = "protocols"

V = "<int:pk>/versions/<int:number>/"

version_patterns = [
    path("", views.VersionDetailView.as_view(), name="version_detail"),
    path("edit/", views.VersionUpdateView.as_view(), name="version_update"),
    path("actions/<slug:name>/", views.VersionTransitionView.as_view(), name="version_transition"),
    path("parties/<int:party_pk>/edit/", views.PartyUpdateView.as_view(), name="party_update"),
    path("sections/add/", views.SectionCreateView.as_view(), name="section_create"),
    path(
        "sections/<int:section_pk>/edit/",
        views.SectionUpdateView.as_view(),
        name="section_update",
    ),
    path("sections/<int:section_pk>/move/", views.SectionMoveView.as_view(), name="section_move"),
    path(
        "sections/<int:section_pk>/delete/",
        views.SectionDeleteView.as_view(),
        name="section_delete",
    ),
    path(
        "sections/<int:section_pk>/post-holders/add/",
        views.PostResponsibilityCreateView.as_view(),
        name="postresponsibility_create",
    ),
    path(
        "sections/<int:section_pk>/post-holders/<int:responsibility_pk>/edit/",
        views.PostResponsibilityUpdateView.as_view(),
        name="postresponsibility_update",
    ),
    path(
        "sections/<int:section_pk>/post-holders/<int:responsibility_pk>/delete/",
        views.PostResponsibilityDeleteView.as_view(),
        name="postresponsibility_delete",
    ),
    path("obligations/add/", views.ObligationCreateView.as_view(), name="obligation_create"),
    path(
        "obligations/<int:obligation_pk>/edit/",
        views.ObligationUpdateView.as_view(),
        name="obligation_update",
    ),
    path(
        "obligations/<int:obligation_pk>/delete/",
        views.ObligationDeleteView.as_view(),
        name="obligation_delete",
    ),
    path("ladder/add/", views.LadderStepCreateView.as_view(), name="ladderstep_create"),
    path(
        "ladder/<int:step_pk>/edit/",
        views.LadderStepUpdateView.as_view(),
        name="ladderstep_update",
    ),
    path(
        "ladder/<int:step_pk>/delete/",
        views.LadderStepDeleteView.as_view(),
        name="ladderstep_delete",
    ),
    path("comments/", views.CommentListView.as_view(), name="comment_list"),
    path(
        "comments/<int:comment_pk>/resolve/",
        views.CommentResolveView.as_view(),
        name="comment_resolve",
    ),
    path("approvals/<int:board_pk>/", views.ApprovalCreateView.as_view(), name="approval_create"),
    path("sign/<int:board_pk>/", views.SignatureCreateView.as_view(), name="signature_create"),
    path("pdf/", views.VersionPdfView.as_view(), name="version_pdf"),
    path("pdf/download/", views.VersionPdfDownloadView.as_view(), name="version_draftpdf"),
    path("signed.pdf", views.VersionSignedPdfView.as_view(), name="version_signedpdf"),
]

urlpatterns = [
    path("", views.ProtocolListView.as_view(), name="protocol_list"),
    path("new/", views.ProtocolCreateView.as_view(), name="protocol_create"),
    path("import/", importing.ProtocolImportCreateView.as_view(), name="protocolimport_create"),
    path(
        "import/<int:pk>/",
        importing.ProtocolImportDetailView.as_view(),
        name="protocolimport_detail",
    ),
    path(
        "import/<int:pk>/review/",
        importing.ProtocolImportReviewView.as_view(),
        name="protocolimport_review",
    ),
    path(
        "import/<int:pk>/source/",
        importing.ProtocolImportSourceView.as_view(),
        name="protocolimport_source",
    ),
    path("<int:pk>/", views.ProtocolDetailView.as_view(), name="protocol_detail"),
    path("<int:pk>/compare/", views.VersionCompareView.as_view(), name="version_compare"),
    path("<int:pk>/versions/new/", views.VersionNewView.as_view(), name="version_create"),
    path(V, include(version_patterns)),
    path("<int:pk>/concerns/raise/", views.ConcernCreateView.as_view(), name="concern_create"),
    path("concerns/<int:pk>/", views.ConcernDetailView.as_view(), name="concern_detail"),
    path("concerns/<int:pk>/respond/", views.ConcernRespondView.as_view(), name="concern_respond"),
    path(
        "concerns/<int:pk>/escalate/",
        views.ConcernEscalateView.as_view(),
        name="concern_escalate",
    ),
    path("concerns/<int:pk>/resolve/", views.ConcernResolveView.as_view(), name="concern_resolve"),
]
