"""Demo data: Islington's committee report of 10 October 2013, cleared for the HWBB.

The report of the Director of Children's Services, "Protocol between HWBB and ISCB", asks
the Health and Wellbeing Board to note and agree the protocol, which it attaches. Its
text is the paper's; its Appendix A is the demo protocol ``islington-hwbb-iscb``, printed
from the protocol itself. It was written by Lynn Mattai (the paper's report author),
cleared for finance and legal by two demo officers, whose decisions are on record (they
have no log-ins today: only an officer still to record a clearance needs one), and
received by the Head of Democratic Services. The paper gives no agenda item number and no
clearance dates; the dates recorded are illustrative, before the deadlines of that
meeting, and the history says so.

``load()`` runs after the boards and protocols demos. It writes through the ORM with
``full_clean()`` (the services would stamp today's date on a 2013 clearance) and makes
the report only when it is missing. An existing report is left as it is, except that the
protocol is attached when the protocols demo was loaded after it.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO
from zoneinfo import ZoneInfo

from django.db import models, transaction

from boards.demo import DemoResult
from boards.models import Area, Board, Meeting, Person, Post
from protocols.models import Protocol

from .models import Appendix, Clearance, CommitteeReport, Recommendation

AREA = "islington"
BOARD = "HWBB"
MEETING_ON = dt.date(2013, 10, 10)
PROTOCOL_REFERENCE = "islington-hwbb-iscb"
TITLE = "Protocol between HWBB and ISCB"
CHANGE_REASON = "Demo data (seed paper of 10 October 2013; clearance dates are illustrative)"
LONDON = ZoneInfo("Europe/London")


class DemoDataError(RuntimeError):
    """The boards demo this loader builds on is missing."""


# Before that meeting's deadlines: reports by 10:00 on Tuesday 1 October, and the agenda
# out by Wednesday 2 October (five clear working days before Thursday 10 October).
SUBMITTED_AT = dt.datetime(2013, 9, 30, 16, 0, tzinfo=LONDON)
FINANCE_CLEARED_AT = dt.datetime(2013, 10, 1, 11, 30, tzinfo=LONDON)
LEGAL_CLEARED_AT = dt.datetime(2013, 10, 1, 15, 0, tzinfo=LONDON)
CLEARED_AT = dt.datetime(2013, 10, 2, 9, 30, tzinfo=LONDON)

OFFICERS = (
    # (role, full name, job title, comment, when)
    (
        Clearance.Role.FINANCE,
        "Sasha Whitcombe (demo)",
        "Finance Business Partner, Children's Services",
        "No additional costs: the arrangements are met from existing budgets.",
        FINANCE_CLEARED_AT,
    ),
    (
        Clearance.Role.LEGAL,
        "Jordan Pike (demo)",
        "Senior Lawyer, Legal Services",
        "The legal implications are correctly stated (Health and Social Care Act 2012, s.195).",
        LEGAL_CLEARED_AT,
    ),
)

SYNOPSIS = (
    "The attached protocol is presented for approval in keeping with good practice "
    "requirements to support effective oversight of the joint working arrangements between "
    "the HWBB and the ISCB. The most recent consultation document from Ofsted relating to the "
    "inspection of services for children in need of help and protection, children looked "
    "after and care leavers (June 2013) emphasised the importance of good governance "
    "arrangements in terms of the assessment of the effectiveness of Local Safeguarding "
    "Children Boards."
)
RECOMMENDATION = "That the HWBB note and agree the attached protocol."
BACKGROUND = """It has long been established that the quality of joint working arrangements can \
have a profound effect on outcomes for children and their families both in terms of \
safeguarding and promoting welfare. Government guidance and the Ofsted inspection criteria \
reflect the significance of these arrangements at operational and strategic level. The recent \
consultation document identifies the possible grade descriptors which will be taken into \
account when assessing the effectiveness of the ISCB as follows.

The LSCB is likely to be judged to be **good** if:

> The governance arrangements enable statutory partners (including the Health and Well-Being \
Board and the Children's Trust) to assess whether they are fulfilling their statutory \
responsibilities to help (including early help), protect and care for children and young \
people. There is evidence that this leads to clear improvement priorities being identified \
that are incorporated into a delivery plan that improves outcomes.

The LSCB is likely to be **outstanding** if in addition to meeting the requirements for a good \
judgement:

> it provides evidence of being a highly influential strategic arrangement that directly \
influences and improves performance at the frontline.

The existence of a clear protocol between HWBB and ISCB represents a sound starting point \
towards achieving this aim."""
FINANCIAL = (
    "There are no additional financial implications identified at this time as the "
    "arrangements will be implemented within existing budgets."
)
LEGAL = (
    "Section 195 of the Health and Social Care Act 2012 imposes a duty on the Health and "
    "Wellbeing Board to encourage integrated working between providers of health and social "
    "care services, which includes linking effectively with the local children's safeguarding "
    "board to ensure cohesive governance and leadership in relation to children."
)
EQUALITIES = (
    "None required as impact assessment is already addressed within existing respective "
    "Boards policies."
)
ENVIRONMENTAL = "None"
CONCLUSION = """It is essential that the HWBB and ISCB can demonstrate compliance with statutory \
guidance and can evidence robust leadership, management and governance arrangements in respect \
of safeguarding children and promoting children's welfare, therefore it is recommended that \
the protocol between HWBB and ISCB is adopted and that the HWBB:

- consult ISCB on issues which affect how children are safeguarded and their welfare promoted;
- take note of recommendations and identified areas for improvement made by ISCB and report \
back to ISCB on subsequent progress;
- invite the Chair of ISCB to attend the HWBB Board meetings as needed;
- ensure that messages and information provided by ISCB are appropriately disseminated within \
HWBB member organisations;
- take an overview of the ISCB's activities as part of its monitoring arrangements, where the \
work of ISCB falls within its framework."""
BACKGROUND_PAPERS = (
    "Inspection of services for children in need of help and protection, children looked "
    "after and care leavers, Ofsted, June 2013"
)


def _save(instance: models.Model, result: DemoResult, label: str) -> models.Model:
    instance.full_clean()
    instance._change_reason = CHANGE_REASON
    instance.save()
    result.created[label] += 1
    return instance


def _officer(area: Area, spec, result: DemoResult) -> Person:
    _role, full_name, job_title, _comment, _when = spec
    person = Person.objects.filter(area=area, full_name=full_name).first()
    if person is None:
        email = f"{full_name.removesuffix(' (demo)').lower().replace(' ', '.')}@example.org"
        person = _save(
            Person(area=area, full_name=full_name, job_title=job_title, email=email),
            result,
            "people",
        )
    return person


def _protocol_version(area: Area):
    protocol = (
        Protocol.objects.filter(area=area, reference=PROTOCOL_REFERENCE)
        .select_related("current_version")
        .first()
    )
    return protocol.current_version if protocol is not None else None


def _attach(report: CommitteeReport, version, result: DemoResult) -> bool:
    if version is None or report.appendices.exists():
        return False
    _save(Appendix(report=report, order=1, protocol_version=version), result, "appendices")
    return True


def _build(area, board, meeting, officers, version, result: DemoResult) -> CommitteeReport:
    author = Person.objects.filter(area=area, full_name="Lynn Mattai").first()
    head = Post.objects.filter(area=area, kind=Post.Kind.HEAD_DEMOCRATIC_SERVICES).first()
    dcs = Post.objects.filter(area=area, kind=Post.Kind.DCS).first()
    report = CommitteeReport(
        area=area,
        board=board,
        meeting=meeting,
        wards="All wards",
        part=CommitteeReport.Part.PUBLIC,
        report_of_post=dcs,
        report_of_name="" if dcs else "Director of Children's Services",
        contact_name="Lynn Mattai",
        contact_phone="020 7527 4209",
        contact_email=author.email if author else "lynn.mattai@example.org",
        title=TITLE,
        synopsis=SYNOPSIS,
        background=BACKGROUND,
        financial_implications=FINANCIAL,
        legal_implications=LEGAL,
        equalities_implications=EQUALITIES,
        environmental_implications=ENVIRONMENTAL,
        conclusion=CONCLUSION,
        background_papers=BACKGROUND_PAPERS,
        status=CommitteeReport.Status.CLEARED,
        status_changed_at=CLEARED_AT,
        submitted_at=SUBMITTED_AT,
        submitted_by_name="Lynn Mattai",
        cleared_at=CLEARED_AT,
        cleared_by_name=str(head.holder)
        if head and head.holder_id
        else "Head of Democratic Services",
        cleared_as="Head of Democratic Services",
    )
    _save(report, result, "committee reports")
    _save(Recommendation(report=report, order=1, text=RECOMMENDATION), result, "recommendations")
    for person, (role, _name, _job, comment, when) in zip(officers, OFFICERS, strict=True):
        _save(
            Clearance(
                report=report,
                role=role,
                officer=person,
                decision=Clearance.Decision.CLEARED,
                decided_at=when,
                comment=comment,
            ),
            result,
            "clearances",
        )
    _attach(report, version, result)
    return report


@transaction.atomic
def load(stdout: TextIO | None = None) -> DemoResult:
    """Create the Islington report of 10 October 2013 if it is missing; return what was made.

    Raises:
        DemoDataError: the boards demo (Islington, its HWBB and the meeting) is not loaded.
    """
    result = DemoResult(loader="Reporting")
    area = Area.objects.filter(slug=AREA).first()
    board = Board.objects.filter(area=area, short_name=BOARD).first() if area else None
    meeting = Meeting.objects.filter(board=board, date=MEETING_ON).first() if board else None
    if meeting is None:
        raise DemoDataError(
            "The Islington HWBB meeting of 10 October 2013 is missing: load the boards demo first."
        )
    officers = [_officer(area, spec, result) for spec in OFFICERS]
    version = _protocol_version(area)
    report = (
        CommitteeReport.objects.filter(area=area, meeting=meeting, title=TITLE)
        .order_by("revision")
        .first()
    )
    if report is None:
        report = _build(area, board, meeting, officers, version, result)
        note = "created, cleared"
    else:
        result.unchanged["committee reports"] += 1
        note = "protocol attached" if _attach(report, version, result) else "left as it is"
    if stdout is not None:
        appendix = "with" if report.appendices.exists() else "without (load the protocols demo)"
        stdout.write(f"Islington: committee report “{TITLE}” {note}, {appendix} Appendix A.")
    return result
