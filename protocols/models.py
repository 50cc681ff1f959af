"""Protocols between boards: versions, their content, approvals, signatures and concerns.

A ``Protocol`` is the lasting identity of an agreement; each ``ProtocolVersion`` holds a
complete text (parties, sections, obligations, post-holder responsibilities, ladder) and
walks the lifecycle. Approved and signed versions are frozen: a change makes a new draft
version, and the old approvals and signatures stay with the old one.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from boards.models import Area, Board, Meeting, Person, Post, TimeStampedModel


class ProtocolQuerySet(models.QuerySet):
    def for_area(self, area: Area) -> ProtocolQuerySet:
        return self.filter(area=area)

    def in_force(self) -> ProtocolQuerySet:
        return self.filter(
            current_version__status__in=[
                ProtocolVersion.Status.IN_FORCE,
                ProtocolVersion.Status.UNDER_REVIEW,
            ]
        )


class Protocol(TimeStampedModel):
    """A working agreement between two or more boards, across all its versions."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="protocols")
    reference = models.SlugField(
        "reference",
        max_length=80,
        help_text="A short reference used in links, for example bromley-hwb-bscb.",
    )
    current_version = models.ForeignKey(
        "ProtocolVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The newest version (the one being worked on or in force).",
    )
    review_rule = models.JSONField(
        "review rule",
        default=dict,
        blank=True,
        help_text="When the protocol itself is reviewed: a timing rule (see protocols.timing).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["area", "reference"], name="unique_protocol_reference"),
        ]

    def __str__(self) -> str:
        return self.current_version.title if self.current_version_id else self.reference

    def get_absolute_url(self) -> str:
        return reverse("protocols:protocol_detail", kwargs={"pk": self.pk})


class ProtocolVersion(TimeStampedModel):
    """One numbered text of a protocol and where it stands in the lifecycle."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONSULTATION = "consultation", "In consultation"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        APPROVED = "approved", "Approved"
        SIGNED = "signed", "Signed"
        IN_FORCE = "in_force", "In force"
        UNDER_REVIEW = "under_review", "Under review"
        SUPERSEDED = "superseded", "Superseded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    #: a version being written or agreed; only one per protocol at a time
    OPEN_STATUSES = (Status.DRAFT, Status.CONSULTATION, Status.AWAITING_APPROVAL)
    #: content may be edited only in these
    EDITABLE_STATUSES = (Status.DRAFT, Status.CONSULTATION)
    #: the version that governs; only one per protocol at a time
    OPERATIVE_STATUSES = (Status.IN_FORCE, Status.UNDER_REVIEW)

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    title = models.CharField("title", max_length=300)
    purpose = models.TextField("purpose", blank=True)
    status = models.CharField(
        "status", max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    status_changed_at = models.DateTimeField("status changed", null=True, blank=True)
    in_force_from = models.DateField("in force from", null=True, blank=True)
    review_opened_on = models.DateField("review opened", null=True, blank=True)
    ended_on = models.DateField("superseded or withdrawn on", null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The version this one was started from.",
    )
    change_summary = models.TextField("what changed", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["protocol", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["protocol", "number"], name="unique_version_number"),
            models.UniqueConstraint(
                fields=["protocol"],
                condition=Q(status__in=["draft", "consultation", "awaiting_approval"]),
                name="one_open_version_per_protocol",
            ),
            models.UniqueConstraint(
                fields=["protocol"],
                condition=Q(status__in=["in_force", "under_review"]),
                name="one_operative_version_per_protocol",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "protocols:version_detail",
            kwargs={"pk": self.protocol_id, "number": self.number},
        )

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_frozen(self) -> bool:
        return not self.is_editable


class Party(TimeStampedModel):
    """A board that is party to a version, its lead officer and who signs for it."""

    class SignatoryKind(models.TextChoices):
        CHAIRS = "chairs", "The board's chair (or all its co-chairs)"
        POST = "post", "A named post holder"

    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="parties")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="protocol_parties")
    order = models.PositiveIntegerField("order", default=0)
    lead_officer = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_officer_for",
        verbose_name="lead officer",
    )
    signatory_kind = models.CharField(
        "who signs", max_length=10, choices=SignatoryKind, default=SignatoryKind.CHAIRS
    )
    signatory_post = models.ForeignKey(
        Post,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signs_for",
        verbose_name="signing post holder",
        help_text="For example, the Director of Public Health signing for the board.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(fields=["version", "board"], name="unique_party_per_version"),
            models.CheckConstraint(
                condition=~Q(signatory_kind="post") | Q(signatory_post__isnull=False),
                name="post_signatory_named",
            ),
        ]

    def __str__(self) -> str:
        return str(self.board)


class Section(TimeStampedModel):
    """A numbered section of a version: heading and safe rich text, or a structured list."""

    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        POST_HOLDERS = "post_holders", "Roles of post and position holders"
        LADDER = "ladder", "Resolution process"

    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.UUIDField(
        "stable key", default=uuid.uuid4, help_text="The same section across versions."
    )
    order = models.PositiveIntegerField("order")
    heading = models.CharField("heading", max_length=300)
    body = models.TextField(
        "text", blank=True, help_text="Markdown. Headings, lists, emphasis and links are kept."
    )
    kind = models.CharField("kind", max_length=20, choices=Kind, default=Kind.TEXT)
    revision = models.PositiveIntegerField(
        "revision", default=1, help_text="Counts saves, so a stale edit can be refused."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="unique_section_order"),
            models.UniqueConstraint(fields=["version", "key"], name="unique_section_key"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.heading}"

    @property
    def number(self) -> int:
        return self.order


class Obligation(TimeStampedModel):
    """Who owes what to whom and when, tied to the section it comes from."""

    class What(models.TextChoices):
        PRESENT_REPORT = "present_report", "Present a report"
        SHARE_DOCUMENT = "share_document", "Share a document"
        CONSULT = "consult", "Consult"
        ATTEND = "attend", "Attend"
        MEET = "meet", "Meet"
        RESPOND = "respond", "Respond formally"
        PROVIDE_SUMMARY = "provide_summary", "Provide a summary"
        REVIEW = "review", "Review"
        OTHER = "other", "Other"

    version = models.ForeignKey(
        ProtocolVersion, on_delete=models.CASCADE, related_name="obligations"
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="obligations", null=True, blank=True
    )
    key = models.UUIDField("stable key", default=uuid.uuid4)
    order = models.PositiveIntegerField("order", default=0)
    owing_board = models.ForeignKey(
        Board, on_delete=models.PROTECT, null=True, blank=True, related_name="obligations_owed"
    )
    owing_post = models.ForeignKey(
        Post, on_delete=models.PROTECT, null=True, blank=True, related_name="obligations_owed"
    )
    owing_label = models.CharField(
        "owed by (as written)",
        max_length=200,
        blank=True,
        help_text="A post holder as the protocol words it, e.g. Independent Chair of the BSCB.",
    )
    receiving_board = models.ForeignKey(
        Board, on_delete=models.PROTECT, null=True, blank=True, related_name="obligations_due"
    )
    receiving_post = models.ForeignKey(
        Post, on_delete=models.PROTECT, null=True, blank=True, related_name="obligations_due"
    )
    what = models.CharField("what", max_length=20, choices=What)
    description = models.TextField("description")
    timing = models.JSONField("when", default=dict)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_obligation_key"),
            models.CheckConstraint(
                condition=Q(owing_board__isnull=False) | Q(owing_post__isnull=False),
                name="obligation_has_owing_party",
            ),
            models.CheckConstraint(
                condition=Q(receiving_board__isnull=False) | Q(receiving_post__isnull=False),
                name="obligation_has_receiving_party",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def owing_display(self) -> str:
        if self.owing_label:
            return self.owing_label
        return str(self.owing_post or (self.owing_board and self.owing_board.short_name))

    @property
    def receiving_display(self) -> str:
        if self.receiving_board_id:
            return self.receiving_board.short_name
        return str(self.receiving_post)


class PostResponsibility(TimeStampedModel):
    """A post holder's responsibilities under the protocol (a post-holders section's rows)."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="post_responsibilities"
    )
    order = models.PositiveIntegerField("order", default=0)
    post = models.ForeignKey(
        Post, on_delete=models.PROTECT, null=True, blank=True, related_name="responsibilities"
    )
    post_title = models.CharField(
        "post (as written)", max_length=200, help_text="For example, Independent Chair of the BSCB."
    )
    responsibilities = models.TextField("responsibilities", help_text="One responsibility a line.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "order", "pk"]
        verbose_name_plural = "post responsibilities"

    def __str__(self) -> str:
        return self.post_title

    @property
    def responsibility_list(self) -> list[str]:
        return [line.strip() for line in self.responsibilities.splitlines() if line.strip()]


class LadderStep(TimeStampedModel):
    """A step of the version's resolution ladder, in order."""

    version = models.ForeignKey(
        ProtocolVersion, on_delete=models.CASCADE, related_name="ladder_steps"
    )
    order = models.PositiveIntegerField("step")
    title = models.CharField("step", max_length=200)
    description = models.TextField("what happens", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="unique_ladder_step"),
        ]

    def __str__(self) -> str:
        return f"Step {self.order}: {self.title}"


class Comment(TimeStampedModel):
    """A consultation comment on a section, threaded, until someone resolves it."""

    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("comment")
    resolved_at = models.DateTimeField("resolved", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class Approval(TimeStampedModel):
    """A party board's decision to approve a version: when, at which meeting, minuted where."""

    version = models.ForeignKey(ProtocolVersion, on_delete=models.PROTECT, related_name="approvals")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="protocol_approvals")
    decided_on = models.DateField("date of decision")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="approvals"
    )
    minute_reference = models.CharField("minute reference", max_length=100, blank=True)
    decided_by = models.CharField(
        "decided by", max_length=200, help_text="For example, the Board, or the Chair's action."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "decided_on"]
        constraints = [
            models.UniqueConstraint(fields=["version", "board"], name="one_approval_per_board"),
        ]

    def __str__(self) -> str:
        return f"{self.board.short_name} approved on {self.decided_on:%-d %B %Y}"


class Signature(TimeStampedModel):
    """A signatory's signature of the exact content of a version, in one capacity."""

    class Method(models.TextChoices):
        PASSWORD = "password", "Password re-entered"
        ONE_TIME_CODE = "one_time_code", "One-time code"
        DEMO = "demo", "Demonstration data"

    version = models.ForeignKey(
        ProtocolVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="protocol_signatures",
        help_text="Signing for.",
    )
    signer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="signatures")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    capacity = models.CharField(
        "capacity", max_length=200, help_text="For example, Independent Chair, BSCB."
    )
    post = models.ForeignKey(
        Post, on_delete=models.PROTECT, null=True, blank=True, related_name="signatures"
    )
    signed_at = models.DateTimeField("signed at")
    ip_address = models.GenericIPAddressField("from address", null=True, blank=True)
    user_agent = models.CharField("browser", max_length=300, blank=True)
    method = models.CharField("verified by", max_length=20, choices=Method)
    content_hash = models.CharField(
        "content hash (SHA-256)", max_length=64, help_text="Of the canonical content signed."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "board", "signer"], name="one_signature_per_capacity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer} ({self.capacity}) on {self.signed_at:%-d %B %Y}"


class Concern(TimeStampedModel):
    """A concern raised under a protocol, moving up its resolution ladder."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        ESCALATED = "escalated", "Escalated beyond the ladder"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SUGGESTED = "suggested", "Suggested"

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="concerns")
    version = models.ForeignKey(ProtocolVersion, on_delete=models.PROTECT, related_name="concerns")
    raised_by_board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    raised_with_board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a suggestion nobody has raised yet.",
    )
    on_behalf_of = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The chair, when a business manager raises it for them.",
    )
    subject = models.CharField("subject", max_length=300)
    description = models.TextField("the concern")
    status = models.CharField("status", max_length=20, choices=Status, default=Status.OPEN)
    raised_on = models.DateField("raised on")
    closed_on = models.DateField("closed on", null=True, blank=True)
    outcome = models.TextField("outcome", blank=True)
    suggested_for = models.CharField(
        "suggested for",
        max_length=100,
        blank=True,
        help_text="What a suggested concern is about (an overdue obligation): one per thing.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggested_for"],
                condition=~Q(suggested_for=""),
                name="one_concern_per_suggestion",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("protocols:concern_detail", kwargs={"pk": self.pk})


class ConcernStep(TimeStampedModel):
    """One rung of the ladder taken for a concern: the request and the response."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="steps")
    ladder_step = models.ForeignKey(LadderStep, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("started on")
    request = models.TextField("request")
    response = models.TextField("response", blank=True)
    responded_on = models.DateField("responded on", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["concern", "ladder_step__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["concern", "ladder_step"], name="one_entry_per_ladder_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.concern}: {self.ladder_step}"


class SignedDocument(TimeStampedModel):
    """The sealed PDF of a fully signed version: made once, stored, served ever after.

    Each signatory's signature is a PAdES signature in the file, made with the
    installation's certificate; the certificate is kept here so that the file stays
    verifiable after the installation's certificate is renewed.
    """

    class Level(models.TextChoices):
        B_B = "B-B", "PAdES B-B (no timestamp)"
        B_T = "B-T", "PAdES B-T (timestamped)"

    version = models.OneToOneField(
        ProtocolVersion, on_delete=models.PROTECT, related_name="signed_document"
    )
    file = models.FileField("signed PDF", upload_to="protocols/signed/", max_length=300)
    sha256 = models.CharField("SHA-256 of the file", max_length=64, unique=True)
    size = models.PositiveIntegerField("size in bytes")
    content_hash = models.CharField(
        "content hash (SHA-256)",
        max_length=64,
        help_text="Of the canonical content the signatories signed.",
    )
    signature_count = models.PositiveSmallIntegerField("digital signatures")
    level = models.CharField("signature level", max_length=3, choices=Level)
    certificate = models.TextField("signing certificate (PEM)")
    certificate_sha256 = models.CharField(
        "certificate fingerprint (SHA-256)", max_length=64, db_index=True
    )

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="signed_document_not_empty"),
            models.CheckConstraint(
                condition=Q(signature_count__gt=0), name="signed_document_has_signatures"
            ),
        ]

    def __str__(self) -> str:
        return f"Signed PDF of {self.version}"


class ProtocolImport(TimeStampedModel):
    """An uploaded protocol being read, its proposal, and the draft made from it.

    The uploaded file is kept as the draft's source. It is stored under MEDIA_ROOT, which
    no URL serves: it is downloaded only through a page that checks who may see it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be read"
        PARSING = "parsing", "Being read"
        READY = "ready", "Ready to review"
        FAILED = "failed", "Could not be read"
        CREATED = "created", "Draft created"

    class Kind(models.TextChoices):
        DOCX = "docx", "Word document"
        PDF = "pdf", "PDF"
        TEXT = "text", "Text"

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="protocol_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="uploaded by",
    )
    filename = models.CharField(
        "file name", max_length=255, help_text="As uploaded; pasted text is pasted.txt."
    )
    file = models.FileField("uploaded file", upload_to="protocols/imports/%Y/%m/", max_length=300)
    sha256 = models.CharField("SHA-256 of the file", max_length=64)
    size = models.PositiveIntegerField("size in bytes")
    kind = models.CharField("kind of file", max_length=4, choices=Kind)
    status = models.CharField(
        "status", max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    error = models.TextField("why it could not be read", blank=True)
    proposal = models.JSONField(
        "proposal", null=True, blank=True, help_text="What the importer found, to review."
    )
    version = models.OneToOneField(
        ProtocolVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protocol_import",
        verbose_name="draft created",
    )
    # The proposal is large and rewritten only by the importer; the history keeps the rest.
    history = HistoricalRecords(excluded_fields=["proposal"])

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="protocol_import_not_empty"),
            models.CheckConstraint(
                condition=Q(status="created", version__isnull=False)
                | (~Q(status="created") & Q(version__isnull=True)),
                name="protocol_import_created_has_version",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | Q(proposal__isnull=False),
                name="protocol_import_ready_has_proposal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("protocols:protocolimport_detail", kwargs={"pk": self.pk})

    @property
    def is_waiting(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.PARSING)
