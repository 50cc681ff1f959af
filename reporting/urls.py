"""Browser pages for committee reports, the compliance dashboard, the annual report
tracker and evidence packs, named ``reporting:<model>_<action>``."""

from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("new/", views.ReportCreateView.as_view(), name="report_create"),
    path("from-protocol/", views.ReportFromProtocolView.as_view(), name="report_from_protocol"),
    path(
        "from-occurrence/", views.ReportFromOccurrenceView.as_view(), name="report_from_occurrence"
    ),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/edit/", views.ReportUpdateView.as_view(), name="report_update"),
    path("<int:pk>/sections/", views.ReportSectionsView.as_view(), name="report_sections"),
    path(
        "<int:pk>/implications/",
        views.ReportImplicationsView.as_view(),
        name="report_implications",
    ),
    path("<int:pk>/officers/", views.ReportOfficersView.as_view(), name="report_officers"),
    path("<int:pk>/clearance/", views.ReportClearanceView.as_view(), name="report_clearance"),
    path("<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("<int:pk>/withdraw/", views.ReportWithdrawView.as_view(), name="report_withdraw"),
    path("<int:pk>/clear/", views.ReportClearView.as_view(), name="report_clear"),
    path("<int:pk>/publish/", views.ReportPublishView.as_view(), name="report_publish"),
    path("<int:pk>/revise/", views.ReportReviseView.as_view(), name="report_revise"),
    path("<int:pk>/report.pdf", views.ReportPdfView.as_view(), name="report_pdf"),
    path("<int:pk>/report.docx", views.ReportDocxView.as_view(), name="report_docx"),
    path(
        "meetings/<int:pk>/agenda-pack.pdf",
        views.MeetingAgendaView.as_view(),
        name="meeting_agenda",
    ),
    path("compliance/", views.ComplianceHomeView.as_view(), name="compliance_home"),
    path(
        "compliance/areas/<slug:slug>/",
        views.ScopeComplianceView.as_view(kind="area"),
        name="area_compliance",
    ),
    path(
        "compliance/areas/<slug:slug>/figures.<str:format>",
        views.ScopeFiguresView.as_view(kind="area"),
        name="area_figures",
    ),
    path(
        "compliance/areas/<slug:slug>/annual-reports/",
        views.AreaTrackerView.as_view(),
        name="area_tracker",
    ),
    path(
        "compliance/boards/<int:pk>/",
        views.ScopeComplianceView.as_view(kind="board"),
        name="board_compliance",
    ),
    path(
        "compliance/boards/<int:pk>/figures.<str:format>",
        views.ScopeFiguresView.as_view(kind="board"),
        name="board_figures",
    ),
    path(
        "compliance/protocols/<int:pk>/",
        views.ScopeComplianceView.as_view(kind="protocol"),
        name="protocol_compliance",
    ),
    path(
        "compliance/protocols/<int:pk>/figures.<str:format>",
        views.ScopeFiguresView.as_view(kind="protocol"),
        name="protocol_figures",
    ),
    path("compliance/occurrences/", views.OccurrenceListView.as_view(), name="occurrence_list"),
    path("compliance/occurrences.csv", views.OccurrenceLogView.as_view(), name="occurrence_log"),
    path("evidence-packs/new/", views.PackCreateView.as_view(), name="pack_create"),
    path("evidence-packs/<int:pk>/", views.PackDetailView.as_view(), name="pack_detail"),
    path(
        "evidence-packs/<int:pk>/download/",
        views.PackDownloadView.as_view(),
        name="pack_download",
    ),
]
