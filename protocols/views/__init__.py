"""Browser pages for protocols: reading, writing, consulting, agreeing and concerns.

Every page starts from the permission policy (another area's protocol is a 404), sends
every change through ``protocols.services`` and shows a refusal as a GOV.UK error.
"""

from .agreement import ApprovalCreateView, SignatureCreateView
from .authoring import (
    LadderStepCreateView,
    LadderStepDeleteView,
    LadderStepUpdateView,
    ObligationCreateView,
    ObligationDeleteView,
    ObligationUpdateView,
    PartyUpdateView,
    PostResponsibilityCreateView,
    PostResponsibilityDeleteView,
    PostResponsibilityUpdateView,
    SectionCreateView,
    SectionDeleteView,
    SectionMoveView,
    SectionUpdateView,
    VersionUpdateView,
)
from .concerns import (
    ConcernCreateView,
    ConcernDetailView,
    ConcernEscalateView,
    ConcernResolveView,
    ConcernRespondView,
)
from .consultation import CommentListView, CommentResolveView
from .documents import (
    ProtocolCreateView,
    ProtocolDetailView,
    ProtocolListView,
    VersionCompareView,
    VersionDetailView,
    VersionNewView,
    VersionTransitionView,
)
from .downloads import VersionPdfDownloadView, VersionPdfView, VersionSignedPdfView

__all__ = [
    "ApprovalCreateView",
    "CommentListView",
    "CommentResolveView",
    "ConcernCreateView",
    "ConcernDetailView",
    "ConcernEscalateView",
    "ConcernResolveView",
    "ConcernRespondView",
    "LadderStepCreateView",
    "LadderStepDeleteView",
    "LadderStepUpdateView",
    "ObligationCreateView",
    "ObligationDeleteView",
    "ObligationUpdateView",
    "PartyUpdateView",
    "PostResponsibilityCreateView",
    "PostResponsibilityDeleteView",
    "PostResponsibilityUpdateView",
    "ProtocolCreateView",
    "ProtocolDetailView",
    "ProtocolListView",
    "SectionCreateView",
    "SectionDeleteView",
    "SectionMoveView",
    "SectionUpdateView",
    "SignatureCreateView",
    "VersionCompareView",
    "VersionDetailView",
    "VersionNewView",
    "VersionPdfDownloadView",
    "VersionPdfView",
    "VersionSignedPdfView",
    "VersionTransitionView",
    "VersionUpdateView",
]
