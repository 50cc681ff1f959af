"""Committee reports in the council's house format, their clearance and their revisions.

A ``CommitteeReport`` row is one revision of a report. Revisions of the same report share
a ``series``; only the newest may change, and only while it is a draft. Once the Head of
Democratic Services has cleared a revision it is frozen: a change means a new revision,
and the old one is kept, read-only, with its clearance record.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from boards.models import Area, Board, Meeting, Person, Post, TimeStampedModel
from protocols.models import ProtocolVersion

DEFAULT_WARDS = "All wards"

# Messages the model, the forms and the services share.
BOARD_OR_COMMITTEE_BOTH = "Choose a board or name a committee, not both."
BOARD_OR_COMMITTEE_NEITHER = "Choose the board the report goes to, or name the committee."
MEETING_REQUIRED = "Choose the meeting the report is for."
MEETING_OF_OTHER_BOARD = "Choose a meeting of the board the report goes to."
MEETING_NOT_FOR_COMMITTEE = (
    "Leave the meeting blank for a committee outside these records, and enter its date."
)
MEETING_DATE_REQUIRED = "Enter the date of the committee meeting."
MEETING_DATE_NOT_FOR_BOARD = "Leave the date blank: it comes from the board's meeting."
BOARD_OF_OTHER_AREA = "Choose a board that serves this area."
POST_OF_OTHER_AREA = "Choose a post in this area."
REPORT_OF_BOTH = "Choose a post or type who the report is of, not both."
EXEMPT_PARAGRAPH_REQUIRED = (
    "Choose the paragraph of Schedule 12A to the Local Government Act 1972 that makes the "
    "report exempt."
)
EXEMPT_PARAGRAPH_NOT_PUBLIC = (
    "A public (Part 1) report has no exemption paragraph: choose Part 2, or no paragraph."
)
URGENCY_REASON_REQUIRED = "Give the reasons why the report is urgent."
LATE_REASON_REQUIRED = "Give the reasons why the report is late."


class CommitteeReportQuerySet(models.QuerySet):
    def for_area(self, area: Area) -> CommitteeReportQuerySet:
        return self.filter(area=area)

    def newest(self) -> CommitteeReportQuerySet:
        """Only the newest revision of each report."""
        return self.filter(superseded_at__isnull=True)


class CommitteeReport(TimeStampedModel):
    """One revision of a report to a board or committee, in the council's house format."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_CLEARANCE = "in_clearance", "In clearance"
        CLEARED = "cleared", "Cleared"
        PUBLISHED = "published", "Published"

    class Part(models.TextChoices):
        PUBLIC = "public", "Part 1 (public)"
        EXEMPT = "exempt", "Part 2 (exempt from publication)"

    class ExemptParagraph(models.IntegerChoices):
        """The descriptions of exempt information in Part 1 of Schedule 12A to the
        Local Government Act 1972 (as amended in 2006)."""

        INDIVIDUAL = 1, "Paragraph 1: information relating to any individual"
        IDENTITY = 2, "Paragraph 2: information likely to reveal the identity of an individual"
        FINANCIAL = (
            3,
            "Paragraph 3: information relating to the financial or business affairs of any "
            "particular person (including the authority holding that information)",
        )
        LABOUR_RELATIONS = (
            4,
            "Paragraph 4: information relating to consultations or negotiations on a labour "
            "relations matter between the authority or a Minister and its employees or "
            "office-holders",
        )
        LEGAL_PRIVILEGE = (
            5,
            "Paragraph 5: information in respect of which a claim to legal professional "
            "privilege could be maintained in legal proceedings",
        )
        NOTICE_OR_ORDER = (
            6,
            "Paragraph 6: information revealing that the authority proposes to give a notice "
            "imposing requirements on a person, or to make an order or direction",
        )
        CRIME = (
            7,
            "Paragraph 7: information relating to action in connection with the prevention, "
            "investigation or prosecution of crime",
        )

    #: the statuses in which a report has been cleared by the Head of Democratic Services
    CLEARED_STATUSES = (Status.CLEARED, Status.PUBLISHED)
    #: the statuses of a revision still being written or cleared; one per report at a time
    OPEN_STATUSES = (Status.DRAFT, Status.IN_CLEARANCE)

    series = models.UUIDField(
        "report", default=uuid.uuid4, editable=False, help_text="The same report across revisions."
    )
    revision = models.PositiveIntegerField("revision", default=1)
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="started from",
    )
    superseded_at = models.DateTimeField("replaced by a newer revision", null=True, blank=True)

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="committee_reports")
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_reports",
        verbose_name="report to",
        help_text="The board the report goes to.",
    )
    committee_name = models.CharField(
        "or a committee",
        max_length=200,
        blank=True,
        help_text="Only for a committee that is not a board in these records, for example "
        "the Care Services Policy Development and Scrutiny Committee.",
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_reports",
        verbose_name="meeting",
        help_text="The board's meeting that will consider the report.",
    )
    meeting_date = models.DateField(
        "date of the committee meeting",
        null=True,
        blank=True,
        help_text="Only for a committee outside these records.",
    )
    agenda_item = models.PositiveSmallIntegerField(
        "agenda item", null=True, blank=True, help_text="The item's number on the agenda."
    )
    wards = models.CharField(
        "wards", max_length=200, default=DEFAULT_WARDS, help_text="For example, All wards."
    )
    part = models.CharField("public or exempt", max_length=10, choices=Part, default=Part.PUBLIC)
    exempt_paragraph = models.PositiveSmallIntegerField(
        "exemption paragraph",
        choices=ExemptParagraph,
        null=True,
        blank=True,
        help_text="For a Part 2 report only.",
    )
    is_urgent = models.BooleanField("the report is urgent", default=False)
    urgency_reason = models.TextField(
        "reasons for urgency",
        blank=True,
        help_text="Why the board must consider it although it misses the agenda deadline.",
    )
    is_late = models.BooleanField("the report is late", default=False)
    late_reason = models.TextField(
        "reasons the report is late",
        blank=True,
        help_text="Why it misses the report deadline.",
    )
    report_of_post = models.ForeignKey(
        Post,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_reports",
        verbose_name="report of (post)",
        help_text="The post holder whose report it is, for example the Director of Children's "
        "Services.",
    )
    report_of_name = models.CharField(
        "or report of",
        max_length=200,
        blank=True,
        help_text="A name or title, if the post is not in these records.",
    )
    contact_name = models.CharField("contact officer", max_length=200, blank=True)
    contact_phone = models.CharField("contact officer's telephone", max_length=40, blank=True)
    contact_email = models.EmailField("contact officer's email address", blank=True)
    title = models.CharField("title", max_length=300)
    synopsis = models.TextField("synopsis", blank=True, help_text="What the report is about.")
    background = models.TextField(
        "background", blank=True, help_text="Markdown: lists, emphasis and links are kept."
    )
    financial_implications = models.TextField("financial implications", blank=True)
    legal_implications = models.TextField("legal implications", blank=True)
    equalities_implications = models.TextField("equalities impact assessment", blank=True)
    environmental_implications = models.TextField("environmental implications", blank=True)
    conclusion = models.TextField(
        "conclusion and reasons for recommendations",
        blank=True,
        help_text="Markdown: lists, emphasis and links are kept.",
    )
    background_papers = models.TextField(
        "background papers", blank=True, help_text="One paper a line."
    )

    status = models.CharField(
        "status", max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    status_changed_at = models.DateTimeField("status changed", null=True, blank=True)
    submitted_at = models.DateTimeField("sent for clearance", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by_name = models.CharField("signed by (report author)", max_length=200, blank=True)
    cleared_at = models.DateTimeField("cleared", null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cleared_by_name = models.CharField("cleared by", max_length=200, blank=True)
    cleared_as = models.CharField(
        "cleared as",
        max_length=200,
        blank=True,
        help_text="Head of Democratic Services, or on the Head's behalf.",
    )
    published_at = models.DateTimeField("published", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = CommitteeReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = "committee report"
        constraints = [
            models.UniqueConstraint(
                fields=["series", "revision"], name="unique_committee_report_revision"
            ),
            models.UniqueConstraint(
                fields=["series"],
                condition=Q(status__in=["draft", "in_clearance"]),
                name="one_open_revision_per_report",
            ),
            models.UniqueConstraint(
                fields=["series"],
                condition=Q(superseded_at__isnull=True),
                name="one_newest_revision_per_report",
            ),
            models.CheckConstraint(
                condition=Q(revision__gte=1), name="committee_report_revision_positive"
            ),
            models.CheckConstraint(
                condition=(
                    Q(board__isnull=False, meeting__isnull=False, meeting_date__isnull=True)
                    & Q(committee_name="")
                )
                | (
                    Q(board__isnull=True, meeting__isnull=True, meeting_date__isnull=False)
                    & ~Q(committee_name="")
                ),
                name="report_to_board_meeting_or_committee_date",
            ),
            models.CheckConstraint(
                condition=Q(part="public", exempt_paragraph__isnull=True)
                | Q(part="exempt", exempt_paragraph__gte=1, exempt_paragraph__lte=7),
                name="exempt_report_names_its_paragraph",
            ),
            models.CheckConstraint(
                condition=Q(is_urgent=False) | ~Q(urgency_reason=""),
                name="urgent_report_gives_reasons",
            ),
            models.CheckConstraint(
                condition=Q(is_late=False) | ~Q(late_reason=""),
                name="late_report_gives_reasons",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting:report_detail", kwargs={"pk": self.pk})

    # --- what the report says about itself -------------------------------------------

    @property
    def meeting_on(self):
        """Return the date of the meeting that considers the report."""
        if self.meeting_id:
            return self.meeting.date
        return self.meeting_date

    @property
    def report_to(self) -> str:
        return self.board.name if self.board_id else self.committee_name

    @property
    def report_of(self) -> str:
        if self.report_of_post_id:
            return self.report_of_post.display_title
        return self.report_of_name

    @property
    def is_exempt(self) -> bool:
        return self.part == self.Part.EXEMPT

    @property
    def exemption(self) -> str:
        """Return the report's exemption as the papers print it."""
        if not self.is_exempt:
            return "Non-exempt"
        return (
            f"Exempt: paragraph {self.exempt_paragraph} of Part 1 of Schedule 12A to the "
            "Local Government Act 1972"
        )

    @property
    def is_newest(self) -> bool:
        return self.superseded_at is None

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT and self.is_newest

    @property
    def is_cleared(self) -> bool:
        return self.status in self.CLEARED_STATUSES

    @property
    def background_paper_list(self) -> list[str]:
        return [line.strip() for line in self.background_papers.splitlines() if line.strip()]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        has_committee = bool(self.committee_name.strip())
        if self.board_id and has_committee:
            errors["committee_name"] = BOARD_OR_COMMITTEE_BOTH
        elif not self.board_id and not has_committee:
            errors["board"] = BOARD_OR_COMMITTEE_NEITHER
        if self.board_id:
            if self.area_id and not _board_serves(self.board, self.area_id):
                errors["board"] = BOARD_OF_OTHER_AREA
            if not self.meeting_id:
                errors.setdefault("meeting", MEETING_REQUIRED)
            elif self.meeting.board_id != self.board_id:
                errors["meeting"] = MEETING_OF_OTHER_BOARD
            if self.meeting_date is not None:
                errors["meeting_date"] = MEETING_DATE_NOT_FOR_BOARD
        elif has_committee:
            if self.meeting_id:
                errors["meeting"] = MEETING_NOT_FOR_COMMITTEE
            if self.meeting_date is None:
                errors["meeting_date"] = MEETING_DATE_REQUIRED
        if self.report_of_post_id and self.report_of_name.strip():
            errors["report_of_name"] = REPORT_OF_BOTH
        if self.report_of_post_id and self.area_id and self.report_of_post.area_id != self.area_id:
            errors["report_of_post"] = POST_OF_OTHER_AREA
        if self.part == self.Part.EXEMPT and self.exempt_paragraph is None:
            errors["exempt_paragraph"] = EXEMPT_PARAGRAPH_REQUIRED
        if self.part == self.Part.PUBLIC and self.exempt_paragraph is not None:
            errors["exempt_paragraph"] = EXEMPT_PARAGRAPH_NOT_PUBLIC
        if self.is_urgent and not self.urgency_reason.strip():
            errors["urgency_reason"] = URGENCY_REASON_REQUIRED
        if self.is_late and not self.late_reason.strip():
            errors["late_reason"] = LATE_REASON_REQUIRED
        if errors:
            raise ValidationError(errors)


def _board_serves(board: Board, area_id: int) -> bool:
    if board.area_id == area_id:
        return True
    return board.additional_areas.filter(pk=area_id).exists()


class Recommendation(TimeStampedModel):
    """A numbered recommendation of a report."""

    report = models.ForeignKey(
        CommitteeReport, on_delete=models.CASCADE, related_name="recommendations"
    )
    order = models.PositiveIntegerField("number")
    text = models.TextField("recommendation")
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="unique_recommendation_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:60]}"


class ReportSection(TimeStampedModel):
    """A section of the body of a report, after the background: a heading and Markdown."""

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField("order")
    heading = models.CharField("heading", max_length=300)
    body = models.TextField(
        "text", blank=True, help_text="Markdown: lists, emphasis and links are kept."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="unique_report_section_order"),
        ]

    def __str__(self) -> str:
        return self.heading


class OtherImplication(TimeStampedModel):
    """An implication the council adds to the four every report has (risk, staffing, ...)."""

    report = models.ForeignKey(
        CommitteeReport, on_delete=models.CASCADE, related_name="other_implications"
    )
    order = models.PositiveIntegerField("order")
    heading = models.CharField(
        "heading", max_length=200, help_text="For example, Safeguarding implications."
    )
    text = models.TextField("text")
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="unique_implication_order"),
        ]

    def __str__(self) -> str:
        return self.heading


class Appendix(TimeStampedModel):
    """A protocol version attached to a report, rendered from the protocol itself."""

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="appendices")
    order = models.PositiveIntegerField("order")
    protocol_version = models.ForeignKey(
        ProtocolVersion,
        on_delete=models.PROTECT,
        related_name="committee_report_appendices",
        verbose_name="protocol version",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order"]
        verbose_name_plural = "appendices"
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="unique_appendix_order"),
            models.UniqueConstraint(
                fields=["report", "protocol_version"], name="unique_appendix_version"
            ),
        ]

    def __str__(self) -> str:
        return f"Appendix {self.letter}"

    @property
    def letter(self) -> str:
        return appendix_letter(self.order)


def appendix_letter(order: int) -> str:
    """Return the letter of the ``order``-th appendix: A, B, ... Z, AA, AB, ..."""
    letters = ""
    n = order
    while n > 0:
        n, remainder = divmod(n - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class Clearance(TimeStampedModel):
    """A named officer's clearance of a report: never assumed, always recorded."""

    class Role(models.TextChoices):
        FINANCE = "finance", "Finance"
        LEGAL = "legal", "Legal"
        EQUALITIES = "equalities", "Equalities"
        CHIEF_OFFICER = "chief_officer", "Chief officer"
        OTHER = "other", "Other"

    class Decision(models.TextChoices):
        PENDING = "pending", "Not yet recorded"
        CLEARED = "cleared", "Cleared"
        NOT_CLEARED = "not_cleared", "Not cleared: changes needed"

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="clearances")
    role = models.CharField("clears for", max_length=20, choices=Role)
    officer = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="report_clearances", verbose_name="officer"
    )
    decision = models.CharField(
        "decision", max_length=20, choices=Decision, default=Decision.PENDING
    )
    decided_at = models.DateTimeField("recorded", null=True, blank=True)
    comment = models.TextField("comment", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "role", "officer"], name="unique_clearance_per_role"
            ),
            models.CheckConstraint(
                condition=Q(decision="pending", decided_at__isnull=True)
                | (~Q(decision="pending") & Q(decided_at__isnull=False)),
                name="clearance_decision_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(decision="not_cleared") | ~Q(comment=""),
                name="refused_clearance_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} clearance by {self.officer}"


def private_storage():
    """Storage for files only the application hands out, after checking who asks.

    Outside ``MEDIA_ROOT``, so no web server configuration can serve them directly.
    """
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


class EvidencePack(TimeStampedModel):
    """An inspection evidence pack: a ZIP of one protocol's evidence, or all of an area's.

    Built in the background; the row records who asked, how far the build has gone, and
    the finished file with its SHA-256. The download stops working at ``expires_at``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="evidence_packs",
        verbose_name="requested by",
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="evidence_packs")
    protocol = models.ForeignKey(
        "protocols.Protocol",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_packs",
        help_text="Empty for a pack of every protocol of the area.",
    )
    status = models.CharField("status", max_length=20, choices=Status, default=Status.PENDING)
    progress = models.CharField("progress", max_length=300, blank=True)
    file = models.FileField(
        "ZIP file", storage=private_storage, upload_to="evidence-packs/", blank=True
    )
    sha256 = models.CharField("SHA-256 of the file", max_length=64, blank=True)
    size = models.PositiveIntegerField("size in bytes", null=True, blank=True)
    finished_at = models.DateTimeField("finished", null=True, blank=True)
    expires_at = models.DateTimeField("link expires", null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready")
                | (~Q(file="") & ~Q(sha256="") & Q(expires_at__isnull=False)),
                name="ready_evidence_pack_has_file",
            ),
        ]

    def __str__(self) -> str:
        subject = self.protocol.reference if self.protocol_id else f"all of {self.area.name}"
        return f"Evidence pack: {subject}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:pack_detail", kwargs={"pk": self.pk})
