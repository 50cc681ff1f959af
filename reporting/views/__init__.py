"""Browser pages for committee reports: the list by meeting, a report and its deadlines,
writing it, naming and recording clearances, the workflow, and the downloads.

Reads go through ``reporting.selectors``, writes through ``reporting.services``, and
every decision about access through ``reporting.permissions``. Another area's report (or
a draft the user may not read) is a 404; a report the user may read but not change is a
403; a refused step comes back as a GOV.UK error, never a 500.
"""

from .clearance import (
    ReportClearanceView,
    ReportOfficersView,
)
from .compliance import (
    AreaTrackerView,
    ComplianceHomeView,
    OccurrenceListView,
    OccurrenceLogView,
    ScopeComplianceView,
    ScopeFiguresView,
)
from .downloads import (
    MeetingAgendaView,
    ReportDocxView,
    ReportPdfView,
)
from .evidence import PackCreateView, PackDetailView, PackDownloadView
from .reports import (
    ReportCreateView,
    ReportDetailView,
    ReportFromOccurrenceView,
    ReportFromProtocolView,
    ReportImplicationsView,
    ReportListView,
    ReportSectionsView,
    ReportUpdateView,
)
from .workflow import (
    ReportClearView,
    ReportPublishView,
    ReportReviseView,
    ReportSubmitView,
    ReportWithdrawView,
)

__all__ = [
    "AreaTrackerView",
    "ComplianceHomeView",
    "OccurrenceListView",
    "OccurrenceLogView",
    "PackCreateView",
    "PackDetailView",
    "PackDownloadView",
    "ReportFromOccurrenceView",
    "ScopeComplianceView",
    "ScopeFiguresView",
    "MeetingAgendaView",
    "ReportClearView",
    "ReportClearanceView",
    "ReportCreateView",
    "ReportDetailView",
    "ReportDocxView",
    "ReportFromProtocolView",
    "ReportImplicationsView",
    "ReportListView",
    "ReportOfficersView",
    "ReportPdfView",
    "ReportPublishView",
    "ReportReviseView",
    "ReportSectionsView",
    "ReportSubmitView",
    "ReportUpdateView",
    "ReportWithdrawView",
]
